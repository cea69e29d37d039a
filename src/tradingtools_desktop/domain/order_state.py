"""The order state machine: an explicit transition table, applied or refused, never bent.

Odd edges are real-world races, each commented. ``transition`` raises IllegalTransition on
anything else; the caller logs it and leaves the order as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from .orders import TERMINAL_STATUSES, Fill, Order, OrderStatus

S = OrderStatus

TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    S.NEW: frozenset({S.DENIED, S.PENDING_SUBMIT}),
    S.PENDING_SUBMIT: frozenset({
        S.SUBMITTED, S.REJECTED, S.FAILED,
        # the ack was lost but a fill arrived first (stream ahead of the REST reply)
        S.PARTIALLY_FILLED, S.FILLED,
        # kill switch or user cancel before the broker acknowledged
        S.PENDING_CANCEL, S.CANCELLED,
    }),
    S.SUBMITTED: frozenset({S.PARTIALLY_FILLED, S.FILLED, S.PENDING_CANCEL, S.CANCELLED,
                            S.REJECTED, S.EXPIRED}),
    S.PARTIALLY_FILLED: frozenset({S.PARTIALLY_FILLED, S.FILLED, S.PENDING_CANCEL,
                                   S.CANCELLED, S.EXPIRED}),
    S.PENDING_CANCEL: frozenset({
        S.CANCELLED,
        # a fill raced the cancel request: the exchange matched before it saw the cancel
        S.PARTIALLY_FILLED, S.FILLED,
        # the cancel failed (order already matched or rejected): back to where it was
        S.SUBMITTED,
        # end of day arrived before the cancel was processed
        S.EXPIRED,
    }),
}


class IllegalTransition(Exception):
    def __init__(self, order_id: str, current: OrderStatus, target: OrderStatus) -> None:
        super().__init__(f"order {order_id}: {current} -> {target} is not a legal transition")
        self.current, self.target = current, target


class FillRejected(Exception):
    """A fill that would overfill an order or belongs to another order."""


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def transition(order: Order, new_status: OrderStatus, *, at: datetime,
               reason: str = "") -> Order:
    if not can_transition(order.status, new_status):
        raise IllegalTransition(order.id, order.status, new_status)
    return replace(order, status=new_status, updated_at=at, reason=reason or order.reason)


def apply_fill(order: Order, fill: Fill, seen_fill_ids: set[str] | frozenset[str]) -> Order:
    """The order after ``fill``; unchanged if the fill id was seen (a replayed report)."""
    if fill.fill_id in seen_fill_ids:
        return order
    if fill.order_id != order.id:
        raise FillRejected(f"fill {fill.fill_id} belongs to order {fill.order_id}")
    if fill.quantity <= 0 or fill.price <= 0:
        raise FillRejected(f"fill {fill.fill_id} has no quantity or price")
    if fill.quantity > order.remaining_qty:
        raise FillRejected(
            f"fill {fill.fill_id} of {fill.quantity} exceeds the {order.remaining_qty} remaining")
    if order.status in TERMINAL_STATUSES and order.status is not S.FILLED:
        # a fill after a terminal cancel/expiry is still a real trade: record it, but it
        # cannot reopen the order; the caller raises a reconciliation alert
        raise IllegalTransition(order.id, order.status, S.PARTIALLY_FILLED)
    filled = order.filled_qty + fill.quantity
    target = S.FILLED if filled == order.request.quantity else S.PARTIALLY_FILLED
    moved = transition(order, target, at=fill.at)
    return replace(moved, filled_qty=filled,
                   filled_value=order.filled_value + fill.quantity * fill.price)
