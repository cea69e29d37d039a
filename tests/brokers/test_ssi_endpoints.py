"""Every FastConnect endpoint through the client against the simulator, and the order
life cycle: accept, fill, modify, cancel, rejections, finding an order by requestID."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from simulators.ssi_fastconnect import SsiSimulator
from ssi_helpers import ClientFactory, FakeClock, run

from tradingtools_desktop.brokers.ssi import (
    BrokerRejected,
    CancelOrderRequest,
    ModifyOrderRequest,
    NewOrderRequest,
)
from tradingtools_desktop.domain.orders import OrderStatus

S = OrderStatus
ACCOUNT = "0901351"


def _buy(rid: str, qty: int = 100, price: int = 21000, symbol: str = "SSI",
         order_type: str = "LO") -> NewOrderRequest:
    return NewOrderRequest(ACCOUNT, rid, symbol, "B", order_type, price, qty)


def test_reads_when_fresh_account_then_spec_shaped_values(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            cash = await client.cash_account_balance()
            assert (cash.account, cash.cash_bal, cash.purchasing_power) == \
                (ACCOUNT, 1_000_000_000, 1_000_000_000)
            pos = await client.stock_position()
            by_symbol = {p.instrument_id: p for p in pos.positions}
            assert by_symbol["SSI"].on_hand == 1000 and by_symbol["SSI"].sellable_qty == 1000
            assert pos.total_market_value == 1000 * 21000 + 200 * 120000
            pp = await client.ppmmr_account()
            assert pp.purchasing_power == 1_000_000_000
            assert (await client.max_buy_qty("SSI", 21000)).max_buy_qty == 1_000_000_000 // 21000
            assert (await client.max_sell_qty("FPT")).max_sell_qty == 200
            assert await client.order_book() == []
            assert await client.audit_order_book() == []
            assert await client.order_history(client.vn_today(), client.vn_today()) == []
    run(body())


def test_read_when_account_not_owned_then_spec_rejection(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(BrokerRejected, match="Account is not exist"):
                await client.cash_account_balance("0901352")
    run(body())
    assert sim.calls["cashacctbal"] == 1  # a rejection is an answer: never retried


def test_order_when_accepted_then_partially_and_fully_filled_with_cash_and_shares(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            ack = await client.new_order(_buy("30000001", qty=300))
            assert ack.request_id == "30000001"
            assert ack.request_data is not None and "code" not in ack.request_data
            [order] = await client.order_book()
            assert order.status is S.SUBMITTED and order.matches_request_id("30000001")
            assert (await client.cash_account_balance()).cash_on_hold == 300 * 21000
            sim.scenario.fill("30000001", 100, 20950)
            [order] = await client.order_book()
            assert (order.status, order.filled_qty) == (S.PARTIALLY_FILLED, 100)
            sim.scenario.fill_crossing("SSI", 21000)
            [order] = await client.order_book()
            assert (order.status, order.filled_qty, order.order_status) == (S.FILLED, 300, "FF")
            expected_avg = Decimal(100 * 20950 + 200 * 21000) / 300
            assert abs(order.avg_price - expected_avg) < Decimal("0.001")
            cash = await client.cash_account_balance()
            assert cash.cash_bal == 1_000_000_000 - 100 * 20950 - 200 * 21000
            assert cash.cash_on_hold == 0
            ssi = {p.instrument_id: p for p in (await client.stock_position()).positions}["SSI"]
            assert (ssi.buy_t0, ssi.on_hand, ssi.sellable_qty) == (300, 1000, 1000)
    run(body())


def test_modify_when_price_changed_then_book_shows_new_price(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.new_order(_buy("30000002"))
            [order] = await client.order_book()
            await client.modify_order(ModifyOrderRequest(
                ACCOUNT, "30000003", order.order_id, "SSI", "B", "LO", 21500, 200))
            [order] = await client.order_book()
            assert (order.price, order.quantity) == (21500, 200)
            with pytest.raises(BrokerRejected) as info:  # appendix ORD014
                await client.modify_order(ModifyOrderRequest(
                    ACCOUNT, "30000004", order.order_id, "SSI", "B", "LO", 21500, 200))
            assert info.value.code == "ORD014"
    run(body())


def test_cancel_when_open_then_cancelled_and_cash_released(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.new_order(_buy("30000005"))
            [order] = await client.order_book()
            await client.cancel_order(CancelOrderRequest(ACCOUNT, "30000006", order.order_id,
                                                         "SSI", "B"))
            [order] = await client.order_book()
            assert (order.status, order.cancel_qty) == (S.CANCELLED, 100)
            assert (await client.cash_account_balance()).cash_on_hold == 0
            with pytest.raises(BrokerRejected) as info:
                await client.cancel_order(CancelOrderRequest(ACCOUNT, "30000007",
                                                             order.order_id, "SSI", "B"))
            assert info.value.code == "ORD012"
            with pytest.raises(BrokerRejected) as info:
                await client.cancel_order(CancelOrderRequest(ACCOUNT, "30000008", "T000",
                                                             "SSI", "B"))
            assert info.value.code == "ORD013"
    run(body())


def test_cancel_when_exchange_slow_then_pending_cancel_then_cancelled_after_partial(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.scenario.pending_cancels = True

    async def body() -> None:
        async with make_client() as client:
            await client.new_order(_buy("30000009", qty=200))
            sim.scenario.fill("30000009", 100)
            [order] = await client.order_book()
            await client.cancel_order(CancelOrderRequest(ACCOUNT, "30000010", order.order_id,
                                                         "SSI", "B"))
            [order] = await client.order_book()
            assert order.status is S.PENDING_CANCEL
            sim.scenario.confirm_cancels()
            [order] = await client.order_book()
            assert (order.order_status, order.status, order.filled_qty) == \
                ("FFPC", S.CANCELLED, 100)
    run(body())


@pytest.mark.parametrize(("req", "code"), [
    (_buy("30000011", price=23000), "ORD003"),  # above the 7 % ceiling of 21,000
    (_buy("30000012", price=19000), "ORD002"),
    (_buy("30000013", price=21010), "ORD004"),  # HOSE tick is 50 VND at this price
    (_buy("30000014", qty=150), "ORD005"),
    (_buy("30000015", qty=100_000), "ORD008"),
    (NewOrderRequest(ACCOUNT, "30000016", "SSI", "S", "LO", 21000, 5000), "ORD007"),
    (_buy("30000017", symbol="XYZ"), "ORD001"),
])
def test_new_order_when_exchange_rule_broken_then_rejected_with_appendix_code(
        sim: SsiSimulator, make_client: ClientFactory, req: NewOrderRequest,
        code: str) -> None:
    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(BrokerRejected) as info:
                await client.new_order(req)
            assert info.value.code == code and info.value.status == 400
    run(body())
    assert not sim.state.orders and sim.calls["neworder"] == 1


def test_new_order_when_scenario_rejects_sync_then_broker_rejected_with_code(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.scenario.reject_next("ORD008")

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(BrokerRejected) as info:
                await client.new_order(_buy("30000018"))
            assert (info.value.code, info.value.message) == \
                ("ORD008", "Not enough purchasing power")
            await client.new_order(_buy("30000019"))  # only the next one was refused
    run(body())
    assert len(sim.state.orders) == 1


def test_new_order_when_exchange_rejects_later_then_rj_in_book_and_audit_error(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.scenario.reject_next("ORD003", sync=False)

    async def body() -> None:
        async with make_client() as client:
            await client.new_order(_buy("30000020"))
            found = await client.find_order_by_request_id("30000020", client.vn_today())
            assert found is not None and found.status is S.REJECTED
            assert found.reject_reason == "Price exceeds ceiling level."
            [audit] = await client.audit_order_book()
            assert audit.last_error is not None and audit.last_error.order_status == "RJ"
    run(body())


def test_find_order_when_unknown_request_id_then_none(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.new_order(_buy("30000021"))
            assert await client.find_order_by_request_id("30000022", client.vn_today()) is None
            assert await client.find_order_by_request_id("30000021", client.vn_today())
    run(body())


def test_find_order_when_asked_next_day_then_history_shows_it_expired(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    clock = FakeClock(time.time())

    async def body() -> None:
        async with make_client(clock=clock) as client:
            await client.new_order(_buy("30000023"))
            day = client.vn_today()
            sim.scenario.end_of_day()
            clock.now += 86_400
            assert client.vn_today() == day + timedelta(days=1)
            found = await client.find_order_by_request_id("30000023", day)
            assert found is not None and found.status is S.EXPIRED
            assert await client.order_book() == []  # today's book is empty
    run(body())
    assert sim.calls["orderhistory"] == 1


def test_new_order_when_market_order_then_price_zero_and_filled_at_market(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.new_order(_buy("30000024", price=0, order_type="MP"))
            sim.scenario.fill_crossing("SSI", 21_100)
            [order] = await client.order_book()
            assert (order.status, order.avg_price) == (S.FILLED, 21_100)
    run(body())


def test_sell_when_filled_then_proceeds_pending_until_t_plus_2(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    async def body() -> None:
        async with make_client() as client:
            await client.new_order(NewOrderRequest(ACCOUNT, "30000025", "SSI", "S", "LO",
                                                   21000, 400))
            assert (await client.max_sell_qty("SSI")).max_sell_qty == 600
            sim.scenario.fill("30000025")
            cash = await client.cash_account_balance()
            assert (cash.cash_bal, cash.receiving_cash_t2) == (1_000_000_000, 400 * 21000)
            sim.scenario.end_of_day()
            cash = await client.cash_account_balance()
            assert (cash.cash_bal, cash.receiving_cash_t1) == (1_000_000_000, 400 * 21000)
            sim.scenario.end_of_day()
            cash = await client.cash_account_balance()
            assert cash.cash_bal == 1_000_000_000 + 400 * 21000
    run(body())
