"""Reading FastConnect Data values: numbers sent every which way, dates, times.

SSI sends the same number as ``21000``, ``21000.0``, ``"21000"`` or ``"21000.0"`` (the
spec's own examples mix them; the REST models are all strings), sometimes ``null`` or
``""``. Prices on the wire are VND and the app keeps integer VND, so:

- a missing value (``null``, ``""``, absent) is ``None`` ("not known"), never a crash;
- a fractional VND price is rounded half-up and counted (a warning is logged, rate-limited:
  at 5,000 messages a second one line per message would drown the log);
- a value that is not a number (``"abc"``, a list) is ``None`` and counted as an odd field:
  one odd field never fails a whole message or a whole page.

Keys are matched case-insensitively (the spec spells ``RType``, ``Rtype`` and ``rtype``):
:func:`lower_keys` once per object, then plain lookups.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

__all__ = ["VN_TZ", "WireStats", "lower_keys", "parse_day", "parse_moment"]

log = logging.getLogger("tradingtools_desktop.market.ssi_data")
VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no DST in Vietnam
_WARN_EVERY = 1000


def lower_keys(obj: dict[str, Any]) -> dict[str, Any]:
    return {k.lower(): v for k, v in obj.items()}


@dataclass
class WireStats:
    """What reading found odd, counted (the feed and the client expose it)."""

    odd_fields: int = 0  # a value that was not a number where one was expected
    fractional_vnd: int = 0  # a price with a fractional VND part, rounded half-up

    def _fraction(self, key: str, value: object) -> None:
        self.fractional_vnd += 1
        if self.fractional_vnd % _WARN_EVERY == 1:
            log.warning("SSI Data sent a fractional VND amount (%s=%s), rounded half-up "
                        "(%d so far)", key, value, self.fractional_vnd)

    def _odd(self, key: str) -> None:
        self.odd_fields += 1
        if self.odd_fields % _WARN_EVERY == 1:
            log.warning("SSI Data sent a non-numeric %s; treated as missing (%d so far)",
                        key, self.odd_fields)

    def vnd(self, d: dict[str, Any], key: str) -> int | None:
        """An integer amount (VND, shares): None when missing or not a number."""
        v = d.get(key)
        t = type(v)
        if t is int:
            return v
        if v is None:
            return None
        if t is float:
            if v.is_integer():
                return int(v)
            if v != v or v in (float("inf"), float("-inf")):
                self._odd(key)
                return None
            self._fraction(key, v)
            return int(Decimal(repr(v)).quantize(Decimal(1), ROUND_HALF_UP))
        if t is str:
            s = v.strip()
            if not s:
                return None
            try:
                return int(s)
            except ValueError:
                pass
            try:
                dec = Decimal(s)
            except InvalidOperation:
                self._odd(key)
                return None
            if not dec.is_finite():
                self._odd(key)
                return None
            if dec != dec.to_integral_value():
                self._fraction(key, s)
            return int(dec.quantize(Decimal(1), ROUND_HALF_UP))
        self._odd(key)  # bool, list, dict
        return None

    def price(self, d: dict[str, Any], key: str) -> int | None:
        """A price in VND; 0 means "none" on SSI's feed (no match yet, an empty level)."""
        v = self.vnd(d, key)
        return v if v else None

    def number(self, d: dict[str, Any], key: str) -> float | None:
        """A non-money number (index points, a percentage)."""
        v: Any = d.get(key)
        t = type(v)
        if t is float or t is int:
            return float(v)
        if v is None or (t is str and not v.strip()):
            return None
        if t is str:
            try:
                f = float(v)
            except ValueError:
                self._odd(key)
                return None
            if f == f and abs(f) != float("inf"):
                return f
        self._odd(key)
        return None

    @staticmethod
    def text(d: dict[str, Any], key: str) -> str | None:
        v = d.get(key)
        if isinstance(v, str):
            v = v.strip()
            return v or None
        if isinstance(v, int | float) and not isinstance(v, bool):
            return str(v)
        return None


_DAYS: dict[str, date | None] = {}


def parse_day(text: Any) -> date | None:
    """``dd/mm/yyyy`` (the spec's format), also ``ddmmyyyy`` and ISO; None otherwise."""
    if not isinstance(text, str):
        return None
    hit = _DAYS.get(text)
    if hit is not None or text in _DAYS:
        return hit
    s = text.strip().split(" ")[0]
    day: date | None = None
    try:
        if len(s) == 10 and s[2] == "/" and s[5] == "/":
            day = date(int(s[6:10]), int(s[3:5]), int(s[0:2]))
        elif len(s) == 8 and s.isdigit():
            day = date(int(s[4:8]), int(s[2:4]), int(s[0:2]))
        elif len(s) == 10 and s[4] == "-":
            day = date.fromisoformat(s)
    except ValueError:
        day = None
    if len(_DAYS) > 4096:
        _DAYS.clear()
    _DAYS[text] = day
    return day


def _clock(text: Any) -> time | None:
    if not isinstance(text, str):
        return None
    s = text.strip()
    if " " in s:  # "dd/mm/yyyy HH:MM:SS"
        s = s.rsplit(" ", 1)[1]
    try:
        if len(s) >= 8 and s[2] == ":" and s[5] == ":":
            return time(int(s[0:2]), int(s[3:5]), int(s[6:8]))
        if len(s) == 6 and s.isdigit():  # HHMMSS
            return time(int(s[0:2]), int(s[2:4]), int(s[4:6]))
        if len(s) == 5 and s[2] == ":":
            return time(int(s[0:2]), int(s[3:5]))
    except ValueError:
        return None
    return None


def parse_moment(day_text: Any, time_text: Any, fallback: datetime) -> datetime:
    """The exchange time of a message (Vietnam time, aware): its date and time fields, the
    fallback's date when only a time is sent, ``fallback`` when neither is usable."""
    day = parse_day(day_text)
    if day is None and isinstance(time_text, str) and " " in time_text.strip():
        day = parse_day(time_text)
    clock = _clock(time_text)
    if clock is None:
        if day is None:
            return fallback
        return datetime.combine(day, time(15, 0), VN_TZ) if day != fallback.astimezone(
            VN_TZ).date() else fallback
    if day is None:
        day = fallback.astimezone(VN_TZ).date()
    return datetime.combine(day, clock, VN_TZ)
