"""The cached market as panels for the walk-forward, read in one pass from DuckDB.

Two layouts: each symbol's own bars (``bars_*``, left-aligned: row i is the symbol's i-th
bar, so indicators see the same sequence a screener run sees) and the trading calendar
(``cal_*``: row t is calendar day t, NaN where the symbol has no bar) for forward returns.
The calendar is VN-Index's sessions when the cache holds VN-Index, else every day any
symbol traded. Prices in VND.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...agents.snapshot_loader import closes_series, fundamentals_rows, resolve_universe
from ...agents.valuation import Series
from ...store.db import Tx

Array = NDArray[np.float64]
INDEX_SYMBOLS = ("VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX")
BENCHMARKS = ("VNINDEX", "VN30")
# bar flags that are ordinary dirt (market/csv_import.py, the bundled set); any other flag,
# such as the corporate-action gaps the refresh work writes, marks the symbol as computed
# on questionable prices in every track record
BENIGN_FLAGS = frozenset({"zero_volume", "ohlc_inconsistent", "possibly_partial", "partial"})


@dataclass
class Panel:
    symbols: list[str]
    sector: dict[str, str]
    listed_on: dict[str, date | None]
    calendar: list[date]
    bars_open: Array
    bars_high: Array
    bars_low: Array
    bars_close: Array
    bars_volume: Array
    bars_day: NDArray[np.int64]  # day ordinal of each own bar, -1 padding
    lengths: NDArray[np.int64]
    cal_open: Array
    cal_close: Array
    cal_volume: Array
    index_open: dict[str, Array] = field(default_factory=dict)  # on the calendar
    fundamentals: list[tuple[object, ...]] = field(default_factory=list)
    # (id, title, summary, published_at, symbols, market-wide)
    news: list[tuple[str, str, str, Any, list[str], bool]] = field(default_factory=list)
    peer_sectors: dict[str, str] = field(default_factory=dict)
    peer_listed: dict[str, date | None] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)  # symbol -> odd bar flags
    # every peer's daily closes: P/E and P/B are repriced to each date (agents/valuation.py)
    peer_closes: dict[str, Series] = field(default_factory=dict)

    def inputs_hash(self, params: dict[str, Any]) -> str:
        h = hashlib.sha256()
        h.update(repr(sorted(params.items())).encode())
        h.update("|".join(self.symbols).encode())
        h.update(repr([d.isoformat() for d in self.calendar]).encode())
        for arr in (self.bars_open, self.bars_high, self.bars_low, self.bars_close,
                    self.bars_volume, self.bars_day):
            h.update(np.ascontiguousarray(arr).tobytes())
        for name in sorted(self.index_open):
            h.update(name.encode() + np.ascontiguousarray(self.index_open[name]).tobytes())
        h.update(repr(sorted(self.peer_sectors.items())).encode())
        h.update(repr(sorted(self.flagged.items())).encode())
        h.update(repr(sorted((k, str(v)) for k, v in self.peer_listed.items())).encode())
        h.update(repr([tuple(str(x) for x in r) for r in self.fundamentals]).encode())
        h.update(repr([(n[0], str(n[3]), n[4], n[5]) for n in self.news]).encode())
        for sym in sorted(self.peer_closes):
            h.update(repr((sym, self.peer_closes[sym])).encode())
        return h.hexdigest()


def stock_universe(tx: Tx, universe: str) -> list[str]:
    """The universe's stocks (indices imported as instruments are benchmarks, not stocks)."""
    return [s for s in resolve_universe(tx, universe) if s not in INDEX_SYMBOLS]


