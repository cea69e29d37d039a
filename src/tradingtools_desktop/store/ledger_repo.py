"""The dry-run account: a cash ledger and positions derived from fills.

Cash rows carry the day they become available: a sale's proceeds on T+2 (unless the profile
uses cash advance), a purchase's cost at once. Positions are computed from ``fills``: shares
bought on T are sellable from their settle date (T+2 trading days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .db import Database, Tx


@dataclass(frozen=True, slots=True)
class CashBalance:
    total: int  # everything booked, including sale proceeds not yet settled
    available: int  # usable today
    reserved: int  # held for open buy orders

    @property
    def buying_power(self) -> int:
        return self.available - self.reserved


@dataclass(frozen=True, slots=True)
class PositionQty:
    symbol: str
    exchange: str
    total: int
    sellable: int  # settled and not committed to an open sell order
    pending: int  # bought, not yet settled (T+2)
    cost: int  # total cost of the shares held (average-cost method), fees included


class LedgerRepository:
    def __init__(self, db: Database, mode: str = "DRY_RUN") -> None:
        self._db = db
        self._mode = mode

    @staticmethod
    def book_tx(tx: Tx, *, at: datetime, kind: str, amount: int, available_on: date,
                order_id: str | None = None, fill_id: str | None = None,
                note: str = "") -> None:
        tx.execute(
            "INSERT INTO cash_ledger (booked_at, kind, amount, available_on, order_id, fill_id, "
            "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [at, kind, amount, available_on, order_id, fill_id, note])

    async def deposit_if_empty(self, amount: int, at: datetime, note: str) -> bool:
        def write(tx: Tx) -> bool:
            row = tx.one("SELECT count(*) FROM cash_ledger")
            if row and row[0]:
                return False
            self.book_tx(tx, at=at, kind="DEPOSIT", amount=amount, available_on=at.date(),
                         note=note)
            return True

        return await self._db.transaction(write)

    async def deposit(self, amount: int, at: datetime, note: str) -> None:
        await self._db.call(lambda tx: self.book_tx(
            tx, at=at, kind="DEPOSIT", amount=amount, available_on=at.date(), note=note))

    async def balance(self, today: date) -> CashBalance:
        def read(tx: Tx) -> CashBalance:
            row = tx.one(
                "SELECT coalesce(sum(amount), 0), "
                "coalesce(sum(amount) FILTER (WHERE available_on <= ?), 0) FROM cash_ledger",
                [today])
            reserved = tx.one(
                "SELECT coalesce(sum(reserved_cash), 0) FROM orders WHERE mode = ? AND status IN "
                "('NEW', 'PENDING_SUBMIT', 'SUBMITTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL')",
                [self._mode])
            total, available = (int(row[0]), int(row[1])) if row else (0, 0)
            return CashBalance(total, available, int(reserved[0]) if reserved else 0)

        return await self._db.call(read)

    async def positions(self, today: date) -> list[PositionQty]:
        rows = await self._db.execute(
            """
            WITH f AS (
                SELECT symbol, any_value(exchange) AS exchange,
                       sum(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS total,
                       sum(CASE WHEN side = 'BUY' AND settle_date <= ? THEN quantity
                                WHEN side = 'SELL' THEN -quantity ELSE 0 END) AS settled,
                       sum(CASE WHEN side = 'BUY' AND settle_date > ? THEN quantity ELSE 0 END)
                           AS pending
                FROM fills WHERE mode = ? GROUP BY symbol
            ), o AS (
                SELECT symbol, sum(quantity - filled_qty) AS committed FROM orders
                WHERE mode = ? AND side = 'SELL' AND status IN
                    ('NEW', 'PENDING_SUBMIT', 'SUBMITTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL')
                GROUP BY symbol
            )
            SELECT f.symbol, f.exchange, f.total, f.settled - coalesce(o.committed, 0),
                   f.pending
            FROM f LEFT JOIN o USING (symbol) WHERE f.total <> 0 ORDER BY f.symbol
            """,
            [today, today, self._mode, self._mode], table="fills")
        costs = await self._avg_costs()
        return [PositionQty(str(s), str(e), int(t), max(0, int(sl)), int(p), costs.get(str(s), 0))
                for s, e, t, sl, p in rows]

    async def _avg_costs(self) -> dict[str, int]:
        """Average-cost method: buys add cost (fees included), sells remove cost pro rata."""
        rows = await self._db.execute(
            "SELECT symbol, side, quantity, price, fee FROM fills WHERE mode = ? "
            "ORDER BY filled_at, fill_id", [self._mode])
        qty: dict[str, int] = {}
        cost: dict[str, int] = {}
        for symbol, side, q, price, fee in rows:
            s = str(symbol)
            held, c = qty.get(s, 0), cost.get(s, 0)
            if side == "BUY":
                qty[s], cost[s] = held + int(q), c + int(q) * int(price) + int(fee)
            elif held > 0:
                removed = c * int(q) // held
                qty[s], cost[s] = held - int(q), c - removed
        return cost
