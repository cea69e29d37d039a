"""Intraday bars (1, 5, ... minutes) built from printed trades.

A bar covers ``[start, start + minutes)`` in Vietnam time, aligned to the clock (09:15 for a
5-minute bar holding a 09:17 print); open is its first print, close its last, volume the sum.
Trades are taken in the order given (the feed's order), so a late print with an older time
still lands in its own minute. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from .calendar import to_vn_time
from .quotes import Bar, Trade


def bucket_start(at: datetime, minutes: int) -> datetime:
    """The start of the ``minutes`` bar that holds ``at`` (Vietnam time, aware)."""
    vn = to_vn_time(at).replace(second=0, microsecond=0)
    return vn - timedelta(minutes=(vn.hour * 60 + vn.minute) % minutes)


def bars_from_trades(trades: Iterable[Trade], minutes: int = 1) -> list[Bar]:
    """One bar per ``minutes`` that had at least one print, oldest first."""
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    bars: dict[datetime, Bar] = {}
    for t in trades:
        start = bucket_start(t.at, minutes)
        bar = bars.get(start)
        if bar is None:
            bars[start] = Bar(t.symbol.upper(), start, t.price, t.price, t.price, t.price,
                              t.volume, t.source)
        else:
            bars[start] = Bar(bar.symbol, start, bar.open, max(bar.high, t.price),
                              min(bar.low, t.price), t.price, bar.volume + t.volume,
                              bar.source)
    return [bars[k] for k in sorted(bars)]
