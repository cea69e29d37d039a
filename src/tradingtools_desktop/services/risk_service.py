"""Gathers the RiskContext for a ticket and keeps the risk counters and limits.

Limits (``risk_limits``) and the COOLDOWN / RATE_LIMIT windows (read back from ``orders``)
are persisted and loaded on start, so a restart resets nothing. A pre-check reads no DB on
the hot path: the market snapshot is cached per symbol and day (``invalidate_market`` after
a data import) and the account book per mode and day; the OMS updates the book for a
placement and by difference for every change of a reservation or of an unfilled sell
(cancels, expiries, rejections, modifies: :meth:`RiskService.order_changed`), and marks it
dirty after a fill (cash and positions moved), which makes the next check reload it from
the DB, the source of truth.

The pacing checks (RATE_LIMIT, COOLDOWN) count real elapsed time: see
:mod:`.risk_pacing`. The market snapshot and the account book are read by
:mod:`.risk_market` and :mod:`.risk_book` (re-exported here for the code that imports them
from this module).

What this service does not own it asks its owner for, at every check (providers given at
construction, never fields others write into): the trading state and mode
(:class:`TradingStateService`), whether live is armed and the guardrails' problems
(:class:`LiveGate`, written only by the guardrails), the live account book (the live
broker link's latest account read) and the cash-advance setting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Protocol

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.fees import FeeSchedule
from ..domain.orders import Order, OrderRequest, Side
from ..domain.risk import RiskCode, RiskContext, RiskDecision, RiskLimits, evaluate
from ..domain.trading_state import TradingMode
from ..store.app_state import AppStateRepository
from ..store.db import Database, Tx
from ..store.risk_repo import RiskRepository
from .clock import Clock
from .risk_book import AccountBook, copy_book, load_book, unfilled_sell
from .risk_market import MarketSnapshot, QuoteReader, load_market, with_quote
from .risk_pacing import Pacing
from .trading_state import TradingStateService

__all__ = ["AccountBook", "LiveBook", "LiveGate", "MarketSnapshot", "QuoteReader",
           "RiskService", "equity_key", "with_quote"]

log = logging.getLogger(__name__)


class LiveGate(Protocol):
    """Whether live trading is armed, and what the guardrails found wrong last time."""

    @property
    def armed(self) -> bool: ...

    @property
    def problems(self) -> tuple[str, ...]: ...


LiveBook = Callable[[], AccountBook | None]


def equity_key(mode: TradingMode) -> str:
    """The app_state key prefix of a mode's daily equity at the open (dry-run keeps the
    original name, so existing profiles keep their history)."""
    return "equity_open" if mode is TradingMode.DRY_RUN else "equity_open_live"


class RiskService:
    def __init__(self, db: Database, repo: RiskRepository, trading: TradingStateService,
                 clock: Clock, calendar: TradingCalendar, fees: FeeSchedule, *,
                 gate: LiveGate, live_book: LiveBook = lambda: None,
                 cash_advance: Callable[[], bool] = lambda: False,
                 quotes: QuoteReader | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 market_time_paces: bool = True) -> None:
        self._db = db
        self._repo = repo
        self._trading = trading
        self._clock = clock
        self._app_state = AppStateRepository(db)
        self.calendar = calendar
        self.fees = fees
        self.limits = RiskLimits()
        # recent rejects and placements, for the pacing checks (real elapsed time)
        self._pacing = Pacing(monotonic, market_time_paces)
        self._markets: dict[tuple[str, date], MarketSnapshot] = {}
        self._books: dict[tuple[TradingMode, date], AccountBook] = {}
        self._market_listeners: list[Callable[[], None]] = []
        self._gate = gate
        self._live_book = live_book
        self.cash_advance = cash_advance  # sale cash usable on T instead of T+2?
        self._quotes = quotes  # the quote service: today's band, price and status
        # the live book as read from the broker, and our copy of it with the placements
        # made since (the broker's next read includes them)
        self._live_source: AccountBook | None = None
        self._live_copy: AccountBook | None = None
        # per mode: (day, equity at the open, loss today); a dry-run ledger and a broker
        # account are different money and never compared with each other
        self._daily: dict[TradingMode, tuple[date, int, int]] = {}

    async def load(self) -> None:
        self.limits, fell_back = RiskLimits.from_stored(await self._repo.limits())
        for name in fell_back:
            log.warning("stored risk limit %s is out of range: using the default %s "
                        "(set it again with `tradingtools settings set`)", name,
                        getattr(self.limits, name))
        now = self._clock.now()
        window = timedelta(seconds=self.limits.cooldown_window_s + self.limits.cooldown_s)
        self._pacing.restore(await self._repo.rejects_since(now - window),
                             await self._repo.placements_since(now - timedelta(seconds=2)),
                             now)

    async def limits_confirmed(self) -> bool:
        return bool(await self._repo.limits())

    async def set_limits(self, limits: RiskLimits) -> None:
        """Persist ``limits``; refused (ValueError with the sentence, nothing written) when
        one is outside the range a user could mean."""
        if problems := limits.problems():
            raise ValueError(" ".join(problems))
        now = self._clock.now()
        for key, value in limits.as_dict().items():
            await self._repo.set_limit(key, value, now)
        self.limits = limits

    # -- counters and caches (the OMS tells us what it committed) ----------------------
    def note_order(self, at: datetime) -> None:
        """A placement was written (``at`` on the market clock; counted in real time)."""
        self._pacing.note_order(at)

    def note_reject(self, at: datetime) -> None:
        self._pacing.note_reject(at)

    def note_placed(self, mode: TradingMode, req: OrderRequest, reserved: int) -> None:
        books = [b for (m, _day), b in self._books.items() if m is mode]
        if mode is TradingMode.LIVE and self._live_copy is not None:
            books = [self._live_copy]
        for book in books:
            book.reserved += reserved
            if req.side is Side.SELL:
                book.committed_sells[req.symbol] = (
                    book.committed_sells.get(req.symbol, 0) + req.quantity)

    def account_changed(self) -> None:
        """Cash or positions moved (a fill): the next check reads the book again."""
        self._books.clear()

    def order_changed(self, before: Order, after: Order) -> None:
        """A committed change of an order that moved no cash and no shares (a reservation
        freed or resized by a cancel, expiry, rejection or modify; an unfilled sell
        released): the cached books follow by the difference instead of being read again
        (they hold the sum of open orders' reservations and unfilled sells). LIVE books
        are the broker's and follow its next read."""
        if after.mode is TradingMode.LIVE:
            return
        reserved = after.reserved_cash - before.reserved_cash
        sells = unfilled_sell(after) - unfilled_sell(before)
        if not reserved and not sells:
            return
        symbol = after.request.symbol
        for (mode, _day), book in self._books.items():
            if mode is not after.mode:
                continue
            book.reserved += reserved
            if sells:
                book.committed_sells[symbol] = book.committed_sells.get(symbol, 0) + sells

    def on_market_invalidated(self, listener: Callable[[], None]) -> None:
        """``listener`` is called whenever the market data changed (``invalidate_market``):
        the dry-run broker's bar prices follow the same word as these snapshots."""
        self._market_listeners.append(listener)

    def invalidate_market(self) -> None:
        self._markets.clear()
        self._books.clear()
        for listener in self._market_listeners:
            listener()

    # -- snapshots ---------------------------------------------------------------------
    def trade_date(self, when: datetime) -> date:
        return to_vn_time(when).date()

    async def snapshots(self, req: OrderRequest, mode: TradingMode,
                        when: datetime) -> tuple[MarketSnapshot, AccountBook]:
        today = self.trade_date(when)
        symbol = req.symbol.strip().upper()
        cached_market = self._markets.get((symbol, today))
        cached_book = self._books.get((mode, today))
        if mode is TradingMode.LIVE:
            cached_book = self._live()
        if cached_market is not None and cached_book is not None:
            return cached_market, cached_book

        def read(tx: Tx) -> tuple[MarketSnapshot, AccountBook]:
            return (cached_market or load_market(tx, symbol, today),
                    cached_book or load_book(tx, mode, today))

        market, book = await self._db.call(read)
        self._markets[(symbol, today)] = market
        if mode is not TradingMode.LIVE:
            self._books[(mode, today)] = book
        return market, book

    def _live(self) -> AccountBook:
        """Live cash and holdings are the broker's (its purchasing power already holds cash
        for open orders and its sellable quantity excludes open sells), plus what was
        placed since its last read; none read yet = nothing to spend, so the checks refuse
        rather than guess."""
        source = self._live_book()
        if source is None:
            self._live_source = self._live_copy = None
            return AccountBook()
        if source is not self._live_source or self._live_copy is None:
            self._live_source, self._live_copy = source, copy_book(source)
        return self._live_copy

    async def snapshots_for_equity(self, today: date, equity: int,
                                   mode: TradingMode = TradingMode.DRY_RUN) -> None:
        """The portfolio's equity feeds the same daily-loss tracking as the pre-checks."""
        await self._track_daily_loss(today, equity, mode)

    @property
    def equity_at_open(self) -> int:
        """Of the current mode (see :meth:`daily_loss`)."""
        return self.daily_loss(self._trading.mode)[0]

    @property
    def loss_today(self) -> int:
        return self.daily_loss(self._trading.mode)[1]

    def daily_loss(self, mode: TradingMode) -> tuple[int, int]:
        """(equity at the open, loss since) of ``mode``'s account today; (0, 0) unknown."""
        _day, at_open, loss = self._daily.get(mode, (None, 0, 0))
        return at_open, loss

    async def _track_daily_loss(self, today: date, equity: int, mode: TradingMode) -> None:
        """Equity at the open is the first equity seen on a trading day (persisted, so a
        restart mid-day keeps it); the loss today is how far equity has fallen since."""
        day, at_open, _loss = self._daily.get(mode, (None, 0, 0))
        if day != today:
            key = f"{equity_key(mode)}:{today.isoformat()}"
            stored = await self._app_state.get(key)
            if stored is None:
                await self._app_state.set(key, str(equity), reason="first check of the day",
                                          source="risk")
                stored = str(equity)
            at_open = int(stored)
        self._daily[mode] = (today, at_open, max(0, at_open - equity))

    async def check(self, req: OrderRequest, *, duplicate: bool = False,
                    reference_override: int | None = None,
                    when: datetime | None = None) -> tuple[RiskDecision, MarketSnapshot]:
        return await self._check(req, duplicate=duplicate,
                                 reference_override=reference_override, when=when)

    async def check_modify(self, order: Order, changed: OrderRequest, *,
                           when: datetime | None = None) -> RiskDecision:
        """The pre-trade checks of ``order`` as changed to ``changed`` (its new price and
        total quantity), in the order's own mode: what the order already holds (its cash
        reservation, its unfilled sell quantity) counts as available to it. The lot and
        band rules apply to the new total; the key is the order's own, not a duplicate."""
        remaining = replace(changed, quantity=changed.quantity - order.filled_qty)
        held_sell = order.remaining_qty if order.request.side is Side.SELL else 0
        decision, _ = await self._check(remaining, duplicate=False, when=when,
                                        mode=order.mode, freed_cash=order.reserved_cash,
                                        freed_sell=held_sell, lot_quantity=changed.quantity)
        return decision

    async def _check(self, req: OrderRequest, *, duplicate: bool,
                     reference_override: int | None = None, when: datetime | None = None,
                     mode: TradingMode | None = None, freed_cash: int = 0, freed_sell: int = 0,
                     lot_quantity: int | None = None) -> tuple[RiskDecision, MarketSnapshot]:
        now = when or self._clock.now()
        mode = mode or self._trading.mode
        market, book = await self.snapshots(req, mode, now)
        symbol = req.symbol.strip().upper()
        quotes = self._quotes
        if quotes is not None:
            market = with_quote(market, quotes.quote(symbol), self.trade_date(now))
        ref = reference_override if reference_override is not None else market.reference_price
        await self._track_daily_loss(self.trade_date(now), book.equity, mode)
        known = (market.known and market.exchange is req.exchange) or \
            reference_override is not None
        problems = self._gate.problems
        ctx = RiskContext(
            now=now, trading_state=self._trading.state, mode=mode,
            live_armed=self._gate.armed, guardrails_healthy=not problems,
            guardrail_problems=problems, symbol_known=known,
            kind=market.kind, reference_price=ref, limits=self.limits,
            buying_power=book.buying_power + freed_cash,
            sellable_qty=book.sellable(symbol) + freed_sell,
            position_qty=book.total.get(symbol, 0),
            equity_at_open=self.daily_loss(mode)[0], loss_today=self.daily_loss(mode)[1],
            recent_rejects=self._pacing.recent_rejects(
                now, self.limits.cooldown_window_s + self.limits.cooldown_s + 1),
            recent_orders=self._pacing.recent_orders(now, 2.0),
            duplicate_key=duplicate, fees=self.fees, calendar=self.calendar,
            band=market.band if reference_override is None else None,
            trading_status=(quotes.status_of(symbol) if quotes is not None else None)
            or market.listing_status)
        decision = evaluate(req, ctx)
        if lot_quantity is not None and lot_quantity != req.quantity:
            decision = _with_lot_of(decision, replace(req, quantity=lot_quantity), ctx)
        return decision, market


def _with_lot_of(decision: RiskDecision, whole: OrderRequest, ctx: RiskContext) -> RiskDecision:
    """``decision`` with the quantity checks judged on the order's whole new quantity (the
    exchange's lot and size rules apply to the order, not to its unfilled part)."""
    codes = {RiskCode.INVALID_QUANTITY, RiskCode.LOT_SIZE, RiskCode.MAX_QTY}
    whole_checks = {c.code: c for c in evaluate(whole, ctx).checks if c.code in codes}
    return RiskDecision(tuple(whole_checks.get(c.code, c) for c in decision.checks))
