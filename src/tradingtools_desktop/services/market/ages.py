"""How old a price is, in the user's words: one rule for the window, the CLI and the
screener's stored quotes (``domain.market.freshness`` judges, ``i18n.ages`` words it)."""

from __future__ import annotations

from datetime import datetime

from ...domain.market.calendar import TradingCalendar
from ...domain.market.freshness import freshness
from ...domain.market.quotes import QuoteSource
from ...i18n.ages import freshness_words

__all__ = ["NOT_LIVE", "age_at"]

NOT_LIVE = (QuoteSource.BARS, QuoteSource.REPLAY)  # sources that never read "live"


def age_at(at: datetime, now: datetime, calendar: TradingCalendar, *,
           live: bool = False) -> tuple[str, bool]:
    """The age of data of instant ``at``: (words, old); ``live``: from a live source, so
    a fresh one reads "live"."""
    f = freshness(at, now, calendar)
    return freshness_words(f.old, f.day, f.count, f.unit, live_source=live), f.old
