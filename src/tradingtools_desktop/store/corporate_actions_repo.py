"""Corporate-action gaps in the cache: recorded, and back-adjusted when the factor is known.

``corporate_actions`` keeps every gap the detector (``domain/market/corporate_actions.py``)
found on import or refresh; ``adjusted`` says whether the cached bars before it were
back-adjusted (then the series is continuous) or still carry the raw jump (then the
screener refuses to score across it). Everything runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from ..domain.market.corporate_actions import CorporateGap, GapBasis, GapKind, PriceDay
from .db import Tx

__all__ = ["adjust_known_gaps", "adjust_matched_gaps", "back_adjust", "cached_series",
           "store_gaps"]


def back_adjust(tx: Tx, symbol: str, before: date, factor: float) -> None:
    """Prices of ``symbol`` before ``before`` divided by ``factor``, volumes multiplied."""
    f = factor
    tx.execute("UPDATE daily_bars SET open = round(open / ?), high = round(high / ?), "
               "low = round(low / ?), close = round(close / ?), "
               "volume = round(volume * ?) WHERE symbol = ? AND day < ?",
               [f, f, f, f, f, symbol, before], table="daily_bars")


def _adjusted_before(tx: Tx, g: CorporateGap) -> bool:
    seen = tx.one("SELECT adjusted FROM corporate_actions WHERE symbol = ? AND day = ?",
                  [g.symbol, g.day])
    return bool(seen and seen[0])


def adjust_known_gaps(tx: Tx, gaps: Sequence[CorporateGap]) -> set[tuple[str, date]]:
    """Back-adjust the cached bars before each gap whose factor the provider stated (the
    exchange's reference price, or its adjusted close): prices divided by the factor,
    volumes multiplied, as a back-adjusted series has them. A gap seen only as a jump past
    the band (BAND) is left as it is, flagged. Returns the (symbol, day) adjusted."""
    done: set[tuple[str, date]] = set()
    for g in sorted(gaps, key=lambda g: g.day):
        if g.basis is GapBasis.BAND or g.observed <= 1.0:
            continue
        if _adjusted_before(tx, g):
            done.add((g.symbol, g.day))  # adjusted once already: never twice
            continue
        back_adjust(tx, g.symbol, g.day, g.observed)
        done.add((g.symbol, g.day))
    return done


def store_gaps(tx: Tx, gaps: Sequence[CorporateGap], source: str, now: datetime, *,
               adjusted: set[tuple[str, date]] | None = None) -> None:
    """Record detected gaps (the caller's transaction); a re-detection updates the row.
    ``adjusted``: the gaps whose earlier bars were back-adjusted in this transaction."""
    if not gaps:
        return
    adjusted = adjusted or set()
    tx.executemany(
        "INSERT INTO corporate_actions (symbol, day, kind, ratio, observed, prev_close, price, "
        "basis, adjusted, source, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (symbol, day) DO UPDATE SET kind = excluded.kind, ratio = excluded.ratio, "
        "observed = excluded.observed, prev_close = excluded.prev_close, "
        "price = excluded.price, basis = excluded.basis, adjusted = excluded.adjusted, "
        "source = excluded.source, detected_at = excluded.detected_at",
        [(g.symbol, g.day, g.kind.value, g.ratio, g.observed, g.prev_close, g.price,
          g.basis.value, (g.symbol, g.day) in adjusted, source, now) for g in gaps],
        table="corporate_actions")


def adjust_matched_gaps(tx: Tx, gaps: Sequence[CorporateGap]) -> set[tuple[str, date]]:
    """The user asked (``data import --adjust``): back-adjust before every gap whose ratio
    matched a common split / stock-dividend ratio, by that ratio; UNEXPLAINED stays."""
    done: set[tuple[str, date]] = set()
    for g in sorted(gaps, key=lambda g: g.day):
        if g.kind is GapKind.UNEXPLAINED or _adjusted_before(tx, g):
            continue
        back_adjust(tx, g.symbol, g.day, g.ratio)
        done.add((g.symbol, g.day))
    return done


def cached_series(tx: Tx, symbol: str) -> list[PriceDay]:
    return [PriceDay(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in tx.execute(
        "SELECT day, open, high, low, close FROM daily_bars WHERE symbol = ? ORDER BY day",
        [symbol], table="daily_bars")]
