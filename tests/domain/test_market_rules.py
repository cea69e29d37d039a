from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tradingtools_desktop.domain.market.bands import price_band
from tradingtools_desktop.domain.market.calendar import TradingCalendar, to_vn_time
from tradingtools_desktop.domain.market.exchange import Exchange, SecurityKind
from tradingtools_desktop.domain.market.fees import FeeSchedule, trade_costs
from tradingtools_desktop.domain.market.sessions import (
    SessionPhase,
    allowed_order_types,
    session_phase,
)
from tradingtools_desktop.domain.market.settlement import settlement_date
from tradingtools_desktop.domain.market.ticks import is_on_tick, nearest_ticks, tick_size
from tradingtools_desktop.domain.money import format_thousands, parse_price_thousands
from tradingtools_desktop.domain.orders import OrderType, Side

H, X, U = Exchange.HOSE, Exchange.HNX, Exchange.UPCOM
CAL = TradingCalendar()
VN = timezone(timedelta(hours=7))


@pytest.mark.parametrize(("ex", "price", "tick"), [
    (H, 9_990, 10), (H, 10_000, 50), (H, 49_950, 50), (H, 50_000, 100), (H, 120_000, 100),
    (X, 9_000, 100), (U, 55_000, 100),
])
def test_tick_size_per_exchange_and_price(ex, price, tick) -> None:
    assert tick_size(ex, price) == tick


def test_tick_when_etf_or_cw_on_hose_then_10() -> None:
    assert tick_size(H, 60_000, SecurityKind.ETF) == 10
    assert tick_size(H, 60_000, SecurityKind.CW) == 10


def test_on_tick_and_nearest() -> None:
    assert is_on_tick(H, 95_300) and not is_on_tick(H, 95_320)
    assert nearest_ticks(H, 95_320) == (95_300, 95_400)
    assert nearest_ticks(H, 12_345) == (12_300, 12_350)


@pytest.mark.parametrize(("ex", "ref", "ceiling", "floor"), [
    (H, 95_000, 101_600, 88_400),    # 101,650 -> down to 101,600; 88,350 -> up to 88,400
    (H, 10_000, 10_700, 9_300),      # floor 9,300 on the 10 tick, ceiling on the 50 tick
    (H, 47_000, 50_200, 43_750),     # ceiling 50,290 crosses into the 100 tick -> 50,200
    (H, 9_500, 10_150, 8_840),       # ceiling 10,165 is on the 50 tick -> 10,150
    (H, 53_500, 57_200, 49_800),     # floor 49,755 is below 50,000: 50 tick -> 49,800
    (X, 20_000, 22_000, 18_000),
    (X, 15_550, 17_100, 14_000),     # 17,105 down to 17,100; 13,995 up to 14,000
    (U, 10_000, 11_500, 8_500),
])
def test_band_rounds_ceiling_down_floor_up_at_the_tick_that_applies(ex, ref, ceiling, floor):
    band = price_band(ex, ref)
    assert (band.ceiling, band.floor) == (ceiling, floor)
    assert is_on_tick(ex, band.ceiling) and is_on_tick(ex, band.floor)


def test_band_first_trading_day_is_wider() -> None:
    assert price_band(H, 10_000, first_trading_day=True).ceiling == 12_000
    assert price_band(X, 10_000, first_trading_day=True).floor == 7_000
    assert price_band(U, 10_000, first_trading_day=True).ceiling == 14_000


def test_calendar_when_holiday_or_weekend_then_closed() -> None:
    assert not CAL.is_trading_day(date(2025, 1, 29))  # Tet 2025
    assert not CAL.is_trading_day(date(2025, 4, 30))  # Reunification Day
    assert not CAL.is_trading_day(date(2025, 9, 2))   # National Day
    assert not CAL.is_trading_day(date(2026, 11, 28))  # Saturday
    assert CAL.is_trading_day(date(2026, 11, 25))
    assert not CAL.is_trading_day(date(2026, 11, 24))  # Vietnam Culture Day (holidays 0.109)
    extra = TradingCalendar([date(2026, 11, 25)])
    assert not extra.is_trading_day(date(2026, 11, 25))


