"""A ready-made market and user for demos and tests: a few HOSE stocks, one PIN consumer
with one stock account holding cash and shares. Keys are the caller's (tests reuse one)."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import rsa

from .state import PIN, SimState

INSTRUMENTS = {"SSI": 21_000, "FPT": 120_000, "VCB": 90_000, "HPG": 26_500, "VNM": 65_000}


@dataclass(frozen=True)
class DemoUser:
    consumer_id: str
    consumer_secret: str
    pin: str
    account: str


def seed_demo(state: SimState, public_key: rsa.RSAPublicKey, *,
              consumer_id: str = "968d7b5940f5437583021aea2b038f35",
              consumer_secret: str = "11ab3fc6af954c59ba646fac016f30cb",
              pin: str = "123456", account: str = "0901351", cash: int = 1_000_000_000,
              two_factor_type: int = PIN) -> DemoUser:
    """Register the demo instruments, consumer and account (1 bn VND, 1,000 SSI, 200 FPT)."""
    for symbol, ref in INSTRUMENTS.items():
        if symbol not in state.instruments:
            state.add_instrument(symbol, ref)
    state.add_consumer(consumer_id, consumer_secret, public_key, pin=pin,
                       two_factor_type=two_factor_type)
    state.add_account(consumer_id, account, cash=cash, positions={"SSI": 1_000, "FPT": 200})
    return DemoUser(consumer_id, consumer_secret, pin, account)
