"""The account side of a risk pre-check: cash and positions of one mode as of one day.

Contract: :func:`load_book` reads (in the caller's transaction) the cash ledger, the open
orders' reservations and unfilled sells, and the fills' positions valued at the newest
close into an :class:`AccountBook` (VND, shares); the DB is the source of truth and the
risk service only caches and adjusts these by difference. :func:`copy_book` is a deep
copy; :func:`unfilled_sell` is what one order holds of the sellable shares, counted as
``load_book`` counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.orders import Order, Side
from ..domain.trading_state import TradingMode
from ..store.db import Tx
from ..store.orders_repo import OPEN_SQL


@dataclass
class AccountBook:
    """Cash and positions of one mode as of one day (VND, shares)."""

    cash_available: int = 0
    cash_total: int = 0
    reserved: int = 0
    total: dict[str, int] = field(default_factory=dict)
    settled: dict[str, int] = field(default_factory=dict)
    committed_sells: dict[str, int] = field(default_factory=dict)
    market_value: int = 0

    @property
    def buying_power(self) -> int:
        return self.cash_available - self.reserved

    @property
    def equity(self) -> int:
        return self.cash_total + self.market_value

    def sellable(self, symbol: str) -> int:
        return max(0, self.settled.get(symbol, 0) - self.committed_sells.get(symbol, 0))


def copy_book(book: AccountBook) -> AccountBook:
    return replace(book, total=dict(book.total), settled=dict(book.settled),
                   committed_sells=dict(book.committed_sells))


def load_book(tx: Tx, mode: TradingMode, today: date) -> AccountBook:
    book = AccountBook()
    row = tx.one("SELECT coalesce(sum(amount), 0), coalesce(sum(amount) FILTER "
                 "(WHERE available_on <= ?), 0) FROM cash_ledger", [today])
    if row:
        book.cash_total, book.cash_available = int(row[0]), int(row[1])
    for symbol, reserved, committed in tx.execute(
            f"SELECT symbol, sum(reserved_cash), sum(CASE WHEN side = 'SELL' THEN "
            f"quantity - filled_qty ELSE 0 END) FROM orders WHERE mode = ? AND status IN "
            f"{OPEN_SQL} GROUP BY symbol", [mode.value]):
        book.reserved += int(reserved)
        book.committed_sells[str(symbol)] = int(committed)
    for symbol, total, settled, value in tx.execute(
            "WITH p AS (SELECT symbol, sum(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity "
            "END) AS total, sum(CASE WHEN side = 'BUY' AND settle_date <= ? THEN quantity "
            "WHEN side = 'SELL' THEN -quantity ELSE 0 END) AS settled FROM fills "
            "WHERE mode = ? GROUP BY symbol), px AS (SELECT symbol, arg_max(close, day) AS close "
            "FROM daily_bars WHERE symbol IN (SELECT symbol FROM p) GROUP BY symbol) "
            "SELECT p.symbol, p.total, p.settled, p.total * coalesce(px.close, 0) "
            "FROM p LEFT JOIN px USING (symbol)", [today, mode.value], table="fills"):
        book.total[str(symbol)] = int(total)
        book.settled[str(symbol)] = int(settled)
        book.market_value += int(value)
    return book


def unfilled_sell(order: Order) -> int:
    """What ``order`` holds of the sellable shares (as ``load_book`` counts it)."""
    if order.request.side is not Side.SELL or not order.is_open:
        return 0
    return order.request.quantity - order.filled_qty
