"""The pre-trade rules, one small function per group of codes (see ``risk.evaluate``).

Each rule reads the request, the context and the facts gathered once per evaluation, and
returns one RiskCheck per code it owns. Messages are sentences with the numbers in them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from .market.bands import BAND_PCT, PriceBand
from .market.calendar import to_vn_time
from .market.exchange import BOARD_LOT, HOSE_MAX_ORDER_QTY, Exchange
from .market.quotes import TradingStatus
from .market.sessions import ALLOWED, MARKET_TYPES, SessionPhase
from .market.ticks import is_on_tick, nearest_ticks
from .money import bps_of, format_bps, format_vnd
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
    code: RiskCode
    passed: bool
    message: str


def _ok(code: RiskCode, passed: bool, good: str, bad: str) -> RiskCheck:
    return RiskCheck(code, passed, good if passed else bad)


def not_checked(code: RiskCode, why: str) -> RiskCheck:
    """A check that could not be judged fails, and says why."""
    return RiskCheck(code, False, f"Not checked: {why}.")


def is_whole(value: object) -> bool:
    """An int that is not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _vnd(value: int) -> str:
    return f"{format_vnd(value)} VND"


Rule = Callable[[OrderRequest, "RiskContext", "Facts"], Sequence[RiskCheck]]


