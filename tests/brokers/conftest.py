"""Fixtures for broker tests: RSA keys (made once per session), the SSI simulator on
127.0.0.1 (fresh state per test) and a client factory pointed at it. No test patches the
client: everything goes over real HTTP to the simulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from ssi_helpers import (
    DEMO_ACCOUNT,
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    DEMO_PIN,
    DEVICE,
    REPO,
    ClientFactory,
    Sleeps,
)

assert REPO  # importing ssi_helpers put the repo root (home of simulators/) on sys.path

from simulators.ssi_fastconnect import OTP, DemoUser, SsiSimulator, seed_demo  # noqa: E402

from tradingtools_desktop.brokers.ssi import (  # noqa: E402
    CircuitBreaker,
    FastConnectClient,
    SsiConfig,
    SsiCredentials,
    TwoFactorType,
)
from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml  # noqa: E402


@pytest.fixture(scope="session")
def user_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def sim(user_key: rsa.RSAPrivateKey) -> Iterator[SsiSimulator]:
    simulator = SsiSimulator()
    seed_demo(simulator.state, user_key.public_key())
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def demo() -> DemoUser:
    return DemoUser(DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET, DEMO_PIN, DEMO_ACCOUNT)


@pytest.fixture
def otp_sim(sim: SsiSimulator) -> SsiSimulator:
    """The simulator with the demo user on OTP two-factor (GetOTP sends a fresh code)."""
    sim.state.consumers[DEMO_CONSUMER_ID].two_factor_type = OTP
    return sim


@pytest.fixture
def make_client(sim: SsiSimulator, demo: DemoUser,
                user_key: rsa.RSAPrivateKey) -> ClientFactory:
    """``make_client(**overrides)``: config fields, plus ``key``, ``pin``, ``secret``,
    ``two_factor``, ``breaker``, ``clock``, ``sleep``. Build it inside the test's loop."""

    def factory(*, key: rsa.RSAPrivateKey | None = None, pin: str | None = "123456",
                secret: str | None = None, two_factor: TwoFactorType = TwoFactorType.PIN,
                breaker: CircuitBreaker | None = None, clock: Callable[[], float] | None = None,
                sleep: Sleeps | None = None, **config: Any) -> FastConnectClient:
        cfg = SsiConfig(**{"base_url": sim.url, "account": demo.account, "device_id": DEVICE,
                           "timeout": 2.0, "backoff_base": 0.01, **config})
        creds = SsiCredentials(demo.consumer_id, secret or demo.consumer_secret,
                               private_key_to_ssi_xml(key or user_key), two_factor, pin)
        extra: dict[str, Any] = {"sleep": sleep or Sleeps()}
        if breaker is not None:
            extra["breaker"] = breaker
        if clock is not None:
            extra["clock"] = clock
        return FastConnectClient(cfg, creds, **extra)

    return factory


@pytest.fixture
def make_otp_client(make_client: ClientFactory) -> ClientFactory:
    """``make_client`` for an OTP user (no stored PIN); same overrides."""

    def factory(**kw: Any) -> FastConnectClient:
        return make_client(two_factor=TwoFactorType.OTP, pin=None, **kw)

    return factory
