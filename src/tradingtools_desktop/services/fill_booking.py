"""How a fill is booked, in the transaction that applies it to its order.

Every fill: the fill row with its trade date and T+2 settle date (de-duplicated by fill id).
Dry-run fills also move the practice cash ledger: a buy's value and fee leave on the trade
day; a sale's proceeds arrive on the settle date (the trade day with cash advance) while
its tax and fee leave on the trade day. Live cash is the broker's; nothing is booked for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..domain.market.fees import TradeCosts
from ..domain.orders import Fill, Order, Side
from ..domain.trading_state import TradingMode
from ..store.db import Tx
from ..store.ledger_repo import LedgerRepository
from ..store.orders_repo import OrderRepository


def fill_booking(fill: Fill, order: Order, *, costs: TradeCosts, trade_day: date,
                 settle: date, cash_advance: bool) -> Callable[[Tx], None]:
    """The writer of ``fill`` on ``order`` (of the order's mode); raises FillReplayed in
    the transaction for a fill id booked before."""
    req = order.request

    def book(tx: Tx) -> None:
        OrderRepository.insert_fill_tx(tx, fill, mode=order.mode, symbol=req.symbol,
                                       exchange=req.exchange.value, side=req.side.value,
                                       trade_date=trade_day, settle_date=settle)
        if order.mode is not TradingMode.DRY_RUN:
            return
        ledger = LedgerRepository.book_tx
        ids = {"order_id": order.id, "fill_id": fill.fill_id}
        if req.side is Side.BUY:
            ledger(tx, at=fill.at, kind="BUY", amount=-costs.value, available_on=trade_day,
                   **ids)
        else:
            ledger(tx, at=fill.at, kind="SELL", amount=costs.value,
                   available_on=trade_day if cash_advance else settle,
                   note="cash advance" if cash_advance else "", **ids)
            ledger(tx, at=fill.at, kind="TAX", amount=-costs.tax, available_on=trade_day, **ids)
        ledger(tx, at=fill.at, kind="FEE", amount=-costs.fee, available_on=trade_day, **ids)

    return book
