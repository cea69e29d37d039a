"""Modify a working order: a new limit price and/or total quantity (SSI ModifyOrder).

Refused without sending for an order that cannot take it (terminal, not acknowledged yet,
a cancel or another change in flight, a market-type order, nothing to change, a quantity
not above what has traded) and for a broker that is not connected. The changed order is
then re-checked by the risk engine as a whole (band, tick, lot, notional, the session and
trading state; buying power and sellable shares count what the order already holds), so a
raised buy needs only its extra cash. A refusal by the checks is an audit note; nothing is
sent. Otherwise, under the order's lock: PENDING_MODIFY with the larger of the old and new
reservation (written before the send) -> one ModifyOrder -> the broker's answer through the
state machine: confirmed (new price/quantity, reservation for the new remainder), refused
(back as it was), or, when the broker confirms later or the outcome is unknown, it stays
PENDING_MODIFY until the order book shows which.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..brokers.base import BrokerError, ExecutionReport, OutcomeUnknown, ReportKind
from ..domain.order_state import ModifyRefused, request_modify
from ..domain.orders import Order, OrderStatus
from ..domain.risk import RiskDecision
from ..i18n.risk_text import decision_dict, decision_summary
from ..store.orders_repo import OrderRepository
from .clock import Clock
from .order_changes import Change, OrderChanges
from .risk_service import RiskService

if TYPE_CHECKING:
    from .oms import OrderManager

S = OrderStatus


class OrderNotModifiable(ValueError):
    """The order cannot take this modify (the message says why); nothing was sent."""


@dataclass(frozen=True, slots=True)
class ModifyResult:
    order: Order
    decision: RiskDecision
    modified: bool  # the broker confirmed the new values
    refused: str = ""  # why the change did not happen ("" when done or still pending)

    @property
    def pending(self) -> bool:
        return self.order.status is S.PENDING_MODIFY

    def to_dict(self) -> dict[str, object]:
        return {"order": self.order.to_dict(), "decision": decision_dict(self.decision),
                "modified": self.modified, "pending": self.pending, "refused": self.refused}


def _describe(order: Order, price: int, quantity: int) -> str:
    r = order.request
    parts = []
    if price != r.price:
        parts.append(f"price {r.price or 0:,} -> {price:,}")
    if quantity != r.quantity:
        parts.append(f"quantity {r.quantity:,} -> {quantity:,}")
    return ", ".join(parts)


class OrderModifier:
    def __init__(self, orders: OrderManager, changes: OrderChanges, risk: RiskService,
                 repo: OrderRepository, clock: Clock) -> None:
        self._orders = orders
        self._changes = changes
        self._risk = risk
        self._repo = repo
        self._clock = clock

    async def modify(self, order_id: str, *, price: int | None, quantity: int | None,
                     source: str) -> ModifyResult:
        """See the module doc. Raises OrderNotFound, OrderNotModifiable."""
        async with self._changes.lock(order_id):
            order = await self._orders.status(order_id)
            now = self._clock.now()
            try:
                request_modify(order, price=price, quantity=quantity, at=now, reason="")
            except ModifyRefused as exc:
                raise OrderNotModifiable(f"Order {order_id[:8]}: {exc}.") from None
            new_price = order.request.price if price is None else price
            new_qty = order.request.quantity if quantity is None else quantity
            assert new_price is not None  # an LO order always has its limit
            try:
                broker = self._orders.broker_for(order.mode)
            except BrokerError as exc:
                raise OrderNotModifiable(f"Order {order_id[:8]}: {exc}.") from None
            changed = replace(order.request, price=new_price, quantity=new_qty)
            decision = await self._risk.check_modify(order, changed, when=now)
            what = _describe(order, new_price, new_qty)
            if not decision.allowed:
                await self._repo.note(order, now, f"modify ({what}) refused by the pre-trade "
                                      f"checks: {decision_summary(decision.checks)}", source)
                return ModifyResult(order, decision, False, decision_summary(decision.checks))
            held = self._changes.reservation(replace(order, request=changed))

            def pending(o: Order) -> Change | None:
                try:
                    after = request_modify(o, price=price, quantity=quantity, at=now,
                                           reason=f"modify requested ({source}): {what}")
                except ModifyRefused:
                    return None
                after = replace(after, reserved_cash=max(o.reserved_cash, held))
                return Change(after, source)

            sent = await self._changes.apply_locked(order_id, pending)
            if sent is None or sent.status is not S.PENDING_MODIFY:
                raise OrderNotModifiable(f"Order {order_id[:8]} changed meanwhile; try again.")
            try:
                report = await broker.modify(sent, price=new_price, quantity=new_qty)
            except OutcomeUnknown as exc:
                await self._changes.apply_locked(order_id, self._changes.noted(
                    f"modify ({what}) outcome unknown ({exc}): the broker's order book "
                    "settles it", "broker"))
                report = None
            except BrokerError as exc:
                back = await self._changes.apply_locked(order_id, self._changes.report_change(
                    _refusal(order_id, now, f"not sent ({exc})")))
                return ModifyResult(back or sent, decision, False, str(exc))
            if report is not None:
                await self._changes.apply_locked(order_id, self._changes.report_change(report))
        after = await self._orders.after_ack(await self._orders.status(order_id))
        done = (after.request.price, after.request.quantity) == (new_price, new_qty)
        refused = "" if done or after.status is S.PENDING_MODIFY else after.reason
        return ModifyResult(after, decision, done, refused)


def _refusal(order_id: str, at: datetime, reason: str) -> ExecutionReport:
    return ExecutionReport(order_id, ReportKind.MODIFY_REJECTED, at, reason=reason)
