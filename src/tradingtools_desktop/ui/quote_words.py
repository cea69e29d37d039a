"""A quote's age in the user's words, for every widget that shows a price (Qt-free)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..domain.market.calendar import VN_TZ, TradingCalendar
from ..domain.market.freshness import current_session_day
from ..domain.market.quotes import IndexQuote, Quote
from ..services.market.ages import NOT_LIVE, age_at


def quote_age(quote: Quote | IndexQuote, now: datetime,
              calendar: TradingCalendar) -> tuple[str, bool]:
    """("prices from 13/11/2025, 1 year old", True) / ("live", False)."""
    return age_at(quote.at, now, calendar, live=quote.source not in NOT_LIVE)


@dataclass(frozen=True, slots=True)
class AgeJudge:
    """The app's clock and calendar, for widgets that mark old prices. ``cutoff()`` is the
    instant the current session's day began in Vietnam: a quote is old exactly when its
    ``at`` is before it (the same rule as ``domain.market.freshness``, as one comparison,
    so a board can judge hundreds of quotes a second)."""

    now: Callable[[], datetime]
    calendar: TradingCalendar

    def cutoff(self) -> datetime:
        day = current_session_day(self.now(), self.calendar)
        return datetime(day.year, day.month, day.day, tzinfo=VN_TZ)

    def words(self, quote: Quote | IndexQuote) -> tuple[str, bool]:
        return quote_age(quote, self.now(), self.calendar)

    def words_at(self, at: datetime) -> tuple[str, bool]:
        """The age of data (not a live quote) of instant ``at``: (words, old)."""
        return age_at(at, self.now(), self.calendar)