def load_panel(tx: Tx, symbols: list[str], until: date) -> Panel:
    """Everything the walk-forward reads, for ``symbols``, up to and including ``until``."""
    rel = tx.execute(
        "SELECT symbol, day, open, high, low, close, volume, flags FROM daily_bars WHERE "
        "symbol IN (SELECT unnest(?)) AND day <= ? ORDER BY symbol, day",
        [list(symbols) + list(BENCHMARKS), until], table="daily_bars")
    data = list(rel)
    per: dict[str, list[tuple[Any, ...]]] = {}
    for r in data:
        per.setdefault(str(r[0]), []).append(r)
    syms = [s for s in symbols if per.get(s)]
    bench = {b: per[b] for b in BENCHMARKS if per.get(b)}
    if "VNINDEX" in bench:
        calendar = [r[1] for r in bench["VNINDEX"]]
    else:
        calendar = sorted({r[1] for s in syms for r in per[s]})
    pos = {d: i for i, d in enumerate(calendar)}
    n_own = max((len(per[s]) for s in syms), default=0)
    shape_own, shape_cal = (n_own, len(syms)), (len(calendar), len(syms))
    own = {k: np.full(shape_own, np.nan) for k in "ohlcv"}
    cal = {k: np.full(shape_cal, np.nan) for k in "ocv"}
    days = np.full(shape_own, -1, dtype=np.int64)
    lengths = np.zeros(len(syms), dtype=np.int64)
    for j, s in enumerate(syms):
        block = np.array([r[2:7] for r in per[s]], dtype=np.float64)
        k = len(block)
        lengths[j] = k
        for i, key in enumerate("ohlcv"):
            own[key][:k, j] = block[:, i]
        days[:k, j] = [r[1].toordinal() for r in per[s]]
        idx = [pos.get(r[1], -1) for r in per[s]]
        keep = np.array([i >= 0 for i in idx])
        if keep.any():
            rows_cal = np.array(idx)[keep]
            cal["o"][rows_cal, j] = block[keep, 0]
            cal["c"][rows_cal, j] = block[keep, 3]
            cal["v"][rows_cal, j] = block[keep, 4]
    index_open: dict[str, Array] = {}
    for b, brow in bench.items():
        series = np.full(len(calendar), np.nan)
        for r in brow:
            if r[1] in pos:
                series[pos[r[1]]] = float(r[2])
        index_open[b] = series
    # peers as a run's snapshot has them (agents/snapshot_loader.py): the stocks with data
    # (the full listing's ~1,600 codes mostly have none)
    meta = {str(r[0]): (str(r[1] or ""), r[2]) for r in tx.execute(
        "SELECT symbol, sector, listed_on FROM instruments WHERE symbol IN (SELECT symbol "
        "FROM fundamentals UNION SELECT symbol FROM daily_bars)")}
    peers = {s: v for s, v in meta.items() if s not in INDEX_SYMBOLS}
    panel = Panel(syms, {s: meta.get(s, ("", None))[0] for s in syms},
                  {s: meta.get(s, ("", None))[1] for s in syms}, calendar, own["o"], own["h"],
                  own["l"], own["c"], own["v"], days, lengths, cal["o"], cal["c"], cal["v"],
                  index_open)
    for s in syms:
        odd = sorted({f for r in per[s] for f in str(r[7] or "").split(";")
                      if f and f not in BENIGN_FLAGS})
        if odd:
            panel.flagged[s] = odd
    panel.peer_sectors = {s: v[0] for s, v in peers.items()}
    panel.peer_listed = {s: v[1] for s, v in peers.items()}
    panel.peer_closes = closes_series(tx, sorted(peers), until)
    panel.fundamentals = [r for r in fundamentals_rows(tx, sorted(peers))
                          if r[3] <= until]  # type: ignore[operator]
    panel.news = [(str(n[0]), str(n[1]), str(n[2]), n[3], list(n[4] or ()), bool(n[5]))
                  for n in tx.execute(
        "SELECT id, title, coalesce(summary, ''), published_at, symbols, market FROM news "
        "WHERE published_at IS NOT NULL AND CAST(published_at AS DATE) <= ? "
        "ORDER BY published_at, id", [until], table="news")]
    return panel
