"""LIVE modify (SSI ModifyOrder) through the OMS against the simulator, and a placement
whose follow-up order-book read fails: a working order with a note, never an error."""

from __future__ import annotations

from live_env import FPT_REF, live_env
from simulators.ssi_fastconnect import FaultKind
from ssi_helpers import run

from tradingtools_desktop.domain.orders import OrderStatus

S = OrderStatus


def test_live_modify_when_accepted_then_the_broker_order_and_ours_carry_the_new_values(
        tt_home, user_key) -> None:
    async def go() -> None:
        async with live_env(tt_home, user_key) as env:
            order = (await env.svc.orders.place(env.ticket("mod-1", price=95_000))).order
            assert order.status is S.SUBMITTED
            rid = await env.request_id(order.id)
            result = await env.svc.orders.modify(order.id, price=95_500, quantity=200)
            assert result.modified, result
            after = result.order
            assert after.status is S.SUBMITTED
            assert (after.request.price, after.request.quantity) == (95_500, 200)
            at_sim = env.sim.state.find_order(rid)
            assert at_sim is not None and (at_sim.price, at_sim.quantity) == (95_500, 200)
            assert env.sim_orders(rid) == 1  # a change, not a second order
            # the broker still fills what it has: 200 at the new limit
            env.sim.scenario.fill(rid, 200, 95_500)
            await env.svc.orders.poll()
            done = await env.svc.orders.status(order.id)
            assert done.status is S.FILLED and done.filled_qty == 200
            trail = [a.to_status for a in reversed(await env.svc.orders.audit(order.id))]
            assert trail[-3:] == ["PENDING_MODIFY", "SUBMITTED", "FILLED"]

    run(go())


def test_live_modify_when_the_order_filled_meanwhile_then_ssi_refuses_and_the_fill_lands(
        tt_home, user_key) -> None:
    async def go() -> None:
        async with live_env(tt_home, user_key) as env:
            order = (await env.svc.orders.place(env.ticket("mod-2", price=95_000))).order
            rid = await env.request_id(order.id)
            env.sim.scenario.fill(rid, 100, 95_000)  # traded before our change got there
            result = await env.svc.orders.modify(order.id, price=95_500)
            assert not result.modified
            assert "ORD012" in result.refused or "cannot be modified" in result.refused
            after = result.order  # the order book read right after brought the fill in
            assert after.status is S.FILLED and after.request.price == 95_000
            trail = [a.to_status for a in reversed(await env.svc.orders.audit(order.id))]
            assert trail[-3:] == ["PENDING_MODIFY", "SUBMITTED", "FILLED"]

    run(go())


def test_live_place_when_the_read_after_the_ack_fails_then_a_working_order_with_a_note(
        tt_home, user_key) -> None:
    async def go() -> None:
        async with live_env(tt_home, user_key) as env:
            # the order book cannot be read right after the NewOrder (retries exhausted)
            env.sim.faults.inject(FaultKind.HTTP_5XX, "orderBook", times=10)
            result = await env.svc.orders.place(env.ticket("read-fails"))
            order = result.order
            assert order.status is S.SUBMITTED  # no exception reached the caller
            assert "could not be read right after" in order.reason
            assert env.sim_orders(await env.request_id(order.id)) == 1
            env.sim.faults.clear()
            env.sim.scenario.fill(await env.request_id(order.id), 100, FPT_REF)
            await env.svc.orders.poll()  # the next poll brings the fill in
            assert (await env.svc.orders.status(order.id)).status is S.FILLED

    run(go())
