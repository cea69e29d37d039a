"""Helpers shared by the SSI tests (kept out of conftest so test modules can import them)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the simulators/ package lives at the repo root, not in src/
    sys.path.insert(0, str(REPO))

from tradingtools_desktop.brokers.ssi import FastConnectClient, NewOrderRequest  # noqa: E402

DEVICE = "8C-EC-4B-D3-0B-96"
# the simulator's demo user (simulators/ssi_fastconnect seed_demo; the ``demo`` fixture)
DEMO_CONSUMER_ID = "968d7b5940f5437583021aea2b038f35"
DEMO_CONSUMER_SECRET = "11ab3fc6af954c59ba646fac016f30cb"
DEMO_PIN = "123456"
DEMO_ACCOUNT = "0901351"
ClientFactory = Callable[..., FastConnectClient]  # the make_client fixture


def demo_buy(rid: str, quantity: int = 100) -> NewOrderRequest:
    """The demo account's plain order: buy ``quantity`` SSI at 21,000 VND (LO)."""
    return NewOrderRequest(DEMO_ACCOUNT, rid, "SSI", "B", "LO", 21000, quantity)


def run[T](coro: Coroutine[Any, Any, T]) -> T:
    """pytest-asyncio is not installed: each async test body runs in its own loop."""
    return asyncio.run(coro)


class FakeClock:
    """Wall-clock seconds that only move when a test says so."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@dataclass
class Sleeps:
    """Records backoff delays instead of sleeping (tests assert behaviour, not time)."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
