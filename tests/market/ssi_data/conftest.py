"""The FastConnect Data simulator on 127.0.0.1 (fresh per test) and clients pointed at it.
Nothing is patched: every call goes over real HTTP / WebSocket sockets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from simulators.ssi_fastconnect_data import (
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    FIXTURE_RECORDING,
    SsiDataSimulator,
    read_recording,
)
from ssi_data_helpers import Sleeps

from tradingtools_desktop.market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials

ClientFactory = Callable[..., SsiDataClient]


@pytest.fixture(scope="session")
def recording() -> list[Any]:
    return read_recording(FIXTURE_RECORDING)


@pytest.fixture
def sim(recording: list[Any]) -> Iterator[SsiDataSimulator]:
    simulator = SsiDataSimulator(recording=recording, keepalive_interval=0.1,
                                 keep_alive_timeout=5.0)
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def make_client(sim: SsiDataSimulator) -> ClientFactory:
    """``make_client(**config)``, plus ``secret=``, ``clock=``, ``sleep=``; build it inside
    the test's event loop."""

    def factory(*, secret: str | None = None, clock: Any = None, sleep: Any = None,
                **config: Any) -> SsiDataClient:
        cfg = SsiDataConfig(**{"base_url": sim.url, "timeout": 5.0, "backoff_base": 0.01,
                               "requests_per_second": 1000.0, **config})
        extra: dict[str, Any] = {"sleep": sleep or Sleeps()}
        if clock is not None:
            extra["clock"] = clock
        return SsiDataClient(cfg, SsiDataCredentials(DEMO_CONSUMER_ID,
                                                     secret or DEMO_CONSUMER_SECRET), **extra)

    return factory
