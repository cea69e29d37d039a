"""Quotes shaped like the feed's, for the board's tests (FPT's real band of 2025-11-14:
reference 99,600, ceiling 106,500, floor 92,700)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import BookLevel, Quote, QuoteSource

VN = timezone(timedelta(hours=7))
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


def quote(symbol: str = "FPT", *, last: int | None = 99_600, seconds: int = 0,
          ref: int = 99_600, ceiling: int = 106_500, floor: int = 92_700,
          bids: tuple[tuple[int, int], ...] = ((99_500, 1_200), (99_400, 3_000),
                                               (99_300, 500)),
          asks: tuple[tuple[int, int], ...] = ((99_600, 800), (99_700, 2_100),
                                               (99_800, 4_000)),
          **more: object) -> Quote:
    fields: dict[str, object] = dict(
        exchange=Exchange.HOSE, reference=ref, ceiling=ceiling, floor=floor, last=last,
        last_volume=100, total_volume=1_000_000, high=100_500, low=98_900,
        bids=tuple(BookLevel(p, v) for p, v in bids),
        asks=tuple(BookLevel(p, v) for p, v in asks),
        foreign_buy=12_000, foreign_sell=3_400, foreign_room=50_000_000)
    fields.update(more)
    return Quote(symbol, T0 + timedelta(seconds=seconds), QuoteSource.SSI_STREAM,
                 **fields)  # type: ignore[arg-type]
