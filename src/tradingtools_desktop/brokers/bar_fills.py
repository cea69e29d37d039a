"""Dry-run fills priced on the newest daily bar (no live feed, or no quote for the symbol).

Contract: :class:`BarPrices` caches the newest daily bar of each symbol (its open, close
and day) until ``invalidate`` (new market data) or QUOTE_TTL_S of wall time.
:meth:`BarPrices.fill_price` is the price an order trades at now on such a bar, or None
while it rests: market types (IMMEDIATE) fill at the close at once; ATO at the day's open
once the ATO session is over, ATC / PLO at the close after theirs (AFTER: the phases past
each auction); an LO of today fills at the close when the close crosses its limit in a
matching session. :func:`match_bar` turns that into the broker's report: a FILL of the
whole remaining quantity ("on the bar of <day> — no live feed"), an EXPIRED once the
trading day is over, else None. Pure apart from the cache's one read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange
from ..domain.market.sessions import SessionPhase, session_phase
from ..domain.money import format_thousands
from ..domain.orders import Order, OrderType, Side
from ..store.db import Database
from ..store.market_repo import quotes_tx
from .base import ExecutionReport, ReportKind

P = SessionPhase
IMMEDIATE = frozenset({OrderType.MP, OrderType.MTL, OrderType.MOK, OrderType.MAK})
QUOTE_TTL_S = 300.0  # a safety net: new bars invalidate the cache (the OMS's runtime)
AFTER: dict[OrderType, frozenset[SessionPhase]] = {
    OrderType.ATO: frozenset({P.CONTINUOUS, P.LUNCH, P.ATC, P.PLO, P.CLOSED}),
    OrderType.ATC: frozenset({P.PLO, P.CLOSED}),
    OrderType.PLO: frozenset({P.CLOSED}),
}


@dataclass(frozen=True, slots=True)
class DayPrice:
    open: int
    close: int
    day: date


class BarPrices:
    """What dry-run orders trade at: the newest cached daily bar of each symbol, kept
    until the market data changes (``invalidate``: the runtime ties it to the risk
    service's ``invalidate_market``, called after every data update) or QUOTE_TTL_S of
    wall time at most, so a placement's immediate match costs no query."""

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


def _day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def match_bar(order: Order, now: datetime, today: date, price: DayPrice | None,
              calendar: TradingCalendar) -> ExecutionReport | None:
    """``order``'s report on the bar ``price`` at ``now`` (see the module docstring)."""
    req = order.request
    trade_day = to_vn_time(order.created_at).date()
    phase = session_phase(Exchange(req.exchange), now, calendar)
    if price is not None and order.remaining_qty > 0:
        fill_price = BarPrices.fill_price(order, price, phase, today, trade_day)
        if fill_price is not None:
            qty = order.remaining_qty
            cum = order.filled_qty + qty
            return ExecutionReport(
                order.id, ReportKind.FILL, now, fill_id=f"{order.id}-F{cum}",
                quantity=qty, price=fill_price, cum_qty=cum,
                cum_value=order.filled_value + qty * fill_price,
                reason=f"dry-run fill at {format_thousands(fill_price)} on the bar of "
                       f"{_day_text(price.day)} — no live feed")
    if today != trade_day or phase is P.CLOSED:
        return ExecutionReport(order.id, ReportKind.EXPIRED, now,
                               reason="end of the trading day: unfilled quantity expired")
    return None
