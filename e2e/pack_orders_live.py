"""Pack `order-lifecycle-live`: LIVE orders against the SSI FastConnect simulator.

The app is opened as it is in production (AppServices.open on a fresh profile); its SSI
keys and the broker address come from the TRADINGTOOLS_SSI_* overrides, the broker is
the simulator on 127.0.0.1 over real HTTP. The user confirms the risk limits, the app
takes its reconciliation baseline, the user arms live (every guardrail healthy, a real
moving clock), then: ack with a persisted requestID, partial fill, fill (fees to the VND),
cancel, a broker reject, a rule denial before sending, and one injected fault (the reply
to NewOrder lost after the broker accepted it) resolved through the dead-letter queue.
At the end the broker's book is checked for duplicates.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .common import FPT_REF, Pack, session_clock, short, sim_count, start_simulator


def body(p: Pack) -> None:
    asyncio.run(_body(p))


async def _body(p: Pack) -> None:
    from simulators.ssi_fastconnect import FaultKind

    from tradingtools_desktop.domain.dlq import DlqState
    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
    from tradingtools_desktop.domain.trading_state import TradingMode
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices

    clock = session_clock()
    sim = start_simulator(clock)
    svc = await AppServices.open(profile_paths("e2e-live"), clock=clock)
    ours: list[str] = []  # requestIDs of our orders that may have reached the broker

    def ticket(key: str, **kw: Any) -> OrderRequest:
        base: dict[str, Any] = dict(symbol="FPT", exchange=Exchange.HOSE, side=Side.BUY,
                                    order_type=OrderType.LO, quantity=100, price=FPT_REF,
                                    idempotency_key=key)
        base.update(kw)
        return OrderRequest(**base)

    async def rid_of(order_id: str) -> str | None:
        stored = await svc.orders.repo.get(order_id)
        return None if stored is None else stored.request_id

    try:
        assert svc.live is not None and svc.dlq is not None and svc.reconciliation is not None
        svc.live.timeout_s = 2.0  # the lost-reply fault below should not take 10 s
        # -- setup: connect, confirm limits, baseline, arm -------------------------------
        detail = await svc.live.connect()
        p.check("connect to the SSI simulator with the keys from the environment",
                svc.live.connected and svc.live.probe().healthy,
                {"connected": svc.live.connected, "detail": str(detail)[:80],
                 "url": sim.url})
        await svc.risk.set_limits(svc.risk.limits)  # what the user confirms in Setup
        base = await svc.reconciliation.run()
        p.check("reconciliation baseline taken from the broker", base.ok and
                svc.reconciliation.probe().healthy, {"ok": base.ok, "note": base.note[:80]})
        await svc.guardrails.arm_live(acknowledged=True)
        p.expect("go live: every guardrail healthy, user acknowledged",
                 {"mode": svc.trading.mode.value,
                  "guardrail_problems": await svc.guardrails.problems()},
                 {"mode": TradingMode.LIVE.value, "guardrail_problems": []})

        # -- ack, partial fill, fill -------------------------------------------------------
        placed = await svc.orders.place(ticket("e2e-live-1", quantity=300))
        order = placed.order
        rid = await rid_of(order.id) or ""
        ours.append(rid)
        p.check("LIVE buy 300 FPT @ 99,600 acknowledged, requestID persisted before sending",
                placed.decision.allowed and order.status.value == "SUBMITTED"
                and rid.isdigit() and len(rid) == 8 and sim_count(sim, rid) == 1,
                {"order": short(order.id), "status": order.status.value, "request_id": rid,
                 "at_broker": sim_count(sim, rid)},
                {"status": "SUBMITTED", "request_id": "8 digits", "at_broker": 1})
        sim.scenario.fill(rid, 100, FPT_REF)
        await svc.orders.poll()
        order = await svc.orders.status(order.id)
        p.expect("exchange fills 100: partially filled",
                 {"status": order.status.value, "filled_qty": order.filled_qty,
                  "has_broker_id": bool(order.broker_order_id)},
                 {"status": "PARTIALLY_FILLED", "filled_qty": 100, "has_broker_id": True},
                 {"broker_order_id": order.broker_order_id})
        sim.scenario.fill(rid, 200, FPT_REF - 100)
        await svc.orders.poll()
        await svc.orders.poll()  # a second look at the same book adds nothing
        order = await svc.orders.status(order.id)
        stored = await svc.orders.repo.get(order.id)
        fills = await svc.orders.repo.fill_ids(order.id)
        fee = 100 * FPT_REF * 15 // 10_000 + 200 * (FPT_REF - 100) * 15 // 10_000
        p.expect("exchange fills the other 200 @ 99,500: filled, fee 0.15 % per fill",
                 {"status": order.status.value, "filled_qty": order.filled_qty,
                  "filled_value": order.filled_value, "fills": len(fills),
                  "fees": stored.fees if stored else None},
                 {"status": "FILLED", "filled_qty": 300,
                  "filled_value": 100 * FPT_REF + 200 * (FPT_REF - 100), "fills": 2,
                  "fees": fee})
        audit = [a.to_status for a in reversed(await svc.orders.audit(order.id))]
        p.expect("audit trail of the filled LIVE order",
                 {"audit": audit}, {"audit": ["NEW", "PENDING_SUBMIT", "SUBMITTED",
                                              "PARTIALLY_FILLED", "FILLED"]})

        # -- cancel ---------------------------------------------------------------------
        rest = (await svc.orders.place(ticket("e2e-live-rest", price=95_000))).order
        rest_rid = await rid_of(rest.id) or ""
        ours.append(rest_rid)
        done = await svc.orders.cancel(rest.id)
        at_sim = sim.state.find_order(rest_rid)
        p.expect("resting LIVE buy @ 95,000 cancelled at the broker",
                 {"status": done.status.value,
                  "broker_status": at_sim.status if at_sim else None},
                 {"status": "CANCELLED", "broker_status": "CL"}, {"order": short(rest.id)})

        # -- broker reject ----------------------------------------------------------------
        sim.scenario.reject_next("ORD008")
        rejected = (await svc.orders.place(ticket("e2e-live-rej"))).order
        ours.append(await rid_of(rejected.id) or "")
        p.check("broker rejects (ORD008): REJECTED with the broker's reason",
                rejected.status.value == "REJECTED" and "ORD008" in rejected.reason,
                {"order": short(rejected.id), "status": rejected.status.value,
                 "reason": rejected.reason[:90]}, {"status": "REJECTED", "reason": "ORD008"})

        # -- denied before sending: more than the broker says is sellable -----------------
        before = len(sim.state.orders)
        denied = await svc.orders.place(ticket("e2e-live-big", side=Side.SELL, quantity=300))
        p.expect("sell 300 FPT with 200 sellable at SSI: denied, nothing sent",
                 {"status": denied.order.status.value,
                  "sent": len(sim.state.orders) - before,
                  "failed": [c.code.value for c in denied.decision.failed]},
                 {"status": "DENIED", "sent": 0, "failed": ["SELLABLE_QTY"]})

        # -- injected fault -> DLQ -> resolved ------------------------------------------------
        sim.faults.inject(FaultKind.DROP_AFTER_ACCEPT, "NewOrder")
        lost = (await svc.orders.place(ticket("e2e-live-fault", price=98_000))).order
        lost_rid = await rid_of(lost.id) or ""
        ours.append(lost_rid)
        entry = await svc.dlq.repo.for_order(lost.id)
        p.check("fault: broker accepted but the reply was lost -> UNKNOWN, in the DLQ",
                lost.status.value == "UNKNOWN" and entry is not None
                and entry.state is DlqState.RETRYING and entry.request_id == lost_rid,
                {"order": short(lost.id), "status": lost.status.value,
                 "dlq_state": entry.state.value if entry else None,
                 "dlq_request_id": entry.request_id if entry else None,
                 "last_error": (f"{entry.errors[-1].kind}: {entry.errors[-1].message}"
                                if entry and entry.errors else "")[:80]},
                {"status": "UNKNOWN", "dlq_state": "RETRYING",
                 "dlq_request_id": lost_rid})
        rounds = 0
        while await svc.dlq.entries(states=[DlqState.RETRYING]) and rounds < 50:
            clock.advance(seconds=61)  # past the retry backoff
            await svc.dlq.run_due()
            rounds += 1
        entry = await svc.dlq.repo.for_order(lost.id)
        lost = await svc.orders.status(lost.id)
        p.expect("DLQ worker asks the broker by requestID: found, resolved, not re-sent",
                 {"dlq_state": entry.state.value if entry else None,
                  "status": lost.status.value, "at_broker": sim_count(sim, lost_rid)},
                 {"dlq_state": "RESOLVED", "status": "SUBMITTED", "at_broker": 1},
                 {"retry_rounds": rounds,
                  "resolution": (entry.resolution if entry else "")[:80]})
        await svc.orders.cancel(lost.id)

        # -- the broker's book: every order of ours at most once, nothing foreign -----------
        unique_ids = [int(o.unique_id) for o in sim.state.orders]
        ours_int = {int(r) for r in ours if r}
        p.expect("zero duplicated orders at the broker",
                 {"broker_orders": len(unique_ids),
                  "distinct_request_ids": len(set(unique_ids)),
                  "foreign": len([u for u in unique_ids if u not in ours_int])},
                 {"broker_orders": len(set(unique_ids)), "distinct_request_ids": 3,
                  "foreign": 0})
        open_live = [o for o in await svc.orders.open_orders()]
        p.expect("no LIVE order left open", {"open_orders": len(open_live)},
                 {"open_orders": 0})
        p.note("In-process SSI simulator (simulators/ssi_fastconnect) over real HTTP on "
               "127.0.0.1; secrets via TRADINGTOOLS_SSI_* environment overrides (never the "
               "keychain). The clock is real time shifted to Wed 25 Nov 2026 10:00 ICT "
               "(a SystemClock, so the clock guardrail is genuinely healthy); the DLQ step "
               "moves it forward past each retry backoff.")
        p.note("The pack calls the poll / DLQ steps the app's background poller runs "
               "(orders.poll, dlq.run_due) directly, so each outcome is observed in order.")
    finally:
        await svc.stop()
        sim.stop()


def run() -> Pack:
    p = Pack("order-lifecycle-live", "LIVE order lifecycle against the SSI FastConnect "
             "simulator: requestID, ack, partial fill, fill, cancel, reject, DLQ fault "
             "recovery, no duplicates at the broker.")
    p.run(body)
    return p
