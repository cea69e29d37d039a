"""Scriptable market behaviour: what the exchange does with the simulator's orders.

Nothing fills by itself. A test or demo says what happens::

    sim.scenario.fill("12345678", 100, 21_000)   # by requestID or orderID
    sim.scenario.fill_crossing("SSI", 20_950)     # every live order that crosses
    sim.scenario.reject_next("ORD008")            # next NewOrder: 400 + appendix message
    sim.scenario.reject_next("ORD003", sync=False)  # accepted, then RJ (exchange refusal)
    sim.scenario.end_of_day()                     # expire live orders, settle T+1/T+2

``pending_cancels = True`` leaves cancels in WC until :meth:`confirm_cancels`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from . import book
from .state import SimOrder, SimState


@dataclass(frozen=True)
class Rejection:
    message: str
    sync: bool


class Scenario:
    def __init__(self, state: SimState) -> None:
        self.state = state
        self.pending_cancels = False
        self._rejections: deque[Rejection] = deque()

    # ---- rejections ----------------------------------------------------------------------

    def reject_next(self, code_or_message: str, *, sync: bool = True, count: int = 1) -> None:
        """The next ``count`` NewOrders that pass validation are refused.

        ``code_or_message``: an appendix 7.1 code (e.g. "ORD008") or a message text.
        ``sync``: refused in the NewOrder answer (status 400); else accepted (200) and then
        rejected by the exchange (orderStatus RJ, rejectReason, auditOrderBook
        lastErrorEvent).
        """
        with self.state.lock:
            for _ in range(count):
                self._rejections.append(Rejection(book.appendix_message(code_or_message),
                                                  sync))

    def take_rejection(self) -> Rejection | None:
        with self.state.lock:
            return self._rejections.popleft() if self._rejections else None

    # ---- fills ---------------------------------------------------------------------------

    def _order(self, ref: str) -> SimOrder:
        order = self.state.find_order(ref)
        if order is None:
            raise KeyError(f"no order with orderID or requestID {ref!r}")
        return order

    def fill(self, ref: str, quantity: int | None = None, price: int | None = None) -> SimOrder:
        """Match ``quantity`` (default: all remaining) at ``price`` (default: the order's
        limit, or the market price for market-type orders)."""
        with self.state.lock:
            order = self._order(ref)
            qty = order.remaining if quantity is None else quantity
            if price is None:
                price = order.price or self.state.instruments[order.instrument_id].market_price
            book.fill(self.state, order, qty, price)
            self.state.changed()
            return order

    def fill_crossing(self, symbol: str, price: int) -> list[SimOrder]:
        """Fill every live order on ``symbol`` that trades at ``price``: LO buys at or above,
        LO sells at or below, and every market-type order. Sets the market price."""
        filled = []
        with self.state.lock:
            self.state.instruments[symbol].market_price = price
            for o in self.state.orders:
                if not o.live or o.status == "WC" or o.instrument_id != symbol:
                    continue
                crosses = (o.order_type in book.MARKET_TYPES
                           or (o.buy_sell == "B" and o.price >= price)
                           or (o.buy_sell == "S" and o.price <= price))
                if crosses and o.remaining > 0:
                    book.fill(self.state, o, o.remaining, price)
                    filled.append(o)
            self.state.changed()
        return filled

    def set_price(self, symbol: str, price: int) -> None:
        with self.state.lock:
            self.state.instruments[symbol].market_price = price

    # ---- cancels and the end of the day --------------------------------------------------

    def confirm_cancels(self) -> list[SimOrder]:
        """Complete every cancel left in WC (``pending_cancels``)."""
        with self.state.lock:
            done = [o for o in self.state.orders if o.status == "WC"]
            for o in done:
                book.confirm_cancel(self.state, o)
            self.state.changed()
            return done

    def end_of_day(self) -> list[SimOrder]:
        """Expire every live order (EX), then roll settlement to the next day."""
        with self.state.lock:
            expired = book.expire_open(self.state)
            self.state.changed()
            self.state.advance_day()
            return expired
