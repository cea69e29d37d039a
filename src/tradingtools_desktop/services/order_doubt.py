"""Settling doubt: the dead-letter worker's side of an order whose outcome is unknown or
that never reached its broker.

``lookup`` asks the order's broker whether it has it (by request id) and adopts what it
has (its state, fills included); None means the broker answered it has no such order, and
broker errors propagate (the caller looks again later). ``resend`` sends an order the
broker answered it does not have again, with the same request id (the caller checked that
it may be sent). ``close`` ends an open order (FAILED, or CANCELLED for one that never
reached the broker) with its reservation released. All under the order's lock, through
:mod:`.order_changes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.orders import AWAITING_BROKER, Order, OrderStatus
from .order_changes import Extra

if TYPE_CHECKING:
    from .oms import OrderManager

S = OrderStatus


class OrderDoubt:
    def __init__(self, om: OrderManager) -> None:
        self._om = om

    async def lookup(self, order_id: str) -> Order | None:
        om = self._om
        async with om.changes.lock(order_id):
            order = await om.status(order_id)
            if order.status not in AWAITING_BROKER and not (
                    order.status is S.PENDING_CANCEL and not order.broker_order_id):
                return order
            found = await om.broker_for(order.mode).find_order(order)
            if found is None:
                return None
            for report in found:
                order = await om.changes.apply_locked(
                    order_id, om.changes.report_change(report)) or order
            return order

    async def resend(self, order_id: str) -> Order:
        om = self._om
        async with om.changes.lock(order_id):
            order = await om.status(order_id)
            if order.status not in AWAITING_BROKER:
                return order
            if order.request_id is None:  # never prepared (no broker then): now, written first
                prepared = await om.broker_for(order.mode).prepare(order)
                if prepared.request_id is not None:
                    order = await om.changes.apply_locked(order_id, om.changes.noted(
                        "sending again", "dlq", request_id=prepared.request_id)) or order
            order = await om.placement.send(order)
        if order.status is S.SUBMITTED:
            order = await om.after_ack(order)
        return order

    async def close(self, order_id: str, status: OrderStatus, reason: str, *,
                    source: str, extra: Extra | None, title: str | None,
                    locked: bool) -> Order:
        om = self._om
        decide = om.changes.moved(status, reason, source, release=True, extra=extra,
                                  alert_title=title)
        if locked:
            return await om.changes.apply_locked(order_id, decide) or await om.status(
                order_id)
        async with om.changes.lock(order_id):
            order = await om.status(order_id)
            if not order.is_open:
                return order
            return await om.changes.apply_locked(order_id, decide) or order
