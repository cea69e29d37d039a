"""The portfolio from the dry-run ledger, exact to the VND after fees and tax."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.events import PortfolioSynced
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))
WED = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


def buy(key: str, qty: int, side: Side = Side.BUY) -> OrderRequest:
    return OrderRequest("FPT", Exchange.HOSE, side, OrderType.LO, qty, 99_600, key)


def test_positions_cash_and_pnl_after_a_buy_and_a_sale(tt_home) -> None:
    async def go() -> None:
        clock = ManualClock(WED)
        svc = await AppServices.open(profile_paths("pf", tt_home), clock=clock)
        synced: list[PortfolioSynced] = []
        svc.bus.subscribe(PortfolioSynced, synced.append)
        assert (await svc.orders.place(buy("b1", 1_000))).order.status.value == "FILLED"
        s = await svc.portfolio.refresh()
        # 1,000 x 99,600 = 99,600,000 + fee 149,400 = 99,749,400 cost
        pos = s.positions[0]
        assert (pos.symbol, pos.total_qty, pos.sellable_qty, pos.pending_qty) == (
            "FPT", 1_000, 0, 1_000)
        assert pos.avg_cost == 99_749 and pos.unrealised_pnl == -149_400
        assert s.cash == 1_000_000_000 - 99_749_400
        assert s.equity == 1_000_000_000 - 149_400
        assert s.today_pnl == -149_400  # equity at the open was 1,000,000,000
        assert s.sync.state == "OK" and synced
        # two trading days later: sell 400 at the same price -> realised = -(fee share + sell costs)
        clock.set(WED + timedelta(days=2))
        assert (await svc.orders.place(buy("s1", 400, Side.SELL))).order.status.value == \
            "FILLED"
        s = await svc.portfolio.refresh()
        pos = s.positions[0]
        removed = 99_749_400 * 400 // 1_000  # 39,899,760
        proceeds = 400 * 99_600 - 59_760 - 39_840  # fee 0.15 %, tax 0.1 %
        assert pos.total_qty == 600 and pos.sellable_qty == 600
        assert pos.realised_pnl == proceeds - removed == -159_360
        assert s.fees_paid == 149_400 + 59_760 and s.taxes_paid == 39_840
        await svc.stop()

    asyncio.run(go())
