"""Build an analysis Snapshot from the DuckDB cache (runs on the DB worker thread)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

import numpy as np

from ..store.db import Tx
from .snapshot import Fundamentals, Headline, Snapshot

FUNDAMENTAL_FIELDS = ("pe", "pb", "roe", "roa", "debt_to_equity", "gross_margin",
                      "dividend_yield", "eps", "bvps", "revenue_growth", "profit_growth")
NEWS_LOOKBACK_DAYS = 30


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


def load_snapshot(tx: Tx, symbols: list[str], *, max_bars: int = 400,
                  as_of: dict[str, date] | None = None) -> Snapshot:
    """Bars (right-aligned, last ``max_bars``), fundamentals and headlines for ``symbols``.
    ``as_of`` cuts each symbol's data at a day (replays use the run's stored as-of)."""
    meta = {str(r[0]): (str(r[1]), str(r[2] or "")) for r in tx.execute(
        "SELECT symbol, exchange, coalesce(sector, '') FROM instruments WHERE symbol IN "
        "(SELECT unnest(?))", [symbols])}
    syms = [s for s in symbols if s in meta]
    per: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for row in tx.execute(
            "SELECT symbol, day, open, high, low, close, volume, flags FROM daily_bars "
            "WHERE symbol IN (SELECT unnest(?)) ORDER BY symbol, day", [syms],
            table="daily_bars"):
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
                    arrays["v"], lengths, flags=flags)
    # peers: the stocks with data (the full listing's ~1,600 codes mostly have none, and
    # would leave a sector "large" with too few values to compare)
    snap.peer_sectors = {str(r[0]): str(r[1] or "") for r in tx.execute(
        "SELECT symbol, sector FROM instruments WHERE symbol IN (SELECT symbol FROM "
        "fundamentals UNION SELECT symbol FROM daily_bars)")}
    snap.fundamentals = _fundamentals(tx, sorted(snap.peer_sectors))
    snap.news = _news(tx, syms, last_day)
    return snap


def _fundamentals(tx: Tx, syms: list[str]) -> dict[str, Fundamentals]:
    cols = ", ".join(FUNDAMENTAL_FIELDS)
    out: dict[str, Fundamentals] = {}
    rows = tx.execute(f"SELECT symbol, period, source, {cols} FROM fundamentals WHERE symbol "
                      "IN (SELECT unnest(?)) ORDER BY symbol, period", [syms],
                      table="fundamentals")
    for row in rows:  # later periods overwrite earlier ones field by field
        sym, period, source = str(row[0]), str(row[1]), str(row[2])
        f = out.setdefault(sym, Fundamentals(sym, {}, {}))
        for name, value in zip(FUNDAMENTAL_FIELDS, row[3:], strict=True):
            if value is not None and not np.isnan(value):
                f.values[name] = float(value)
                f.as_of[name] = f"{period} ({source})"
    return out


def _news(tx: Tx, syms: list[str], last_day: dict[str, date]) -> dict[str, list[Headline]]:
    out: dict[str, list[Headline]] = {}
    rows = tx.execute("SELECT id, title, coalesce(summary, ''), published_at, symbols "
                      "FROM news ORDER BY published_at, id", table="news")
    wanted = set(syms)
    for nid, title, summary, published, tickers in rows:
        for s in set(tickers or ()) & wanted:
            day = last_day[s]
            when: datetime | None = published
            if when is None or (day - timedelta(days=NEWS_LOOKBACK_DAYS) <= when.date()
                                <= day + timedelta(days=NEWS_LOOKBACK_DAYS)):
                out.setdefault(s, []).append(Headline(str(nid), str(title), str(summary), when))
    return out
