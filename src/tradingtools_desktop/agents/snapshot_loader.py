"""Build an analysis Snapshot from the DuckDB cache (runs on the DB worker thread).

Every snapshot is point-in-time: ``load_snapshot(..., at=...)`` gives the agents only what
was known at ``at`` (agents/point_in_time.py states the rules): bars up to that day,
fundamentals by publication day, headlines published before it, the listing of that day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import numpy as np

from ..store.db import Tx
from .point_in_time import fundamentals_known_on, news_visible, trading_day_of
from .snapshot import Fundamentals, Headline, Snapshot
from .valuation import Series, reprice

FUNDAMENTAL_FIELDS = ("pe", "pb", "roe", "roa", "debt_to_equity", "gross_margin",
                      "dividend_yield", "eps", "bvps", "revenue_growth", "profit_growth")


def resolve_universe(tx: Tx, universe: str) -> list[str]:
    """VN30, HOSE, HNX, UPCOM, ALL, WATCHLIST, a saved list name, or 'SYM1,SYM2,...'."""
    name = universe.strip()
    upper = name.upper()
    if upper in ("HOSE", "HNX", "UPCOM"):
        rows = tx.execute("SELECT symbol FROM instruments WHERE exchange = ? ORDER BY symbol",
                          [upper])
    elif upper == "ALL":
        rows = tx.execute("SELECT symbol FROM instruments ORDER BY symbol")
    elif _is_list(tx, upper):
        rows = tx.execute("SELECT symbol FROM universe_members WHERE universe = ? "
                          "ORDER BY symbol", [upper])
    else:  # an ad-hoc list of symbols
        wanted = [s.strip().upper() for s in name.split(",") if s.strip()]
        known = {str(r[0]) for r in tx.execute("SELECT symbol FROM instruments")}
        return [s for s in wanted if s in known]
    return [str(r[0]) for r in rows]


def _is_list(tx: Tx, name: str) -> bool:
    row = tx.one("SELECT count(*) FROM universe_members WHERE universe = ?", [name])
    return bool(row and row[0])


def load_snapshot(tx: Tx, symbols: list[str], *, at: datetime, max_bars: int = 400,
                  as_of: dict[str, date] | None = None) -> Snapshot:
    """Bars (right-aligned, last ``max_bars``), fundamentals and headlines for ``symbols``
    as known at ``at``. ``as_of`` further cuts each symbol's bars at a day (replays use the
    run's stored as-of dates)."""
    day = trading_day_of(at)
    meta = {str(r[0]): (str(r[1]), str(r[2] or "")) for r in tx.execute(
        "SELECT symbol, exchange, coalesce(sector, '') FROM instruments WHERE symbol IN "
        "(SELECT unnest(?)) AND (listed_on IS NULL OR listed_on <= ?)", [symbols, day])}
    syms = [s for s in symbols if s in meta]
    per: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for row in tx.execute(
            "SELECT symbol, day, open, high, low, close, volume, flags FROM daily_bars "
            "WHERE symbol IN (SELECT unnest(?)) AND day <= ? ORDER BY symbol, day",
            [syms, day], table="daily_bars"):
        cut = as_of.get(str(row[0])) if as_of else None
        if cut is None or row[1] <= cut:
            per[str(row[0])].append(row)
    syms = [s for s in syms if per.get(s)]
    n = min(max_bars, max((len(per[s]) for s in syms), default=0))
    arrays = {k: np.full((n, len(syms)), np.nan) for k in ("o", "h", "l", "c", "v")}
    lengths = np.zeros(len(syms), dtype=np.int64)
    last_day: dict[str, date] = {}
    flags: dict[str, list[str]] = {}
    for j, s in enumerate(syms):
        rows = per[s][-n:]
        k = len(rows)
        lengths[j] = k
        block = np.array([[r[2], r[3], r[4], r[5], r[6]] for r in rows], dtype=np.float64)
        for i, key in enumerate(("o", "h", "l", "c", "v")):
            arrays[key][n - k:, j] = block[:, i]
        last_day[s] = rows[-1][1]  # type: ignore[assignment]
        marked = sorted({f for r in rows[-60:] for f in str(r[7]).split(";") if f})
        if marked:
            flags[s] = marked
    snap = Snapshot(syms, {s: meta[s][0] for s in syms}, {s: meta[s][1] for s in syms},
                    last_day, n, arrays["o"], arrays["h"], arrays["l"], arrays["c"],
                    arrays["v"], lengths, flags=flags, at=at)
    # peers: the stocks with data listed by that day (the full listing's ~1,600 codes
    # mostly have none, and would leave a sector "large" with too few values to compare)
    snap.peer_sectors = {str(r[0]): str(r[1] or "") for r in tx.execute(
        "SELECT symbol, sector FROM instruments WHERE (listed_on IS NULL OR listed_on <= ?) "
        "AND symbol IN (SELECT symbol FROM fundamentals UNION SELECT symbol FROM daily_bars)",
        [day])}
    peers = sorted(snap.peer_sectors)
    snap.fundamentals = reprice(fundamentals_at(tx, peers, day),
                                closes_series(tx, peers, day, as_of), day)
    snap.news, snap.market_news = _news(tx, syms, at)
    return snap


