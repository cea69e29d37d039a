"""200 LIVE orders against the SSI simulator with ~30 % of placements hit by a fault
(timeouts before and after processing, 5xx, 429, malformed JSON, connection dropped after
the order was accepted, the request delivered twice), plus flaky order-book reads.

Zero lost, zero duplicated: once the network recovers and the retry worker has run, every
order is either at the broker exactly once, or FAILED with nothing at the broker, a
PERMANENT_FAILURE entry in the dead-letter queue and an alert."""

from __future__ import annotations

from collections import Counter

from live_env import WED_10AM, live_env, make_sim
from simulators.ssi_fastconnect import FaultKind
from ssi_helpers import run

from tradingtools_desktop.domain.dlq import DlqState
from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.services.clock import ManualClock

S = OrderStatus
N = 200
PLACEMENT_FAULTS = [
    (FaultKind.TIMEOUT, {"delay": 0.8, "after_processing": True}),
    (FaultKind.TIMEOUT, {"delay": 0.8, "after_processing": False}),
    (FaultKind.HTTP_5XX, {}),
    (FaultKind.HTTP_429, {}),
    (FaultKind.MALFORMED_JSON, {}),
    (FaultKind.DROP_AFTER_ACCEPT, {}),
    (FaultKind.DUPLICATE_DELIVERY, {}),
]
P_EACH = 1 - 0.7 ** (1 / len(PLACEMENT_FAULTS))  # together: a fault on ~30 % of NewOrders


def test_200_live_orders_with_30pct_faults_then_none_lost_none_duplicated(
        tt_home, user_key) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        sim = make_sim(clock, user_key, cash=100_000_000_000, fault_seed=20261127)
        try:
            async with live_env(tt_home, user_key, timeout_s=0.4, sim=sim,
                                clock=clock) as env:
                for kind, extra in PLACEMENT_FAULTS:
                    sim.faults.inject(kind, "NewOrder", times=None, probability=P_EACH,
                                      **extra)
                sim.faults.inject(FaultKind.HTTP_5XX, "orderBook", times=None,
                                  probability=0.05)
                ids = []
                for i in range(N):
                    clock.advance(seconds=1)
                    result = await env.svc.orders.place(env.ticket(f"fi-{i}"))
                    assert result.decision.allowed, result.decision.summary()
                    ids.append(result.order.id)
                    if i % 20 == 19:  # the worker runs meanwhile, under the same faults
                        assert env.svc.dlq is not None
                        await env.svc.dlq.run_due()
                fired = [k for endpoint, k in sim.faults.fired if endpoint.lower() == "neworder"]
                sim.faults.clear()  # the network recovers
                await env.settle_dlq()

                assert env.svc.dlq is not None
                assert not await env.svc.dlq.entries(states=[DlqState.RETRYING])
                at_broker = Counter(int(o.unique_id) for o in sim.state.orders)
                assert all(n == 1 for n in at_broker.values()), "a duplicated order"
                statuses: Counter[str] = Counter()
                alerted = " ".join(a.text for a in env.alerts)
                for order_id in ids:
                    order = await env.svc.orders.status(order_id)
                    statuses[order.status.value] += 1
                    rid = int(await env.request_id(order_id))
                    if order.status is S.SUBMITTED:
                        assert at_broker[rid] == 1, "an acknowledged order the broker lacks"
                    else:
                        assert order.status is S.FAILED, order
                        assert at_broker[rid] == 0, "FAILED here but working at the broker"
                        entry = await env.svc.dlq.repo.for_order(order_id)
                        assert entry is not None
                        assert entry.state is DlqState.PERMANENT_FAILURE
                        assert order_id[:8] in alerted
                assert sum(at_broker.values()) == statuses["SUBMITTED"]
                assert len(fired) >= 0.2 * N, Counter(fired)  # the faults really happened
                entries = await env.svc.dlq.entries(limit=1000)
                # every doubtful placement went through the DLQ; every entry is closed now
                assert len(entries) >= 0.1 * N
                assert {e.state for e in entries} <= {DlqState.RESOLVED,
                                                      DlqState.PERMANENT_FAILURE}
                print(f"\nfault injection: {N} orders, {len(fired)} NewOrder faults "
                      f"{dict(Counter(str(k) for k in fired))}, DLQ entries {len(entries)}, "
                      f"final {dict(statuses)}")
        finally:
            sim.stop()

    run(go())
