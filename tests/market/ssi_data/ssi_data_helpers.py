"""Helpers for the FastConnect Data tests: a recording sink, waiting on a condition (never
on a guessed duration), a fixed clock and recorded backoff sleeps."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tradingtools_desktop.domain.market.quotes import FeedState
from tradingtools_desktop.market.ssi_data.wire import VN_TZ

IN_SESSION = datetime(2026, 4, 14, 13, 33, tzinfo=VN_TZ)  # a Tuesday afternoon, HOSE LO
AT_NIGHT = datetime(2026, 4, 14, 21, 0, tzinfo=VN_TZ)


class Sink:
    """A QuoteSink (and BarSink) that records everything it is handed."""

    def __init__(self) -> None:
        self.quotes: list[Any] = []
        self.trades: list[Any] = []
        self.indices: list[Any] = []
        self.statuses: list[Any] = []
        self.bars: list[Any] = []
        self.states: list[tuple[FeedState, str]] = []

    def on_quote(self, quote: Any) -> None:
        self.quotes.append(quote)

    def on_trade(self, trade: Any) -> None:
        self.trades.append(trade)

    def on_index(self, index: Any) -> None:
        self.indices.append(index)

    def on_status(self, status: Any) -> None:
        self.statuses.append(status)

    def on_bar(self, bar: Any) -> None:
        self.bars.append(bar)

    def on_state(self, feed: str, state: FeedState, detail: str) -> None:
        self.states.append((state, detail))

    def last_state(self) -> FeedState | None:
        return self.states[-1][0] if self.states else None


async def until(cond: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait until ``cond()`` holds (checked every 10 ms); fail with ``what`` after a
    generous timeout. Tests assert what happens, never how fast."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        await asyncio.sleep(0.01)


class FakeClock:
    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now


@dataclass
class Sleeps:
    delays: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
