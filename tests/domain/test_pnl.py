"""P&L worked by hand: fee 0.15 %, sell tax 0.1 %, average cost, T+2."""

from __future__ import annotations

from datetime import date

from tradingtools_desktop.domain.orders import Side
from tradingtools_desktop.domain.pnl import FillRecord, positions_from_fills

MON, TUE, WED, THU = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)


def fill(side: Side, qty: int, price: int, fee: int, tax: int, day: date,
         settle: date) -> FillRecord:
    return FillRecord("FPT", side, qty, price, fee, tax, day, settle)


def test_two_buys_one_sell_worked_by_hand() -> None:
    fills = [
        # buy 1,000 @ 95,300: value 95,300,000, fee 142,950 -> cost 95,442,950
        fill(Side.BUY, 1_000, 95_300, 142_950, 0, MON, WED),
        # buy 500 @ 96,000: value 48,000,000, fee 72,000 -> cost 48,072,000
        fill(Side.BUY, 500, 96_000, 72_000, 0, TUE, THU),
        # sell 600 @ 98,000 on Wed: value 58,800,000, fee 88,200, tax 58,800
        fill(Side.SELL, 600, 98_000, 88_200, 58_800, WED, date(2026, 11, 27)),
    ]
    p = positions_from_fills(fills, WED)["FPT"]
    total_cost = 95_442_950 + 48_072_000  # 143,514,950 for 1,500 shares
    removed = total_cost * 600 // 1_500  # 57,405,980
    assert removed == 57_405_980
    assert p.quantity == 900
    assert p.cost == total_cost - removed == 86_108_970
    assert p.realised == 58_800_000 - 88_200 - 58_800 - removed == 1_247_020
    assert p.realised_today == 1_247_020
    assert p.avg_cost == 86_108_970 // 900 == 95_676
    # Monday's 1,000 settle Wednesday; 600 of them were sold; Tuesday's 500 pend until Thu
    assert p.pending(WED) == 500 and p.sellable(WED) == 400
    assert p.pending(THU) == 0 and p.sellable(THU) == 900
    # marked at 97,000: 900 x 97,000 - 86,108,970
    assert p.unrealised(97_000) == 1_191_030
    assert (p.fees, p.taxes) == (142_950 + 72_000 + 88_200, 58_800)


def test_round_trip_at_the_same_price_loses_exactly_the_fees_and_tax() -> None:
    fills = [fill(Side.BUY, 100, 50_000, 7_500, 0, MON, WED),
             fill(Side.SELL, 100, 50_000, 7_500, 5_000, WED, date(2026, 11, 27))]
    p = positions_from_fills(fills, WED)["FPT"]
    assert p.quantity == 0 and p.cost == 0
    assert p.realised == -(7_500 + 7_500 + 5_000)
