"""The dry-run broker's live-tape side: the quote-service listener and the matching of
resting orders against the tape.

Contract: :meth:`TapeMatcher.hear` is the quote service's listener (called on the loop,
never blocks): a "trade" or "quote" event of a symbol with a resting order (an O(1) look
in the :class:`RestingBook`) is queued for one worker that matches events in order under
the broker's lock; any other event costs only noting the feed's session code (to see an
auction end later). Matching is :mod:`..domain.market.tape_matching`'s: a print fills LOs
it reaches, up to its volume in time priority; a book change fills against the best
opposite price, never taking the same displayed level twice for one order; an auction's
end (the feed's session moves on) fills ATO / ATC at its price. :meth:`poll_tape` is the
poll's pass over one order on the tape (auction price once past the auction, the book,
expiry at the day's end). Every fill and expiry goes out through ``report`` with the
broker's running totals (``cum_qty`` / ``cum_value``); the book is updated first.
One bad event is logged and never stops matching.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Protocol

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange
from ..domain.market.quotes import BookLevel, FeedState, Quote, QuoteSource, Trade
from ..domain.market.sessions import SessionPhase, session_phase
from ..domain.market.tape_matching import (
    RestingOrder,
    TapeFill,
    match_auction,
    match_book,
    match_print,
)
from ..domain.money import format_thousands
from ..domain.orders import Order, OrderType, Side
from .bar_fills import AFTER
from .base import ExecutionReport, ReportKind
from .resting_book import RestingBook

log = logging.getLogger(__name__)
P = SessionPhase
AUCTION_ENDS = {"ATO": OrderType.ATO, "ATC": OrderType.ATC}
LIVE_SOURCES = frozenset(s for s in QuoteSource if s is not QuoteSource.BARS)


class FeedStatusLike(Protocol):
    @property
    def state(self) -> FeedState: ...


class LiveMarket(Protocol):
    """What the dry-run broker needs of the quote service (which satisfies it): the newest
    quote, the feed's state, and a listener for every change (kinds ``"quote"``,
    ``"trade"``, ``"feed"``, ...; called on the loop, must not block)."""

    def quote(self, symbol: str) -> Quote | None: ...

    @property
    def feed_status(self) -> FeedStatusLike: ...

    def listen(self, listener: Callable[[str, object], None]) -> Callable[[], None]: ...


def _resting(order: Order) -> RestingOrder:
    req = order.request
    return RestingOrder(req.side, req.order_type, req.price, order.remaining_qty)


class TapeMatcher:
    """See the module docstring. ``book`` and ``lock`` are the broker's; ``clock`` the
    app's market clock (None: an event's own time), used for the time of fills."""

    def __init__(self, book: RestingBook, market: LiveMarket, calendar: TradingCalendar,
                 clock: Callable[[], datetime] | None, lock: asyncio.Lock,
                 report: Callable[[ExecutionReport], Awaitable[None]]) -> None:
        self._book = book
        self._market = market
        self._calendar = calendar
        self._clock = clock
        self._lock = lock
        self._report = report
        self._events: asyncio.Queue[tuple[str, object]] | None = None
        self._worker: asyncio.Task[None] | None = None
        self._sessions: dict[str, str] = {}  # the feed's last session code per symbol
        self._book_seen: dict[str, BookLevel | None] = {}  # per order: best level matched

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    def _now(self, fallback: datetime) -> datetime:
        return self._clock() if self._clock is not None else fallback

    # -- the listener ------------------------------------------------------------------
    def hear(self, kind: str, payload: object) -> None:
        """The quote service's listener: cheap; only events of symbols with resting
        orders are queued for matching (one worker, in order)."""
        if kind not in ("trade", "quote"):
            return
        symbol = getattr(payload, "symbol", "")
        if not self._book.has(symbol):
            self._note_session(kind, payload)  # to see an auction end later
            return
        if self._events is None:
            self._events = asyncio.Queue()
        self._events.put_nowait((kind, payload))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

    @property
    def pending(self) -> int:
        """Events queued and not yet matched."""
        return self._events.qsize() if self._events is not None else 0

    def _note_session(self, kind: str, payload: object) -> None:
        if kind == "quote" and isinstance(payload, Quote) and payload.session:
            self._sessions[payload.symbol] = payload.session.upper()

    async def _work(self) -> None:
        events = self._events
        assert events is not None
        while True:
            kind, payload = await events.get()
            try:
                async with self._lock:
                    await self._on_event(kind, payload)
            except Exception:  # one bad event never stops matching
                log.exception("dry-run matching failed on a %s event", kind)
            finally:
                events.task_done()

    async def drain(self) -> None:
        """Wait until every queued market event has been matched (tests, replay steps)."""
        if self._events is not None:
            await self._events.join()

    # -- matching ----------------------------------------------------------------------
    async def poll_tape(self, order: Order, now: datetime, today: date) -> None:
        req = order.request
        quote = self._market.quote(req.symbol)
        trade_day = to_vn_time(order.created_at).date()
        phase = session_phase(Exchange(req.exchange), now, self._calendar)
        if quote is not None and today == trade_day:
            if req.order_type in AFTER and phase in AFTER[req.order_type]:
                price = quote.open if req.order_type is OrderType.ATO else \
                    (quote.auction_price or quote.last)
                if price and to_vn_time(quote.at).date() == today:
                    fill = match_auction(_resting(order), req.order_type, price)
                    await self._fill(order, fill, now, f"the {req.order_type.value} auction")
            elif phase in (P.ATO, P.CONTINUOUS, P.ATC, P.PLO):
                await self._match_quote_book(order, quote, now, {})
        order = self._book.get(order.id) or order
        if order.id in self._book and (today != trade_day or phase is P.CLOSED):
            self._book.pop(order.id, None)
            await self._report(ExecutionReport(
                order.id, ReportKind.EXPIRED, now,
                reason="end of the trading day: unfilled quantity expired"))

    def _resting_for(self, symbol: str) -> list[Order]:
        """Resting orders of ``symbol``, oldest first (time priority)."""
        return sorted((o for o in self._book.values() if o.request.symbol == symbol
                       and o.remaining_qty > 0), key=lambda o: o.created_at)

    async def _on_event(self, kind: str, payload: object) -> None:
        now = self._now(getattr(payload, "at", None) or datetime.now().astimezone())
        if kind == "trade" and isinstance(payload, Trade):
            left = payload.volume
            for order in self._resting_for(payload.symbol):
                fill = match_print(_resting(order), payload.price, left)
                if fill is not None:
                    left -= fill.quantity
                    await self._fill(order, fill, now, f"a print of {payload.volume:,} at "
                                     f"{format_thousands(payload.price)}")
                if left <= 0:
                    break
        elif kind == "quote" and isinstance(payload, Quote):
            await self._on_quote(payload, now)

    async def _on_quote(self, quote: Quote, now: datetime) -> None:
        before = self._sessions.get(quote.symbol)
        session = (quote.session or "").upper() or before
        if session:
            self._sessions[quote.symbol] = session
        auction = AUCTION_ENDS.get(before or "")
        if auction is not None and session != before:  # that auction is over: its price
            price = quote.open if auction is OrderType.ATO else None
            price = quote.auction_price or price or quote.last
            if price:
                for order in self._resting_for(quote.symbol):
                    fill = match_auction(_resting(order), auction, price)
                    await self._fill(order, fill, now, f"the {auction.value} auction")
        if session in ("ATO", "ATC"):
            return  # no continuous matching while an auction collects orders
        used: dict[Side, int] = {}
        for order in self._resting_for(quote.symbol):
            await self._match_quote_book(order, quote, now, used)

    async def _match_quote_book(self, order: Order, quote: Quote, now: datetime,
                                used: dict[Side, int]) -> None:
        """Match ``order`` against the best opposite price; ``used`` is the volume other
        orders took from each side of this same book already."""
        bid, ask = quote.best_bid, quote.best_ask
        side = order.request.side
        shown = ask if side is Side.BUY else bid
        if self._book_seen.get(order.id) == shown:
            return  # this order took what that book showed already (a poll, a trade-only
            # update): the same displayed volume is never taken twice
        self._book_seen[order.id] = shown
        fill = match_book(_resting(order),
                          bid.price if bid else None,
                          (bid.volume - used.get(Side.SELL, 0)) if bid else None,
                          ask.price if ask else None,
                          (ask.volume - used.get(Side.BUY, 0)) if ask else None)
        if fill is not None:
            used[side] = used.get(side, 0) + fill.quantity
            best = "best ask" if side is Side.BUY else "best bid"
            await self._fill(order, fill, now, f"the {best}")

    async def _fill(self, order: Order, fill: TapeFill | None, now: datetime,
                    what: str) -> None:
        if fill is None or order.id not in self._book:
            return
        order = self._book[order.id]
        qty = min(fill.quantity, order.remaining_qty)
        if qty <= 0:
            return
        cum_qty = order.filled_qty + qty
        cum_value = order.filled_value + qty * fill.price
        after = replace(order, filled_qty=cum_qty, filled_value=cum_value)
        if after.remaining_qty <= 0:
            self._book.pop(order.id, None)
            self._book_seen.pop(order.id, None)
        else:
            self._book[order.id] = after
        source = self._market.quote(order.request.symbol)
        where = "replayed tape" if source is not None and \
            source.source is QuoteSource.REPLAY else "live tape"
        await self._report(ExecutionReport(
            order.id, ReportKind.FILL, now, fill_id=f"{order.id}-F{cum_qty}",
            quantity=qty, price=fill.price, cum_qty=cum_qty, cum_value=cum_value,
            reason=f"dry-run fill of {qty:,} at {format_thousands(fill.price)} on the "
                   f"{where} ({what}, {to_vn_time(now):%H:%M:%S})"))
