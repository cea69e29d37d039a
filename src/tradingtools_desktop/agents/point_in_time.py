"""What was known when: the point-in-time rules every agent input obeys.

An analysis at instant ``at`` (timezone-aware) may see only:

- daily bars of sessions up to ``at``'s trading day in Vietnam (a bar of day D is taken as
  known on D: the walk-forward scores at the close; a run during a session sees the cache's
  bar of that day as the cache holds it, flagged partial when it is);
- fundamentals whose publication day is on or before that day. Where the source gives no
  publication day we assume the report became public ``FUNDAMENTAL_LAG_DAYS`` after the
  quarter it describes ends (45 days: the VN deadline for quarterly reports is 30 days after
  quarter end, 45 for consolidated ones), never the quarter end itself;
- headlines published at or before ``at`` and no earlier than ``NEWS_LOOKBACK_DAYS``
  before it; a headline with no publish time is never used (nobody can prove it was known);
- instruments listed on or before that day (an unknown listing day counts as listed; the
  listing helper fills ``listed_on`` when the source gives it).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..domain.market.calendar import VN_TZ

FUNDAMENTAL_LAG_DAYS = 45
NEWS_LOOKBACK_DAYS = 30

_PERIOD = (re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*Q([1-4])\s*$", re.IGNORECASE),
           re.compile(r"^\s*Q([1-4])\s*[-/ ]?\s*(\d{4})\s*$", re.IGNORECASE),
           re.compile(r"^\s*(\d{4})\s*$"))


def quarter_end(period: str) -> date | None:
    """'2026Q2', '2026-Q2', 'Q4 2016' -> last day of that quarter; '2024' -> 31 Dec."""
    if m := _PERIOD[0].match(period):
        year, q = int(m.group(1)), int(m.group(2))
    elif m := _PERIOD[1].match(period):
        year, q = int(m.group(2)), int(m.group(1))
    elif m := _PERIOD[2].match(period):
        year, q = int(m.group(1)), 4
    else:
        return None
    first_of_next = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return first_of_next - timedelta(days=1)


def fundamentals_known_on(period: str, published_on: date | None) -> date | None:
    """The day a fundamentals row may first be used; None when the period is unreadable
    (such a row is never used point-in-time)."""
    if published_on is not None:
        return published_on
    end = quarter_end(period)
    return None if end is None else end + timedelta(days=FUNDAMENTAL_LAG_DAYS)


def trading_day_of(at: datetime) -> date:
    """The Vietnamese calendar day of ``at`` (naive datetimes are taken as Vietnam time)."""
    if at.tzinfo is None:
        return at.date()
    return at.astimezone(VN_TZ).date()


def news_visible(published_at: datetime | None, at: datetime) -> bool:
    if published_at is None:
        return False
    when = published_at if published_at.tzinfo else published_at.replace(tzinfo=VN_TZ)
    ref = at if at.tzinfo else at.replace(tzinfo=VN_TZ)
    return ref - timedelta(days=NEWS_LOOKBACK_DAYS) <= when <= ref


def close_of(day: date) -> datetime:
    """15:00 in Vietnam on ``day``: the instant the walk-forward scores a session."""
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=VN_TZ)
