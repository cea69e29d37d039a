"""Races on one LIVE order between the placement round trip and the background poll,
driven through the real OMS and SSI adapter against the simulator over HTTP.

The simulator processes the NewOrder at once and holds its answer back (a slow reply, well
inside the client's timeout); while the app waits for it, the exchange fills the order and
the background poll reads the order book. Whatever order the two land in, the stored order
must end as the broker has it: FILLED, 100 shares, one fill."""

from __future__ import annotations

import asyncio

from live_env import FPT_REF, live_env
from simulators.ssi_fastconnect import FaultKind
from ssi_helpers import run

from tradingtools_desktop.domain.orders import OrderStatus

S = OrderStatus


async def _wait_for_broker_order(env, timeout: float = 5.0) -> str:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not env.sim.state.orders:
        assert loop.time() < deadline, "the broker never received the NewOrder"
        await asyncio.sleep(0.01)
    return env.sim.state.orders[-1].unique_id


def test_poll_lands_during_the_new_order_round_trip_then_the_fill_is_not_lost(
        tt_home, user_key) -> None:
    async def go() -> None:
        async with live_env(tt_home, user_key, timeout_s=3.0) as env:
            # processed now, answered 0.6 s later: the placement is still waiting
            env.sim.faults.inject(FaultKind.TIMEOUT, "NewOrder", delay=0.6,
                                  after_processing=True)
            placing = asyncio.create_task(env.svc.orders.place(env.ticket("race-1")))
            rid = await _wait_for_broker_order(env)
            env.sim.scenario.fill(rid, 100, FPT_REF)  # the exchange fills it meanwhile
            await env.svc.orders.poll()  # the background poll lands inside the round trip
            result = await placing
            order = await env.svc.orders.status(result.order.id)
            # a second poll changes nothing: the row already is what the broker has
            await env.svc.orders.poll()
            again = await env.svc.orders.status(result.order.id)
            fills = await env.svc.orders.repo.fill_ids(order.id)
            assert order.status is S.FILLED, order
            assert order.filled_qty == 100 and order.filled_value == 100 * FPT_REF
            assert again == order
            assert len(fills) == 1
            statuses = [a.to_status for a in reversed(await env.svc.orders.audit(order.id))]
            assert statuses[-1] == "FILLED" and "SUBMITTED" in statuses

    run(go())
