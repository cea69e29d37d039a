"""The dry-run (paper) broker: real VN rules, simulated execution, no money moves.

Two sources of execution, and every fill says which one it came from:

- **the live tape** (a quote service whose feed is not OLD, with a quote for the symbol
  from a live or replayed source): resting orders are matched by
  :mod:`..domain.market.tape_matching` against every print, book change and auction
  result the market reports — an LO fills when a print reaches its limit (at the limit, up
  to the printed volume, shared between resting orders in time priority) or when the best
  opposite price crosses it (at that price, up to its volume); MP / MTL / MOK / MAK take
  the best opposite price; ATO / ATC fill at the auction price when the auction ends (the
  feed's session moves on), or at the day's open / last price once the clock is past it.
  Fills may be partial; each carries the broker's running totals (``cum_qty`` /
  ``cum_value``) so the OMS books each share once.
- **the newest bar** (no live feed, or no quote for the symbol): :class:`BarPrices`, the
  newest cached daily bar per symbol. LO rests until the bar's close crosses its limit;
  market types fill at the close at once; ATO at the day's open after the ATO session,
  ATC / PLO at the close after theirs. Such a fill says "on the bar of <day> — no live
  feed".

Whatever is still resting when the exchange closes, or on a later day, EXPIRES. A modify
of a resting LO order takes effect at once (its new price may cross). Fees, tax, T+2 and
the cash ledger are the OMS's job (the same for live fills): fills go back through the
report handler, the one write path. The book is in memory: ``restore`` rebuilds it from
the OMS's open orders after a restart, so it answers every placement at once and
``find_order`` is final (acceptance window 0).

The tape's listener and matching are :mod:`.tape_listener`'s, the bar prices and fills
:mod:`.bar_fills`'s, the book of resting orders :mod:`.resting_book`'s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.quotes import FeedState
from ..domain.orders import Order, OrderStatus
from ..store.db import Database
from .bar_fills import BarPrices, match_bar
from .base import Broker, ExecutionReport, ReportKind
from .resting_book import RestingBook
from .tape_listener import LIVE_SOURCES, LiveMarket, TapeMatcher

__all__ = ["RESTING", "DryRunBroker"]

S = OrderStatus
RESTING = frozenset({S.SUBMITTED, S.PARTIALLY_FILLED, S.PENDING_CANCEL, S.PENDING_MODIFY})


class DryRunBroker(Broker):
    """See the module docstring. ``market`` is the quote service (None: bars only);
    ``clock`` the app's market clock (real, frozen or replay), used for the time of
    fills the tape triggers."""

    name = "dry-run"
    acknowledges_synchronously = True  # place() answers in memory, without I/O

    def __init__(self, db: Database, calendar: TradingCalendar,
                 market: LiveMarket | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._calendar = calendar
        self._book = RestingBook()  # resting orders by id, with the fills made here
        self.prices = BarPrices(db)
        self._market = market
        self._lock = asyncio.Lock()  # one matching pass at a time (events, polls)
        self._stop_listening: Callable[[], None] | None = None
        self._tape: TapeMatcher | None = None
        if market is not None:
            self._tape = TapeMatcher(self._book, market, calendar, clock, self._lock,
                                     self._report)
            self._stop_listening = market.listen(self._tape.hear)

    async def stop(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        if self._tape is not None:
            await self._tape.stop()
        self._book.clear()

    async def restore(self, orders: Sequence[Order]) -> None:
        """Re-rest the OMS's working dry-run orders after a restart."""
        for order in orders:
            if order.status in RESTING:
                self._book[order.id] = order

    async def place(self, order: Order) -> ExecutionReport:
        self._book[order.id] = order
        if self.on_tape(order.request.symbol):
            tape = "replayed" if self.replaying else "live"
            why = f"accepted (dry-run): matched against the {tape} tape"
        elif self.replaying:
            why = ("accepted (dry-run): this replay has no prices for "
                   f"{order.request.symbol}; it rests until the day ends")
        else:
            why = "accepted (dry-run): no live feed, fills at the newest bar"
        return ExecutionReport(order.id, ReportKind.ACCEPTED, order.created_at,
                               broker_order_id=f"DRY-{order.id[:12]}", reason=why)

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
        self._book[order.id] = replace(resting, request=replace(resting.request, price=price,
                                                                quantity=quantity))
        return ExecutionReport(order.id, ReportKind.MODIFIED, order.updated_at,
                               quantity=quantity, price=price,
                               reason=f"modified: {quantity:,} @ {price:,}")

    async def find_order(self, order: Order) -> list[ExecutionReport] | None:
        if order.id in self._book:
            return [ExecutionReport(order.id, ReportKind.ACCEPTED, order.updated_at,
                                    broker_order_id=f"DRY-{order.id[:12]}")]
        return None

    # -- where prices come from --------------------------------------------------------
    @property
    def replaying(self) -> bool:
        """A replay drives the market: symbols it does not have never fall back to bars."""
        market = self._market
        return market is not None and market.feed_status.state is FeedState.REPLAY

    def on_tape(self, symbol: str) -> bool:
        """Whether ``symbol``'s dry-run orders match the live (or replayed) tape now."""
        market = self._market
        if market is None or market.feed_status.state is FeedState.OLD:
            return False
        quote = market.quote(symbol)
        return quote is not None and quote.source in LIVE_SOURCES


    # -- polling (placements, the OMS's poller) ----------------------------------------
    async def poll(self, orders: Sequence[Order], now: datetime) -> None:
        """Match the given orders that rest here against the newest prices (the tape's
        book, else the newest bar); push fills and expiries."""
        async with self._lock:
            book = [o for o in orders if o.id in self._book]
            for order in book:  # the OMS's record is the newest word on changes ...
                if order.status in RESTING:
                    self._sync(order)
            book = [self._book[o.id] for o in book if o.id in self._book]
            if not book:
                return
            today = to_vn_time(now).date()
            bar_symbols = [] if self.replaying else sorted(
                {o.request.symbol for o in book if not self.on_tape(o.request.symbol)})
            prices = await self.prices.prices(bar_symbols, today) if bar_symbols else {}
            for order in book:
                if self.on_tape(order.request.symbol) or self.replaying:
                    assert self._tape is not None  # on the tape: there is a market
                    await self._tape.poll_tape(order, now, today)
                else:
                    report = match_bar(order, now, today,
                                       prices.get(order.request.symbol), self._calendar)
                    if report is not None:
                        self._book.pop(order.id, None)
                        await self._report(report)

    async def at_once(self, order: Order, now: datetime) -> list[ExecutionReport]:
        """A just-accepted order priced on the newest bar (no live or replayed tape for
        it): its fill at once when the bar crosses it (what :meth:`poll` would push next),
        returned for the OMS to write with the placement. On the tape: nothing here (the
        tape's events and polls fill it)."""
        symbol = order.request.symbol
        async with self._lock:
            if order.id not in self._book or self.replaying or self.on_tape(symbol):
                return []
            today = to_vn_time(now).date()
            price = (await self.prices.prices([symbol], today)).get(symbol)
            report = match_bar(self._book[order.id], now, today, price, self._calendar)
            if report is None or report.kind is not ReportKind.FILL:
                return []
            self._book.pop(order.id, None)
            return [report]

    def _sync(self, order: Order) -> None:
        """... except on fills this broker made and the OMS has not booked yet."""
        mine = self._book.get(order.id)
        if mine is not None and mine.filled_qty > order.filled_qty:
            order = replace(order, filled_qty=mine.filled_qty, filled_value=mine.filled_value)
        self._book[order.id] = order


    async def drain(self) -> None:
        """Wait until every queued market event has been matched (tests, replay steps)."""
        if self._tape is not None:
            await self._tape.drain()

