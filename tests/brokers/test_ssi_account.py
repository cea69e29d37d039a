"""broker_snapshot over real HTTP against the SSI simulator: positions (total, sellable,
held, pending T+2), cash with receivables, open orders by requestID; and a reconciliation
run that catches a trade made outside the app."""

from __future__ import annotations

from datetime import UTC, datetime

from simulators.ssi_fastconnect import FaultKind, SsiSimulator
from ssi_helpers import ClientFactory, run

from tradingtools_desktop.brokers.ssi import NewOrderRequest
from tradingtools_desktop.brokers.ssi.account import broker_snapshot, read_account
from tradingtools_desktop.domain.market.calendar import TradingCalendar, to_vn_time
from tradingtools_desktop.domain.reconciliation import BrokerPosition, MismatchKind
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.services.clock import SystemClock
from tradingtools_desktop.services.portfolio import PortfolioService
from tradingtools_desktop.services.reconciliation import ReconciliationService
from tradingtools_desktop.services.runtime import AppServices

ACCOUNT = "0901351"


def order(rid: str, symbol: str, side: str, qty: int, price: int) -> NewOrderRequest:
    return NewOrderRequest(ACCOUNT, rid, symbol, side, "LO", price, qty)


def test_snapshot_of_the_demo_account(sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            now = datetime.now(UTC)
            snap = await broker_snapshot(client, now)
            assert snap.at == now and snap.cash == 1_000_000_000
            assert snap.positions == {"FPT": BrokerPosition(200, 200, 120_000),
                                      "SSI": BrokerPosition(1_000, 1_000, 21_000)}
            assert snap.open_request_ids == frozenset()

    run(body())


def test_orders_and_fills_show_in_the_snapshot(sim: SsiSimulator,
                                               make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.new_order(order("40000001", "HPG", "B", 300, 26_500))
            await client.new_order(order("40000002", "SSI", "S", 400, 21_000))
            snap = await broker_snapshot(client, datetime.now(UTC))
            assert snap.open_request_ids == frozenset({"40000001", "40000002"})
            # 400 SSI are held for the open sale
            assert snap.positions["SSI"] == BrokerPosition(1_000, 600, 21_000, held=400)
            assert "HPG" not in snap.positions and snap.cash == 1_000_000_000
            sim.scenario.fill("40000001")  # the whole buy at its limit
            sim.scenario.fill("40000002", 100, 21_000)  # part of the sale
            now = datetime.now(UTC)
            view = await read_account(client, now)
            snap = view.snapshot
            today = to_vn_time(now).date()
            t2 = TradingCalendar().add_trading_days(today, 2)
            # bought today: counted in total, not sellable, settles T+2
            assert snap.positions["HPG"] == BrokerPosition(300, 0, 26_500, 0, ((t2, 300),))
            # sold 100: 900 left, 300 still held by the open remainder
            assert snap.positions["SSI"] == BrokerPosition(900, 600, 21_000, held=300)
            # cash: -300 x 26,500 for the buy, +100 x 21,000 receivable from the sale
            assert snap.cash == 1_000_000_000 - 7_950_000 + 2_100_000
            assert snap.open_request_ids == frozenset({"40000002"})  # the buy is FF
            assert view.cash.purchasing_power == 1_000_000_000 - 7_950_000
            assert view.market_prices["HPG"] == 26_500
            # the day ends: the rest of the sale expires, nothing is open any more
            sim.scenario.end_of_day()
            snap = await broker_snapshot(client, datetime.now(UTC))
            assert snap.open_request_ids == frozenset()
            assert snap.positions["SSI"].sellable == 900

    run(body())


def test_reconciliation_catches_a_trade_made_outside_the_app(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        svc = await AppServices.open(None)
        try:
            async with make_client() as client:
                clock = SystemClock()
                recon = ReconciliationService(
                    svc.db, svc.bus, clock, lambda: broker_snapshot(client, clock.now()))
                await recon.load()
                assert (await recon.run()).ok  # the baseline
                assert (await recon.run()).ok  # nothing moved
                # the user buys 100 FPT on another device: not in our books; seen by two
                # runs in a row, it is a mismatch
                await client.new_order(order("40000009", "FPT", "B", 100, 120_000))
                result = await recon.run()
                assert result.mismatches == [] and [m.key for m in result.unconfirmed] == [
                    "40000009"]
                result = await recon.run()
                assert [(m.kind, m.key) for m in result.mismatches] == [
                    (MismatchKind.OPEN_ORDER, "40000009")]
                sim.scenario.fill("40000009")
                await recon.run()
                result = await recon.run()
                assert [(m.kind, m.key) for m in result.mismatches] == [
                    (MismatchKind.POSITION, "FPT"), (MismatchKind.CASH, "cash")]
                assert result.mismatches[0].broker == "total 300, sellable 200"
                assert not recon.probe().healthy
                # the user accepts the broker's account as it is
                await recon.accept(result.new[0].id, "bought on the phone app")
                assert (await recon.run()).ok and recon.probe().healthy
        finally:
            await svc.stop()

    run(body())


def test_live_portfolio_comes_from_the_account_and_goes_stale_on_failure(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        svc = await AppServices.open(None)
        try:
            async with make_client() as client:
                clock = SystemClock()
                pf = PortfolioService(svc.db, svc.risk, svc.bus, clock, mode=TradingMode.LIVE,
                                      broker_account=lambda: read_account(client, clock.now()))
                await client.new_order(order("40000011", "HPG", "B", 200, 26_500))
                sim.scenario.fill("40000011")
                sim.scenario.set_price("SSI", 21_500)
                s = await pf.refresh()
                assert s.source == "SSI FastConnect" and s.sync.state == "OK"
                assert [(p.symbol, p.total_qty, p.sellable_qty, p.pending_qty, p.avg_cost,
                         p.last_price) for p in s.positions] == [
                    ("FPT", 200, 200, 0, 120_000, 120_000),
                    ("HPG", 200, 0, 200, 26_500, 26_500),
                    ("SSI", 1_000, 1_000, 0, 21_000, 21_500)]
                # the exchange (for the board colours) comes from the market cache
                assert {p.exchange for p in s.positions} == {"HOSE"}
                ssi = s.positions[2]
                assert ssi.market_value == 21_500_000 and ssi.unrealised_pnl == 500_000
                assert s.cash == s.cash_available == 1_000_000_000 - 5_300_000
                assert s.buying_power == 1_000_000_000 - 5_300_000
                assert s.market_value == 24_000_000 + 5_300_000 + 21_500_000
                assert s.equity == s.cash + s.market_value
                ok_at = s.sync.last_ok_at
                # the broker cannot be read: the last good summary, labelled stale
                sim.faults.inject(FaultKind.HTTP_5XX, "stockPosition", times=None)
                stale = await pf.refresh()
                assert stale.sync.state == "STALE" and stale.sync.last_ok_at == ok_at
                assert "last refresh failed" in stale.sync.message
                assert stale.positions == s.positions and stale.source == "SSI FastConnect"
                sim.faults.clear()
        finally:
            await svc.stop()

    run(body())
