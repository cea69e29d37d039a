"""The history refresh's DuckDB side: what to resume from, and one batch written.

Every function runs on the DB thread with the caller's :class:`~..store.db.Tx`; a writer
(:func:`write_market_day`, :func:`write_symbol`, :func:`rebase_symbol`) does a whole batch
- the bars, the corporate-action gaps they reveal and, for a market day, its
``market_days`` row - inside that one transaction, so a batch is whole or absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from ..domain.market.corporate_actions import CorporateGap, PriceDay, detect_gaps
from ..domain.market.exchange import Exchange
from ..store.corporate_actions_repo import adjust_known_gaps, store_gaps
from ..store.db import Tx
from .history_contract import FetchedDay

__all__ = ["last_days", "market_resume_day", "newest_day", "rebase_symbol", "upsert_bars",
           "write_market_day", "write_symbol"]


def market_resume_day(tx: Tx, end: date, lookback: int) -> date:
    """The newest completed market day, else the newest cached bar, bounded by lookback."""
    row = tx.one("SELECT max(day) FROM market_days")
    newest = row[0] if row and row[0] else None
    if newest is None:
        row = tx.one("SELECT max(day) FROM daily_bars")
        newest = row[0] if row and row[0] else None
    floor = end - timedelta(days=lookback)
    return max(newest, floor) if newest else floor


def last_days(tx: Tx, symbols: list[str]) -> dict[str, date]:
    return {str(r[0]): r[1] for r in tx.execute(
        "SELECT symbol, max(day) FROM daily_bars WHERE symbol IN (SELECT unnest(?)) "
        "GROUP BY symbol", [symbols])}


def newest_day(tx: Tx, symbols: list[str] | None = None) -> date | None:
    if symbols:
        row = tx.one("SELECT max(day) FROM daily_bars WHERE symbol IN (SELECT unnest(?))",
                     [symbols])
    else:
        row = tx.one("SELECT max(day) FROM daily_bars")
    return row[0] if row and row[0] else None


def upsert_bars(tx: Tx, rows: Sequence[FetchedDay], source: str, now: datetime) -> int:
    """All ``rows`` in ONE statement (columns passed as lists and unnested together):
    executemany costs ~12 ms a row with the primary key, this ~0.1 ms."""
    if not rows:
        return 0
    cols: list[list[object]] = [[r.symbol.upper() for r in rows], [r.day for r in rows],
                                [r.open for r in rows], [r.high for r in rows],
                                [r.low for r in rows], [r.close for r in rows],
                                [r.volume for r in rows], [r.flags for r in rows]]
    tx.execute(
        "INSERT INTO daily_bars (symbol, day, open, high, low, close, volume, flags, source, "
        "fetched_at) SELECT unnest(?::VARCHAR[]), unnest(?::DATE[]), unnest(?::BIGINT[]), "
        "unnest(?::BIGINT[]), unnest(?::BIGINT[]), unnest(?::BIGINT[]), unnest(?::BIGINT[]), "
        "unnest(?::VARCHAR[]), ?, ? "
        "ON CONFLICT (symbol, day) DO UPDATE SET open = excluded.open, "
        "high = excluded.high, low = excluded.low, close = excluded.close, "
        "volume = excluded.volume, flags = excluded.flags, source = excluded.source, "
        "fetched_at = excluded.fetched_at", [*cols, source, now], table="daily_bars")
    return len(rows)


def write_market_day(tx: Tx, day: date, rows: list[FetchedDay], source: str,
                      now: datetime) -> tuple[int, list[CorporateGap]]:
    """One whole-market day: the bars of listed symbols, the gaps they reveal and the
    ``market_days`` row, all in the caller's transaction."""
    known = {str(r[0]): str(r[1]) for r in tx.execute(
        "SELECT symbol, exchange FROM instruments WHERE symbol IN (SELECT unnest(?))",
        [[r.symbol for r in rows]])}
    keep = [r for r in rows if r.symbol in known and r.day == day]
    prev = {str(r[0]): (r[1], int(r[2])) for r in tx.execute(
        "SELECT symbol, max(day), arg_max(close, day) FROM daily_bars WHERE day < ? AND "
        "symbol IN (SELECT unnest(?)) GROUP BY symbol", [day, [r.symbol for r in keep]])}
    gaps: list[CorporateGap] = []
    for r in keep:
        before = prev.get(r.symbol)
        if before is None:
            continue
        series = [PriceDay(before[0], before[1], before[1], before[1], before[1]),
                  PriceDay(r.day, r.open, r.high, r.low, r.close, r.reference,
                           r.close_adjusted)]
        gaps += detect_gaps(r.symbol, _exchange(known[r.symbol]), series)
    written = upsert_bars(tx, keep, source, now)
    store_gaps(tx, gaps, source, now, adjusted=adjust_known_gaps(tx, gaps))
    if not written:
        return 0, gaps  # nothing published (yet): not logged, so the next refresh asks again
    tx.execute("INSERT INTO market_days VALUES (?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET "
               "source = excluded.source, symbols = excluded.symbols, "
               "fetched_at = excluded.fetched_at", [day, source, written, now])
    return written, gaps


def write_symbol(tx: Tx, symbol: str, rows: list[FetchedDay], source: str,
                  now: datetime) -> tuple[int, list[CorporateGap]]:
    row = tx.one("SELECT exchange FROM instruments WHERE symbol = ?", [symbol])
    exchange = _exchange(str(row[0])) if row else Exchange.HOSE
    gaps: list[CorporateGap] = []
    if rows:
        first = min(r.day for r in rows)
        before = tx.one("SELECT day, close FROM daily_bars WHERE symbol = ? AND day < ? "
                        "ORDER BY day DESC LIMIT 1", [symbol, first])
        series = [PriceDay(before[0], int(before[1]), int(before[1]), int(before[1]),
                           int(before[1]))] if before else []
        series += [PriceDay(r.day, r.open, r.high, r.low, r.close, r.reference,
                            r.close_adjusted) for r in sorted(rows, key=lambda r: r.day)]
        gaps = detect_gaps(symbol, exchange, series)
    written = upsert_bars(tx, rows, source, now)
    store_gaps(tx, gaps, source, now, adjusted=adjust_known_gaps(tx, gaps))
    return written, gaps


def rebase_symbol(tx: Tx, symbol: str, rows: list[FetchedDay], gaps: list[CorporateGap],
                   source: str, now: datetime) -> int:
    """Replace ``symbol``'s cached bars over the fresh rows' span with the provider's newly
    adjusted series; the gaps are then adjusted (recorded as such)."""
    if not rows:
        return 0
    first, last = min(r.day for r in rows), max(r.day for r in rows)
    tx.execute("DELETE FROM daily_bars WHERE symbol = ? AND day BETWEEN ? AND ?",
               [symbol, first, last], table="daily_bars")
    written = upsert_bars(tx, rows, source, now)
    store_gaps(tx, gaps, source, now, adjusted={(g.symbol, g.day) for g in gaps})
    return written


def _exchange(text: str) -> Exchange:
    try:
        return Exchange.parse(text)
    except ValueError:
        return Exchange.HOSE
