"""The pre-trade rules, one small function per group of codes (see ``risk.evaluate``).

Each rule reads the request, the context and the facts gathered once per evaluation, and
returns one RiskCheck per code it owns: a code, pass/fail, which case answered (``reason``)
and the numbers as context, as NautilusTrader's reject reasons do. No sentence is written
here: ``i18n.risk_text`` turns a check into one in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from .market.bands import BAND_PCT, PriceBand
from .market.calendar import to_vn_time
from .market.exchange import BOARD_LOT, HOSE_MAX_ORDER_QTY, Exchange
from .market.sessions import ALLOWED, MARKET_TYPES, SessionPhase
from .market.ticks import is_on_tick, nearest_ticks
from .money import bps_of
from .orders import OrderRequest, OrderType, Side
from .trading_state import TradingMode, TradingState

if TYPE_CHECKING:
    from .risk import Facts, RiskContext


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
    # last, so every earlier code keeps its place in the checks list (CLI JSON consumers)
    SECURITY_STATUS = "SECURITY_STATUS"


@dataclass(frozen=True, slots=True)
class RiskCheck:
    """One check's answer: its code, pass/fail, a ``reason`` naming which case of the rule
    answered (``"halted"``, ``"off_tick"``, ``"not_checked"``…) and the numbers as
    ``context`` (VND amounts as int, quantities as int, names as str). The sentence a person
    reads is built from these at the edge, in their language (``i18n.risk_text``); the
    domain holds no prose."""

    code: RiskCode
    passed: bool
    reason: str
    context: Mapping[str, object] = field(default_factory=dict)


def _ok(code: RiskCode, passed: bool, good: str, bad: str, **context: object) -> RiskCheck:
    return RiskCheck(code, passed, good if passed else bad, context)


def not_checked(code: RiskCode, why: str, **context: object) -> RiskCheck:
    """A check that could not be judged fails, and says why (``why`` names the cause)."""
    return RiskCheck(code, False, "not_checked", {"why": why, **context})


def is_whole(value: object) -> bool:
    """An int that is not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


Rule = Callable[[OrderRequest, "RiskContext", "Facts"], Sequence[RiskCheck]]


