"""The dry-run ack in one transaction: the order, its key, the ack, the audit trail and
the reservation are committed together; a key seen before leaves the broker holding only
the first order; a restart finds the order acked and resting."""

from __future__ import annotations

import asyncio
from functools import partial

from oms_helpers import FPT_CLOSE, WED_10AM, order_ticket

from tradingtools_desktop.brokers.dry_run import DryRunBroker
from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices

S = OrderStatus


ticket = partial(order_ticket, price=FPT_CLOSE - 500)


def test_dry_run_broker_declares_it_acknowledges_synchronously() -> None:
    assert DryRunBroker.acknowledges_synchronously is True


def test_place_when_dry_run_then_acked_in_one_write_with_the_whole_audit_trail(
        tt_home) -> None:
    async def go() -> None:
        clock = ManualClock(WED_10AM)
        paths = profile_paths("one", tt_home)
        svc = await AppServices.open(paths, clock=clock)
        try:
            result = await svc.orders.place(ticket("k-1"))
            order = result.order
            assert order.status is S.SUBMITTED and order.broker_order_id
            stored = await svc.orders.repo.get(order.id)  # as written, not as cached
            assert stored is not None and stored.status is S.SUBMITTED
            assert stored.reserved_cash == order.reserved_cash > 0
            trail = [(e.from_status, e.to_status)
                     for e in reversed(await svc.orders.audit(order.id))]  # newest first
            assert trail == [(None, "NEW"), ("NEW", "PENDING_SUBMIT"),
                             ("PENDING_SUBMIT", "SUBMITTED")]
            # the same key again: the stored order, and the broker still holds one order
            again = await svc.orders.place(ticket("k-1"))
            assert again.duplicate and again.order.id == order.id
            assert isinstance(svc.orders.broker, DryRunBroker)
            assert list(svc.orders.broker._book) == [order.id]
        finally:
            await svc.stop()
        svc = await AppServices.open(paths, clock=clock)  # a restart: acked and resting
        try:
            back = await svc.orders.status(order.id)
            assert back.status is S.SUBMITTED
            assert await svc.orders.broker.find_order(back) is not None
            await svc.orders.cancel(order.id)
            assert (await svc.orders.status(order.id)).status is S.CANCELLED
        finally:
            await svc.stop()

    asyncio.run(go())
