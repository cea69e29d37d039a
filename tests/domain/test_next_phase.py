"""The status bar's countdown: when the session changes next, and to what."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.sessions import SessionPhase as P
from tradingtools_desktop.domain.market.sessions import next_phase_change

VN = timezone(timedelta(hours=7))
CAL = TradingCalendar()


def at(h: int, m: int, day: int = 25) -> datetime:
    return datetime(2026, 11, day, h, m, tzinfo=VN)  # 25 Nov 2026 is a Wednesday


def test_each_phase_counts_down_to_the_next() -> None:
    assert next_phase_change(Exchange.HOSE, at(8, 30), CAL) == (at(9, 0), P.ATO)
    assert next_phase_change(Exchange.HOSE, at(9, 5), CAL) == (at(9, 15), P.CONTINUOUS)
    assert next_phase_change(Exchange.HOSE, at(10, 0), CAL) == (at(11, 30), P.LUNCH)
    assert next_phase_change(Exchange.HOSE, at(12, 0), CAL) == (at(13, 0), P.CONTINUOUS)
    assert next_phase_change(Exchange.HOSE, at(14, 40), CAL) == (at(14, 45), P.CLOSED)
    assert next_phase_change(Exchange.HNX, at(14, 50), CAL) == (at(15, 0), P.CLOSED)


def test_after_the_close_and_at_the_weekend_the_next_open_is_the_next_trading_day() -> None:
    assert next_phase_change(Exchange.HOSE, at(15, 0), CAL) == (at(9, 0, 26), P.ATO)
    friday_evening = at(16, 0, 27)
    assert next_phase_change(Exchange.HNX, friday_evening, CAL) == (
        at(9, 0, 30), P.CONTINUOUS)
