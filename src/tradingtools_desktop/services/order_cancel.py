"""Cancelling an order: never blocked by the trading state or by risk limits; the
broker's answer decides.

An order the broker has not acknowledged may be there already: the broker is asked first
(by request id). One it does not have is cancelled here when nothing was ever sent, or once
the broker's acceptance window has passed; before that it is PENDING_CANCEL and cancelled
at the broker should it show up there (never sent again). Otherwise, under the order's
lock: PENDING_CANCEL written first -> one cancel -> the broker's answer through the state
machine (a refusal puts the order back as it was). The kill switch cancels every open
order this way.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..brokers.base import Broker, BrokerError
from ..domain.orders import AWAITING_BROKER, Order, OrderStatus
from ..domain.trading_state import TradingMode
from ..store.dlq_repo import DlqRepository
from .order_changes import working

if TYPE_CHECKING:
    from .oms import OrderManager

log = logging.getLogger(__name__)
S = OrderStatus


class OrderCancels:
    def __init__(self, om: OrderManager) -> None:
        self._om = om

    async def cancel(self, order_id: str, *, source: str) -> Order:
        om = self._om
        changes = om.changes
        async with changes.lock(order_id):
            order = await om.status(order_id)
            if not order.is_open:
                return order
            broker = om.broker_for(order.mode)
            if order.status in AWAITING_BROKER or (order.status is S.PENDING_CANCEL
                                                   and not order.broker_order_id):
                found = await broker.find_order(order)
                if found is None:
                    return await self._undelivered(order, broker, source)
                for report in found:
                    order = await changes.apply_locked(
                        order_id, changes.report_change(report)) or order
                if not order.is_open:
                    return order
            before = order.status
            asked = ("cancel requested by the kill switch" if source.startswith("kill switch")
                     else f"cancel requested ({source})")
            pending = await changes.apply_locked(order_id, changes.moved(
                S.PENDING_CANCEL, asked, source))
            if pending is None or pending.status is not S.PENDING_CANCEL:
                return await om.status(order_id)
            try:
                report = await broker.cancel(pending)
            except BrokerError as exc:
                back = working(pending) if before is not S.PENDING_CANCEL else before
                return await changes.apply_locked(order_id, changes.moved(
                    back, f"cancel failed: {exc}", "broker")) or pending
            await changes.apply_locked(order_id, changes.report_change(report))
        if order.mode is TradingMode.LIVE:
            await om.after_ack(await om.status(order_id))
        return await om.status(order_id)

    async def _undelivered(self, order: Order, broker: Broker, source: str) -> Order:
        om = self._om
        now = om.clock.now()
        sent_maybe = order.status is not S.PENDING_SUBMIT
        if sent_maybe and now - order.updated_at < broker.acceptance_window:
            if order.status is S.PENDING_CANCEL:
                return order
            return await om.changes.apply_locked(order.id, om.changes.moved(
                S.PENDING_CANCEL, f"cancel requested ({source}); the broker does not show the "
                "order yet: it is looked up again and cancelled there if it appears",
                source)) or order
        why = ("cancelled before it reached the broker" if not sent_maybe else
               "cancelled: the broker has no such order (its request id is never sent again)")
        return await om.close(order.id, S.CANCELLED, why, source=source, locked=True,
                              extra=lambda tx: DlqRepository.close_for_order_tx(
                                  tx, order.id, f"cancelled by the user ({source}): {why}",
                                  now))

    async def cancel_all(self, reason: str) -> None:
        """The kill switch: every open order, one by one; a failure is logged, the rest go
        on."""
        source = f"kill switch: {reason}"
        for order in await self._om.open_orders():
            try:  # each order's history and audit say the kill switch did it
                after = await self.cancel(order.id, source=source)
                if after.status is S.CANCELLED:
                    why = "" if reason in ("", "kill switch") else f" ({reason})"
                    await self._om.changes.apply(order.id, self._om.changes.noted(
                        f"cancelled by the kill switch{why}", source))
            except Exception:
                log.exception("kill switch could not cancel %s", order.id)
