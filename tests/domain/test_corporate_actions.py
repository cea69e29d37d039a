"""The corporate-action gap detector on real bars.

No split sits in our real data: ../shared/data/ohlcv/vci_daily is back-adjusted (VCI), so
the raw series are CONSTRUCTED from the real adjusted FPT bars (tests/fixtures/ohlcv) and a
known ratio: every price before the chosen ex-date multiplied by the ratio (what the raw
tape shows before a 20 % stock dividend or a 2-for-1 split), volumes divided by it."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tradingtools_desktop.domain.market.corporate_actions import (
    COMMON_RATIOS,
    GapBasis,
    GapKind,
    PriceDay,
    detect_gaps,
    match_ratio,
)
from tradingtools_desktop.domain.market.exchange import Exchange

FIX = Path(__file__).parents[1] / "fixtures" / "ohlcv"
EX_DATE = date(2024, 6, 12)


def real(symbol: str) -> list[PriceDay]:
    with open(FIX / f"{symbol}.csv", encoding="utf-8") as fh:
        return [PriceDay(date.fromisoformat(r["date"]), *(round(float(r[k]) * 1000) for k in
                                                           ("open", "high", "low", "close")))
                for r in csv.DictReader(fh)]


def unadjusted(bars: list[PriceDay], ex_date: date, ratio: float) -> list[PriceDay]:
    return [PriceDay(b.day, *(round(p * ratio) for p in (b.open, b.high, b.low, b.close)))
            if b.day < ex_date else b for b in bars]


@pytest.mark.parametrize(("symbol", "exchange"), [
    ("FPT", Exchange.HOSE), ("VCB", Exchange.HOSE), ("HPG", Exchange.HOSE),
    ("SHS", Exchange.HNX), ("ACV", Exchange.UPCOM), ("BCM", Exchange.HOSE)])
def test_real_adjusted_series_show_no_gap(symbol, exchange) -> None:
    # including ACV's zero-volume flat days and BCM's 7 missing sessions
    assert detect_gaps(symbol, exchange, real(symbol)) == []


@pytest.mark.parametrize(("ratio", "kind"), [(1.2, GapKind.STOCK_DIVIDEND),
                                             (1.5, GapKind.STOCK_DIVIDEND),
                                             (2.0, GapKind.SPLIT)])
def test_a_raw_series_shows_its_one_gap_with_the_ratio(ratio, kind) -> None:
    raw = unadjusted(real("FPT"), EX_DATE, ratio)
    gaps = detect_gaps("FPT", Exchange.HOSE, raw)
    assert len(gaps) == 1
    g = gaps[0]
    assert (g.day, g.kind, g.ratio, g.basis) == (EX_DATE, kind, ratio, GapBasis.BAND)
    assert g.prev_close == round(108_330 * ratio) and g.price == 109_520
    assert "not adjusted" in g.describe()


def test_a_small_stock_dividend_stays_inside_hnx_band_unless_the_reference_says_so() -> None:
    # 5 % in shares on HNX (band 10 %): the raw jump alone is within a normal day's move
    bars = real("SHS")
    ex = bars[300].day
    raw = unadjusted(bars, ex, 1.05)
    assert detect_gaps("SHS", Exchange.HNX, raw) == []
    # the exchange's reference price of the ex-date tells it plainly
    with_ref = [PriceDay(b.day, b.open, b.high, b.low, b.close,
                         reference=bars[299].close if b.day == ex else None) for b in raw]
    gaps = detect_gaps("SHS", Exchange.HNX, with_ref)
    assert [(g.day, g.ratio, g.basis) for g in gaps] == [(ex, 1.05, GapBasis.REFERENCE)]


def test_the_exchange_reference_gives_the_exact_ratio() -> None:
    bars = [PriceDay(date(2025, 3, 3), 60_000, 60_500, 59_800, 60_000),
            PriceDay(date(2025, 3, 4), 50_100, 50_500, 49_900, 50_200, reference=50_000)]
    (g,) = detect_gaps("XYZ", Exchange.HOSE, bars)
    assert (g.kind, g.ratio, g.basis, g.price) == (GapKind.STOCK_DIVIDEND, 1.2,
                                                   GapBasis.REFERENCE, 50_000)
    # an ordinary day: the reference is the previous close
    calm = [bars[0], PriceDay(date(2025, 3, 4), 60_100, 61_000, 59_000, 60_500,
                              reference=60_000)]
    assert detect_gaps("XYZ", Exchange.HOSE, calm) == []


def test_the_providers_adjusted_close_steps_on_the_ex_date() -> None:
    bars = [PriceDay(date(2025, 3, 3), 60_000, 60_500, 59_800, 60_000, close_adjusted=30_000),
            PriceDay(date(2025, 3, 4), 30_100, 30_500, 29_900, 30_200, close_adjusted=30_200)]
    (g,) = detect_gaps("XYZ", Exchange.HOSE, bars)
    assert (g.kind, g.ratio, g.basis) == (GapKind.SPLIT, 2.0, GapBasis.ADJUSTED)


def test_a_jump_up_past_the_band_is_not_a_corporate_action() -> None:
    bars = [PriceDay(date(2025, 3, 3), 10_000, 10_000, 10_000, 10_000),
            PriceDay(date(2025, 3, 4), 13_000, 13_500, 12_900, 13_200)]
    assert detect_gaps("XYZ", Exchange.UPCOM, bars) == []


def test_an_odd_ratio_past_the_band_is_flagged_unexplained() -> None:
    bars = [PriceDay(date(2025, 3, 3), 10_000, 10_000, 10_000, 10_000),
            PriceDay(date(2025, 3, 4), 2_700, 2_800, 2_650, 2_750)]  # / 3.7
    (g,) = detect_gaps("XYZ", Exchange.HOSE, bars)
    assert g.kind is GapKind.UNEXPLAINED and g.ratio == pytest.approx(3.7037, abs=1e-3)


def test_common_ratios() -> None:
    assert 1.05 in COMMON_RATIOS and 1.3 in COMMON_RATIOS and 2.0 in COMMON_RATIOS
    assert match_ratio(1.198, 0.006) == 1.2 and match_ratio(1.17, 0.006) is None
