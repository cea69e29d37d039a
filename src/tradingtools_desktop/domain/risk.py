"""Pre-trade risk: every check returns a code, pass/fail and a sentence a trader understands.

``evaluate(request, ctx)`` is pure and total: it runs every check, returns one RiskCheck per
code (passed ones too, so the ticket can show the full pre-check summary) and never raises.
A check that cannot be judged because an earlier input is missing fails with a message that
says why, rather than passing silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from .market.bands import PriceBand, price_band
from .market.calendar import TradingCalendar
from .market.exchange import BOARD_LOT, HOSE_MAX_ORDER_QTY, Exchange, SecurityKind
from .market.fees import FeeSchedule, bps_of
from .market.sessions import MARKET_TYPES, SessionPhase, allowed_order_types, session_phase
from .market.ticks import is_on_tick, nearest_ticks
from .money import format_vnd
from .orders import OrderRequest, OrderType, Side
from .trading_state import TradingMode, TradingState


class RiskCode(StrEnum):
    TRADING_HALTED = "TRADING_HALTED"
    TRADING_REDUCING = "TRADING_REDUCING"
    LIVE_NOT_ARMED = "LIVE_NOT_ARMED"
    GUARDRAILS_UNHEALTHY = "GUARDRAILS_UNHEALTHY"
    SESSION_CLOSED = "SESSION_CLOSED"
    ORDER_TYPE_NOT_ALLOWED = "ORDER_TYPE_NOT_ALLOWED"
    SYMBOL_UNKNOWN = "SYMBOL_UNKNOWN"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    INVALID_PRICE = "INVALID_PRICE"
    LOT_SIZE = "LOT_SIZE"
    TICK_SIZE = "TICK_SIZE"
    PRICE_BAND = "PRICE_BAND"
    MAX_QTY = "MAX_QTY"
    MAX_NOTIONAL = "MAX_NOTIONAL"
    BUYING_POWER = "BUYING_POWER"
    SELLABLE_QTY = "SELLABLE_QTY"
    DAILY_LOSS = "DAILY_LOSS"
    COOLDOWN = "COOLDOWN"
    RATE_LIMIT = "RATE_LIMIT"
    DUPLICATE_KEY = "DUPLICATE_KEY"


@dataclass(frozen=True, slots=True)
class RiskCheck:
    code: RiskCode
    passed: bool
    message: str


@dataclass(frozen=True, slots=True)
class RiskDecision:
    checks: tuple[RiskCheck, ...]

    @property
    def allowed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> tuple[RiskCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def summary(self) -> str:
        if self.allowed:
            return "All pre-trade checks passed."
        return " ".join(c.message for c in self.failed)

    def to_dict(self) -> dict[str, object]:
        return {"allowed": self.allowed,
                "checks": [{"code": c.code.value, "passed": c.passed, "message": c.message}
                           for c in self.checks]}


@dataclass(frozen=True, slots=True)
class RiskLimits:
    max_order_notional: int = 500_000_000
    max_daily_loss_bps: int = 500  # 5 % of equity at the open
    cooldown_rejects: int = 3
    cooldown_window_s: int = 600
    cooldown_s: int = 900
    max_orders_per_second: int = 5

    @classmethod
    def from_mapping(cls, values: dict[str, int]) -> RiskLimits:
        known = {k: int(v) for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class RiskContext:
    """Everything the checks need, gathered by the service layer before calling evaluate."""

    now: datetime
    trading_state: TradingState = TradingState.ACTIVE
    mode: TradingMode = TradingMode.DRY_RUN
    live_armed: bool = False
    guardrails_healthy: bool = True
    guardrail_problems: tuple[str, ...] = ()
    symbol_known: bool = True
    kind: SecurityKind = SecurityKind.STOCK
    reference_price: int | None = None
    first_trading_day: bool = False
    limits: RiskLimits = field(default_factory=RiskLimits)
    buying_power: int = 0
    sellable_qty: int = 0
    position_qty: int = 0
    equity_at_open: int = 0
    loss_today: int = 0  # realised + unrealised loss today, VND, positive = loss
    recent_rejects: Sequence[datetime] = ()
    recent_orders: Sequence[datetime] = ()
    duplicate_key: bool = False
    fees: FeeSchedule = field(default_factory=FeeSchedule)
    calendar: TradingCalendar = field(default_factory=TradingCalendar)


def _check(code: RiskCode, passed: bool, ok: str, bad: str) -> RiskCheck:
    return RiskCheck(code, passed, ok if passed else bad)


def _state_checks(req: OrderRequest, ctx: RiskContext) -> list[RiskCheck]:
    halted = ctx.trading_state is TradingState.HALTED
    reducing = ctx.trading_state is TradingState.REDUCING
    shrinks = req.side is Side.SELL and 0 < req.quantity <= ctx.position_qty
    live = ctx.mode is TradingMode.LIVE
    problems = "; ".join(ctx.guardrail_problems) or "a guardrail is not healthy"
    return [
        _check(RiskCode.TRADING_HALTED, not halted, "Trading is not halted.",
               "Trading is HALTED (kill switch): only cancels are accepted."),
        _check(RiskCode.TRADING_REDUCING, not reducing or shrinks,
               "Reduce-only mode does not block this order." if reducing
               else "Trading is not in reduce-only mode.",
               "Trading is in reduce-only mode: only sells that shrink an existing position "
               f"are accepted (position {ctx.position_qty:,})."),
        _check(RiskCode.LIVE_NOT_ARMED, not live or ctx.live_armed,
               "Live trading is armed." if live else "Dry-run: no live arming needed.",
               "Live trading is not armed: arm it in Setup first."),
        _check(RiskCode.GUARDRAILS_UNHEALTHY, not live or ctx.guardrails_healthy,
               "Guardrails are healthy." if live else "Dry-run: live guardrails not required.",
               f"Live orders are blocked: {problems}."),
    ]


def _session_checks(req: OrderRequest, ctx: RiskContext) -> list[RiskCheck]:
    try:
        phase = session_phase(req.exchange, ctx.now, ctx.calendar)
    except ValueError as exc:
        return [RiskCheck(RiskCode.SESSION_CLOSED, False, f"Order time is invalid: {exc}."),
                RiskCheck(RiskCode.ORDER_TYPE_NOT_ALLOWED, False,
                          "Order type cannot be judged without a valid time.")]
    allowed = allowed_order_types(req.exchange, phase)
    open_ = bool(allowed)
    type_ok = req.order_type in allowed
    if open_ and type_ok and req.order_type is OrderType.LO and 0 < req.quantity < BOARD_LOT:
        type_ok = phase is SessionPhase.CONTINUOUS  # odd lots: LO in continuous only
    names = ", ".join(sorted(t.value for t in allowed)) or "none"
    return [
        _check(RiskCode.SESSION_CLOSED, open_,
               f"{req.exchange.value} is in the {phase.value} session.",
               f"{req.exchange.value} does not accept orders now ({phase.value}); "
               "sessions are in Vietnam time."),
        _check(RiskCode.ORDER_TYPE_NOT_ALLOWED, type_ok,
               f"{req.order_type.value} is accepted on {req.exchange.value} in {phase.value}.",
               f"{req.order_type.value} is not accepted on {req.exchange.value} in "
               f"{phase.value} (accepted: {names}; odd lots only as LO in continuous)."),
    ]


def _lot_advice(q: int) -> str:
    lots, odd = q // BOARD_LOT * BOARD_LOT, q % BOARD_LOT
    return (f"Quantity {q:,} is not a multiple of {BOARD_LOT}: place {lots:,} (board lots) and "
            f"{odd} (a separate odd-lot LO order).")


def _quantity_checks(req: OrderRequest) -> list[RiskCheck]:
    q = req.quantity
    valid = isinstance(q, int) and q > 0
    lot_ok = valid and (q % BOARD_LOT == 0 or q < BOARD_LOT)
    over = valid and req.exchange is Exchange.HOSE and q > HOSE_MAX_ORDER_QTY
    return [
        _check(RiskCode.INVALID_QUANTITY, valid, f"Quantity {q:,} is positive.",
               f"Quantity must be a positive whole number of shares (got {q})."),
        _check(RiskCode.LOT_SIZE, lot_ok,
               "Odd lot (1-99 shares)." if valid and q < BOARD_LOT
               else f"Quantity is a multiple of the {BOARD_LOT}-share board lot.",
               _lot_advice(q) if valid else "Lot size cannot be checked without a valid quantity."),
        _check(RiskCode.MAX_QTY, valid and not over,
               "Quantity is within the exchange's per-order maximum.",
               f"HOSE accepts at most {HOSE_MAX_ORDER_QTY:,} shares per order."
               if over else "Maximum quantity cannot be checked without a valid quantity."),
    ]


def _band(req: OrderRequest, ctx: RiskContext) -> PriceBand | None:
    if ctx.reference_price is None or ctx.reference_price <= 0:
        return None
    return price_band(req.exchange, ctx.reference_price, ctx.kind, ctx.first_trading_day)


def _price_checks(req: OrderRequest, ctx: RiskContext,
                  band: PriceBand | None) -> list[RiskCheck]:
    market = req.order_type in MARKET_TYPES
    p = req.price
    if market:
        note = f"{req.order_type.value} has no limit price."
        price_ok = p is None
        return [
            _check(RiskCode.INVALID_PRICE, price_ok, note,
                   f"{req.order_type.value} orders take no price; leave it empty."),
            RiskCheck(RiskCode.TICK_SIZE, price_ok,
                      note if price_ok else "No tick for a market order."),
            RiskCheck(RiskCode.PRICE_BAND, band is not None,
                      note if band is not None else
                      "No reference price is known, so the band cannot be checked."),
        ]
    valid = isinstance(p, int) and p > 0
    checks = [_check(RiskCode.INVALID_PRICE, valid, f"Limit price {format_vnd(p or 0)} VND.",
                     f"{req.order_type.value} needs a positive limit price in VND (got {p}).")]
    if not valid or p is None:
        checks += [
            RiskCheck(RiskCode.TICK_SIZE, False, "Tick cannot be checked without a price."),
            RiskCheck(RiskCode.PRICE_BAND, False, "Band cannot be checked without a price."),
        ]
        return checks
    on_tick = is_on_tick(req.exchange, p, ctx.kind)
    down, up = nearest_ticks(req.exchange, p, ctx.kind)
    checks.append(_check(
        RiskCode.TICK_SIZE, on_tick, f"{format_vnd(p)} is on the price tick.",
        f"{format_vnd(p)} is not on the {up - down} VND tick of {req.exchange.value} at this "
        f"price; nearest {format_vnd(down)} or {format_vnd(up)}."))
    if band is None:
        checks.append(RiskCheck(
            RiskCode.PRICE_BAND, False,
            "No reference price is known, so the daily band cannot be checked."))
    else:
        checks.append(_check(
            RiskCode.PRICE_BAND, band.contains(p),
            f"{format_vnd(p)} is within the band "
            f"{format_vnd(band.floor)}-{format_vnd(band.ceiling)}.",
            f"{format_vnd(p)} is outside today's band: floor {format_vnd(band.floor)}, ceiling "
            f"{format_vnd(band.ceiling)} (reference {format_vnd(band.reference)})."))
    return checks


def order_value(req: OrderRequest, band: PriceBand | None) -> int | None:
    """The value the money checks use: the limit, or the ceiling for market-type buys and
    the floor for market-type sells (the worst price the order can trade at)."""
    if req.quantity <= 0:
        return None
    if req.order_type in MARKET_TYPES:
        if band is None:
            return None
        return req.quantity * (band.ceiling if req.side is Side.BUY else band.floor)
    if req.price is None or req.price <= 0:
        return None
    return req.quantity * req.price


def _money_checks(req: OrderRequest, ctx: RiskContext,
                  band: PriceBand | None) -> list[RiskCheck]:
    value = order_value(req, band)
    at_what = " (valued at the ceiling)" if req.order_type in MARKET_TYPES else ""
    if value is None:
        why = "Order value cannot be computed (missing quantity, price or reference)."
        return [RiskCheck(RiskCode.MAX_NOTIONAL, False, why),
                RiskCheck(RiskCode.BUYING_POWER, req.side is Side.SELL,
                          "Sells need no buying power." if req.side is Side.SELL else why)]
    limit = ctx.limits.max_order_notional
    checks = [_check(RiskCode.MAX_NOTIONAL, value <= limit,
                     f"Order value {format_vnd(value)} VND{at_what} is within the "
                     f"{format_vnd(limit)} limit.",
                     f"Order value {format_vnd(value)} VND{at_what} exceeds the profile's "
                     f"maximum of {format_vnd(limit)} VND per order.")]
    if req.side is Side.BUY:
        need = value + bps_of(value, ctx.fees.broker_fee_bps)
        checks.append(_check(
            RiskCode.BUYING_POWER, need <= ctx.buying_power,
            f"Needs {format_vnd(need)} VND incl. fee; buying power {format_vnd(ctx.buying_power)}.",
            f"Needs {format_vnd(need)} VND incl. fee but buying power is "
            f"{format_vnd(ctx.buying_power)} VND."))
    else:
        checks.append(RiskCheck(RiskCode.BUYING_POWER, True, "Sells need no buying power."))
    return checks


def _account_checks(req: OrderRequest, ctx: RiskContext) -> list[RiskCheck]:
    sell = req.side is Side.SELL
    sell_ok = not sell or 0 < req.quantity <= ctx.sellable_qty
    max_loss = ctx.equity_at_open * ctx.limits.max_daily_loss_bps // 10_000
    loss_ok = ctx.equity_at_open <= 0 or ctx.loss_today < max_loss or (
        sell and req.quantity <= ctx.position_qty)
    window = timedelta(seconds=ctx.limits.cooldown_window_s)
    recent = [t for t in ctx.recent_rejects if ctx.now - window <= t <= ctx.now]
    cooling = False
    until = ctx.now
    if len(recent) >= ctx.limits.cooldown_rejects:
        until = recent[-1] + timedelta(seconds=ctx.limits.cooldown_s)
        cooling = ctx.now < until
    last_second = [t for t in ctx.recent_orders if ctx.now - timedelta(seconds=1) < t <= ctx.now]
    rate_ok = len(last_second) < ctx.limits.max_orders_per_second
    return [
        _check(RiskCode.SELLABLE_QTY, sell_ok,
               f"{ctx.sellable_qty:,} shares are sellable." if sell else "Buys need no shares.",
               f"Only {ctx.sellable_qty:,} shares are sellable now (shares bought settle on T+2)."),
        _check(RiskCode.DAILY_LOSS, loss_ok,
               f"Today's loss {format_vnd(ctx.loss_today)} is within the "
               f"{format_vnd(max_loss)} VND limit." if ctx.equity_at_open > 0
               else "No equity at the open recorded yet: daily loss not tripped.",
               f"Daily loss limit reached: lost {format_vnd(ctx.loss_today)} VND today "
               f"(limit {format_vnd(max_loss)}); only position-reducing sells are accepted."),
        _check(RiskCode.COOLDOWN, not cooling, "No reject cooldown in force.",
               f"{len(recent)} rejects within {ctx.limits.cooldown_window_s // 60} minutes: "
               f"cooling down until {until.astimezone(ctx.now.tzinfo):%H:%M:%S}."),
        _check(RiskCode.RATE_LIMIT, rate_ok,
               f"Under {ctx.limits.max_orders_per_second} orders per second.",
               f"More than {ctx.limits.max_orders_per_second} orders in the last second: "
               "wait a moment."),
        _check(RiskCode.DUPLICATE_KEY, not ctx.duplicate_key, "New idempotency key.",
               "This idempotency key was used before: the existing order is returned, "
               "no second order is placed."),
    ]


def evaluate(req: OrderRequest, ctx: RiskContext) -> RiskDecision:
    """Run every pre-trade check; see the module docstring."""
    try:
        band = _band(req, ctx)
    except (ValueError, KeyError):
        band = None
    known = _check(RiskCode.SYMBOL_UNKNOWN, ctx.symbol_known,
                   f"{req.symbol} is listed on {req.exchange.value}.",
                   f"Symbol {req.symbol!r} is not known on {req.exchange.value}.")
    checks = [*_state_checks(req, ctx), *_session_checks(req, ctx), known,
              *_quantity_checks(req), *_price_checks(req, ctx, band),
              *_money_checks(req, ctx, band), *_account_checks(req, ctx)]
    order = {code: i for i, code in enumerate(RiskCode)}
    checks.sort(key=lambda c: order[c.code])
    return RiskDecision(tuple(checks))
