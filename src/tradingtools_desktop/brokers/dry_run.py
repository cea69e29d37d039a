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
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
from ..domain.orders import Order, OrderStatus, OrderType, Side
from ..store.db import Database
from ..store.market_repo import quotes_tx
from .base import Broker, ExecutionReport, ReportKind

log = logging.getLogger(__name__)
P = SessionPhase
S = OrderStatus
IMMEDIATE = frozenset({OrderType.MP, OrderType.MTL, OrderType.MOK, OrderType.MAK})
QUOTE_TTL_S = 300.0  # a safety net: new bars invalidate the cache (the OMS's runtime)
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


AUCTION_ENDS = {"ATO": OrderType.ATO, "ATC": OrderType.ATC}
LIVE_SOURCES = frozenset(s for s in QuoteSource if s is not QuoteSource.BARS)


def _day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _resting(order: Order) -> RestingOrder:
    req = order.request
    return RestingOrder(req.side, req.order_type, req.price, order.remaining_qty)


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
        self._book: dict[str, Order] = {}  # resting orders by id, with the fills made here
        self.prices = BarPrices(db)
        self._market = market
        self._clock = clock
        self._stop_listening: Callable[[], None] | None = None
        self._events: asyncio.Queue[tuple[str, object]] | None = None
        self._worker: asyncio.Task[None] | None = None
        self._sessions: dict[str, str] = {}  # the feed's last session code per symbol
        self._book_seen: dict[str, BookLevel | None] = {}  # per order: best level matched
        self._lock = asyncio.Lock()  # one matching pass at a time (events, polls)
        if market is not None:
            self._stop_listening = market.listen(self._hear)

    async def stop(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
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

    def _now(self, fallback: datetime) -> datetime:
        return self._clock() if self._clock is not None else fallback

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
                    await self._poll_tape(order, now, today)
                else:
                    report = self._match_bar(order, now, today,
                                             prices.get(order.request.symbol))
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
            report = self._match_bar(self._book[order.id], now, today, price)
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

    async def _poll_tape(self, order: Order, now: datetime, today: date) -> None:
        assert self._market is not None
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

    # -- the tape (quote service events) -----------------------------------------------
    def _hear(self, kind: str, payload: object) -> None:
        """The quote service's listener: cheap; only events of symbols with resting
        orders are queued for matching (one worker, in order)."""
        if kind not in ("trade", "quote"):
            return
        symbol = getattr(payload, "symbol", "")
        if not any(o.request.symbol == symbol for o in self._book.values()):
            self._note_session(kind, payload)  # to see an auction end later
            return
        if self._events is None:
            self._events = asyncio.Queue()
        self._events.put_nowait((kind, payload))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

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
        source = self._market.quote(order.request.symbol) if self._market else None
        where = "replayed tape" if source is not None and \
            source.source is QuoteSource.REPLAY else "live tape"
        await self._report(ExecutionReport(
            order.id, ReportKind.FILL, now, fill_id=f"{order.id}-F{cum_qty}",
            quantity=qty, price=fill.price, cum_qty=cum_qty, cum_value=cum_value,
            reason=f"dry-run fill of {qty:,} at {format_thousands(fill.price)} on the "
                   f"{where} ({what}, {to_vn_time(now):%H:%M:%S})"))

    # -- the newest bar (no live feed) -------------------------------------------------
    def _match_bar(self, order: Order, now: datetime, today: date,
                   price: DayPrice | None) -> ExecutionReport | None:
        req = order.request
        trade_day = to_vn_time(order.created_at).date()
        phase = session_phase(Exchange(req.exchange), now, self._calendar)
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
