"""Pre-trade risk: every check returns a code, pass/fail and a sentence a trader understands.

``evaluate(request, ctx)`` is pure and total: it runs every check and returns exactly one
RiskCheck per RiskCode, in RiskCode order (passed ones too, so the ticket can show the whole
pre-check summary), and never raises. A check that cannot be judged because an earlier input
is invalid (no price, a naive time, no reference price) fails with reason "not_checked" and
the cause in its context, rather than passing silently. Checks carry codes and numbers, not
sentences: ``i18n.risk_text`` formats them in the reader's language. The rules themselves live in
``risk_rules``; this module holds the values the services build and read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .market.bands import PriceBand, price_band
from .market.calendar import TradingCalendar
from .market.exchange import Exchange, SecurityKind
from .market.fees import FeeSchedule
from .market.quotes import TradingStatus
from .market.sessions import MARKET_TYPES, SessionPhase, session_phase
from .market.symbols import Instrument
from .orders import OrderRequest
from .risk_rules import RULES, RiskCheck, RiskCode, is_whole, not_checked, order_value
from .trading_state import TradingMode, TradingState

__all__ = [
    "LIMIT_RANGES",
    "Facts",
    "RiskCheck",
    "RiskCode",
    "RiskContext",
    "RiskDecision",
    "RiskLimits",
    "evaluate",
    "limit_problem",
    "order_value",
]


@dataclass(frozen=True, slots=True)
class RiskDecision:
    checks: tuple[RiskCheck, ...]

    @property
    def allowed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> tuple[RiskCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def check(self, code: RiskCode) -> RiskCheck | None:
        return next((c for c in self.checks if c.code is code), None)

    def failed_codes(self) -> str:
        """'SESSION_CLOSED, SELLABLE_QTY': the failed codes, for logs and records."""
        return ", ".join(c.code.value for c in self.failed)

    def to_dict(self) -> dict[str, object]:
        """``{"allowed": bool, "checks": [{"code", "passed", "reason", "context"}, ...]}``;
        ``i18n.risk_text.decision_dict`` adds each check's sentence."""
        return {"allowed": self.allowed,
                "checks": [{"code": c.code.value, "passed": c.passed, "reason": c.reason,
                            "context": {k: list(v) if isinstance(v, tuple) else v
                                        for k, v in c.context.items()}}
                           for c in self.checks]}


@dataclass(frozen=True, slots=True)
class RiskLimits:
    """Per-profile limits (persisted by the services under these field names)."""

    max_order_notional: int = 500_000_000  # VND per order
    max_daily_loss_bps: int = 500  # of equity at the open: 500 bps = 5 %
    cooldown_rejects: int = 3  # this many rejects ...
    cooldown_window_s: int = 600  # ... within this window ...
    cooldown_s: int = 900  # ... pause new orders this long after the last of them
    max_orders_per_second: int = 5

    @property
    def max_daily_loss_pct_bps(self) -> int:
        """The daily loss limit in bps of equity at the open (alias of max_daily_loss_bps)."""
        return self.max_daily_loss_bps

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> RiskLimits:
        """Known keys only; ``max_daily_loss_pct_bps`` is accepted as an alias."""
        aliases = {"max_daily_loss_pct_bps": "max_daily_loss_bps"}
        known: dict[str, int] = {}
        for key, value in values.items():
            name = aliases.get(key, key)
            if name in cls.__dataclass_fields__:
                known[name] = int(str(value))
        return cls(**known)

    @classmethod
    def from_stored(cls, values: Mapping[str, object]) -> tuple[RiskLimits, tuple[str, ...]]:
        """Tolerant read of persisted limits: a value that is not a whole number or lies
        outside :data:`LIMIT_RANGES` falls back to the default, so no stored value can stop
        a profile from opening. Returns the limits and the names that fell back."""
        aliases = {"max_daily_loss_pct_bps": "max_daily_loss_bps"}
        known: dict[str, int] = {}
        fell_back: list[str] = []
        for key, value in values.items():
            name = aliases.get(key, key)
            if name not in cls.__dataclass_fields__:
                continue
            try:
                number = int(str(value))
            except ValueError:
                fell_back.append(name)
                continue
            if limit_problem(name, number) is None:
                known[name] = number
            else:
                fell_back.append(name)
        return cls(**known), tuple(fell_back)

    def problems(self) -> tuple[str, ...]:
        """Why these limits cannot be used (one sentence per limit out of range)."""
        return tuple(p for name in self.__dataclass_fields__
                     if (p := limit_problem(name, getattr(self, name))) is not None)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# The values a person could mean for each limit (inclusive). Above them a limit stops
