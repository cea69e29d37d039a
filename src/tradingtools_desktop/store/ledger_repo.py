"""The dry-run cash ledger.

Cash rows carry the day they become available: a sale's proceeds on T+2 (unless the profile
uses cash advance), a purchase's cost at once. Positions and their cost are derived from
``fills`` by ``domain.pnl`` (see ``services.portfolio``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..domain.trading_state import TradingMode
from .db import Database, Tx
from .orders_repo import OPEN_SQL

PRACTICE_EPOCH = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class CashBalance:
    total: int  # everything booked, including sale proceeds not yet settled
    available: int  # usable today
    reserved: int  # held for open buy orders

    @property
    def buying_power(self) -> int:
        return self.available - self.reserved


class LedgerRepository:
    def __init__(self, db: Database, mode: TradingMode = TradingMode.DRY_RUN) -> None:
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
            # the starting cash is there on any practice day, also under a frozen practice
            # clock set before the day the profile was made
            self.book_tx(tx, at=at, kind="DEPOSIT", amount=amount,
                         available_on=PRACTICE_EPOCH, note=note)
            return True

        return await self._db.transaction(write)

    async def set_starting_cash(self, amount: int, note: str) -> bool:
        """Change the dry-run starting deposit while practice has not begun (the ledger holds
        that one deposit and nothing else); False, and nothing changed, once it has."""
        def write(tx: Tx) -> bool:
            rows = tx.execute("SELECT kind FROM cash_ledger")
            if len(rows) != 1 or rows[0][0] != "DEPOSIT":
                return False
            tx.execute("UPDATE cash_ledger SET amount = ?, note = ? WHERE kind = 'DEPOSIT'",
                       [amount, note])
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
                f"SELECT coalesce(sum(reserved_cash), 0) FROM orders WHERE mode = ? AND status IN "
                f"{OPEN_SQL}", [self._mode.value])
            total, available = (int(row[0]), int(row[1])) if row else (0, 0)
            return CashBalance(total, available, int(reserved[0]) if reserved else 0)

        return await self._db.call(read)
