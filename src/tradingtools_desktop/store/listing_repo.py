"""The listing: every code the market lists, its exchange and its trading status.

``instruments`` holds the listed codes (exchange, name, sector); ``listing_status`` the
status per symbol (``normal``, ``halted``, ``suspended``, ``delisted``, ... - the lower-case
names of :class:`~..domain.market.quotes.TradingStatus`) and the board lot when the source
gave one. A delisted code has a status row and no instrument row. Queries run on the DB
thread (``*_tx``) or through :class:`ListingRepository`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.market.exchange import Exchange
from ..domain.market.quotes import TradingStatus
from .db import Database, Tx

__all__ = ["ListingCounts", "ListingEntry", "ListingRepository", "listing_counts_tx",
           "listing_entry_tx", "status_name", "status_of_name"]


def status_name(status: TradingStatus) -> str:
    return status.name.lower()


def status_of_name(name: str | None) -> TradingStatus:
    try:
        return TradingStatus[(name or "normal").upper()]
    except KeyError:
        return TradingStatus.NORMAL


@dataclass(frozen=True, slots=True)
class ListingEntry:
    symbol: str
    exchange: Exchange | None  # None: not listed (delisted, or unknown exchange)
    name: str | None
    sector: str | None
    status: TradingStatus
    lot_size: int | None

    @property
    def tradable(self) -> bool:
        return self.exchange is not None and not self.status.blocks_orders


@dataclass(frozen=True, slots=True)
class ListingCounts:
    """How many codes the market lists (per exchange) and how many have cached bars."""

    listed: int
    with_bars: int
    by_exchange: dict[str, int]
    delisted: int


def _exchange(text: object) -> Exchange | None:
    try:
        return Exchange.parse(str(text)) if text else None
    except ValueError:
        return None


def listing_entry_tx(tx: Tx, symbol: str) -> ListingEntry | None:
    sym = symbol.strip().upper()
    row = tx.one(
        "SELECT coalesce(i.symbol, s.symbol), i.exchange, i.name, i.sector, s.status, "
        "s.lot_size FROM (SELECT ? AS symbol) q LEFT JOIN instruments i ON i.symbol = q.symbol "
        "LEFT JOIN listing_status s ON s.symbol = q.symbol "
        "WHERE i.symbol IS NOT NULL OR s.symbol IS NOT NULL", [sym])
    if row is None:
        return None
    status = status_of_name(row[4])
    exchange = None if status is TradingStatus.DELISTED else _exchange(row[1])
    return ListingEntry(sym, exchange, row[2], row[3], status,
                        int(row[5]) if row[5] else None)


def listing_counts_tx(tx: Tx, symbols: list[str] | None = None) -> ListingCounts:
    """Counts over the whole listing, or over ``symbols`` (a resolved universe)."""
    where, params = ("WHERE i.symbol IN (SELECT unnest(?))", [symbols]) if symbols is not None \
        else ("", [])
    rows = tx.execute(
        "SELECT i.exchange, count(*), count(b.symbol) FROM instruments i LEFT JOIN "
        "(SELECT DISTINCT symbol FROM daily_bars) b ON b.symbol = i.symbol "
        "LEFT JOIN listing_status s ON s.symbol = i.symbol "
        f"{where} {'AND' if where else 'WHERE'} coalesce(s.status, 'normal') <> 'delisted' "
        "GROUP BY i.exchange", params)
    delisted = tx.one("SELECT count(*) FROM listing_status WHERE status = 'delisted'")
    by = {str(r[0]): int(r[1]) for r in rows}
    return ListingCounts(sum(by.values()), sum(int(r[2]) for r in rows), by,
                         int(delisted[0]) if delisted else 0)


class ListingRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def entry(self, symbol: str) -> ListingEntry | None:
        return await self._db.call(lambda tx: listing_entry_tx(tx, symbol))

    async def counts(self, symbols: list[str] | None = None) -> ListingCounts:
        return await self._db.call(lambda tx: listing_counts_tx(tx, symbols))

    async def set_status(self, symbol: str, status: TradingStatus, source: str,
                         at: datetime) -> None:
        """One symbol's status (the live feed's ``F:`` channel, a SecuritiesDetails row)."""
        def write(tx: Tx) -> None:
            tx.execute("INSERT INTO listing_status (symbol, status, source, updated_at) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET "
                       "status = excluded.status, source = excluded.source, "
                       "updated_at = excluded.updated_at",
                       [symbol.upper(), status_name(status), source, at])

        await self._db.transaction(write)
