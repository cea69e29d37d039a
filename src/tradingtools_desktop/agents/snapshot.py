"""The data an analysis run sees, frozen: bars as 2-D arrays, fundamentals, headlines.

Built from the DuckDB cache in one pass (numpy only, no pandas). ``data_hash`` fingerprints
everything the agents read, so a replay can prove it saw the same inputs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Fundamentals:
    symbol: str
    values: dict[str, float]  # field -> value
    as_of: dict[str, str]  # field -> "period (source, public day)"
    known_on: dict[str, date] = field(default_factory=dict)  # field -> publication day
    period: dict[str, str] = field(default_factory=dict)  # field -> period it describes


@dataclass(frozen=True)
class Headline:
    id: str
    title: str
    summary: str
    published_at: datetime | None


@dataclass
class Snapshot:
    symbols: list[str]
    exchange: dict[str, str]
    sector: dict[str, str]
    last_day: dict[str, date]
    bars: int  # rows of the arrays
    open: Array
    high: Array
    low: Array
    close: Array
    volume: Array
    lengths: NDArray[np.int64]
    fundamentals: dict[str, Fundamentals] = field(default_factory=dict)
    news: dict[str, list[Headline]] = field(default_factory=dict)
    # headlines naming no stock but the market: every stock's market mood
    market_news: list[Headline] = field(default_factory=list)
    flags: dict[str, list[str]] = field(default_factory=dict)
    # every cached stock's sector: the peer set for relative measures, whatever the universe
    peer_sectors: dict[str, str] = field(default_factory=dict)
    # the instant the inputs were cut at (agents/point_in_time.py); None only for panels
    # built outside the cache (tests of the indicator maths)
    at: datetime | None = None

    def column(self, symbol: str) -> int:
        return self.symbols.index(symbol)

    def data_hash(self, params: dict[str, Any]) -> str:
        h = hashlib.sha256()
        h.update(repr(sorted(params.items())).encode())
        # the as-of *day* (what the agents judge staleness by), not the instant: two runs on
        # the same data the same day fingerprint alike; what the instant lets in (bars,
        # fundamentals, headlines) is hashed below as the data itself
        from .point_in_time import trading_day_of

        h.update(repr(trading_day_of(self.at).isoformat() if self.at else None).encode())
        h.update("|".join(self.symbols).encode())
        for arr in (self.open, self.high, self.low, self.close, self.volume):
            h.update(np.ascontiguousarray(arr).tobytes())
        h.update(repr(sorted(self.peer_sectors.items())).encode())
        for sym in sorted(self.fundamentals):
            f = self.fundamentals[sym]
            h.update(repr((sym, sorted(f.values.items()), sorted(f.as_of.items()))).encode())
        for sym in sorted(self.news):
            h.update(repr((sym, [n.id for n in self.news[sym]])).encode())
        if self.market_news:
            h.update(repr(("market", [n.id for n in self.market_news])).encode())
        return h.hexdigest()

    def as_of(self) -> dict[str, str]:
        return {s: d.isoformat() for s, d in sorted(self.last_day.items())}
