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

from tradingtools_desktop.brokers.ssi import FastConnectClient  # noqa: E402

DEVICE = "8C-EC-4B-D3-0B-96"
ClientFactory = Callable[..., FastConnectClient]  # the make_client fixture


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
