"""Valuation ratios at the price of the as-of day, not of the quarter they were reported for.

A quarterly ratios row gives P/E and P/B at the price of its quarter's end; it becomes
known about 45 days later and stays the latest row for a quarter or more. Ranking those
stale ratios compares stocks at prices up to five months old, and a stock whose price
fell since looks as "expensive" as before. So the fundamentals the agents see carry P/E
and P/B **repriced**: ratio x (close on the as-of day / close on the period's last session
on or before its end), both closes from the same (adjusted) daily-bar series, so splits
and the price unit cancel.

- A stock with no close on or before the as-of day, or none on or before the period end,
  gets no P/E or P/B (a ratio at an unknown price is not comparable), never the stale one.
- Only bars known on the as-of day are read (``day`` cuts the series), so the point-in-
  time rule of agents/point_in_time.py holds.

Pure: ``reprice`` takes the fundamentals and each stock's (day ordinals, closes) series.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import replace
from datetime import date

from .point_in_time import quarter_end
from .snapshot import Fundamentals

PRICED = ("pe", "pb")
# (ascending day ordinals, closes): one stock's daily closes
Series = tuple[list[int], list[float]]


def close_on(series: Series | None, day: date) -> tuple[date, float] | None:
    """The last close on or before ``day`` (and its day); None without one."""
    if series is None:
        return None
    days, closes = series
    i = bisect.bisect_right(days, day.toordinal()) - 1
    if i < 0 or not math.isfinite(closes[i]) or closes[i] <= 0:
        return None
    return date.fromordinal(days[i]), closes[i]


def reprice(funds: dict[str, Fundamentals], closes: dict[str, Series], day: date
            ) -> dict[str, Fundamentals]:
    """``funds`` with P/E and P/B moved to the close of ``day`` (see the module contract)."""
    out: dict[str, Fundamentals] = {}
    for sym, f in funds.items():
        values, as_of = dict(f.values), dict(f.as_of)
        now = close_on(closes.get(sym), day)
        for name in PRICED:
            if name not in values:
                continue
            end = quarter_end(f.period.get(name, ""))
            then = close_on(closes.get(sym), end) if end is not None else None
            if now is None or then is None:
                values.pop(name)
                as_of.pop(name, None)
                continue
            values[name] = values[name] * now[1] / then[1]
            as_of[name] += (f"; repriced from the close of {then[0]} to that of {now[0]}")
        out[sym] = replace(f, values=values, as_of=as_of)
    return out