def _state(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    halted = ctx.trading_state is TradingState.HALTED
    reducing = ctx.trading_state is TradingState.REDUCING
    shrinks = req.side is Side.SELL and f.qty_ok and req.quantity <= ctx.position_qty
    live = ctx.mode is TradingMode.LIVE
    problems = "; ".join(ctx.guardrail_problems)
    return (
        _ok(RiskCode.TRADING_HALTED, not halted, "not_halted", "halted"),
        _ok(RiskCode.TRADING_REDUCING, not reducing or shrinks,
            "sell_shrinks" if reducing else "not_reducing", "reduce_only",
            held=ctx.position_qty),
        _ok(RiskCode.LIVE_NOT_ARMED, not live or ctx.live_armed,
            "armed" if live else "dry_run", "not_armed"),
        _ok(RiskCode.GUARDRAILS_UNHEALTHY, not live or ctx.guardrails_healthy,
            "healthy" if live else "dry_run", "blocked" if problems else "blocked_unknown",
            problems=problems),
    )


def _phases_for(exchange: Exchange, order_type: OrderType) -> tuple[str, ...]:
    return tuple(p.value for p, types in ALLOWED[exchange].items() if order_type in types)


def _session(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if f.phase is None:
        return (RiskCheck(RiskCode.SESSION_CLOSED, False, "bad_time",
                          {"problem": f.time_problem}),
                not_checked(RiskCode.ORDER_TYPE_NOT_ALLOWED, "time_unusable",
                            problem=f.time_problem))
    where = _phases_for(req.exchange, req.order_type)
    allowed = ALLOWED[req.exchange].get(f.phase, frozenset())
    names = {"exchange": req.exchange.value, "type": req.order_type.value,
             "phase": f.phase.value}
    return (
        _ok(RiskCode.SESSION_CLOSED, bool(allowed), "open", "closed", **names),
        _ok(RiskCode.ORDER_TYPE_NOT_ALLOWED, req.order_type in allowed, "allowed",
            "not_now" if where else "not_on_exchange", phases=where, **names),
    )


def _symbol(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    sym = req.symbol.strip().upper()
    if not sym:
        return (RiskCheck(RiskCode.SYMBOL_UNKNOWN, False, "no_symbol"),)
    other = f.listed_on is not None and f.listed_on is not req.exchange
    return (_ok(RiskCode.SYMBOL_UNKNOWN, f.known, "listed",
                "other_exchange" if other else "unknown", symbol=sym,
                exchange=req.exchange.value,
                listed_on=f.listed_on.value if f.listed_on is not None else ""),)


def _status(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    sym = req.symbol.strip().upper()
    status = ctx.trading_status
    if status is None:
        return (RiskCheck(RiskCode.SECURITY_STATUS, True, "unknown", {"symbol": sym}),)
    return (_ok(RiskCode.SECURITY_STATUS, not status.blocks_orders, "trading",
                status.name.lower(), symbol=sym, status=status.value),)


def _quantity(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if not f.qty_ok:
        return (RiskCheck(RiskCode.INVALID_QUANTITY, False, "not_whole",
                          {"got": repr(req.quantity)}),
                not_checked(RiskCode.LOT_SIZE, "qty_invalid"),
                not_checked(RiskCode.MAX_QTY, "qty_invalid"))
    q = req.quantity
    if q < BOARD_LOT:
        odd_ok = req.order_type is OrderType.LO and f.phase is SessionPhase.CONTINUOUS
        lot = _ok(RiskCode.LOT_SIZE, odd_ok, "odd_lot", "odd_lot_not_now", qty=q,
                  max_odd=BOARD_LOT - 1, type=req.order_type.value,
                  phase=f.phase.value if f.phase is not None else "")
    else:
        lots, odd = q // BOARD_LOT * BOARD_LOT, q % BOARD_LOT
        lot = _ok(RiskCode.LOT_SIZE, odd == 0, "board_lots", "mixed_lots", qty=q,
                  lot=BOARD_LOT, lots=lots, odd=odd)
    over = req.exchange is Exchange.HOSE and q > HOSE_MAX_ORDER_QTY
    return (RiskCheck(RiskCode.INVALID_QUANTITY, True, "ok", {"qty": q}), lot,
            _ok(RiskCode.MAX_QTY, not over, "within", "over", qty=q, max=HOSE_MAX_ORDER_QTY))


def _price(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    ot, p, band = req.order_type.value, req.price, f.band
    no_band = not_checked(RiskCode.PRICE_BAND, "no_band", symbol=req.symbol.strip().upper())
    if f.market:
        if p is not None:
            return (RiskCheck(RiskCode.INVALID_PRICE, False, "market_has_price",
                              {"type": ot, "got": repr(p)}),
                    not_checked(RiskCode.TICK_SIZE, "market_no_price", type=ot),
                    not_checked(RiskCode.PRICE_BAND, "market_no_price", type=ot))
        in_band = (RiskCheck(RiskCode.PRICE_BAND, True, "market_in_band",
                             {"type": ot, "floor": band.floor, "ceiling": band.ceiling})
                   if band is not None else no_band)
        return (RiskCheck(RiskCode.INVALID_PRICE, True, "market", {"type": ot}),
                RiskCheck(RiskCode.TICK_SIZE, True, "market", {"type": ot}), in_band)
    if not (is_whole(p) and p is not None and p > 0):
        return (RiskCheck(RiskCode.INVALID_PRICE, False, "not_positive",
                          {"type": ot, "got": repr(p)}),
                not_checked(RiskCode.TICK_SIZE, "price_invalid"),
                not_checked(RiskCode.PRICE_BAND, "price_invalid"))
    down, up = nearest_ticks(req.exchange, p, f.kind)
    tick = _ok(RiskCode.TICK_SIZE, is_on_tick(req.exchange, p, f.kind), "on_tick", "off_tick",
               price=p, tick=up - down, exchange=req.exchange.value, down=down, up=up)
    limit = RiskCheck(RiskCode.INVALID_PRICE, True, "limit", {"price": p})
    if band is None:
        return (limit, tick, no_band)
    pct = BAND_PCT[req.exchange][1 if f.first_day else 0]
    where = "above_ceiling" if p > band.ceiling else "below_floor"
    return (limit, tick,
            _ok(RiskCode.PRICE_BAND, band.contains(p), "in_band", where, price=p,
                floor=band.floor, ceiling=band.ceiling, reference=band.reference, pct=pct))


def order_value(req: OrderRequest, band: PriceBand | None) -> int | None:
    """The cash the order can move at worst: quantity times the limit price, or for a
    priceless type the ceiling (buys) or floor (sells). None when it cannot be valued."""
    if not is_whole(req.quantity) or req.quantity <= 0:
        return None
    if req.order_type in MARKET_TYPES:
        if band is None:
            return None
        return req.quantity * (band.ceiling if req.side is Side.BUY else band.floor)
    if not is_whole(req.price) or req.price is None or req.price <= 0:
        return None
    return req.quantity * req.price


def _money(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    # Priceless orders are valued at the ceiling on both sides: the most they can be worth.
    sell = req.side is Side.SELL
    no_bp = RiskCheck(RiskCode.BUYING_POWER, True, "sell")
    if not f.qty_ok or f.unit_price is None:
        why = ("qty_invalid" if not f.qty_ok else
               "no_valid_price" if not f.market else "market_no_reference")
        return (not_checked(RiskCode.MAX_NOTIONAL, why),
                no_bp if sell else not_checked(RiskCode.BUYING_POWER, why))
    value, limit = req.quantity * f.unit_price, ctx.limits.max_order_notional
    m = "_market" if f.market else ""
    notional = _ok(RiskCode.MAX_NOTIONAL, value <= limit, "within" + m, "over" + m,
                   value=value, limit=limit, qty=req.quantity, ceiling=f.unit_price,
                   type=req.order_type.value)
    if sell:
        return (notional, no_bp)
    fee = bps_of(value, ctx.fees.broker_fee_bps)
    need, have = value + fee, ctx.buying_power
    return (notional, _ok(RiskCode.BUYING_POWER, need <= have, "enough" + m, "short" + m,
                          need=need, value=value, fee=fee, have=have))


def _account(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    sell = req.side is Side.SELL
    if not sell:
        sellable = RiskCheck(RiskCode.SELLABLE_QTY, True, "buy")
    elif not f.qty_ok:
        sellable = not_checked(RiskCode.SELLABLE_QTY, "qty_invalid")
    else:
        sellable = _ok(RiskCode.SELLABLE_QTY, req.quantity <= ctx.sellable_qty, "enough",
                       "short", sellable=ctx.sellable_qty, qty=req.quantity)
    max_loss = ctx.equity_at_open * ctx.limits.max_daily_loss_bps // 10_000
    reduces = sell and f.qty_ok and req.quantity <= ctx.position_qty
    if ctx.equity_at_open <= 0:
        loss = RiskCheck(RiskCode.DAILY_LOSS, True, "no_equity")
    else:
        tripped = ctx.loss_today >= max_loss
        loss = _ok(RiskCode.DAILY_LOSS, not tripped or reduces,
                   "within" if not tripped else "reached_reducing", "reached",
                   loss=ctx.loss_today, max_loss=max_loss,
                   pct_bps=ctx.limits.max_daily_loss_bps)
    return (sellable, loss)


def _cooldown_until(rejects: Sequence[datetime], now: datetime, n: int,
                    window: timedelta, pause: timedelta) -> datetime | None:
    """End of the pause in force at ``now``: it starts at any reject that completes n rejects
    within ``window`` and lasts ``pause``."""
    times = sorted(t for t in rejects if now - window - pause <= t <= now)
    ends = [times[i] + pause for i in range(n - 1, len(times))
            if times[i] - times[i - n + 1] <= window and times[i] + pause > now]
    return max(ends, default=None)


def _pacing(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if f.phase is None:
        why = "no_timezone" if ctx.now.tzinfo is None else "bad_time"
        return (not_checked(RiskCode.COOLDOWN, why), not_checked(RiskCode.RATE_LIMIT, why))
    lim, now = ctx.limits, ctx.now
    window, pause = timedelta(seconds=lim.cooldown_window_s), timedelta(seconds=lim.cooldown_s)
    until = None
    if lim.cooldown_rejects > 0:
        until = _cooldown_until(ctx.recent_rejects, now, lim.cooldown_rejects, window, pause)
    cooldown = _ok(RiskCode.COOLDOWN, until is None, "none", "paused",
                   n=lim.cooldown_rejects, minutes=lim.cooldown_window_s // 60,
                   until=f"{to_vn_time(until or now):%H:%M:%S}")
    second_ago = now - timedelta(seconds=1)
    in_last_second = sum(1 for t in ctx.recent_orders if second_ago < t <= now)
    rate = _ok(RiskCode.RATE_LIMIT, in_last_second < lim.max_orders_per_second, "under",
               "reached", n=in_last_second, limit_count=lim.max_orders_per_second)
    return (cooldown, rate)


def _key(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if not req.idempotency_key.strip():
        return (RiskCheck(RiskCode.DUPLICATE_KEY, False, "no_key"),)
    return (_ok(RiskCode.DUPLICATE_KEY, not ctx.duplicate_key, "new", "used"),)


C = RiskCode
RULES: tuple[tuple[tuple[RiskCode, ...], Rule], ...] = (
    ((C.TRADING_HALTED, C.TRADING_REDUCING, C.LIVE_NOT_ARMED, C.GUARDRAILS_UNHEALTHY), _state),
    ((C.SESSION_CLOSED, C.ORDER_TYPE_NOT_ALLOWED), _session),
    ((C.SYMBOL_UNKNOWN,), _symbol),
    ((C.SECURITY_STATUS,), _status),
    ((C.INVALID_QUANTITY, C.LOT_SIZE, C.MAX_QTY), _quantity),
    ((C.INVALID_PRICE, C.TICK_SIZE, C.PRICE_BAND), _price),
    ((C.MAX_NOTIONAL, C.BUYING_POWER), _money),
    ((C.SELLABLE_QTY, C.DAILY_LOSS), _account),
    ((C.COOLDOWN, C.RATE_LIMIT), _pacing),
    ((C.DUPLICATE_KEY,), _key),
)
