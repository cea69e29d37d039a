"""Gathers the RiskContext for a ticket and keeps the risk counters and limits.

Limits and the COOLDOWN / RATE_LIMIT windows are persisted (``risk_limits``,
``risk_events``) and loaded on start, so a restart resets nothing; in memory they are kept
too, so a pre-check costs one DB round trip (account and market snapshot) plus the pure
``evaluate`` (tens of microseconds).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..domain.market.calendar import TradingCalendar, to_vn_time
from ..domain.market.exchange import Exchange, SecurityKind
from ..domain.market.fees import FeeSchedule
from ..domain.orders import OrderRequest
from ..domain.risk import RiskContext, RiskDecision, RiskLimits, evaluate
from ..domain.trading_state import TradingMode
from ..store.app_state import AppStateRepository
from ..store.db import Database, Tx
from ..store.risk_repo import RiskRepository
from .clock import Clock
from .trading_state import TradingStateService

OPEN = "('NEW', 'PENDING_SUBMIT', 'SUBMITTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL')"


@dataclass(frozen=True, slots=True)
class MarketSnapshot:
    known: bool
    exchange: Exchange | None
    kind: SecurityKind
    reference_price: int | None
    reference_day: date | None
    last_price: int | None
    last_day: date | None


@dataclass(frozen=True, slots=True)
class AccountSnapshot:
    buying_power: int
    sellable_qty: int
    position_qty: int
    equity: int  # cash booked + positions at the newest price


class RiskService:
    def __init__(self, db: Database, repo: RiskRepository, trading: TradingStateService,
                 clock: Clock, calendar: TradingCalendar, fees: FeeSchedule) -> None:
        self._db = db
        self._repo = repo
        self._trading = trading
        self._clock = clock
        self.calendar = calendar
        self.fees = fees
        self.limits = RiskLimits()
        self._rejects: deque[datetime] = deque(maxlen=1000)
        self._orders: deque[datetime] = deque(maxlen=1000)
        self.live_armed = False
        self.guardrail_problems: tuple[str, ...] = ()
        self.equity_at_open = 0
        self.loss_today = 0
        self._equity_day: date | None = None
        self._app_state = AppStateRepository(db)

    async def load(self) -> None:
        self.limits = RiskLimits.from_mapping(await self._repo.limits())
        now = self._clock.now()
        window = timedelta(seconds=self.limits.cooldown_window_s + self.limits.cooldown_s)
        self._rejects.extend(await self._repo.events_since("reject", now - window))
        self._orders.extend(await self._repo.events_since("order", now - timedelta(seconds=2)))

    async def set_limits(self, limits: RiskLimits) -> None:
        now = self._clock.now()
        for key, value in limits.as_dict().items():
            await self._repo.set_limit(key, value, now)
        self.limits = limits

    # -- counters (written in the caller's transaction, mirrored here) -----------------
    def record_order_tx(self, tx: Tx, at: datetime) -> None:
        RiskRepository.record_event_tx(tx, "order", at)

    def record_reject_tx(self, tx: Tx, at: datetime, code: str) -> None:
        RiskRepository.record_event_tx(tx, "reject", at, code)

    def note_order(self, at: datetime) -> None:
        self._orders.append(at)

    def note_reject(self, at: datetime) -> None:
        self._rejects.append(at)

    # -- snapshots ---------------------------------------------------------------------
    def trade_date(self, when: datetime) -> date:
        return to_vn_time(when).date()

    async def snapshots(self, req: OrderRequest, mode: TradingMode,
                        when: datetime) -> tuple[MarketSnapshot, AccountSnapshot]:
        today = self.trade_date(when)
        symbol = req.symbol.strip().upper()

        def read(tx: Tx) -> tuple[MarketSnapshot, AccountSnapshot]:
            inst = tx.one("SELECT exchange, kind FROM instruments WHERE symbol = ?", [symbol])
            ref = tx.one("SELECT close, day FROM daily_bars WHERE symbol = ? AND day < ? "
                         "ORDER BY day DESC LIMIT 1", [symbol, today])
            last = tx.one("SELECT close, day FROM daily_bars WHERE symbol = ? "
                          "ORDER BY day DESC LIMIT 1", [symbol])
            cash = tx.one(
                "SELECT coalesce(sum(amount) FILTER (WHERE available_on <= ?), 0) "
                "FROM cash_ledger", [today])
            reserved = tx.one(f"SELECT coalesce(sum(reserved_cash), 0) FROM orders "
                              f"WHERE mode = ? AND status IN {OPEN}", [mode.value])
            pos = tx.one(
                "SELECT coalesce(sum(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END), 0),"
                " coalesce(sum(CASE WHEN side = 'BUY' AND settle_date <= ? THEN quantity "
                "WHEN side = 'SELL' THEN -quantity ELSE 0 END), 0) "
                "FROM fills WHERE mode = ? AND symbol = ?", [today, mode.value, symbol])
            committed = tx.one(
                f"SELECT coalesce(sum(quantity - filled_qty), 0) FROM orders WHERE mode = ? "
                f"AND symbol = ? AND side = 'SELL' AND status IN {OPEN}", [mode.value, symbol])
            eq = tx.one(
                "WITH p AS (SELECT symbol, sum(CASE WHEN side = 'BUY' THEN quantity "
                "ELSE -quantity END) AS qty FROM fills WHERE mode = ? GROUP BY symbol), "
                "px AS (SELECT symbol, arg_max(close, day) AS close FROM daily_bars "
                "WHERE symbol IN (SELECT symbol FROM p) GROUP BY symbol) "
                "SELECT coalesce(sum(p.qty * px.close), 0) FROM p JOIN px USING (symbol)",
                [mode.value], table="fills")
            total_cash = tx.one("SELECT coalesce(sum(amount), 0) FROM cash_ledger")
            market = MarketSnapshot(
                known=inst is not None and str(inst[0]) == req.exchange.value,
                exchange=Exchange.parse(str(inst[0])) if inst else None,
                kind=SecurityKind(str(inst[1])) if inst else SecurityKind.STOCK,
                reference_price=int(ref[0]) if ref else None,
                reference_day=ref[1] if ref else None,
                last_price=int(last[0]) if last else None,
                last_day=last[1] if last else None)
            total, settled = (int(pos[0]), int(pos[1])) if pos else (0, 0)
            account = AccountSnapshot(
                buying_power=(int(cash[0]) if cash else 0) - (int(reserved[0]) if reserved else 0),
                sellable_qty=max(0, settled - (int(committed[0]) if committed else 0)),
                position_qty=total,
                equity=(int(total_cash[0]) if total_cash else 0) + (int(eq[0]) if eq else 0))
            return market, account

        return await self._db.call(read)

    async def _track_daily_loss(self, today: date, equity: int) -> None:
        """Equity at the open is the first equity seen on a trading day (persisted, so a
        restart mid-day keeps it); the loss today is how far equity has fallen since."""
        if self._equity_day != today:
            key = f"equity_open:{today.isoformat()}"
            stored = await self._app_state.get(key)
            if stored is None:
                await self._app_state.set(key, str(equity), reason="first check of the day",
                                          source="risk")
                stored = str(equity)
            self.equity_at_open, self._equity_day = int(stored), today
        self.loss_today = max(0, self.equity_at_open - equity)

    async def check(self, req: OrderRequest, *, duplicate: bool = False,
                    reference_override: int | None = None,
                    when: datetime | None = None) -> tuple[RiskDecision, MarketSnapshot]:
        now = when or self._clock.now()
        mode = self._trading.mode
        market, account = await self.snapshots(req, mode, now)
        ref = reference_override if reference_override is not None else market.reference_price
        await self._track_daily_loss(self.trade_date(now), account.equity)
        ctx = RiskContext(
            now=now, trading_state=self._trading.state, mode=mode,
            live_armed=self.live_armed, guardrails_healthy=not self.guardrail_problems,
            guardrail_problems=self.guardrail_problems,
            symbol_known=market.known or reference_override is not None,
            kind=market.kind, reference_price=ref, limits=self.limits,
            buying_power=account.buying_power, sellable_qty=account.sellable_qty,
            position_qty=account.position_qty,
            equity_at_open=self.equity_at_open, loss_today=self.loss_today,
            recent_rejects=tuple(self._rejects), recent_orders=tuple(self._orders),
            duplicate_key=duplicate, fees=self.fees, calendar=self.calendar)
        return evaluate(req, ctx), market
