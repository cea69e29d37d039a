"""A quote's age in the user's words, for every widget that shows a price (Qt-free)."""

from __future__ import annotations

from datetime import datetime

from ..domain.market.calendar import TradingCalendar
from ..domain.market.freshness import freshness
from ..domain.market.quotes import Quote, QuoteSource
from ..i18n.ages import freshness_words


def quote_age(quote: Quote, now: datetime, calendar: TradingCalendar) -> tuple[str, bool]:
    """("prices from 13/11/2025, 1 year old", True) / ("live", False)."""
    f = freshness(quote.at, now, calendar)
    live = quote.source not in (QuoteSource.BARS, QuoteSource.REPLAY)
    return freshness_words(f.old, f.day, f.count, f.unit, live_source=live), f.old