def _state(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    halted = ctx.trading_state is TradingState.HALTED
    reducing = ctx.trading_state is TradingState.REDUCING
    shrinks = req.side is Side.SELL and f.qty_ok and req.quantity <= ctx.position_qty
    live = ctx.mode is TradingMode.LIVE
    problems = "; ".join(ctx.guardrail_problems) or "a guardrail is not healthy"
    return (
        _ok(RiskCode.TRADING_HALTED, not halted, "Trading is not halted.",
            "Trading is HALTED (kill switch): only cancels are accepted."),
        _ok(RiskCode.TRADING_REDUCING, not reducing or shrinks,
            "Reduce-only mode: this sell shrinks the position." if reducing
            else "Trading is not in reduce-only mode.",
            "Trading is in reduce-only mode: only sells of at most the "
            f"{ctx.position_qty:,} shares held are accepted."),
        _ok(RiskCode.LIVE_NOT_ARMED, not live or ctx.live_armed,
            "Live trading is armed." if live else "Dry-run: no live arming needed.",
            "Live trading is not armed: arm it in Setup first."),
        _ok(RiskCode.GUARDRAILS_UNHEALTHY, not live or ctx.guardrails_healthy,
            "Guardrails are healthy." if live else "Dry-run: live guardrails not required.",
            f"Live orders are blocked: {problems}."),
    )


def _phases_for(exchange: Exchange, order_type: OrderType) -> str:
    phases = [p.value for p, types in ALLOWED[exchange].items() if order_type in types]
    return ", ".join(phases)


def _session(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if f.phase is None:
        why = f"the order time is unusable ({f.time_problem})"
        return (RiskCheck(RiskCode.SESSION_CLOSED, False, f"Order time is invalid: "
                          f"{f.time_problem}."),
                not_checked(RiskCode.ORDER_TYPE_NOT_ALLOWED, why))
    ex, ot, phase = req.exchange.value, req.order_type.value, f.phase.value
    allowed = ALLOWED[req.exchange].get(f.phase, frozenset())
    where = _phases_for(req.exchange, req.order_type)
    bad_type = (f"{ot} is not an order type of {ex}." if not where else
                f"{ot} is not accepted on {ex} during {phase}; it is accepted in: {where}.")
    return (
        _ok(RiskCode.SESSION_CLOSED, bool(allowed), f"{ex} is in the {phase} session.",
            f"{ex} does not accept orders now ({phase}, Vietnam time)."),
        _ok(RiskCode.ORDER_TYPE_NOT_ALLOWED, req.order_type in allowed,
            f"{ot} is accepted on {ex} during {phase}.", bad_type),
    )


def _symbol(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    sym = req.symbol.strip().upper()
    if not sym:
        return (RiskCheck(RiskCode.SYMBOL_UNKNOWN, False, "No symbol was given."),)
    bad = (f"{sym} is listed on {f.listed_on.value}, not {req.exchange.value}."
           if f.listed_on is not None and f.listed_on is not req.exchange
           else f"Symbol {sym} is not known on {req.exchange.value}.")
    return (_ok(RiskCode.SYMBOL_UNKNOWN, f.known, f"{sym} is listed on {req.exchange.value}.",
                bad),)


_STATUS_WORDS = {TradingStatus.HALTED: "halted on the exchange",
                 TradingStatus.SUSPENDED: "suspended from trading",
                 TradingStatus.DELISTED: "delisted",
                 TradingStatus.SUSPENDED_MATCHING: "suspended from order matching"}


def _status(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    sym = req.symbol.strip().upper() or "this symbol"
    status = ctx.trading_status
    if status is None:
        return (RiskCheck(RiskCode.SECURITY_STATUS, True,
                          f"No trading status is known for {sym}; nothing blocks it."),)
    words = _STATUS_WORDS.get(status, "")
    return (_ok(RiskCode.SECURITY_STATUS, not status.blocks_orders,
                f"{sym} is trading (status {status.value}).",
                f"{sym} is {words} (status {status.value}): no order can match now, so "
                "none is sent; try again when it trades."),)


def _quantity(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if not f.qty_ok:
        return (RiskCheck(RiskCode.INVALID_QUANTITY, False, "Quantity must be a positive whole "
                          f"number of shares (got {req.quantity!r})."),
                not_checked(RiskCode.LOT_SIZE, "the quantity is invalid"),
                not_checked(RiskCode.MAX_QTY, "the quantity is invalid"))
    q = req.quantity
    if q < BOARD_LOT:
        odd_ok = req.order_type is OrderType.LO and f.phase is SessionPhase.CONTINUOUS
        now = f.phase.value if f.phase is not None else "an unknown session"
        lot = _ok(RiskCode.LOT_SIZE, odd_ok, f"Odd lot of {q} shares as LO in the continuous "
                  "session.", f"Odd lots (1-{BOARD_LOT - 1} shares) are accepted only as LO "
                  f"orders in the continuous session (this is {req.order_type.value} "
                  f"during {now}).")
    else:
        lots, odd = q // BOARD_LOT * BOARD_LOT, q % BOARD_LOT
        lot = _ok(RiskCode.LOT_SIZE, odd == 0, f"{q:,} is a whole number of {BOARD_LOT}-share "
                  "board lots.", f"Quantity {q:,} mixes board and odd lots: place {lots:,} "
                  f"(board lots) and {odd} (a separate odd-lot LO order).")
    over = req.exchange is Exchange.HOSE and q > HOSE_MAX_ORDER_QTY
    return (RiskCheck(RiskCode.INVALID_QUANTITY, True, f"Quantity {q:,} shares."), lot,
            _ok(RiskCode.MAX_QTY, not over, f"{q:,} shares is within the per-order maximum.",
                f"HOSE accepts at most {HOSE_MAX_ORDER_QTY:,} shares per order (got {q:,}); "
                "split the order."))


def _price(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    ot, p, band = req.order_type.value, req.price, f.band
    no_band = (f"no reference price is known for {req.symbol.strip().upper() or 'this symbol'}"
               " today, so the daily band is unknown")
    if f.market:
        if p is not None:
            why = f"a {ot} order carries no price"
            return (RiskCheck(RiskCode.INVALID_PRICE, False, f"{ot} orders carry no price; "
                              f"leave the price empty (got {p!r})."),
                    not_checked(RiskCode.TICK_SIZE, why), not_checked(RiskCode.PRICE_BAND, why))
        in_band = (RiskCheck(RiskCode.PRICE_BAND, True, f"{ot} trades within today's band "
                             f"{format_vnd(band.floor)}-{format_vnd(band.ceiling)}.")
                   if band is not None else not_checked(RiskCode.PRICE_BAND, no_band))
        return (RiskCheck(RiskCode.INVALID_PRICE, True, f"{ot} orders carry no price."),
                RiskCheck(RiskCode.TICK_SIZE, True, f"{ot} carries no price, so no tick applies."),
                in_band)
    if not (is_whole(p) and p is not None and p > 0):
        return (RiskCheck(RiskCode.INVALID_PRICE, False, f"{ot} needs a positive limit price "
                          f"in whole VND (got {p!r})."),
                not_checked(RiskCode.TICK_SIZE, "the price is invalid"),
                not_checked(RiskCode.PRICE_BAND, "the price is invalid"))
    down, up = nearest_ticks(req.exchange, p, f.kind)
    tick = _ok(RiskCode.TICK_SIZE, is_on_tick(req.exchange, p, f.kind),
               f"Price {format_vnd(p)} is on the price tick.",
               f"Price {format_vnd(p)} is not on the {up - down} VND tick for "
               f"{req.exchange.value} at this price; nearest {format_vnd(down)} or "
               f"{format_vnd(up)}.")
    if band is None:
        return (RiskCheck(RiskCode.INVALID_PRICE, True, f"Limit price {_vnd(p)}."), tick,
                not_checked(RiskCode.PRICE_BAND, no_band))
    pct = BAND_PCT[req.exchange][1 if f.first_day else 0]
    where = "above the ceiling" if p > band.ceiling else "below the floor"
    return (RiskCheck(RiskCode.INVALID_PRICE, True, f"Limit price {_vnd(p)}."), tick,
            _ok(RiskCode.PRICE_BAND, band.contains(p),
                f"Price {format_vnd(p)} is within today's band "
                f"{format_vnd(band.floor)}-{format_vnd(band.ceiling)}.",
                f"Price {format_vnd(p)} is {where}: today's band is {format_vnd(band.floor)}-"
                f"{format_vnd(band.ceiling)} (reference {format_vnd(band.reference)}, ±{pct} %)."))


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
    no_bp = RiskCheck(RiskCode.BUYING_POWER, True, "Sells need no buying power.")
    if not f.qty_ok or f.unit_price is None:
        why = ("the quantity is invalid" if not f.qty_ok else
               "the order has no valid price" if not f.market else
               "a priceless order is valued at the ceiling, and no reference price is known")
        return (not_checked(RiskCode.MAX_NOTIONAL, why),
                no_bp if sell else not_checked(RiskCode.BUYING_POWER, why))
    value, limit = req.quantity * f.unit_price, ctx.limits.max_order_notional
    how = (f" ({req.quantity:,} x ceiling {format_vnd(f.unit_price)}, as {req.order_type.value}"
           " has no price)") if f.market else ""
    notional = _ok(RiskCode.MAX_NOTIONAL, value <= limit,
                   f"Order value {_vnd(value)}{how} is within the {_vnd(limit)} limit.",
                   f"Order value {_vnd(value)}{how} exceeds the profile's maximum of "
                   f"{_vnd(limit)} per order.")
    if sell:
        return (notional, no_bp)
    fee = bps_of(value, ctx.fees.broker_fee_bps)
    need, have = value + fee, ctx.buying_power
    at = " at the ceiling" if f.market else ""
    parts = f"value {format_vnd(value)}{at} + fee {format_vnd(fee)}"
    return (notional, _ok(RiskCode.BUYING_POWER, need <= have,
                          f"Needs {_vnd(need)} ({parts}); buying power {_vnd(have)}.",
                          f"Needs {_vnd(need)} ({parts}) but buying power is {_vnd(have)}."))


def _account(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    sell = req.side is Side.SELL
    if not sell:
        sellable = RiskCheck(RiskCode.SELLABLE_QTY, True, "Buys need no sellable shares.")
    elif not f.qty_ok:
        sellable = not_checked(RiskCode.SELLABLE_QTY, "the quantity is invalid")
    else:
        sellable = _ok(RiskCode.SELLABLE_QTY, req.quantity <= ctx.sellable_qty,
                       f"{ctx.sellable_qty:,} shares are sellable; selling {req.quantity:,}.",
                       f"Only {ctx.sellable_qty:,} shares are sellable now (asked "
                       f"{req.quantity:,}); shares bought settle on T+2 trading days.")
    max_loss = ctx.equity_at_open * ctx.limits.max_daily_loss_bps // 10_000
    reduces = sell and f.qty_ok and req.quantity <= ctx.position_qty
    if ctx.equity_at_open <= 0:
        loss = RiskCheck(RiskCode.DAILY_LOSS, True,
                         "No equity at the open recorded yet: the daily loss limit is not set.")
    else:
        tripped = ctx.loss_today >= max_loss
        loss = _ok(RiskCode.DAILY_LOSS, not tripped or reduces,
                   f"Today's loss {_vnd(ctx.loss_today)} is within the {_vnd(max_loss)} limit."
                   if not tripped else "Daily loss limit reached, but this sell reduces the "
                   "position.",
                   f"Daily loss limit reached: lost {_vnd(ctx.loss_today)} today (limit "
                   f"{_vnd(max_loss)}, {format_bps(ctx.limits.max_daily_loss_bps)} of equity at "
                   "the open); only position-reducing sells are accepted.")
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
        why = "the order time has no timezone" if ctx.now.tzinfo is None else "bad order time"
        return (not_checked(RiskCode.COOLDOWN, why), not_checked(RiskCode.RATE_LIMIT, why))
    lim, now = ctx.limits, ctx.now
    window, pause = timedelta(seconds=lim.cooldown_window_s), timedelta(seconds=lim.cooldown_s)
    until = None
    if lim.cooldown_rejects > 0:
        until = _cooldown_until(ctx.recent_rejects, now, lim.cooldown_rejects, window, pause)
    cooldown = _ok(RiskCode.COOLDOWN, until is None, "No reject cooldown in force.",
                   f"{lim.cooldown_rejects} orders were rejected within "
                   f"{lim.cooldown_window_s // 60} minutes: new orders are paused until "
                   f"{to_vn_time(until or now):%H:%M:%S} Vietnam time.")
    second_ago = now - timedelta(seconds=1)
    in_last_second = sum(1 for t in ctx.recent_orders if second_ago < t <= now)
    rate = _ok(RiskCode.RATE_LIMIT, in_last_second < lim.max_orders_per_second,
               f"{in_last_second} orders in the last second (limit "
               f"{lim.max_orders_per_second}).",
               f"{in_last_second} orders in the last second reach the limit of "
               f"{lim.max_orders_per_second} per second: wait a moment.")
    return (cooldown, rate)


def _key(req: OrderRequest, ctx: RiskContext, f: Facts) -> Sequence[RiskCheck]:
    if not req.idempotency_key.strip():
        return (RiskCheck(RiskCode.DUPLICATE_KEY, False, "The order has no idempotency key, so "
                          "a retry could place it twice."),)
    return (_ok(RiskCode.DUPLICATE_KEY, not ctx.duplicate_key, "New idempotency key.",
                "This idempotency key was used before: the existing order is returned, no "
                "second order is placed."),)


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
