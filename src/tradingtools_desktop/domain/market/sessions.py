"""Trading sessions of each exchange and the order types each session accepts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum

from ..orders import OrderType
from .calendar import TradingCalendar, to_vn_time
from .exchange import Exchange


class SessionPhase(StrEnum):
    PRE_OPEN = "PRE_OPEN"
    ATO = "ATO"
    CONTINUOUS = "CONTINUOUS"
    LUNCH = "LUNCH"
    ATC = "ATC"
    PLO = "PLO"
    CLOSED = "CLOSED"


P = SessionPhase
# [start, end) intervals in Vietnam time; anything not covered before the first is PRE_OPEN,
# between morning and afternoon LUNCH, after the last CLOSED.
SCHEDULE: dict[Exchange, tuple[tuple[time, time, SessionPhase], ...]] = {
    Exchange.HOSE: (
        (time(9, 0), time(9, 15), P.ATO),
        (time(9, 15), time(11, 30), P.CONTINUOUS),
        (time(11, 30), time(13, 0), P.LUNCH),
        (time(13, 0), time(14, 30), P.CONTINUOUS),
        (time(14, 30), time(14, 45), P.ATC),
    ),
    Exchange.HNX: (
        (time(9, 0), time(11, 30), P.CONTINUOUS),
        (time(11, 30), time(13, 0), P.LUNCH),
        (time(13, 0), time(14, 30), P.CONTINUOUS),
        (time(14, 30), time(14, 45), P.ATC),
        (time(14, 45), time(15, 0), P.PLO),
    ),
    Exchange.UPCOM: (
        (time(9, 0), time(11, 30), P.CONTINUOUS),
        (time(11, 30), time(13, 0), P.LUNCH),
        (time(13, 0), time(15, 0), P.CONTINUOUS),
    ),
}

OT = OrderType
ALLOWED: dict[Exchange, dict[SessionPhase, frozenset[OrderType]]] = {
    Exchange.HOSE: {
        P.ATO: frozenset({OT.LO, OT.ATO}),
        P.CONTINUOUS: frozenset({OT.LO, OT.ATC, OT.MP}),
        P.ATC: frozenset({OT.LO, OT.ATC}),
    },
    Exchange.HNX: {
        P.CONTINUOUS: frozenset({OT.LO, OT.ATC, OT.MTL, OT.MOK, OT.MAK}),
        P.ATC: frozenset({OT.LO, OT.ATC}),
        P.PLO: frozenset({OT.PLO}),
    },
    Exchange.UPCOM: {P.CONTINUOUS: frozenset({OT.LO})},
}
# Order types that carry no limit price. PLO is in: HNX executes it at the day's closing
# price, which the trader does not choose.
MARKET_TYPES = frozenset({OT.ATO, OT.ATC, OT.MP, OT.MTL, OT.MOK, OT.MAK, OT.PLO})
# Phases in which some exchange accepts orders (PRE_OPEN, LUNCH and CLOSED never do).
ORDER_PHASES = frozenset({P.ATO, P.CONTINUOUS, P.ATC, P.PLO})


def session_phase(exchange: Exchange, when: datetime, calendar: TradingCalendar) -> SessionPhase:
    """The phase at ``when`` (any aware datetime; naive raises ValueError), judged in Vietnam
    time. Non-trading days are CLOSED all day; intervals are half-open [start, end)."""
    local = to_vn_time(when)
    if not calendar.is_trading_day(local.date()):
        return P.CLOSED
    t = local.time()
    schedule = SCHEDULE[exchange]
    if t < schedule[0][0]:
        return P.PRE_OPEN
    for start, end, phase in schedule:
        if start <= t < end:
            return phase
    return P.CLOSED


def allowed_order_types(exchange: Exchange, phase: SessionPhase) -> frozenset[OrderType]:
    """Order types the exchange accepts in ``phase`` (empty when it accepts none)."""
    return ALLOWED[exchange].get(phase, frozenset())


def accepts_orders(phase: SessionPhase) -> bool:
    """Whether the exchange takes new orders in this phase. ``session_phase`` only returns
    phases an exchange has, so no exchange argument is needed (PLO exists only on HNX)."""
    return phase in ORDER_PHASES


def next_phase_change(exchange: Exchange, when: datetime, calendar: TradingCalendar,
                      ) -> tuple[datetime, SessionPhase]:
    """When the phase at ``when`` next changes, and to what (Vietnam time; a closed day or
    after the close: the next trading day's first phase). For the status bar countdown."""
    local = to_vn_time(when)
    day = local.date()
    schedule = SCHEDULE[exchange]
    if calendar.is_trading_day(day):
        for start, end, phase in schedule:
            for edge, becomes in ((start, phase), (end, None)):
                at = datetime.combine(day, edge, tzinfo=local.tzinfo)
                if at > local:
                    if becomes is None:
                        becomes = session_phase(exchange, at, calendar)
                    return at, becomes
    for _ in range(30):  # the next trading day (Tet is at most ~9 days)
        day = day + timedelta(days=1)
        if calendar.is_trading_day(day):
            return datetime.combine(day, schedule[0][0], tzinfo=local.tzinfo), schedule[0][2]
    raise ValueError("no trading day within 30 days")
