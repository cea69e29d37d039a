"""VN time, the trading calendar (holidays package + extra closures), sessions, T+2."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.calendar import VN_TZ, TradingCalendar, to_vn_time
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.sessions import (
    MARKET_TYPES,
    SessionPhase,
    accepts_orders,
    allowed_order_types,
    session_phase,
)
from tradingtools_desktop.domain.market.settlement import settlement_date
from tradingtools_desktop.domain.orders import OrderType

H, X, U = Exchange.HOSE, Exchange.HNX, Exchange.UPCOM
P, OT = SessionPhase, OrderType
CAL = TradingCalendar()
VN = timezone(timedelta(hours=7))
WED = date(2026, 11, 25)  # an ordinary Wednesday


def at(hh: int, mm: int, ss: int = 0, day: date = WED) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=VN_TZ)


# -- time zones ----------------------------------------------------------------------------

def test_to_vn_time_when_utc_or_plus_nine_then_same_instant_in_hanoi() -> None:
    assert to_vn_time(datetime(2026, 11, 25, 2, 30, tzinfo=UTC)) == at(9, 30)
    nine = timezone(timedelta(hours=9))
    assert to_vn_time(datetime(2026, 11, 25, 11, 30, tzinfo=nine)).time() == time(9, 30)
    # -05:00 on the 24th evening is the 25th morning in Vietnam
    local = to_vn_time(datetime(2026, 11, 24, 21, 30, tzinfo=timezone(timedelta(hours=-5))))
    assert (local.date(), local.time()) == (WED, time(9, 30))
    assert local.utcoffset() == timedelta(hours=7)


def test_to_vn_time_when_naive_then_value_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        to_vn_time(datetime(2026, 11, 25, 9, 30))


# -- calendar ------------------------------------------------------------------------------

@pytest.mark.parametrize("closed", [
    date(2025, 1, 1),                                   # New Year
    *(date(2025, 1, d) for d in range(27, 32)),          # Tet 2025: 27/1 (29 Tet) - 31/1
    date(2025, 4, 7),                                   # Hung Kings 2025
    date(2025, 4, 30), date(2025, 5, 1),                # Reunification, Labour Day
    date(2025, 5, 2),                                   # substitute day off (for 26/4)
    date(2025, 9, 1), date(2025, 9, 2),                 # National Day, two days
    date(2026, 2, 16), date(2026, 2, 20),               # Tet 2026
    date(2026, 4, 27),                                  # Hung Kings on Sunday: observed Mon
    date(2026, 11, 24),                                 # Vietnam Culture Day (holidays 0.109)
])
def test_calendar_when_vn_holiday_then_not_a_trading_day(closed) -> None:
    assert closed.weekday() < 5
    assert CAL.is_holiday(closed) and not CAL.is_trading_day(closed)
    assert CAL.holiday_name(closed)


@pytest.mark.parametrize("open_", [date(2025, 2, 3), date(2025, 4, 29), date(2025, 5, 5),
                                   date(2025, 9, 3), WED])
def test_calendar_when_ordinary_weekday_then_trading(open_) -> None:
    assert CAL.is_trading_day(open_) and CAL.holiday_name(open_) is None


def test_calendar_when_weekend_then_closed() -> None:
    assert not CAL.is_trading_day(date(2026, 11, 28)) and not CAL.is_trading_day(
        date(2026, 11, 29))
    assert not CAL.is_holiday(date(2026, 11, 28))  # closed, but not a holiday


def test_calendar_when_extra_closure_then_closed_and_named() -> None:
    cal = TradingCalendar([WED])
    assert not cal.is_trading_day(WED) and cal.holiday_name(WED) == "Exchange closure"
    assert CAL.is_trading_day(WED)  # other calendars unaffected
    assert cal.next_trading_day(date(2026, 11, 23)) == date(2026, 11, 26)


def test_calendar_stepping_across_tet_and_weekends() -> None:
    assert CAL.next_trading_day(date(2025, 1, 24)) == date(2025, 2, 3)
    assert CAL.previous_trading_day(date(2025, 2, 3)) == date(2025, 1, 24)
    assert CAL.add_trading_days(date(2025, 1, 24), 2) == date(2025, 2, 4)
    assert CAL.add_trading_days(date(2025, 2, 4), -2) == date(2025, 1, 24)
    assert CAL.add_trading_days(WED, 0) == WED
    assert CAL.add_trading_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # Sat -> Mon
    assert CAL.trading_days_between(date(2025, 1, 24), date(2025, 2, 4)) == 2
    assert CAL.trading_days_between(date(2025, 2, 4), date(2025, 1, 24)) == -2
    assert CAL.trading_days_between(WED, WED) == 0


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
       st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
def test_property_adding_the_days_between_lands_on_the_trading_day(a, b) -> None:
    n = CAL.trading_days_between(a, b)
    if CAL.is_trading_day(b):
        assert CAL.add_trading_days(a, n) == b
    assert (n >= 0) == (b >= a) or n == 0


# -- T+2 -----------------------------------------------------------------------------------

def test_settlement_when_t_plus_2_then_skips_weekends_and_holidays() -> None:
    assert settlement_date(WED, CAL) == date(2026, 11, 27)                # Wed -> Fri
    assert settlement_date(date(2026, 11, 26), CAL) == date(2026, 11, 30)  # Thu -> Mon
    # 30/4, 1/5 and the substitute 2/5/2025 are closed, then a weekend
    assert settlement_date(date(2025, 4, 28), CAL) == date(2025, 5, 5)
    assert settlement_date(date(2025, 1, 24), CAL) == date(2025, 2, 4)    # across Tet
    assert settlement_date(WED, TradingCalendar([date(2026, 11, 26)])) == date(2026, 11, 30)
    assert settlement_date(WED, CAL, days=0) == WED


# -- sessions ------------------------------------------------------------------------------

@pytest.mark.parametrize(("ex", "hhmmss", "phase"), [
    (H, (8, 59, 59), P.PRE_OPEN), (H, (9, 0, 0), P.ATO), (H, (9, 14, 59), P.ATO),
    (H, (9, 15, 0), P.CONTINUOUS), (H, (11, 29, 59), P.CONTINUOUS), (H, (11, 30, 0), P.LUNCH),
    (H, (12, 59, 59), P.LUNCH), (H, (13, 0, 0), P.CONTINUOUS), (H, (14, 29, 59), P.CONTINUOUS),
    (H, (14, 30, 0), P.ATC), (H, (14, 44, 59), P.ATC), (H, (14, 45, 0), P.CLOSED),
    (H, (14, 50, 0), P.CLOSED), (H, (23, 0, 0), P.CLOSED),
    (X, (8, 59, 59), P.PRE_OPEN), (X, (9, 0, 0), P.CONTINUOUS), (X, (11, 30, 0), P.LUNCH),
    (X, (13, 0, 0), P.CONTINUOUS), (X, (14, 30, 0), P.ATC), (X, (14, 45, 0), P.PLO),
    (X, (14, 59, 59), P.PLO), (X, (15, 0, 0), P.CLOSED),
    (U, (9, 0, 0), P.CONTINUOUS), (U, (11, 30, 0), P.LUNCH), (U, (13, 0, 0), P.CONTINUOUS),
    (U, (14, 30, 0), P.CONTINUOUS), (U, (14, 59, 59), P.CONTINUOUS), (U, (15, 0, 0), P.CLOSED),
])
def test_session_phase_edges_are_half_open(ex, hhmmss, phase) -> None:
    assert session_phase(ex, at(*hhmmss), CAL) is phase


def test_session_phase_when_input_in_utc_or_plus_nine_then_judged_in_vietnam_time() -> None:
    assert session_phase(H, datetime(2026, 11, 25, 2, 0, tzinfo=UTC), CAL) is P.ATO
    assert session_phase(H, datetime(2026, 11, 25, 2, 15, tzinfo=UTC), CAL) is P.CONTINUOUS
    nine = timezone(timedelta(hours=9))
    assert session_phase(X, datetime(2026, 11, 25, 16, 45, tzinfo=nine), CAL) is P.PLO
    # 20:00 UTC on Tuesday is 03:00 Wednesday in Hanoi: before the open, not "closed"
    assert session_phase(H, datetime(2026, 11, 24, 20, 0, tzinfo=UTC), CAL) is P.PRE_OPEN


def test_session_phase_when_weekend_holiday_or_extra_closure_then_closed() -> None:
    assert session_phase(H, at(10, 0, day=date(2026, 11, 28)), CAL) is P.CLOSED
    assert session_phase(U, at(10, 0, day=date(2025, 1, 29)), CAL) is P.CLOSED
    assert session_phase(X, at(8, 0, day=date(2025, 9, 2)), CAL) is P.CLOSED
    assert session_phase(H, at(10, 0), TradingCalendar([WED])) is P.CLOSED


def test_session_phase_when_naive_then_value_error() -> None:
    with pytest.raises(ValueError):
        session_phase(H, datetime(2026, 11, 25, 10, 0), CAL)


EXPECTED = {
    H: {P.ATO: {OT.LO, OT.ATO}, P.CONTINUOUS: {OT.LO, OT.ATC, OT.MP}, P.ATC: {OT.LO, OT.ATC}},
    X: {P.CONTINUOUS: {OT.LO, OT.ATC, OT.MTL, OT.MOK, OT.MAK}, P.ATC: {OT.LO, OT.ATC},
        P.PLO: {OT.PLO}},
    U: {P.CONTINUOUS: {OT.LO}},
}


@pytest.mark.parametrize("ex", list(Exchange))
@pytest.mark.parametrize("phase", list(SessionPhase))
def test_allowed_order_types_for_every_exchange_and_phase(ex, phase) -> None:
    assert allowed_order_types(ex, phase) == EXPECTED[ex].get(phase, set())


def test_accepts_orders_only_in_trading_phases() -> None:
    assert {p for p in SessionPhase if accepts_orders(p)} == {P.ATO, P.CONTINUOUS, P.ATC, P.PLO}


def test_market_types_carry_no_price_and_lo_does() -> None:
    assert {OT.ATO, OT.ATC, OT.MP, OT.MTL, OT.MOK, OT.MAK, OT.PLO} == set(MARKET_TYPES)
    assert OT.LO not in MARKET_TYPES
