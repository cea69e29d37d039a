"""A profile trading LIVE against the SSI simulator, for the OMS / DLQ tests.

The simulator, the FastConnect client and the app share one manual clock (a Wednesday in
the continuous session), so "today" agrees everywhere. Everything goes over real HTTP on
127.0.0.1; nothing in the adapter is patched.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from simulators.ssi_fastconnect import SsiSimulator, seed_demo
from simulators.ssi_fastconnect.state import SimState

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.domain.dlq import DlqState
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import Clock, ManualClock
from tradingtools_desktop.services.events import Alert
from tradingtools_desktop.services.live_broker import LiveBrokerLink
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # HOSE continuous session
FPT_REF = 99_600  # the bundled data's last FPT close: the reference our risk engine uses
SSI_REF = 35_050  # likewise for SSI


@dataclass
class LiveEnv:
    svc: AppServices
    sim: SsiSimulator
    clock: ManualClock
    link: LiveBrokerLink
    alerts: list[Alert] = field(default_factory=list)

    def ticket(self, key: str, **kw: object) -> OrderRequest:
        base: dict[str, object] = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY,
                                       order_type=OrderType.LO, quantity=100, price=FPT_REF,
                                       idempotency_key=key)
        base.update(kw)
        return OrderRequest(**base)  # type: ignore[arg-type]

    def sim_orders(self, request_id: str) -> int:
        return sum(1 for o in self.sim.state.orders if int(o.unique_id) == int(request_id))

    async def request_id(self, order_id: str) -> str:
        stored = await self.svc.orders.repo.get(order_id)  # as written, not as cached
        assert stored is not None and stored.request_id is not None
        return stored.request_id

    async def settle_dlq(self, rounds: int = 50) -> None:
        """Run the retry worker, moving the clock past each backoff, until nothing retries."""
        assert self.svc.dlq is not None
        for _ in range(rounds):
            if not await self.svc.dlq.entries(states=[DlqState.RETRYING]):
                return
            self.clock.advance(seconds=61)
            await self.svc.dlq.run_due()


def make_sim(clock: Clock, key: rsa.RSAPrivateKey, *, cash: int = 1_000_000_000,
             fault_seed: int = 0) -> SsiSimulator:
    # SSI's retail schedule: 0.15 % fee, 0.1 % sell tax (our FeeSchedule's defaults)
    state = SimState(clock=lambda: clock.now().timestamp(), fee_bps=15, sell_tax_bps=10)
    state.add_instrument("FPT", FPT_REF)
    state.add_instrument("SSI", SSI_REF)  # the demo account holds SSI: same reference as ours
    sim = SsiSimulator(state, fault_seed=fault_seed)
    seed_demo(sim.state, key.public_key(), cash=cash)
    return sim.start()


@asynccontextmanager
async def live_env(home: Path, key: rsa.RSAPrivateKey, *, timeout_s: float = 2.0,
                   sim: SsiSimulator | None = None,
                   clock: Clock | None = None) -> AsyncIterator[LiveEnv]:
    """The profile's own live link, configured as a user's shell would: the SSI keys and
    the simulator's address in ``TRADINGTOOLS_SSI_*`` (restored afterwards)."""
    clock = clock or ManualClock(WED_10AM)
    own_sim = sim is None
    sim = sim or make_sim(clock, key)
    env_vars = {"TRADINGTOOLS_SSI_URL": sim.url,
                "TRADINGTOOLS_SSI_CONSUMER_ID": "968d7b5940f5437583021aea2b038f35",
                "TRADINGTOOLS_SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
                "TRADINGTOOLS_SSI_PRIVATE_KEY": private_key_to_ssi_xml(key),
                "TRADINGTOOLS_SSI_ACCOUNT": "0901351", "TRADINGTOOLS_SSI_TWO_FACTOR": "PIN",
                "TRADINGTOOLS_SSI_PIN": "123456"}
    saved = {k: os.environ.get(k) for k in env_vars}
    os.environ.update(env_vars)
    svc = await AppServices.open(profile_paths("live", home), clock=clock)
    try:
        link = svc.live
        assert link is not None
        link.timeout_s = timeout_s
        await link.connect()
        await svc.trading.set_mode(TradingMode.LIVE, reason="test: armed")
        svc.guardrails.gate.arm()  # as the Go live dialog does, without its checks
        env = LiveEnv(svc, sim, clock, link)
        svc.bus.subscribe(Alert, env.alerts.append)
        yield env
    finally:
        await svc.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if own_sim:
            sim.stop()
