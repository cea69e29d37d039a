"""Reads over HTTP when SSI sends odd values: fractional VND and null columns are repaired
(with a logged warning) and an unreadable row is skipped, so the read still succeeds."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from simulators.ssi_fastconnect import SsiSimulator
from ssi_helpers import ClientFactory, run

from tradingtools_desktop.brokers.ssi import MalformedResponse, NewOrderRequest
from tradingtools_desktop.brokers.ssi.account import read_account

ACCOUNT = "0901351"


def _odd_cash(data: Any) -> Any:
    return {**data, "cashBal": data["cashBal"] + 0.5, "purchasingPower": "999999999.4",
            "cashOnHold": None, "debt": 12.75, "totalAssets": "n/a"}


def _odd_positions(data: Any) -> Any:
    rows = [dict(r) for r in data["stockPositions"]]
    ssi = next(r for r in rows if r["instrumentID"] == "SSI")
    ssi.update(avgPrice=21012.3456, buyT1=None, sellableQty=None, marketPrice=21000.0)
    rows.append({"instrumentID": None, "onHand": 5})  # a row that cannot be read
    return {**data, "stockPositions": rows, "totalMarketValue": None}


def _odd_book(data: Any) -> Any:
    rows = [dict(r) for r in data["orders"]]
    rows[0].update(price=21000.0, filledQty=100.0, avgPrice=None, marketID=None,
                   orderType=None, cancelQty=None, inputTime=None, rejectReason=None)
    rows.append({"orderID": None, "orderStatus": "QU"})  # no identity: skipped
    rows.append({"orderID": "X1", "orderStatus": "FF", "quantity": "100.6"})
    return {**data, "orders": rows}


def test_reads_when_fractional_vnd_and_null_columns_then_succeed_with_warnings(
        sim: SsiSimulator, make_client: ClientFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    sim.rewrite("cashAcctBal", _odd_cash)
    sim.rewrite("stockPosition", _odd_positions)
    sim.rewrite("OrderBook", _odd_book)
    sim.rewrite("auditOrderBook", _odd_book)

    async def body() -> None:
        async with make_client() as client:
            await client.new_order(NewOrderRequest(ACCOUNT, "20000001", "SSI", "B", "LO",
                                                   21000, 300))
            sim.scenario.fill("20000001", 100, 21000)
            with caplog.at_level(logging.WARNING, "tradingtools_desktop.brokers.ssi"):
                view = await read_account(client, datetime.now(UTC))
                book = await client.order_book()
                audit = await client.audit_order_book()
            cash = view.cash
            assert (cash.cash_bal, cash.purchasing_power, cash.cash_on_hold, cash.debt) == \
                (1_000_000_001 - 100 * 21000, 999_999_999, 0, 13)
            assert cash.total_assets == 0  # unreadable: treated as missing
            ssi = view.snapshot.positions["SSI"]
            assert ssi.avg_cost == 21012 and ssi.sellable == 1000  # computed when null
            assert set(view.snapshot.positions) == {"SSI", "FPT"}
            assert [o.order_id for o in book][1:] == ["X1"] and book[1].quantity == 101
            assert (book[0].filled_qty, book[0].price, book[0].avg_price) == (100, 21000, 0)
            assert [a.order.order_id for a in audit] == [o.order_id for o in book]
            assert view.snapshot.open_request_ids == {"20000001"}
    run(body())
    text = caplog.text
    assert "cashBal: fractional number rounded half-up" in text
    assert "totalAssets: unreadable value treated as missing" in text
    assert "stockPositions: row skipped: instrumentID: missing" in text
    assert "orders: row skipped: orderID: missing" in text
    assert "1000000001" not in text and "999999999" not in text  # keys, never values


def test_reads_when_the_same_repair_repeats_then_warned_once_per_session(
        sim: SsiSimulator, make_client: ClientFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    sim.rewrite("cashAcctBal", _odd_cash)

    async def body() -> None:
        async with make_client() as client:
            with caplog.at_level(logging.WARNING, "tradingtools_desktop.brokers.ssi"):
                for _ in range(3):
                    await client.cash_account_balance()
    run(body())
    assert caplog.text.count("cashBal: fractional number") == 1


def test_read_when_a_required_field_is_null_then_malformed_not_a_guess(
        sim: SsiSimulator, make_client: ClientFactory) -> None:
    sim.rewrite("cashAcctBal", lambda d: {**d, "purchasingPower": None})

    async def body() -> None:
        async with make_client() as client:
            with pytest.raises(MalformedResponse, match="purchasingPower"):
                await client.cash_account_balance()
    run(body())


def test_poll_when_a_fill_arrives_without_its_price_then_it_waits_for_a_priced_read(
        tt_home, user_key) -> None:
    from live_env import FPT_REF, live_env

    from tradingtools_desktop.domain.orders import OrderStatus

    def no_price(data: Any) -> Any:
        return {**data, "orders": [{**r, "avgPrice": None} for r in data["orders"]]}

    async def go() -> None:
        async with live_env(tt_home, user_key) as env:
            env.sim.stream_silent()  # only the order book tells of this fill
            order = (await env.svc.orders.place(env.ticket("odd-1"))).order
            rid = await env.request_id(order.id)
            env.sim.scenario.fill(rid, 100, FPT_REF)
            env.sim.rewrite("OrderBook", no_price)
            await env.svc.orders.poll()
            assert (await env.svc.orders.status(order.id)).filled_qty == 0  # never at 0 VND
            env.sim.rewrite("OrderBook", None)
            await env.svc.orders.poll()
            done = await env.svc.orders.status(order.id)
            assert done.status is OrderStatus.FILLED and done.filled_value == 100 * FPT_REF

    run(go())
