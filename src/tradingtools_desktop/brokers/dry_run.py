"""The dry-run (paper) broker: real VN rules, simulated execution, no money moves.

Execution model, as close to the exchange as cached data allows:
- prices come from the market cache (the newest bar; live quotes when a provider writes
  them there); every fill says which price and day it used;
- LO rests until the price crosses its limit, then fills at the market price (never worse
  than the limit); MP / MTL / MOK / MAK fill at the market price at once;
- ATO fills at the day's open once the ATO session is over; ATC and PLO at the day's close
  once their session is over (the newest price when the day's bar is not there yet);
- whatever is still resting when the exchange closes, or on a later day, EXPIRES.
Fees, tax, T+2 and the cash ledger are the OMS's job (the same for live fills).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import date, datetime

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange
from ..domain.market.sessions import SessionPhase, session_phase
from ..domain.orders import Order, OrderType, Side
from ..store.db import Database
from ..store.market_repo import quotes_tx
from .base import ExecutionReport, ReportHandler, ReportKind

P = SessionPhase
IMMEDIATE = frozenset({OrderType.MP, OrderType.MTL, OrderType.MOK, OrderType.MAK})
QUOTE_TTL_S = 5.0
AFTER: dict[OrderType, frozenset[SessionPhase]] = {
    OrderType.ATO: frozenset({P.CONTINUOUS, P.LUNCH, P.ATC, P.PLO, P.CLOSED}),
    OrderType.ATC: frozenset({P.PLO, P.CLOSED}),
    OrderType.PLO: frozenset({P.CLOSED}),
}


@dataclass
class _Resting:
    order: Order
    trade_day: object  # date the order was placed (Vietnam time)


class DryRunBroker:
    name = "dry-run"

    def __init__(self, db: Database, calendar: TradingCalendar) -> None:
        self._db = db
        self._calendar = calendar
        self._book: dict[str, _Resting] = {}
        self._handler: ReportHandler | None = None
        self._ids = itertools.count(1)
        self._quotes: dict[str, tuple[tuple[int, int, object], float]] = {}

    def set_report_handler(self, handler: ReportHandler) -> None:
        self._handler = handler

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self._book.clear()

    def restore(self, orders: list[Order]) -> None:
        """Re-rest the OMS's open dry-run orders after a restart."""
        for order in orders:
            self._book[order.id] = _Resting(order, to_vn_time(order.created_at).date())

    async def place(self, order: Order) -> ExecutionReport:
        self._book[order.id] = _Resting(order, to_vn_time(order.created_at).date())
        return ExecutionReport(order.id, ReportKind.ACCEPTED, order.created_at,
                               broker_order_id=f"DRY-{order.id[:12]}")

    async def cancel(self, order: Order) -> ExecutionReport:
        if self._book.pop(order.id, None) is None:
            return ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, order.updated_at,
                                   reason="the order is no longer resting (filled or expired)")
        return ExecutionReport(order.id, ReportKind.CANCELLED, order.updated_at)

    async def find_order(self, order: Order) -> ExecutionReport | None:
        if order.id in self._book:
            return ExecutionReport(order.id, ReportKind.ACCEPTED, order.updated_at)
        return None

    async def _quotes_for(self, symbols: list[str],
                          today: date) -> dict[str, tuple[int, int, object]]:
        """Newest (open, close, day) per symbol; cached for QUOTE_TTL_S of wall time so a
        placement's immediate match costs no query (prices change only on data updates)."""
        missing = [s for s in symbols if s not in self._quotes
                   or time.monotonic() - self._quotes[s][1] > QUOTE_TTL_S]
        if missing:
            quotes = await self._db.call(lambda tx: quotes_tx(tx, missing, today))
            fresh = {s: (q.open, q.close, q.day) for s, q in quotes.items()}
            stamp = time.monotonic()
            for symbol, quote in fresh.items():
                self._quotes[symbol] = (quote, stamp)
        return {s: self._quotes[s][0] for s in symbols if s in self._quotes}

    def invalidate_quotes(self) -> None:
        self._quotes.clear()

    def resting(self) -> list[Order]:
        return [r.order for r in self._book.values()]

    async def poll(self, now: datetime, order_ids: list[str] | None = None) -> None:
        """Match resting orders (all, or just ``order_ids``) against the newest prices;
        push fills and expiries."""
        if not self._book or self._handler is None:
            return
        book = [self._book[i] for i in order_ids if i in self._book] if order_ids is not None \
            else list(self._book.values())
        if not book:
            return
        symbols = sorted({r.order.request.symbol for r in book})
        today = to_vn_time(now).date()

        prices = await self._quotes_for(symbols, today)
        for rest in book:
            report = self._match(rest, now, today, prices)
            if report is not None:
                self._book.pop(rest.order.id, None)
                await self._handler(report)

    def _match(self, rest: _Resting, now: datetime, today: object,
               prices: dict[str, tuple[int, int, object]]) -> ExecutionReport | None:
        order = rest.order
        req = order.request
        phase = session_phase(Exchange(req.exchange), now, self._calendar)
        quote = prices.get(req.symbol)
        day_over = today != rest.trade_day or phase is P.CLOSED
        if quote is not None:
            open_, close, day = quote
            fill_price: int | None = None
            if req.order_type in IMMEDIATE:
                fill_price = close
            elif req.order_type in AFTER:
                if phase in AFTER[req.order_type] or today != rest.trade_day:
                    at_open = req.order_type is OrderType.ATO and day == rest.trade_day
                    fill_price = open_ if at_open else close
            elif req.order_type is OrderType.LO and not day_over:
                limit = req.price or 0
                crosses = close <= limit if req.side is Side.BUY else close >= limit
                if crosses and phase in (P.ATO, P.CONTINUOUS, P.ATC, P.PLO):
                    fill_price = close
            if fill_price is not None:
                return ExecutionReport(
                    order.id, ReportKind.FILL, now, fill_id=f"{order.id}-F{next(self._ids)}",
                    quantity=order.remaining_qty, price=fill_price,
                    reason=f"dry-run fill at {fill_price:,} (price of {day})")
        if day_over:
            return ExecutionReport(order.id, ReportKind.EXPIRED, now,
                                   reason="end of the trading day: unfilled quantity expired")
        return None
