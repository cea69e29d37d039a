"""The market-data cache in DuckDB: instruments and daily bars (prices in VND integers).

Every row carries its source and fetch time, so the app can say "data as of ..." offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .db import Database, Tx


@dataclass(frozen=True, slots=True)
class InstrumentRow:
    symbol: str
    exchange: str
    kind: str
    name: str | None
    sector: str | None
    listed_on: date | None
    source: str


@dataclass(frozen=True, slots=True)
class BarRow:
    symbol: str
    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    flags: str
    source: str


class MarketRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def instrument(self, symbol: str) -> InstrumentRow | None:
        row = await self._db.one(
            "SELECT symbol, exchange, kind, name, sector, listed_on, source FROM instruments "
            "WHERE symbol = ?", [symbol.upper()])
        return InstrumentRow(*row) if row else None

    async def instruments(self, exchange: str | None = None) -> list[InstrumentRow]:
        sql = ("SELECT symbol, exchange, kind, name, sector, listed_on, source FROM instruments")
        rows = await (self._db.execute(sql + " WHERE exchange = ? ORDER BY symbol", [exchange])
                      if exchange else self._db.execute(sql + " ORDER BY symbol"))
        return [InstrumentRow(*r) for r in rows]

    async def upsert_instruments(self, rows: Iterable[InstrumentRow], fetched_at: datetime) -> int:
        items = [(r.symbol.upper(), r.exchange, r.kind, r.name, r.sector, r.listed_on, r.source,
                  fetched_at) for r in rows]

        def write(tx: Tx) -> int:
            tx.executemany(
                "INSERT INTO instruments (symbol, exchange, kind, name, sector, listed_on, source, "
                "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                "exchange = excluded.exchange, kind = excluded.kind, "
                "name = coalesce(excluded.name, instruments.name), "
                "sector = coalesce(excluded.sector, instruments.sector), "
                "listed_on = coalesce(excluded.listed_on, instruments.listed_on), "
                "source = excluded.source, fetched_at = excluded.fetched_at", items)
            return len(items)

        return await self._db.transaction(write)

    async def upsert_bars(self, rows: Sequence[BarRow], fetched_at: datetime) -> int:
        items = [(r.symbol.upper(), r.day, r.open, r.high, r.low, r.close, r.volume, r.flags,
                  r.source, fetched_at) for r in rows]

        def write(tx: Tx) -> int:
            tx.executemany(
                "INSERT INTO daily_bars (symbol, day, open, high, low, close, volume, flags, "
                "source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (symbol, day) DO UPDATE SET open = excluded.open, "
                "high = excluded.high, low = excluded.low, close = excluded.close, "
                "volume = excluded.volume, flags = excluded.flags, source = excluded.source, "
                "fetched_at = excluded.fetched_at", items)
            return len(items)

        return await self._db.transaction(write)

    async def last_bar(self, symbol: str, before: date | None = None) -> BarRow | None:
        """The newest bar, or the newest strictly before ``before`` (the reference session)."""
        sql = ("SELECT symbol, day, open, high, low, close, volume, flags, source "
               "FROM daily_bars WHERE symbol = ?")
        params: list[object] = [symbol.upper()]
        if before is not None:
            sql += " AND day < ?"
            params.append(before)
        row = await self._db.one(sql + " ORDER BY day DESC LIMIT 1", params)
        return BarRow(*row) if row else None

    async def bar_on(self, symbol: str, day: date) -> BarRow | None:
        row = await self._db.one(
            "SELECT symbol, day, open, high, low, close, volume, flags, source FROM daily_bars "
            "WHERE symbol = ? AND day = ?", [symbol.upper(), day])
        return BarRow(*row) if row else None

    async def bars(self, symbol: str, limit: int = 120) -> list[BarRow]:
        rows = await self._db.execute(
            "SELECT symbol, day, open, high, low, close, volume, flags, source FROM daily_bars "
            "WHERE symbol = ? ORDER BY day DESC LIMIT ?", [symbol.upper(), limit])
        return [BarRow(*r) for r in reversed(rows)]

    async def coverage(self) -> list[tuple[str, date, date, int]]:
        rows = await self._db.execute(
            "SELECT symbol, min(day), max(day), count(*) FROM daily_bars GROUP BY symbol "
            "ORDER BY symbol")
        return [(str(r[0]), r[1], r[2], int(r[3])) for r in rows]

    async def symbols(self) -> list[str]:
        rows = await self._db.execute("SELECT symbol FROM instruments ORDER BY symbol")
        return [str(r[0]) for r in rows]


@dataclass(frozen=True, slots=True)
class Quote:
    """The newest bar's open and close, its day, and the reference (the last close before
    ``today``) — what the dry-run broker and the portfolio price against."""

    open: int
    close: int
    day: date
    reference: int | None


def quotes_tx(tx: Tx, symbols: list[str], today: date) -> dict[str, Quote]:
    """Newest quote per symbol in one query (runs on the DB thread)."""
    if not symbols:
        return {}
    rows = tx.execute(
        "SELECT symbol, arg_max(open, day), arg_max(close, day), max(day), "
        "arg_max(close, day) FILTER (WHERE day < ?) FROM daily_bars "
        "WHERE symbol IN (SELECT unnest(?)) GROUP BY symbol", [today, symbols],
        table="daily_bars")
    return {str(r[0]): Quote(int(r[1]), int(r[2]), r[3], None if r[4] is None else int(r[4]))
            for r in rows}