def test_sessions_in_vietnam_time_whatever_the_offset() -> None:
    wed = date(2026, 11, 25)
    at = lambda h, m, tz=VN: datetime(wed.year, wed.month, wed.day, h, m, tzinfo=tz)  # noqa: E731
    assert session_phase(H, at(9, 0), CAL) is SessionPhase.ATO
    assert session_phase(H, at(9, 15), CAL) is SessionPhase.CONTINUOUS
    assert session_phase(H, at(11, 30), CAL) is SessionPhase.LUNCH
    assert session_phase(H, at(14, 30), CAL) is SessionPhase.ATC
    assert session_phase(H, at(14, 45), CAL) is SessionPhase.CLOSED
    assert session_phase(H, at(8, 59), CAL) is SessionPhase.PRE_OPEN
    assert session_phase(X, at(14, 50), CAL) is SessionPhase.PLO
    assert session_phase(U, at(14, 50), CAL) is SessionPhase.CONTINUOUS
    # 02:30 UTC is 09:30 in Hanoi
    assert session_phase(H, datetime(2026, 11, 25, 2, 30, tzinfo=UTC), CAL) is \
        SessionPhase.CONTINUOUS
    # 11:30 at +09:00 is 09:30 in Hanoi
    assert session_phase(X, at(11, 30, timezone(timedelta(hours=9))), CAL) is \
        SessionPhase.CONTINUOUS
    assert session_phase(H, datetime(2025, 1, 29, 10, 0, tzinfo=VN), CAL) is SessionPhase.CLOSED


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        to_vn_time(datetime(2026, 11, 24, 9, 30))


def test_order_types_per_exchange_and_session() -> None:
    assert allowed_order_types(H, SessionPhase.ATO) == {OrderType.LO, OrderType.ATO}
    assert OrderType.MP in allowed_order_types(H, SessionPhase.CONTINUOUS)
    assert OrderType.ATC in allowed_order_types(H, SessionPhase.CONTINUOUS)
    assert allowed_order_types(X, SessionPhase.PLO) == {OrderType.PLO}
    assert allowed_order_types(U, SessionPhase.CONTINUOUS) == {OrderType.LO}
    assert allowed_order_types(H, SessionPhase.LUNCH) == frozenset()


def test_fees_and_tax_worked_by_hand() -> None:
    # buy 1,000 x 95,300 = 95,300,000; fee 0.15 % = 142,950
    buy = trade_costs(Side.BUY, 1_000, 95_300, FeeSchedule())
    assert (buy.value, buy.fee, buy.tax, buy.net_cash) == (95_300_000, 142_950, 0, -95_442_950)
    # sell 100 x 12,350 = 1,235,000; fee 1,852.5 -> 1,853 (half-up); tax 0.1 % = 1,235
    sell = trade_costs(Side.SELL, 100, 12_350, FeeSchedule())
    assert (sell.fee, sell.tax, sell.net_cash) == (1_853, 1_235, 1_235_000 - 1_853 - 1_235)


def test_t_plus_2_skips_weekends_and_holidays() -> None:
    assert settlement_date(date(2026, 11, 26), CAL) == date(2026, 11, 30)  # Thu -> Mon
    # 30/4 and 1/5 are holidays and 2/5/2025 was a bridge day
    assert settlement_date(date(2025, 4, 28), CAL) == date(2025, 5, 5)


def test_price_parsing_in_thousands() -> None:
    assert parse_price_thousands("95.3") == 95_300
    assert parse_price_thousands("9.99") == 9_990
    assert format_thousands(95_300) == "95.30"
    with pytest.raises(ValueError):
        parse_price_thousands("95.3001")
    with pytest.raises(ValueError):
        parse_price_thousands("abc")
