"""Tick sizes and daily price bands, incl. rounding where the tick changes (10,000 / 50,000)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.bands import BAND_PCT, PriceBand, price_band
from tradingtools_desktop.domain.market.exchange import (
    BOARD_LOT,
    HOSE_MAX_ORDER_QTY,
    Exchange,
    SecurityKind,
)
from tradingtools_desktop.domain.market.symbols import Instrument
from tradingtools_desktop.domain.market.ticks import is_on_tick, nearest_ticks, tick_size

H, X, U = Exchange.HOSE, Exchange.HNX, Exchange.UPCOM
STOCK, ETF, CW = SecurityKind.STOCK, SecurityKind.ETF, SecurityKind.CW


def test_constants_match_the_issue() -> None:
    assert (BOARD_LOT, HOSE_MAX_ORDER_QTY) == (100, 500_000)
    assert [e.value for e in Exchange] == ["HOSE", "HNX", "UPCOM"]
    assert Exchange.parse(" hsx ") is H and Exchange.parse("upcom") is U


@pytest.mark.parametrize(("ex", "price", "tick"), [
    (H, 10, 10), (H, 9_990, 10), (H, 9_999, 10),
    (H, 10_000, 50), (H, 49_950, 50), (H, 49_999, 50),
    (H, 50_000, 100), (H, 120_000, 100),
    (X, 9_000, 100), (X, 60_000, 100), (U, 5_000, 100), (U, 55_000, 100),
])
def test_tick_size_when_stock_then_by_exchange_and_price(ex, price, tick) -> None:
    assert tick_size(ex, price) == tick


@pytest.mark.parametrize("price", [5_000, 15_000, 60_000])
def test_tick_size_when_hose_etf_or_cw_then_10_at_any_price(price) -> None:
    assert tick_size(H, price, ETF) == tick_size(H, price, CW) == 10
    assert tick_size(X, price, ETF) == 100  # the 10 VND tick is a HOSE rule


def test_is_on_tick_when_price_on_or_off_the_grid() -> None:
    assert is_on_tick(H, 95_300) and not is_on_tick(H, 95_320)
    assert is_on_tick(H, 12_350) and not is_on_tick(H, 12_360)
    assert is_on_tick(H, 9_990) and is_on_tick(H, 60_010, ETF)
    assert not is_on_tick(X, 15_550) and is_on_tick(X, 15_500)
    assert not is_on_tick(H, 0) and not is_on_tick(H, -100)


@pytest.mark.parametrize(("ex", "price", "down", "up"), [
    (H, 95_320, 95_300, 95_400), (H, 12_345, 12_300, 12_350), (H, 95_300, 95_300, 95_300),
    (H, 9_995, 9_990, 10_000),      # crosses into the 50 tick: 10,000 is valid on both
    (H, 49_990, 49_950, 50_000),    # crosses into the 100 tick
    (H, 50_050, 50_000, 50_100),
    (X, 15_550, 15_500, 15_600),
])
def test_nearest_ticks_around_the_tick_boundaries(ex, price, down, up) -> None:
    assert nearest_ticks(ex, price) == (down, up)
    assert is_on_tick(ex, down) and is_on_tick(ex, up)


@pytest.mark.parametrize(("ex", "ref", "kind", "first", "ceiling", "floor"), [
    # ref x 1.07 = 101,650 -> 101,600 (100 tick); x 0.93 = 88,350 -> 88,400
    (H, 95_000, STOCK, False, 101_600, 88_400),
    # 10,700 on the 50 tick; 9,300 on the 10 tick
    (H, 10_000, STOCK, False, 10_700, 9_300),
    # 9,400 x 1.07 = 10,058: above 10,000 the tick is 50 -> 10,050; 8,742 -> 8,750 (10 tick)
    (H, 9_400, STOCK, False, 10_050, 8_750),
    # 9,990 x 1.07 = 10,689.3 -> 10,650; x 0.93 = 9,290.7 -> 9,300
    (H, 9_990, STOCK, False, 10_650, 9_300),
    # 10,700 x 0.93 = 9,951: below 10,000 the tick is 10 -> 9,960; 11,449 -> 11,400
    (H, 10_700, STOCK, False, 11_400, 9_960),
    # 46,800 x 1.07 = 50,076: above 50,000 the tick is 100 -> 50,000; 43,524 -> 43,550
    (H, 46_800, STOCK, False, 50_000, 43_550),
    # 47,000 x 1.07 = 50,290 -> 50,200; 43,710 -> 43,750
    (H, 47_000, STOCK, False, 50_200, 43_750),
    # 53,700 x 0.93 = 49,941: below 50,000 the tick is 50 -> 49,950; 57,459 -> 57,400
    (H, 53_700, STOCK, False, 57_400, 49_950),
    # 49,950 x 1.07 = 53,446.5 -> 53,400; x 0.93 = 46,453.5 -> 46,500
    (H, 49_950, STOCK, False, 53_400, 46_500),
    # ETF on HOSE: 10 tick everywhere; 16,050 and 13,950 exactly
    (H, 15_000, ETF, False, 16_050, 13_950),
    # CW: 1,316.1 -> 1,310; 1,143.9 -> 1,150
    (H, 1_230, CW, False, 1_310, 1_150),
    # HNX +-10 %, 100 tick: 17,105 -> 17,100; 13,995 -> 14,000
    (X, 20_000, STOCK, False, 22_000, 18_000),
    (X, 15_550, STOCK, False, 17_100, 14_000),
    # UPCOM +-15 %: 38,332.95 -> 38,300; 28,333.05 -> 28,400
    (U, 33_333, STOCK, False, 38_300, 28_400),
    (U, 10_000, STOCK, False, 11_500, 8_500),
    # first trading day: HOSE +-20 % (8,500 -> 10,200 on the 50 tick, 6,800), HNX +-30 %,
    # UPCOM +-40 %
    (H, 8_500, STOCK, True, 10_200, 6_800),
    (H, 10_000, STOCK, True, 12_000, 8_000),
    (X, 10_000, STOCK, True, 13_000, 7_000),
    (X, 45_500, STOCK, True, 59_100, 31_900),  # 59,150 -> 59,100; 31,850 -> 31,900
    (U, 10_000, STOCK, True, 14_000, 6_000),
])
def test_band_when_rounded_then_ceiling_down_floor_up_at_the_tick_that_applies(
        ex, ref, kind, first, ceiling, floor) -> None:
    band = price_band(ex, ref, kind, first_trading_day=first)
    assert band == PriceBand(ref, ceiling, floor)
    assert is_on_tick(ex, band.ceiling, kind) and is_on_tick(ex, band.floor, kind)


def test_band_contains_its_edges_only() -> None:
    band = price_band(H, 95_000)
    assert band.contains(101_600) and band.contains(88_400)
    assert not band.contains(101_700) and not band.contains(88_300)


@pytest.mark.parametrize("ref", [0, -95_000])
def test_band_when_reference_not_positive_then_value_error(ref) -> None:
    with pytest.raises(ValueError, match="positive"):
        price_band(H, ref)


def _exact_limit(ex: Exchange, ref: int, first: bool, up: bool) -> Fraction:
    pct = BAND_PCT[ex][1 if first else 0]
    return Fraction(ref * (100 + pct if up else 100 - pct), 100)


@given(st.sampled_from(list(Exchange)), st.sampled_from(list(SecurityKind)),
       st.integers(min_value=1_000, max_value=500_000), st.booleans())
def test_property_band_edges_are_the_nearest_valid_prices_inside_the_exact_limits(
        ex, kind, ref, first) -> None:
    band = price_band(ex, ref, kind, first)
    hi, lo = _exact_limit(ex, ref, first, True), _exact_limit(ex, ref, first, False)
    assert is_on_tick(ex, band.ceiling, kind) and is_on_tick(ex, band.floor, kind)
    assert lo <= band.floor <= band.ceiling <= hi
    # nothing valid is left out: the next tick above the ceiling is beyond the limit, and
    # the tick below the floor is under it
    assert nearest_ticks(ex, band.ceiling + 1, kind)[1] > hi
    assert nearest_ticks(ex, band.floor - 1, kind)[0] < lo


def test_instrument_band_and_matching() -> None:
    fpt = Instrument("FPT", H, STOCK, 95_000)
    assert fpt.band() == price_band(H, 95_000)
    assert fpt.matches(" fpt", H) and not fpt.matches("FPT", X)
    assert Instrument("NEW", U, STOCK, None).band() is None
    assert Instrument("NEW", U, STOCK, 10_000, first_trading_day=True).band() == \
        price_band(U, 10_000, first_trading_day=True)
