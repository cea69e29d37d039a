"""The contract between a live price feed and the quote service.

A feed (SSI FastConnect Data streaming with its REST fallback, vnstock's price board, a
replayed session) turns what its source sends into domain values and hands them to a
:class:`QuoteSink` — the quote service — on the asyncio loop, in the order received. The
feed never raises into the sink and never blocks the loop; its own trouble (a dropped
socket, a silent stream, a refused token) becomes :meth:`QuoteSink.on_state` calls, so the
user sees it as a feed state (live / connecting / polling / old / replay), not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..domain.market.quotes import (
    Bar,
    FeedState,
    IndexQuote,
    Quote,
    SecurityStatusUpdate,
    Trade,
)


class QuoteSink(Protocol):
    def on_quote(self, quote: Quote) -> None:
        """A full or partial quote (unknown fields None); the sink merges it."""

    def on_trade(self, trade: Trade) -> None:
        """A printed trade."""

    def on_index(self, index: IndexQuote) -> None: ...

    def on_status(self, status: SecurityStatusUpdate) -> None: ...

    def on_state(self, feed: str, state: FeedState, detail: str) -> None:
        """The feed's state changed; ``detail`` is a short plain reason (no secret)."""


class BarSink(Protocol):
    """Optional, beside :class:`QuoteSink`: a sink that also has ``on_bar`` gets the live
    one-minute bars a feed streams (FastConnect ``B:``); feeds check for the method and
    never call it on a sink without one."""

    def on_bar(self, bar: Bar) -> None: ...


class QuoteFeed(Protocol):
    name: str

    @property
    def state(self) -> FeedState: ...

    async def start(self, sink: QuoteSink) -> None:
        """Begin delivering to ``sink``; returns at once (connecting happens in the
        background and shows as CONNECTING)."""

    async def subscribe(self, symbols: Sequence[str]) -> None:
        """The whole set of symbols wanted now (replaces the previous set); an empty
        sequence = nothing. Indices are asked for by their ids (VNINDEX, VN30, ...)."""

    async def stop(self) -> None:
        """Close every connection; no sink call after it returns."""
