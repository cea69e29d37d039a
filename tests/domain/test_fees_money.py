"""Fees and tax worked by hand; money parsing and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradingtools_desktop.domain.market.fees import FeeSchedule, TradeCosts, trade_costs
from tradingtools_desktop.domain.money import (
    bps_of,
    format_bps,
    format_thousands,
    format_vnd,
    parse_price_thousands,
    parse_vnd,
)
from tradingtools_desktop.domain.orders import Side

DEFAULT = FeeSchedule()


def test_default_schedule_is_0_15_pct_fee_and_0_1_pct_sell_tax() -> None:
    assert (DEFAULT.broker_fee_bps, DEFAULT.sell_tax_bps) == (15, 10)


def test_buy_costs_worked_by_hand() -> None:
    # 1,000 x 95,300 = 95,300,000; fee 0.15 % = 142,950; no tax on a buy
    assert trade_costs(Side.BUY, 1_000, 95_300, DEFAULT) == TradeCosts(
        95_300_000, 142_950, 0, -95_442_950)


def test_sell_costs_worked_by_hand() -> None:
    # 100 x 12,350 = 1,235,000; fee 1,852.5 -> 1,853 (half-up); tax 0.1 % = 1,235
    # net = 1,235,000 - 1,853 - 1,235 = 1,231,912
    assert trade_costs(Side.SELL, 100, 12_350, DEFAULT) == TradeCosts(
        1_235_000, 1_853, 1_235, 1_231_912)


def test_odd_lot_sell_costs_worked_by_hand() -> None:
    # 7 x 10,050 = 70,350; fee 105.525 -> 106; tax 70.35 -> 70; net 70,174
    assert trade_costs(Side.SELL, 7, 10_050, DEFAULT) == TradeCosts(70_350, 106, 70, 70_174)


def test_fee_rounds_half_up_not_half_even() -> None:
    # 3,000 x 0.15 % = 4.5 -> 5 (banker's rounding would give 4); 1,000 -> 1.5 -> 2
    assert trade_costs(Side.BUY, 1, 3_000, DEFAULT).fee == 5
    assert trade_costs(Side.BUY, 1, 1_000, DEFAULT).fee == 2
    # 4,999 x 0.1 % = 4.999 -> 5; 4,000 x 0.1 % = 4.0 -> 4
    assert trade_costs(Side.SELL, 1, 4_999, DEFAULT).tax == 5
    assert trade_costs(Side.SELL, 1, 4_000, DEFAULT).tax == 4


def test_profile_fee_rate_is_used() -> None:
    # a 0.1 % broker: 1,000 x 95,300 -> fee 95,300; tax 95,300
    sell = trade_costs(Side.SELL, 1_000, 95_300, FeeSchedule(broker_fee_bps=10))
    assert (sell.fee, sell.tax, sell.net_cash) == (95_300, 95_300, 95_109_400)
    assert trade_costs(Side.BUY, 100, 50_000, FeeSchedule(0, 0)).net_cash == -5_000_000


@given(st.sampled_from(list(Side)), st.integers(1, 10**7), st.integers(1, 10**6),
       st.integers(0, 300), st.integers(0, 100))
def test_property_costs_are_exact_integers_rounded_half_up(side, qty, price, fee_bps,
                                                           tax_bps) -> None:
    c = trade_costs(side, qty, price, FeeSchedule(fee_bps, tax_bps))
    exact_fee = Decimal(qty * price * fee_bps) / 10_000
    assert c.value == qty * price
    assert abs(Decimal(c.fee) - exact_fee) <= Decimal("0.5")
    assert c.fee == int((exact_fee + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR"))
    if side is Side.BUY:
        assert c.tax == 0 and c.net_cash == -(c.value + c.fee)
    else:
        assert c.net_cash == c.value - c.fee - c.tax


def test_bps_of_is_symmetric_for_negative_values() -> None:
    assert bps_of(3_000, 15) == 5 and bps_of(-3_000, 15) == -5 and bps_of(0, 15) == 0


# -- money ---------------------------------------------------------------------------------

def test_format_vnd_and_thousands() -> None:
    assert format_vnd(95_300) == "95,300"
    assert format_vnd(-1_234_567) == "-1,234,567"
    assert format_vnd(0) == "0"
    assert format_thousands(95_300) == "95.30"
    assert format_thousands(9_990) == "9.99"
    assert format_thousands(100_000) == "100.00"


@pytest.mark.parametrize(("text", "vnd"), [
    ("95.3", 95_300), ("95.30", 95_300), (" 95.3 ", 95_300), ("95", 95_000), ("9.99", 9_990),
    ("0.01", 10), ("0.001", 1), ("1e2", 100_000),
])
def test_parse_price_thousands_when_exact_then_vnd(text, vnd) -> None:
    assert parse_price_thousands(text) == vnd


@pytest.mark.parametrize("text", ["95.3001", "0.0001", "abc", "", "inf", "NaN", "95,3",
                                  "95.300,5"])
def test_parse_price_thousands_when_sub_vnd_or_garbage_then_value_error(text) -> None:
    with pytest.raises(ValueError):
        parse_price_thousands(text)


def test_parse_price_thousands_round_trips_every_board_price() -> None:
    for vnd in (10, 9_990, 10_050, 49_950, 50_000, 95_300, 123_400):
        assert parse_price_thousands(format_thousands(vnd)) == vnd


@pytest.mark.parametrize(("text", "vnd"), [
    ("95,300", 95_300), ("95300", 95_300), ("1,234,567", 1_234_567), ("-1,000", -1_000),
    (" 500,000,000 ", 500_000_000),
])
def test_parse_vnd_when_whole_then_int(text, vnd) -> None:
    assert parse_vnd(text) == vnd


@pytest.mark.parametrize("text", ["9,53", "1,2345", "95,300.5", "0.5", "x", "", "inf"])
def test_parse_vnd_when_not_whole_vnd_then_value_error(text) -> None:
    with pytest.raises(ValueError):
        parse_vnd(text)


def test_format_bps() -> None:
    assert (format_bps(15), format_bps(10), format_bps(500)) == ("0.15 %", "0.1 %", "5 %")