def fundamentals_rows(tx: Tx, syms: list[str]) -> list[tuple[object, ...]]:
    """(symbol, period, source, known_on, *FUNDAMENTAL_FIELDS) for every stored row whose
    publication day is known or can be assumed (point_in_time.fundamentals_known_on)."""
    cols = ", ".join(FUNDAMENTAL_FIELDS)
    out: list[tuple[object, ...]] = []
    for row in tx.execute(f"SELECT symbol, period, source, published_on, {cols} FROM "
                          "fundamentals WHERE symbol IN (SELECT unnest(?))", [syms],
                          table="fundamentals"):
        known = fundamentals_known_on(str(row[1]), row[3])
        if known is not None:
            out.append((row[0], row[1], row[2], known, *row[4:]))
    out.sort(key=lambda r: (str(r[0]), r[3], str(r[1]), str(r[2])))
    return out


def fundamentals_from_rows(rows: list[tuple[object, ...]], day: date
                           ) -> dict[str, Fundamentals]:
    """The fundamentals known on ``day``: per field, the value of the latest-published row
    (ties: the later period) published on or before ``day``."""
    out: dict[str, Fundamentals] = {}
    for row in rows:  # sorted by publication: later rows overwrite earlier ones
        sym, period, source, known = str(row[0]), str(row[1]), str(row[2]), row[3]
        if known > day:  # type: ignore[operator]
            continue
        f = out.setdefault(sym, Fundamentals(sym, {}, {}))
        for name, value in zip(FUNDAMENTAL_FIELDS, row[4:], strict=True):
            if value is not None and not np.isnan(value):  # type: ignore[call-overload]
                f.values[name] = float(value)  # type: ignore[arg-type]
                f.as_of[name] = f"{period} ({source}, public {known})"
                f.known_on[name] = known  # type: ignore[assignment]
                f.period[name] = period
    return out


def closes_series(tx: Tx, syms: list[str], until: date,
                  as_of: dict[str, date] | None = None) -> dict[str, Series]:
    """Each stock's daily closes up to ``until`` (and its own ``as_of`` cut): what the
    valuation repricing reads (agents/valuation.py)."""
    out: dict[str, Series] = {}
    for sym, day, close in tx.execute(
            "SELECT symbol, day, close FROM daily_bars WHERE symbol IN (SELECT unnest(?)) "
            "AND day <= ? ORDER BY symbol, day", [syms, until], table="daily_bars"):
        cut = as_of.get(str(sym)) if as_of else None
        if close is None or (cut is not None and day > cut):
            continue
        days, values = out.setdefault(str(sym), ([], []))
        days.append(day.toordinal())
        values.append(float(close))
    return out


def fundamentals_at(tx: Tx, syms: list[str], day: date) -> dict[str, Fundamentals]:
    return fundamentals_from_rows(fundamentals_rows(tx, syms), day)


def _news(tx: Tx, syms: list[str], at: datetime
          ) -> tuple[dict[str, list[Headline]], list[Headline]]:
    """Headlines visible at ``at``: per stock they name, and the market-wide ones."""
    out: dict[str, list[Headline]] = {}
    market: list[Headline] = []
    rows = tx.execute("SELECT id, title, coalesce(summary, ''), published_at, symbols, market "
                      "FROM news ORDER BY published_at, id", table="news")
    wanted = set(syms)
    for nid, title, summary, published, tickers, is_market in rows:
        if not news_visible(published, at):
            continue
        if is_market and not tickers:
            market.append(Headline(str(nid), str(title), str(summary), published))
        for s in sorted(set(tickers or ()) & wanted):
            out.setdefault(s, []).append(Headline(str(nid), str(title), str(summary),
                                                  published))
    return out, market
