"""The price board's lists: the user's own (ordered, editable) and the built-in ones.

Built-in lists are read from the listing in the cache: a basket (VN30, and HNX30 when its
members are in ``universe_members``), an exchange (HOSE / HNX / UPCOM), an industry (the
instrument's sector). The user's lists are ``universe_members`` rows (the same lists the
screener and ``tradingtools universe`` use; ``WATCHLIST`` always exists) with the row order
the user arranged kept in ``watchlist_order``. Reading a list gives that order first, then
any member added elsewhere (CLI) in name order; saving writes both in one transaction.
Every call runs on the DB thread; nothing here blocks the loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..store.db import Database, Tx

DEFAULT_LIST = "WATCHLIST"
BASKETS = ("VN30", "HNX30")
EXCHANGES = ("HOSE", "HNX", "UPCOM")
RESERVED = {"ALL", *EXCHANGES}


class ListKind(StrEnum):
    USER = "user"
    BASKET = "basket"
    EXCHANGE = "exchange"
    INDUSTRY = "industry"


@dataclass(frozen=True, slots=True)
class Watchlist:
    kind: ListKind
    name: str  # the list's key: WATCHLIST, VN30, HOSE, or the sector's name

    @property
    def editable(self) -> bool:
        return self.kind is ListKind.USER

    @property
    def id(self) -> str:
        return f"{self.kind.value}:{self.name}"

    @classmethod
    def parse(cls, text: str) -> Watchlist | None:
        kind, _, name = text.partition(":")
        try:
            return cls(ListKind(kind), name) if name else None
        except ValueError:
            return None


class WatchlistError(ValueError):
    """A list edit that cannot be made; the message is a plain sentence (English source)."""


class WatchlistService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def lists(self) -> list[Watchlist]:
        """Every list the board can show: the user's first, then baskets, exchanges,
        industries (only those with at least one symbol in the cache)."""

        def read(tx: Tx) -> list[Watchlist]:
            named = [str(r[0]) for r in tx.execute(
                "SELECT universe FROM universe_members UNION SELECT universe FROM "
                "watchlist_order ORDER BY universe")]
            user = [DEFAULT_LIST] + [n for n in named
                                     if n != DEFAULT_LIST and n not in BASKETS]
            sectors = [str(r[0]) for r in tx.execute(
                "SELECT DISTINCT sector FROM instruments WHERE sector IS NOT NULL AND "
                "sector <> '' AND kind = 'STOCK' ORDER BY sector")]
            exchanges = {str(r[0]) for r in tx.execute(
                "SELECT DISTINCT exchange FROM instruments")}
            return ([Watchlist(ListKind.USER, n) for n in user]
                    + [Watchlist(ListKind.BASKET, b) for b in BASKETS]
                    + [Watchlist(ListKind.EXCHANGE, e) for e in EXCHANGES if e in exchanges]
                    + [Watchlist(ListKind.INDUSTRY, s) for s in sectors])

        return await self._db.transaction(read)

    async def members(self, wl: Watchlist) -> list[str]:
        def read(tx: Tx) -> list[str]:
            match wl.kind:
                case ListKind.EXCHANGE:
                    rows = tx.execute("SELECT symbol FROM instruments WHERE exchange = ? AND "
                                      "kind = 'STOCK' ORDER BY symbol", [wl.name])
                    return [str(r[0]) for r in rows]
                case ListKind.INDUSTRY:
                    rows = tx.execute("SELECT symbol FROM instruments WHERE sector = ? AND "
                                      "kind = 'STOCK' ORDER BY symbol", [wl.name])
                    return [str(r[0]) for r in rows]
            return _ordered_members(tx, wl.name)

        return await self._db.transaction(read)

    async def save(self, name: str, symbols: Sequence[str], at: datetime) -> list[str]:
        """Make the user's list ``name`` exactly ``symbols`` in this order; returns the
        symbols the cache does not know (they are left out)."""
        key = name.strip().upper()
        if not key or key in RESERVED or key in BASKETS:
            raise WatchlistError(f"{key or 'This name'} is built from the listing and "
                                 "cannot be edited")
        wanted = list(dict.fromkeys(s.strip().upper() for s in symbols if s.strip()))

        def write(tx: Tx) -> list[str]:
            known = {str(r[0]) for r in tx.execute("SELECT symbol FROM instruments")}
            keep = [s for s in wanted if s in known]
            tx.execute("DELETE FROM universe_members WHERE universe = ?", [key])
            if keep:
                tx.executemany("INSERT INTO universe_members VALUES (?, ?)",
                               [(key, s) for s in keep])
            tx.execute("INSERT INTO watchlist_order VALUES (?, ?, ?) ON CONFLICT (universe) "
                       "DO UPDATE SET symbols = excluded.symbols, "
                       "updated_at = excluded.updated_at", [key, keep, at])
            return [s for s in wanted if s not in known]

        return await self._db.transaction(write)

    async def delete(self, name: str) -> None:
        key = name.strip().upper()
        if key == DEFAULT_LIST:
            raise WatchlistError("The default watchlist cannot be deleted")

        def write(tx: Tx) -> None:
            tx.execute("DELETE FROM universe_members WHERE universe = ?", [key])
            tx.execute("DELETE FROM watchlist_order WHERE universe = ?", [key])

        await self._db.transaction(write)


def _ordered_members(tx: Tx, name: str) -> list[str]:
    members = {str(r[0]) for r in tx.execute(
        "SELECT symbol FROM universe_members WHERE universe = ?", [name])}
    row = tx.one("SELECT symbols FROM watchlist_order WHERE universe = ?", [name])
    order = [str(s) for s in (row[0] if row else [])]
    first = [s for s in order if s in members]
    return first + sorted(members - set(first))
