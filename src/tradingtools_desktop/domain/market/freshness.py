"""How old a price is, judged against the market's own clock.

A price is **current** when it belongs to the current session: today's when today is a
trading day and its session has begun (09:00 Vietnam time), else the last trading day's
(so on a Saturday, Friday's close is current; at 08:00, yesterday's). Anything older is
**old** and is shown with its age. Pure: the caller gives the time and the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from .calendar import TradingCalendar, to_vn_time

SESSION_STARTS = time(9, 0)
# the unit of an age in words: the largest that fits
_UNITS = (("year", 365 * 86_400), ("month", 30 * 86_400), ("day", 86_400),
          ("hour", 3_600), ("minute", 60), ("second", 1))


def current_session_day(now: datetime, calendar: TradingCalendar) -> date:
    local = to_vn_time(now)
    today = local.date()
    if calendar.is_trading_day(today) and local.time() >= SESSION_STARTS:
        return today
    return calendar.previous_trading_day(today)


@dataclass(frozen=True, slots=True)
class Freshness:
    """``old``: older than the current session. ``day``: the price's Vietnam day. The age
    as (count, unit) with unit one of year / month / day / hour / minute / second."""

    old: bool
    day: date
    count: int
    unit: str


def freshness(at: datetime, now: datetime, calendar: TradingCalendar) -> Freshness:
    seconds = max(0, int((now - at).total_seconds()))
    count, unit = 0, "second"
    for name, size in _UNITS:
        if seconds >= size:
            count, unit = seconds // size, name
            break
    day = to_vn_time(at).date()
    return Freshness(day < current_session_day(now, calendar), day, count, unit)
