"""A price's age in plain words, in the user's language: "prices from 13/11/2025, 1 year
old", "live", "12 minutes old". Takes plain values (see ``domain.market.freshness``), so the
GUI and the CLI word it the same way."""

from __future__ import annotations

from datetime import date

from . import language

_EN = {"year": ("year", "years"), "month": ("month", "months"), "day": ("day", "days"),
       "hour": ("hour", "hours"), "minute": ("minute", "minutes"),
       "second": ("second", "seconds")}
_VI = {"year": "năm", "month": "tháng", "day": "ngày", "hour": "giờ", "minute": "phút",
       "second": "giây"}
LIVE_SECONDS = 120  # a current price younger than this reads "live"


def age_words(count: int, unit: str) -> str:
    """'1 year old' / '3 days old' / '1 năm trước'."""
    if language() == "vi":
        return f"{count} {_VI.get(unit, unit)} trước"
    one, many = _EN.get(unit, (unit, unit + "s"))
    return f"{count} {one if count == 1 else many} old"


def _seconds(count: int, unit: str) -> int:
    size = {"year": 365 * 86_400, "month": 30 * 86_400, "day": 86_400, "hour": 3_600,
            "minute": 60, "second": 1}
    return count * size.get(unit, 1)


def freshness_words(old: bool, day: date, count: int, unit: str, *,
                    live_source: bool = True) -> str:
    """Old: 'prices from 13/11/2025, 1 year old'. Current, fresh and from a live source:
    'live'. Current otherwise (the evening after the close, or a daily bar):
    'session of 03/12/2026, 6 hours old'."""
    vi = language() == "vi"
    when = day.strftime("%d/%m/%Y")
    if old:
        return (f"giá ngày {when}, {age_words(count, unit)}" if vi else
                f"prices from {when}, {age_words(count, unit)}")
    if live_source and _seconds(count, unit) < LIVE_SECONDS:
        return "trực tuyến" if vi else "live"
    return (f"phiên {when}, {age_words(count, unit)}" if vi else
            f"session of {when}, {age_words(count, unit)}")