# limiting (2^63-1 VND "per order") or overflows the time arithmetic (a cooldown of 2^63 s).
LIMIT_RANGES: dict[str, tuple[int, int, str]] = {
    "max_order_notional": (1_000_000, 1_000_000_000_000, "VND per order"),
    "max_daily_loss_bps": (1, 10_000, "bps of equity at the open (100 bps = 1 %)"),
    "cooldown_rejects": (1, 1_000, "rejects"),
    "cooldown_window_s": (1, 86_400, "seconds"),
    "cooldown_s": (1, 86_400, "seconds"),
    "max_orders_per_second": (1, 100, "orders per second"),
}


def limit_problem(name: str, value: int) -> str | None:
    """None if ``value`` is in the range a user could mean for limit ``name``, else the
    sentence that says the range."""
    low, high, unit = LIMIT_RANGES[name]
    if low <= value <= high:
        return None
    return f"{name} must be between {low:,} and {high:,} {unit}."


@dataclass(frozen=True, slots=True)
class RiskContext:
    """Everything the checks need, gathered by the service layer before calling evaluate.

    The instrument: either ``instrument`` (then it supplies kind, reference price and the
    first-day flag, and SYMBOL_UNKNOWN fails unless it matches the request's symbol and
    exchange), or the loose fields ``symbol_known``/``kind``/``reference_price``. An explicit
    ``reference_price`` or ``first_trading_day`` wins over the instrument's; an explicit
    ``band`` (as the exchange published it) wins over the computed one.
    ``recent_rejects``/``recent_orders`` are aware timestamps (any order).
    """

    now: datetime  # aware; a naive time fails SESSION_CLOSED and the time-based checks
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
    buying_power: int = 0  # VND usable for buys now
    sellable_qty: int = 0  # settled shares not committed to open sells
    position_qty: int = 0  # all shares held (settled or not)
    equity_at_open: int = 0
    loss_today: int = 0  # realised + unrealised loss today, VND, positive = loss
    recent_rejects: Sequence[datetime] = ()
    recent_orders: Sequence[datetime] = ()
    duplicate_key: bool = False
    fees: FeeSchedule = field(default_factory=FeeSchedule)
    calendar: TradingCalendar = field(default_factory=TradingCalendar)
    instrument: Instrument | None = None
    band: PriceBand | None = None
    trading_status: TradingStatus | None = None  # the exchange's newest word on the symbol


@dataclass(frozen=True, slots=True)
class Facts:
    """What several rules need, worked out once (and safely) per evaluation."""

    phase: SessionPhase | None  # None when the time is unusable (see time_problem)
    time_problem: str
    known: bool
    listed_on: Exchange | None  # the instrument's exchange, when the context has one
    kind: SecurityKind
    band: PriceBand | None
    first_day: bool
    qty_ok: bool
    market: bool  # an order type that carries no price
    unit_price: int | None  # the per-share price the money checks use


def gather(req: OrderRequest, ctx: RiskContext) -> Facts:
    """Facts for the rules; an unusable time or reference becomes None, never an error."""
    phase: SessionPhase | None = None
    problem = ""
    try:
        phase = session_phase(req.exchange, ctx.now, ctx.calendar)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        problem = str(exc) or type(exc).__name__
    inst = ctx.instrument
    known, kind, listed_on = ctx.symbol_known, ctx.kind, None
    ref, first_day = ctx.reference_price, ctx.first_trading_day
    if inst is not None:
        known, kind, listed_on = inst.matches(req.symbol, req.exchange), inst.kind, inst.exchange
        ref = ref if ref is not None else inst.reference_price
        first_day = first_day or inst.first_trading_day
    band = ctx.band
    if band is None and is_whole(ref) and ref is not None and ref > 0:
        try:
            band = price_band(req.exchange, ref, kind, first_day)
        except (ValueError, KeyError):
            band = None
    market = req.order_type in MARKET_TYPES
    unit: int | None = None
    if market:
        unit = band.ceiling if band is not None else None
    elif is_whole(req.price) and req.price is not None and req.price > 0:
        unit = req.price
    qty_ok = is_whole(req.quantity) and req.quantity > 0
    return Facts(phase, problem, known, listed_on, kind, band, first_day, qty_ok, market, unit)


def evaluate(req: OrderRequest, ctx: RiskContext) -> RiskDecision:
    """Run every pre-trade check; see the module docstring. Never raises."""
    try:
        facts = gather(req, ctx)
    except Exception as exc:  # a context the rules cannot read at all
        return RiskDecision(tuple(not_checked(code, "unreadable", error=str(exc))
                                  for code in RiskCode))
    found: dict[RiskCode, RiskCheck] = {}
    for codes, rule in RULES:
        try:
            for check in rule(req, ctx, facts):
                found[check.code] = check
        except Exception as exc:  # a malformed input must never crash the ticket
            for code in codes:
                found[code] = not_checked(code, "unexpected_input", error=type(exc).__name__)
    return RiskDecision(tuple(found.get(code) or not_checked(code, "no_rule")
                              for code in RiskCode))
