"""Gathers the RiskContext for a ticket and keeps the risk counters and limits.

Limits (``risk_limits``) and the COOLDOWN / RATE_LIMIT windows (read back from ``orders``)
are persisted and loaded on start, so a restart resets nothing. A pre-check reads no DB on
the hot path: the market snapshot is cached per symbol and day (``invalidate_market`` after
a data import) and the account book per mode and day; the OMS updates the book for a
placement and by difference for every change of a reservation or of an unfilled sell
(cancels, expiries, rejections, modifies: :meth:`RiskService.order_changed`), and marks it
dirty after a fill (cash and positions moved), which makes the next check reload it from
the DB, the source of truth.

The pacing checks (RATE_LIMIT, COOLDOWN) count real elapsed time (``time.monotonic``),
whatever the market clock says: under a frozen practice clock or a replay at 60x, "5
orders in the last second" means five in the last real second, and a 15-minute pause lasts
15 real minutes. Each placement and reject is stamped with the monotonic time and the market
time; the rules get them as the market clock's now minus the time elapsed since: the real
time, or the market clock's own when it moved further (a clock moved by hand: tests, a
practice clock set forward) — except when ``market_time_paces`` is False (a replay clock,
whose 60x must not shorten a pause). Windows read back from the DB after a restart count
as elapsed what the market clock says has passed since (nothing, under a frozen clock), so
a restart never shortens them and real time still ends them.

What this service does not own it asks its owner for, at every check (providers given at
construction, never fields others write into): the trading state and mode
(:class:`TradingStateService`), whether live is armed and the guardrails' problems
(:class:`LiveGate`, written only by the guardrails), the live account book (the live
broker link's latest account read) and the cash-advance setting.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from ..domain.market.bands import PriceBand
from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange, SecurityKind
from ..domain.market.fees import FeeSchedule
from ..domain.market.quotes import Quote, TradingStatus
from ..domain.orders import Order, OrderRequest, Side
from ..domain.risk import RiskCode, RiskContext, RiskDecision, RiskLimits, evaluate
from ..domain.trading_state import TradingMode
from ..store.app_state import AppStateRepository
from ..store.db import Database, Tx
from ..store.listing_repo import status_of_name
from ..store.orders_repo import OPEN_SQL
from ..store.risk_repo import RiskRepository
from .clock import Clock
from .trading_state import TradingStateService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MarketSnapshot:
    known: bool
    exchange: Exchange | None
    kind: SecurityKind
    reference_price: int | None
    reference_day: date | None
    last_price: int | None
    last_day: date | None
    band: PriceBand | None = None  # today's band as the exchange published it, when known
    quote: Quote | None = None  # the quote service's quote the snapshot was laid over
    listing_status: TradingStatus | None = None  # the status the stored listing gives


class QuoteReader(Protocol):
    """What the checks read from the quote service (see ``services.market``)."""

    def quote(self, symbol: str) -> Quote | None: ...

    def status_of(self, symbol: str) -> TradingStatus | None: ...


def with_quote(market: MarketSnapshot, quote: Quote | None, today: date) -> MarketSnapshot:
    """``market`` (the cache's bars) with the quote service's newest quote laid over it:
    a quote of today's session gives today's reference, band and last price as the exchange
    published them; a quote of an earlier session newer than the cache's bars gives that
    session's close as today's reference. Without a usable quote, ``market`` as it is."""
    if quote is None:
        return market
    day = to_vn_time(quote.at).date()
    exchange = market.exchange or quote.exchange
    if day == today and quote.reference:
        band = PriceBand(quote.reference, quote.ceiling, quote.floor) \
            if quote.ceiling and quote.floor else None
        return replace(market, exchange=exchange, reference_price=quote.reference,
                       reference_day=today, last_price=quote.last or market.last_price,
                       last_day=today if quote.last else market.last_day, band=band,
                       quote=quote)
    if day < today and quote.last and (market.last_day is None or day >= market.last_day):
        return replace(market, exchange=exchange, reference_price=quote.last,
                       reference_day=day, last_price=quote.last, last_day=day, quote=quote)
    return replace(market, quote=quote)


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


class LiveGate(Protocol):
    """Whether live trading is armed, and what the guardrails found wrong last time."""

    @property
    def armed(self) -> bool: ...

    @property
    def problems(self) -> tuple[str, ...]: ...


LiveBook = Callable[[], AccountBook | None]


def _copy_book(book: AccountBook) -> AccountBook:
    return replace(book, total=dict(book.total), settled=dict(book.settled),
                   committed_sells=dict(book.committed_sells))


def _load_book(tx: Tx, mode: TradingMode, today: date) -> AccountBook:
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


def _unfilled_sell(order: Order) -> int:
    """What ``order`` holds of the sellable shares (as ``_load_book`` counts it)."""
    if order.request.side is not Side.SELL or not order.is_open:
        return 0
    return order.request.quantity - order.filled_qty


def _load_market(tx: Tx, symbol: str, today: date) -> MarketSnapshot:
    # a code the listing marks delisted is not tradable: not known to the rules
    inst = tx.one("SELECT i.exchange, i.kind, s.status FROM instruments i "
                  "LEFT JOIN listing_status s "
                  "ON s.symbol = i.symbol WHERE i.symbol = ? AND "
                  "coalesce(s.status, 'normal') <> 'delisted'", [symbol])
    bars = tx.execute("SELECT close, day FROM daily_bars WHERE symbol = ? "
                      "ORDER BY day DESC LIMIT 2", [symbol])
    ref = next((b for b in bars if b[1] < today), None)
    last = bars[0] if bars else None
    return MarketSnapshot(
        known=inst is not None,
        exchange=Exchange.parse(str(inst[0])) if inst else None,
        kind=SecurityKind(str(inst[1])) if inst else SecurityKind.STOCK,
        reference_price=int(ref[0]) if ref else None, reference_day=ref[1] if ref else None,
        last_price=int(last[0]) if last else None, last_day=last[1] if last else None,
        listing_status=_blocking(status_of_name(str(inst[2]))) if inst and inst[2] else None)


def _blocking(status: TradingStatus) -> TradingStatus | None:
    """A stored listing status counts only when it blocks orders: its "normal" is of the
    day the listing was read, not a live status, so it never claims a symbol trades now."""
    return status if status.blocks_orders else None


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
        self._monotonic = monotonic
        self._market_time_paces = market_time_paces
        # (monotonic, market) times of recent rejects and placements, for the pacing checks
        self._rejects: deque[tuple[float, datetime]] = deque(maxlen=1000)
        self._orders: deque[tuple[float, datetime]] = deque(maxlen=1000)
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
        self._rejects.extend(self._stamps(await self._repo.rejects_since(now - window), now))
        self._orders.extend(self._stamps(
            await self._repo.placements_since(now - timedelta(seconds=2)), now))

    def _stamps(self, times: Iterable[datetime],
                now: datetime) -> list[tuple[float, datetime]]:
        """Stamps of stored times: as long ago as the market clock says (never in the
        future)."""
        mono = self._monotonic()
        return sorted((mono - max(0.0, (now - t).total_seconds()), t) for t in times)

    def _as_times(self, stamps: deque[tuple[float, datetime]], now: datetime,
                  horizon_s: float) -> tuple[datetime, ...]:
        """Stamps as market-clock times: ``now`` minus the time elapsed since (see the
        module docstring), of the last ``horizon_s`` of real time only: an older stamp
        is older still on the market clock (elapsed is at least the real time), so no rule
        that looks back ``horizon_s`` could count it. Stamps are in monotonic order."""
        mono = self._monotonic()
        out = []
        for m, at in reversed(stamps):
            elapsed = max(0.0, mono - m)
            if elapsed > horizon_s:
                break
            if self._market_time_paces:
                elapsed = max(elapsed, (now - at).total_seconds())
            out.append(now - timedelta(seconds=elapsed))
        out.reverse()
        return tuple(out)

    def _stamp(self, at: datetime) -> tuple[float, datetime]:
        return self._monotonic(), at

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
        self._orders.append(self._stamp(at))

    def note_reject(self, at: datetime) -> None:
        self._rejects.append(self._stamp(at))

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
        sells = _unfilled_sell(after) - _unfilled_sell(before)
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
            return (cached_market or _load_market(tx, symbol, today),
                    cached_book or _load_book(tx, mode, today))

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
            self._live_source, self._live_copy = source, _copy_book(source)
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
            recent_rejects=self._as_times(
                self._rejects, now, self.limits.cooldown_window_s + self.limits.cooldown_s + 1),
            recent_orders=self._as_times(self._orders, now, 2.0),
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
