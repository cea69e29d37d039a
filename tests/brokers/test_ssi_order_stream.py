"""The SSI order stream (spec 6.1, hub BroadcastHubV2) against the simulator over real
sockets: fills booked from the stream before any order-book read, the poll taking over
while the stream is down and slowing again once it is back, NotifyID replays, and the same
fill seen by the stream and by the poll booked once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from live_env import FPT_REF, LiveEnv, live_env
from ssi_helpers import run

from tradingtools_desktop.brokers.ssi.broker import SsiBroker
from tradingtools_desktop.brokers.ssi.order_stream import (
    ErrorEvent,
    MatchEvent,
    OrderEvent,
    SsiOrderStream,
    parse_notification,
)
from tradingtools_desktop.domain.orders import OrderStatus

S = OrderStatus


@pytest.fixture
def home(tt_home):
    return tt_home


async def until(check: Callable[[], object], seconds: float = 10.0) -> None:
    """Wait (on the loop, so the stream keeps reading) until ``check()`` is true."""
    for _ in range(int(seconds / 0.01)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")


async def until_async(check: Callable[[], object], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if await check():  # type: ignore[misc]
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met in time")


def broker_of(env: LiveEnv) -> SsiBroker:
    broker = env.link.broker
    assert broker is not None and broker.stream is not None
    return broker


async def streaming(env: LiveEnv) -> tuple[SsiBroker, SsiOrderStream]:
    """The live environment's SSI broker and its order stream, once the stream is live."""
    broker = broker_of(env)
    stream = broker.stream
    assert stream is not None
    await until(lambda: stream.live)
    return broker, stream


async def placed(env: LiveEnv, key: str, **kw: object) -> tuple[str, str]:
    result = await env.svc.orders.place(env.ticket(key, **kw))
    assert result.order.status is S.SUBMITTED, result.order.reason
    return result.order.id, await env.request_id(result.order.id)


