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


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> dict[date, str]:
    """Vietnam's public holidays of ``year`` from the ``holidays`` package, with its names:
    the Tet days (moving with the lunar calendar), Hung Kings, 30/4, 1/5, the two National
    Day days, the substitute days off ("Ngày nghỉ (thay cho ...)") and the observed days
    ("nghỉ bù") when a holiday falls on a weekend."""
    import holidays  # imported on first use: it is not needed at start-up

    return dict(holidays.country_holidays("VN", years=year).items())


class TradingCalendar:
    """Trading days: Monday to Friday, minus VN public holidays, minus ``extra_closures``
    (the exchange-announced closures the user keeps in settings)."""

    def __init__(self, extra_closures: Iterable[date] = ()) -> None:
        self.extra_closures = frozenset(extra_closures)

    def is_holiday(self, day: date) -> bool:
        return day in _vn_holidays(day.year) or day in self.extra_closures

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name (Vietnamese, as the package gives it), or None."""
        if day in self.extra_closures:
            return "Exchange closure"
        return _vn_holidays(day.year).get(day)

    def is_trading_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_trading_day(self, day: date) -> date:
        """The first trading day strictly after ``day``."""
        d = day + timedelta(days=1)
        while not self.is_trading_day(d):
            d += timedelta(days=1)
        return d

    def previous_trading_day(self, day: date) -> date:
        """The last trading day strictly before ``day``."""
        d = day - timedelta(days=1)
        while not self.is_trading_day(d):
            d -= timedelta(days=1)
        return d

    def add_trading_days(self, day: date, n: int) -> date:
        """``n`` trading days after ``day`` (before it when n < 0); ``day`` itself when n == 0.
        ``day`` need not be a trading day: T+1 of a Saturday is the next trading day."""
        d = day
        step = self.next_trading_day if n >= 0 else self.previous_trading_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def trading_days_between(self, start: date, end: date) -> int:
        """Signed count of trading days from ``start`` to ``end``: those in (start, end] when
        end >= start, minus those in [end, start) when end is earlier. So for any trading day
        ``end``: add_trading_days(start, trading_days_between(start, end)) == end."""
        lo, hi, sign = (start, end, 1) if end >= start else (end - timedelta(days=1),
                                                             start - timedelta(days=1), -1)
        count, d = 0, lo
        while d < hi:
            d += timedelta(days=1)
            if self.is_trading_day(d):
                count += 1
        return sign * count
