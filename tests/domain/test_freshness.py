"""Old means older than the current session, in Vietnam time; the age reads in plain words."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.freshness import current_session_day, freshness
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.i18n.ages import freshness_words

VN = timezone(timedelta(hours=7))
CAL = TradingCalendar()


def test_the_current_session_is_today_from_the_open_else_the_last_trading_day() -> None:
    assert current_session_day(datetime(2026, 12, 3, 9, 0, tzinfo=VN), CAL) == date(2026, 12, 3)
    assert current_session_day(datetime(2026, 12, 3, 8, 59, tzinfo=VN), CAL) == date(2026, 12, 2)
    # Saturday: Friday's session is current
    assert current_session_day(datetime(2026, 12, 5, 11, 0, tzinfo=VN), CAL) == date(2026, 12, 4)


def test_a_bar_of_last_year_is_old_and_says_so() -> None:
    bar = datetime(2025, 11, 13, 15, 0, tzinfo=VN)
    now = datetime(2026, 12, 3, 20, 0, tzinfo=VN)
    f = freshness(bar, now, CAL)
    assert (f.old, f.day, f.count, f.unit) == (True, date(2025, 11, 13), 1, "year")
    set_language("en")
    try:
        assert freshness_words(f.old, f.day, f.count, f.unit) == \
            "prices from 13/11/2025, 1 year old"
        live = freshness(now - timedelta(seconds=3), now, CAL)
        assert not live.old and freshness_words(live.old, live.day, live.count,
                                                live.unit) == "live"
        close = freshness(datetime(2026, 12, 3, 14, 45, tzinfo=VN), now, CAL)
        assert not close.old
        assert freshness_words(close.old, close.day, close.count, close.unit) == \
            "session of 03/12/2026, 5 hours old"
        set_language("vi")
        assert freshness_words(f.old, f.day, f.count, f.unit) == "giá ngày 13/11/2025, 1 năm trước"
    finally:
        set_language(None)