def test_fill_when_stream_live_then_booked_from_stream_without_reading_the_order_book(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            broker, _stream = await streaming(env)
            order_id, rid = await placed(env, "st-1", quantity=300)
            await env.svc.orders.poll(routine=True)  # the first pass reads the book
            reads = env.sim.calls.get("orderbook", 0)
            env.sim.scenario.fill(rid, 100, FPT_REF)

            async def partly() -> bool:
                return (await env.svc.orders.status(order_id)).filled_qty == 100
            await until_async(partly)
            order = await env.svc.orders.status(order_id)
            assert order.status is S.PARTIALLY_FILLED and order.broker_order_id
            assert env.sim.calls.get("orderbook", 0) == reads  # no poll came between
            # the background pass leaves the book alone while the stream is live
            assert broker.poll_interval() == broker.safety_poll_s
            await env.svc.orders.poll(routine=True)
            assert env.sim.calls.get("orderbook", 0) == reads
            assert "order stream live" in env.link.probe().detail
            # the rest fills, then a cancel of another order: both by the stream alone
            env.sim.scenario.fill(rid, 200, FPT_REF - 100)

            async def filled() -> bool:
                return (await env.svc.orders.status(order_id)).status is S.FILLED
            await until_async(filled)
            order = await env.svc.orders.status(order_id)
            assert order.filled_value == 100 * FPT_REF + 200 * (FPT_REF - 100)
            assert len(await env.svc.orders.repo.fill_ids(order_id)) == 2

    run(go())


def test_stream_dropped_then_poll_takes_over_every_pass_then_reconnects_and_slows(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            broker, stream = await streaming(env)
            order_id, rid = await placed(env, "st-2", quantity=200)
            env.sim.refuse_stream()
            assert env.sim.drop_stream() >= 1
            await until(lambda: not stream.live)
            assert broker.poll_interval() == 0
            assert "order stream down" in env.link.probe().detail
            assert env.link.probe().healthy  # the poll covers it: not a reason to stop trading
            env.sim.scenario.fill(rid, 100, FPT_REF)
            reads = env.sim.calls.get("orderbook", 0)
            await env.svc.orders.poll(routine=True)  # a routine pass reads the book
            assert env.sim.calls.get("orderbook", 0) == reads + 1
            order = await env.svc.orders.status(order_id)
            assert order.status is S.PARTIALLY_FILLED and order.filled_qty == 100
            connects = stream.stats.connects
            env.sim.refuse_stream(False)
            await until(lambda: stream.live, seconds=30)
            assert stream.stats.connects == connects + 1 and stream.stats.drops >= 1
            # back: the first pass reads the book once more, then the safety net cadence
            await env.svc.orders.poll(routine=True)
            assert broker.poll_interval() == broker.safety_poll_s
            reads = env.sim.calls.get("orderbook", 0)
            await env.svc.orders.poll(routine=True)
            assert env.sim.calls.get("orderbook", 0) == reads
            assert len(await env.svc.orders.repo.fill_ids(order_id)) == 1

    run(go())


def test_same_fill_by_stream_poll_and_replay_then_booked_once(home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            _broker, stream = await streaming(env)
            order_id, rid = await placed(env, "st-3", quantity=200)
            env.sim.scenario.fill(rid, 100, FPT_REF)

            async def partly() -> bool:
                return (await env.svc.orders.status(order_id)).filled_qty == 100
            await until_async(partly)
            await env.svc.orders.poll()  # the book shows the same fill
            await env.svc.orders.poll()
            # a reconnect that asks for the whole day again (NotifyID 0): every event of
            # the order is delivered a second time
            stream.stats.last_notify_id = 0
            replayed = env.sim.hub.replayed
            await stream.reconnect()
            await until(lambda: env.sim.hub.replayed > replayed and stream.live)
            await until(lambda: stream._queue.empty())
            await asyncio.sleep(0.05)
            order = await env.svc.orders.status(order_id)
            assert order.filled_qty == 100 and order.status is S.PARTIALLY_FILLED
            assert len(await env.svc.orders.repo.fill_ids(order_id)) == 1
            audit = await env.svc.orders.audit(order_id)
            assert [e.to_status for e in audit].count("PARTIALLY_FILLED") == 1

    run(go())


def test_stream_silent_then_safety_poll_books_the_fill_and_reconnect_replays_it_once(
        home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            broker, stream = await streaming(env)
            broker.safety_poll_s = 0.2  # the test's own cadence for the safety net
            order_id, rid = await placed(env, "st-4")
            await env.svc.orders.poll(routine=True)
            env.sim.stream_silent()  # keep-alives go on: the socket looks healthy
            env.sim.scenario.fill(rid, 100, FPT_REF)
            await asyncio.sleep(0.1)
            assert (await env.svc.orders.status(order_id)).filled_qty == 0
            await asyncio.sleep(0.15)
            await env.svc.orders.poll(routine=True)  # the safety net is due
            assert (await env.svc.orders.status(order_id)).status is S.FILLED
            env.sim.stream_speaks()
            await stream.reconnect()  # NotifyID = the last seen: the missed events come
            await until(lambda: env.sim.hub.replayed > 0 and stream.live)
            await until(lambda: stream._queue.empty())
            await asyncio.sleep(0.05)
            assert len(await env.svc.orders.repo.fill_ids(order_id)) == 1

    run(go())


def test_cancel_when_stream_live_then_confirmed_by_stream(home, user_key) -> None:
    async def go() -> None:
        async with live_env(home, user_key) as env:
            await streaming(env)
            env.sim.scenario.pending_cancels = True  # the cancel is confirmed later
            order_id, _rid = await placed(env, "st-5", price=95_000)
            order = await env.svc.orders.cancel(order_id)
            assert order.status is S.PENDING_CANCEL
            env.sim.scenario.confirm_cancels()

            async def cancelled() -> bool:
                return (await env.svc.orders.status(order_id)).status is S.CANCELLED
            await until_async(cancelled)
            stored = await env.svc.orders.repo.get(order_id)
            assert stored is not None and stored.reserved_cash == 0

    run(go())


# -- the spec's own examples (section 6.1), as the hub sends them: a JSON string ------------

SPEC_ORDER_EVENT = {"type": "orderEvent", "data": {
    "orderID": "12663204", "notifyID": 10, "instrumentID": "VN30F2106",
    "uniqueID": "30304045", "buySell": "B", "orderType": "LO",
    "ipAddress": "192.168.202.36", "price": 1410, "prefix": "2mw", "quantity": 10,
    "marketID": "VNFE", "origOrderId": "", "account": "0901358", "cancelQty": 0,
    "osQty": 10, "filledQty": 0, "avgPrice": 0, "channel": "TA",
    "inputTime": "1606277281849", "modifiedTime": "1606277281850", "isForceSell": "F",
    "isShortSell": "F", "orderStatus": "RS", "rejectReason": "",
    "origRequestID": "30304045", "stopOrder": False, "stopPrice": 0, "stopType": "",
    "stopStep": 0, "profitPrice": 0}}
SPEC_MATCH = ('{"type":"orderMatchEvent","data":{"orderID":"16201867","notifyID":101180,'
              '"instrumentID":"BVS","uniqueID":"24194396","buySell":"B","matchPrice":1000,'
              '"ipAddress":"10.48.41.16","matchQty":100,"prefix":"t4c","account":"1184411",'
              '"matchTime":"1656665019000"}}')
SPEC_ERROR = ('{"type":"orderError","data":{"message":"Price 1,600.00 exceeds ceiling price '
              '808.50!","notifyID":15455,"data":null,"errorCode":"ERR500","uniqueID":'
              '"02365132","connectionID":"","ipAddress":"192.168.202.87","prefix":"23o"}}')


def test_spec_examples_when_parsed_then_typed_events() -> None:
    kind, event = parse_notification(json.dumps(SPEC_ORDER_EVENT))
    assert kind == "orderEvent" and isinstance(event, OrderEvent)
    assert event.notify_id == 10 and event.order.order_id == "12663204"
    assert event.order.unique_id == "30304045" and event.order.status is S.SUBMITTED
    kind, event = parse_notification(SPEC_MATCH)
    assert isinstance(event, MatchEvent)
    assert (event.order_id, event.quantity, event.price) == ("16201867", 100, Decimal(1000))
    kind, event = parse_notification(SPEC_ERROR)
    assert isinstance(event, ErrorEvent) and event.request_id == "02365132"
    assert event.code == "ERR500" and "ceiling" in event.message
    modify = json.loads(json.dumps(SPEC_ORDER_EVENT))
    modify["data"].update(uniqueID="31618366", quantity=2, notifyID=11)
    _, event = parse_notification(json.dumps(modify))
    assert isinstance(event, OrderEvent)
    assert event.order.unique_id == "30304045" and event.request_id == "31618366"
    kind, event = parse_notification('{"type":"clientPortfolioEvent","data":{"notifyID":27}}')
    assert kind == "clientPortfolioEvent" and event is None
    for bad in ("{not json", '{"type":"orderEvent","data":{"orderStatus":"RS"}}', "[]",
                '{"type":"orderEvent"}'):
        with pytest.raises((ValueError, TypeError)):
            parse_notification(bad)


def test_reply_lost_when_stream_live_then_the_order_event_settles_the_doubt(
        home, user_key) -> None:
    from simulators.ssi_fastconnect import FaultKind

    async def go() -> None:
        async with live_env(home, user_key, timeout_s=0.5) as env:
            await streaming(env)
            env.sim.faults.inject(FaultKind.DROP_AFTER_ACCEPT, "NewOrder")
            result = await env.svc.orders.place(env.ticket("st-6"))
            order_id = result.order.id

            async def adopted() -> bool:
                return (await env.svc.orders.status(order_id)).status is S.SUBMITTED
            await until_async(adopted)
            rid = await env.request_id(order_id)
            assert env.sim_orders(rid) == 1
            assert (await env.svc.orders.status(order_id)).broker_order_id

    run(go())
