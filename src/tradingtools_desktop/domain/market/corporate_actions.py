"""Corporate-action gaps: where raw (unadjusted) prices jump and the adjusted series does not.

On the ex-date of a split or a stock dividend the exchange lowers the reference price by
the ratio (a 20 % stock dividend: reference = previous close / 1.2). A back-adjusted series
(what the screener's indicators need) divides every earlier price by the same ratio, so it
has no jump; a raw series has one, and a technical score computed across it reads the
mechanical drop as a crash.

:func:`detect_gaps` finds such a jump between two consecutive bars from the best evidence
the bars carry, in this order:

1. ``reference`` (SSI's RefPrice of the day): the exchange's own adjusted reference is
   below the previous raw close by a common ratio (``basis`` REFERENCE);
2. ``close_adjusted`` (the provider's adjusted close beside the raw one): the raw/adjusted
   factor steps by a common ratio from one day to the next (ADJUSTED);
3. neither: the whole day traded below the price band of the previous close - impossible
   for raw prices in normal trading - so the series is not adjusted there (BAND). When the
   ratio is close to a common one the kind says split / stock dividend, else UNEXPLAINED.
   A jump *up* past the band is not reported: no split or stock dividend raises a price.

A cash dividend also lowers the reference, by a few per cent; below ``MIN_RATIO`` (4.5 %) it
is not reported (it stays within the daily band, which the indicators bear). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from .bands import BAND_PCT
from .exchange import Exchange

__all__ = ["COMMON_RATIOS", "CorporateGap", "GapBasis", "GapKind", "PriceDay", "detect_gaps",
           "match_ratio"]

# Stock dividends / bonus issues of 5 % .. 100 % in 5 % steps (1.05 .. 2.0), the odd
# ratios VN issuers use (10:3 = 1.3 is already there; 3:1, 4:1, 5:1, 10:1 splits) and 2.5.
COMMON_RATIOS: tuple[float, ...] = tuple(sorted(
    {round(1 + k / 100, 4) for k in range(5, 101, 5)} | {2.5, 3.0, 4.0, 5.0, 10.0}))
MIN_RATIO = 1.045
REFERENCE_TOLERANCE = 0.006  # the reference is rounded to the tick (and cash may go too)
BAND_TOLERANCE = 0.03  # the open can sit a few ticks off the new reference


class GapKind(StrEnum):
    SPLIT = "split"
    STOCK_DIVIDEND = "stock_dividend"
    UNEXPLAINED = "unexplained"


class GapBasis(StrEnum):
    REFERENCE = "reference"
    ADJUSTED = "adjusted"
    BAND = "band"


@dataclass(frozen=True, slots=True)
class PriceDay:
    """One bar in VND; ``reference`` / ``close_adjusted`` when the provider gives them."""

    day: date
    open: int
    high: int
    low: int
    close: int
    reference: int | None = None
    close_adjusted: int | None = None


@dataclass(frozen=True, slots=True)
class CorporateGap:
    symbol: str
    day: date  # the ex-date: the first bar after the gap
    kind: GapKind
    ratio: float  # the common ratio matched (observed when UNEXPLAINED)
    observed: float  # previous close / the day's basis price
    prev_close: int
    price: int  # the reference, adjusted-implied or opening price the ratio came from
    basis: GapBasis

    def describe(self) -> str:
        """Plain English (the UI translates the template)."""
        what = {GapKind.SPLIT: "a split", GapKind.STOCK_DIVIDEND: "a stock dividend",
                GapKind.UNEXPLAINED: "an unexplained price gap"}[self.kind]
        return (f"{self.symbol}: {what} on {self.day.isoformat()} (ratio {self.ratio:g}); "
                "the prices before it are not adjusted")

    def to_dict(self) -> dict[str, object]:
        return {"symbol": self.symbol, "day": self.day.isoformat(), "kind": self.kind.value,
                "ratio": self.ratio, "observed": round(self.observed, 4),
                "prev_close": self.prev_close, "price": self.price, "basis": self.basis.value}


def match_ratio(observed: float, tolerance: float) -> float | None:
    """The common ratio within ``tolerance`` (relative) of ``observed``, nearest first."""
    best = min(COMMON_RATIOS, key=lambda r: abs(observed / r - 1))
    return best if abs(observed / best - 1) <= tolerance else None


def _kind(ratio: float) -> GapKind:
    return GapKind.SPLIT if ratio >= 2.0 else GapKind.STOCK_DIVIDEND


def _weekdays_between(a: date, b: date) -> int:
    """Weekdays in (a, b]: how many sessions a band could have compounded over."""
    n, d = 0, a + timedelta(days=1)
    while d <= b:
        n += d.weekday() < 5
        d += timedelta(days=1)
    return max(1, n)


def detect_gaps(symbol: str, exchange: Exchange, bars: Sequence[PriceDay]) -> list[CorporateGap]:
    """Gaps between consecutive ``bars`` (sorted by day); see the module contract."""
    out: list[CorporateGap] = []
    band = BAND_PCT[exchange][0] / 100
    for prev, cur in pairwise(bars):
        if prev.close <= 0 or cur.open <= 0:
            continue
        gap = _by_reference(symbol, prev, cur) or _by_adjusted(symbol, prev, cur) \
            or _by_band(symbol, prev, cur, band)
        if gap is not None:
            out.append(gap)
    return out


def _by_reference(symbol: str, prev: PriceDay, cur: PriceDay) -> CorporateGap | None:
    if not cur.reference:
        return None
    observed = prev.close / cur.reference
    if observed < MIN_RATIO:
        return None
    ratio = match_ratio(observed, REFERENCE_TOLERANCE)
    return CorporateGap(symbol, cur.day, _kind(ratio) if ratio else GapKind.UNEXPLAINED,
                        ratio or round(observed, 4), observed, prev.close, cur.reference,
                        GapBasis.REFERENCE)


def _by_adjusted(symbol: str, prev: PriceDay, cur: PriceDay) -> CorporateGap | None:
    if not (prev.close_adjusted and cur.close_adjusted):
        return None
    before = prev.close / prev.close_adjusted
    after = cur.close / cur.close_adjusted
    observed = before / after if after else 0.0
    if observed < MIN_RATIO:
        return None
    ratio = match_ratio(observed, REFERENCE_TOLERANCE)
    implied = round(prev.close / observed)
    return CorporateGap(symbol, cur.day, _kind(ratio) if ratio else GapKind.UNEXPLAINED,
                        ratio or round(observed, 4), observed, prev.close, implied,
                        GapBasis.ADJUSTED)


def _by_band(symbol: str, prev: PriceDay, cur: PriceDay, band: float) -> CorporateGap | None:
    sessions = _weekdays_between(prev.day, cur.day)
    floor = prev.close * (1 - band) ** sessions
    ceiling = prev.close * (1 + band) ** sessions
    if cur.high >= floor * 0.999 and cur.low <= ceiling * 1.001:
        return None  # inside the band: nothing a raw series could not do
    observed = prev.close / cur.open
    if observed < MIN_RATIO:
        return None  # a jump up: no split or stock dividend lifts the price (a re-listing
        # or a long suspension can; on 139,589 real adjusted bars only such jumps crossed)
    ratio = match_ratio(observed, BAND_TOLERANCE)
    return CorporateGap(symbol, cur.day, _kind(ratio) if ratio else GapKind.UNEXPLAINED,
                        ratio or round(observed, 4), observed, prev.close, cur.open,
                        GapBasis.BAND)
