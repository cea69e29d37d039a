"""P&L from the fee schedule to the VND, worked by hand: 0.15 % broker fee on each side,
0.1 % sell tax, average cost with the buy fees in the cost, half-up rounding per fill."""

from __future__ import annotations

from datetime import date

from tradingtools_desktop.domain.market.fees import FeeSchedule, trade_costs
from tradingtools_desktop.domain.orders import Side
from tradingtools_desktop.domain.pnl import FillRecord, positions_from_fills

MON, WED, THU, FRI = date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 26), \
    date(2026, 11, 27)
FEES = FeeSchedule()  # 15 bps fee, 10 bps sell tax


def booked(side: Side, qty: int, price: int, day: date, settle: date) -> FillRecord:
    c = trade_costs(side, qty, price, FEES)
    return FillRecord("HPG", side, qty, price, c.fee, c.tax, day, settle)


def test_buy_then_sell_part_at_a_higher_price() -> None:
    buy = trade_costs(Side.BUY, 1_000, 25_000, FEES)
    # value 1,000 x 25,000 = 25,000,000; fee 25,000,000 x 0.15 % = 37,500; no tax on a buy
    assert (buy.value, buy.fee, buy.tax, buy.net_cash) == (25_000_000, 37_500, 0, -25_037_500)
    sell = trade_costs(Side.SELL, 400, 27_350, FEES)
    # value 400 x 27,350 = 10,940,000; fee 0.15 % = 16,410; tax 0.1 % = 10,940
    # cash in = 10,940,000 - 16,410 - 10,940 = 10,912,650
    assert (sell.value, sell.fee, sell.tax, sell.net_cash) == (10_940_000, 16_410, 10_940,
                                                               10_912_650)
    p = positions_from_fills([booked(Side.BUY, 1_000, 25_000, MON, WED),
                              booked(Side.SELL, 400, 27_350, WED, FRI)], WED)["HPG"]
    # cost 25,037,500 for 1,000 (avg 25,037.5 -> 25,037); the sale removes
    # 25,037,500 x 400 // 1,000 = 10,015,000 of it
    # realised = 10,912,650 - 10,015,000 = 897,650
    assert p.realised == 897_650 and p.realised_today == 897_650
    assert p.quantity == 600 and p.cost == 25_037_500 - 10_015_000 == 15_022_500
    assert p.avg_cost == 25_037
    # marked at 26,000: 600 x 26,000 = 15,600,000 - 15,022,500 = 577,500
    assert p.unrealised(26_000) == 577_500
    assert (p.fees, p.taxes) == (37_500 + 16_410, 10_940)


def test_half_up_rounding_of_fee_and_tax() -> None:
    # 1,300 x 9,500 = 12,350,000 x 0.15 % = 18,525 exactly; x 0.1 % = 12,350
    exact = trade_costs(Side.SELL, 1_300, 9_500, FEES)
    assert (exact.fee, exact.tax) == (18_525, 12_350)
    # 100 x 12,350 = 1,235,000 x 0.15 % = 1,852.5 -> 1,853 (half up); x 0.1 % = 1,235
    c = trade_costs(Side.SELL, 100, 12_350, FEES)
    assert (c.fee, c.tax, c.net_cash) == (1_853, 1_235, 1_235_000 - 1_853 - 1_235)


def test_loss_after_costs_when_selling_everything_a_tick_higher() -> None:
    # buy 500 @ 40,000: 20,000,000 + fee 30,000 = 20,030,000
    # sell 500 @ 40,050 on T+2: 20,025,000 - fee 30,037.5 -> 30,038 - tax 20,025 = 19,974,937
    # realised = 19,974,937 - 20,030,000 = -55,063: a tick up does not pay for the costs
    fills = [booked(Side.BUY, 500, 40_000, MON, WED), booked(Side.SELL, 500, 40_050, WED, FRI)]
    p = positions_from_fills(fills, THU)["HPG"]
    assert p.quantity == 0 and p.cost == 0 and p.realised == -55_063
    assert p.realised_today == 0  # sold on Wednesday, looked at on Thursday
