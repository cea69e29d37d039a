"""Intraday (one-minute) bars in the cache, for market replay. Prices VND integers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .db import Database, Tx

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True, slots=True)
class IntradayRow:
    symbol: str
    start: datetime  # aware
    open: int
    high: int
    low: int
    close: int
    volume: int
    source: str


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=VN)
    return start, start + timedelta(days=1)


class IntradayRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, rows: Iterable[IntradayRow], fetched_at: datetime) -> int:
        """Insert or replace bars, all in one transaction; returns how many."""
        items = [(r.symbol.upper(), r.start, r.open, r.high, r.low, r.close, r.volume,
                  r.source, fetched_at) for r in rows]

        def write(tx: Tx) -> int:
            if items:
                tx.executemany(
                    "INSERT OR REPLACE INTO intraday_bars (symbol, start, open, high, low, "
                    "close, volume, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    items, table="intraday_bars")
            return len(items)

        return await self._db.transaction(write)

    async def days(self) -> list[tuple[date, list[str]]]:
        """Every day with cached intraday bars (Vietnam dates), with its symbols."""
        rows = await self._db.execute(
            "SELECT CAST(timezone('Asia/Ho_Chi_Minh', start) AS DATE) AS d, "
            "list(DISTINCT symbol ORDER BY symbol) FROM intraday_bars GROUP BY d ORDER BY d")
        return [(r[0], [str(s) for s in r[1]]) for r in rows]

    async def bars(self, day: date) -> list[IntradayRow]:
        start, end = _day_bounds(day)
        rows = await self._db.execute(
            "SELECT symbol, start, open, high, low, close, volume, source FROM intraday_bars "
            "WHERE start >= ? AND start < ? ORDER BY start, symbol", [start, end])
        return [IntradayRow(str(r[0]), r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5]),
                            int(r[6]), str(r[7])) for r in rows]

    async def save_reference(self, symbol: str, day: date, reference: int, source: str,
                             fetched_at: datetime) -> None:
        await self._db.execute(
            "INSERT OR REPLACE INTO intraday_days (symbol, day, reference, source, fetched_at) "
            "VALUES (?, ?, ?, ?, ?)", [symbol.upper(), day, reference, source, fetched_at])

    async def references(self, symbols: list[str], day: date) -> dict[str, int]:
        """The reference price (TC) of ``day``: as SSI published it for that day when
        fetched, else each symbol's last daily close before it."""
        if not symbols:
            return {}
        rows = await self._db.execute(
            "SELECT symbol, arg_max(close, day) FROM daily_bars WHERE day < ? AND symbol IN "
            "(SELECT unnest(?)) GROUP BY symbol", [day, symbols])
        refs = {str(r[0]): int(r[1]) for r in rows}
        published = await self._db.execute(
            "SELECT symbol, reference FROM intraday_days WHERE day = ? AND symbol IN "
            "(SELECT unnest(?))", [day, symbols])
        refs.update({str(r[0]): int(r[1]) for r in published})
        return refs

    async def exchanges(self, symbols: list[str]) -> dict[str, str]:
        if not symbols:
            return {}
        rows = await self._db.execute(
            "SELECT symbol, exchange FROM instruments WHERE symbol IN (SELECT unnest(?))",
            [symbols])
        return {str(r[0]): str(r[1]) for r in rows}
