"""The dry-run (paper) broker: real VN rules, simulated execution, no money moves.

Execution model, as close to the exchange as cached data allows:
- prices come from :class:`BarPrices` (the newest cached bar per symbol) — the one place
  that says what a dry-run order trades at; a live-quote source replaces it there;
- LO rests until the price crosses its limit, then fills at the market price (never worse
  than the limit); MP / MTL / MOK / MAK fill at the market price at once;
- ATO fills at the day's open once the ATO session is over; ATC and PLO at the day's close
  once their session is over (the newest price when the day's bar is not there yet);
- whatever is still resting when the exchange closes, or on a later day, EXPIRES;
- a modify of a resting LO order takes effect at once (its new price may cross).
Fees, tax, T+2 and the cash ledger are the OMS's job (the same for live fills). Its book
is in memory: ``restore`` rebuilds it from the OMS's open orders after a restart, so it
answers every placement at once and ``find_order`` is final (acceptance window 0).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange
from ..domain.market.sessions import SessionPhase, session_phase
from ..domain.orders import Order, OrderStatus, OrderType, Side
from ..store.db import Database
from ..store.market_repo import quotes_tx
from .base import Broker, ExecutionReport, ReportKind

P = SessionPhase
S = OrderStatus
IMMEDIATE = frozenset({OrderType.MP, OrderType.MTL, OrderType.MOK, OrderType.MAK})
QUOTE_TTL_S = 5.0
AFTER: dict[OrderType, frozenset[SessionPhase]] = {
    OrderType.ATO: frozenset({P.CONTINUOUS, P.LUNCH, P.ATC, P.PLO, P.CLOSED}),
    OrderType.ATC: frozenset({P.PLO, P.CLOSED}),
    OrderType.PLO: frozenset({P.CLOSED}),
}
RESTING = frozenset({S.SUBMITTED, S.PARTIALLY_FILLED, S.PENDING_CANCEL, S.PENDING_MODIFY})


@dataclass(frozen=True, slots=True)
class DayPrice:
    open: int
    close: int
    day: date


class BarPrices:
    """What dry-run orders trade at: the newest cached daily bar of each symbol, kept for
    QUOTE_TTL_S of wall time so a placement's immediate match costs no query (the cache
    changes only on data updates)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[str, tuple[DayPrice, float]] = {}

    async def prices(self, symbols: list[str], today: date) -> dict[str, DayPrice]:
        missing = [s for s in symbols if s not in self._cache
                   or time.monotonic() - self._cache[s][1] > QUOTE_TTL_S]
        if missing:
            quotes = await self._db.call(lambda tx: quotes_tx(tx, missing, today))
            stamp = time.monotonic()
            for symbol, q in quotes.items():
                self._cache[symbol] = (DayPrice(q.open, q.close, q.day), stamp)
        return {s: self._cache[s][0] for s in symbols if s in self._cache}

    def invalidate(self) -> None:
        self._cache.clear()

    @staticmethod
    def fill_price(order: Order, price: DayPrice, phase: SessionPhase, today: date,
                   trade_day: date) -> int | None:
        """The price ``order`` trades at now, or None while it keeps resting."""
        req = order.request
        if req.order_type in IMMEDIATE:
            return price.close
        if req.order_type in AFTER:
            if phase in AFTER[req.order_type] or today != trade_day:
                at_open = req.order_type is OrderType.ATO and price.day == trade_day
                return price.open if at_open else price.close
            return None
        if req.order_type is OrderType.LO and today == trade_day and phase is not P.CLOSED:
            limit = req.price or 0
            crosses = price.close <= limit if req.side is Side.BUY else price.close >= limit
            if crosses and phase in (P.ATO, P.CONTINUOUS, P.ATC, P.PLO):
                return price.close
        return None


class DryRunBroker(Broker):
    name = "dry-run"
    acknowledges_synchronously = True  # place() answers in memory, without I/O

    def __init__(self, db: Database, calendar: TradingCalendar) -> None:
        super().__init__()
        self._calendar = calendar
        self._book: dict[str, Order] = {}  # resting orders by id, as last confirmed
        self.prices = BarPrices(db)

    async def stop(self) -> None:
        self._book.clear()

    async def restore(self, orders: Sequence[Order]) -> None:
        """Re-rest the OMS's working dry-run orders after a restart."""
        for order in orders:
            if order.status in RESTING:
                self._book[order.id] = order

    async def place(self, order: Order) -> ExecutionReport:
        self._book[order.id] = order
        return ExecutionReport(order.id, ReportKind.ACCEPTED, order.created_at,
                               broker_order_id=f"DRY-{order.id[:12]}")

    async def cancel(self, order: Order) -> ExecutionReport:
        if self._book.pop(order.id, None) is None:
            return ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, order.updated_at,
                                   reason="the order is no longer resting (filled or expired)")
        return ExecutionReport(order.id, ReportKind.CANCELLED, order.updated_at)

    async def modify(self, order: Order, *, price: int, quantity: int) -> ExecutionReport:
        resting = self._book.get(order.id)
        if resting is None:
            return ExecutionReport(order.id, ReportKind.MODIFY_REJECTED, order.updated_at,
                                   reason="the order is no longer resting (filled or expired)")
        self._book[order.id] = replace(order, request=replace(order.request, price=price,
                                                              quantity=quantity))
        return ExecutionReport(order.id, ReportKind.MODIFIED, order.updated_at,
                               quantity=quantity, price=price,
                               reason=f"modified: {quantity:,} @ {price:,}")

    async def find_order(self, order: Order) -> list[ExecutionReport] | None:
        if order.id in self._book:
            return [ExecutionReport(order.id, ReportKind.ACCEPTED, order.updated_at,
                                    broker_order_id=f"DRY-{order.id[:12]}")]
        return None

    async def poll(self, orders: Sequence[Order], now: datetime) -> None:
        """Match the given orders that rest here against the newest prices; push fills and
        expiries."""
        book = [o for o in orders if o.id in self._book]
        if not book:
            return
        for order in book:  # the OMS's record is the newest word on fills and changes
            if order.status in RESTING:
                self._book[order.id] = order
        today = to_vn_time(now).date()
        prices = await self.prices.prices(sorted({o.request.symbol for o in book}), today)
        for order in book:
            report = self._match(order, now, today, prices.get(order.request.symbol))
            if report is not None:
                self._book.pop(order.id, None)
                await self._report(report)

    def _match(self, order: Order, now: datetime, today: date,
               price: DayPrice | None) -> ExecutionReport | None:
        req = order.request
        trade_day = to_vn_time(order.created_at).date()
        phase = session_phase(Exchange(req.exchange), now, self._calendar)
        if price is not None and order.remaining_qty > 0:
            fill_price = BarPrices.fill_price(order, price, phase, today, trade_day)
            if fill_price is not None:
                cum = order.filled_qty + order.remaining_qty
                return ExecutionReport(
                    order.id, ReportKind.FILL, now, fill_id=f"{order.id}-F{cum}",
                    quantity=order.remaining_qty, price=fill_price,
                    reason=f"dry-run fill at {fill_price:,} (price of {price.day})")
        if today != trade_day or phase is P.CLOSED:
            return ExecutionReport(order.id, ReportKind.EXPIRED, now,
                                   reason="end of the trading day: unfilled quantity expired")
        return None
