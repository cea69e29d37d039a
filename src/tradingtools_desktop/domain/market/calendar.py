"""The VN trading calendar: weekends and Vietnamese market holidays are closed.

Holidays come from the ``holidays`` package's Vietnam calendar (Tet moves every year), plus
a small list of exchange-announced extra closures the user can edit (bridge days the
exchanges announce each year are not in any public-holiday calendar).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def to_vn_time(when: datetime) -> datetime:
    """Any aware datetime in Vietnam time; a naive one is refused (its meaning is unknown)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required (got a naive one)")
    return when.astimezone(VN_TZ)


@lru_cache(maxsize=32)
def _vn_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year).keys())


class TradingCalendar:
    def __init__(self, extra_closures: Iterable[date] = ()) -> None:
        self.extra_closures = frozenset(extra_closures)

    def is_holiday(self, day: date) -> bool:
        return day in _vn_holidays(day.year) or day in self.extra_closures

    def is_trading_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_trading_day(self, day: date) -> date:
        d = day + timedelta(days=1)
        while not self.is_trading_day(d):
            d += timedelta(days=1)
        return d

    def previous_trading_day(self, day: date) -> date:
        d = day - timedelta(days=1)
        while not self.is_trading_day(d):
            d -= timedelta(days=1)
        return d

    def add_trading_days(self, day: date, n: int) -> date:
        d = day
        for _ in range(n):
            d = self.next_trading_day(d)
        return d

    def trading_days_between(self, start: date, end: date) -> int:
        """Trading days in (start, end]."""
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            if self.is_trading_day(d):
                count += 1
        return count
