"""The order state machine: an explicit transition table, applied or refused, never bent.

The ordinary path is NEW -> PENDING_SUBMIT -> SUBMITTED -> PARTIALLY_FILLED -> FILLED. Every
other edge is a real-world race and carries a comment saying which. ``transition`` raises
IllegalTransition on anything not in the table; the caller logs it and keeps the order as it
was. ``apply_fill`` de-duplicates fills by id and refuses overfills.

Terminal statuses: the order no longer works at the exchange. Only CANCELLED and EXPIRED
still have an edge out (to FILLED), because a fill report can arrive after them.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from .orders import TERMINAL_STATUSES, Fill, Order, OrderStatus

__all__ = [
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "FillRejected",
    "IllegalTransition",
    "apply_fill",
    "can_transition",
    "transition",
]

S = OrderStatus

TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = MappingProxyType({
    S.NEW: frozenset({
        S.PENDING_SUBMIT,
        S.DENIED,  # a pre-trade check failed: never reaches the broker
    }),
    S.PENDING_SUBMIT: frozenset({
        S.SUBMITTED, S.REJECTED,
        S.FAILED,  # the broker call failed for certain (not an unknown outcome)
        # the placement ack was lost or slow, but a fill came first (stream ahead of REST)
        S.PARTIALLY_FILLED, S.FILLED,
        # kill switch or user cancel before the broker acknowledged the order
        S.PENDING_CANCEL, S.CANCELLED,
        # outcome was unknown; asked after the close, the broker reports it expired
        S.EXPIRED,
    }),
    S.SUBMITTED: frozenset({
        S.PARTIALLY_FILLED, S.FILLED, S.PENDING_CANCEL,
        # the broker cancelled it unasked (e.g. an MOK/MAK remainder, a corporate action)
        S.CANCELLED,
        # the exchange refused an order the broker had accepted
        S.REJECTED,
        S.EXPIRED,  # end of the trading day
    }),
    S.PARTIALLY_FILLED: frozenset({
        S.PARTIALLY_FILLED,  # another partial fill
        S.FILLED, S.PENDING_CANCEL,
        S.CANCELLED,  # unasked cancel of the remainder (MAK remainder, broker action)
        S.EXPIRED,  # end of day: the remainder expires, the fills stand
    }),
    S.PENDING_CANCEL: frozenset({
        S.CANCELLED,
        # a fill raced the cancel request: the exchange matched before it saw the cancel
        S.PARTIALLY_FILLED, S.FILLED,
        # the cancel failed (too late, or refused): back to SUBMITTED, or to
        # PARTIALLY_FILLED when some quantity had already traded
        S.SUBMITTED,
        # repeated cancel request (the kill switch re-sends to every open order)
        S.PENDING_CANCEL,
        # the order itself was rejected while our cancel was in flight (cancel sent
        # before the placement ack)
        S.REJECTED,
        # end of day arrived before the cancel was processed
        S.EXPIRED,
    }),
    # the cancel confirmation overtook the report of a fill that completed the order:
    # the whole quantity traded after all
    S.CANCELLED: frozenset({S.FILLED}),
    # the end-of-day expiry overtook the report of the fill that completed the order
    S.EXPIRED: frozenset({S.FILLED}),
    S.FILLED: frozenset(),
    S.REJECTED: frozenset(),
    S.DENIED: frozenset(),
    S.FAILED: frozenset(),
})

# a fill that arrives after these does not reopen the order: it is recorded, and the order
# keeps its status unless the fill completes it (then FILLED, by the edges above)
_LATE_FILL_OK = frozenset({S.CANCELLED, S.EXPIRED})


class IllegalTransition(Exception):
    """``current -> target`` is not in TRANSITIONS; nothing was applied."""

    def __init__(self, order_id: str, current: OrderStatus, target: OrderStatus) -> None:
        super().__init__(f"order {order_id}: {current} -> {target} is not a legal transition")
        self.order_id, self.current, self.target = order_id, current, target


class FillRejected(Exception):
    """A fill that would overfill an order, belongs to another order, or is malformed."""


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def transition(order: Order, new_status: OrderStatus, *, at: datetime,
               reason: str = "") -> Order:
    """The order in ``new_status``; raises IllegalTransition (and applies nothing) otherwise.
    An empty ``reason`` keeps the previous one."""
    if not can_transition(order.status, new_status):
        raise IllegalTransition(order.id, order.status, new_status)
    return replace(order, status=new_status, updated_at=at, reason=reason or order.reason)


def apply_fill(order: Order, fill: Fill, seen_fill_ids: Set[str]) -> Order:
    """The order after ``fill``: PARTIALLY_FILLED or FILLED, with filled qty and value added.

    Returns ``order`` itself (the same object) if the fill id was seen before: a replayed
    report. Raises FillRejected for another order's fill, a non-positive quantity or price,
    or an overfill; IllegalTransition when the status cannot take a fill (DENIED, REJECTED,
    FAILED, NEW). A late partial fill on a CANCELLED or EXPIRED order is recorded and the
    status kept: the remainder really was cancelled.
    """
    if fill.fill_id in seen_fill_ids:
        return order
    if fill.order_id != order.id:
        raise FillRejected(f"fill {fill.fill_id} belongs to order {fill.order_id}, "
                           f"not {order.id}")
    if fill.quantity <= 0 or fill.price <= 0:
        raise FillRejected(f"fill {fill.fill_id} has no positive quantity and price "
                           f"({fill.quantity} @ {fill.price})")
    if fill.quantity > order.remaining_qty:
        raise FillRejected(f"fill {fill.fill_id} of {fill.quantity:,} exceeds the "
                           f"{order.remaining_qty:,} remaining on order {order.id}")
    filled = order.filled_qty + fill.quantity
    complete = filled == order.request.quantity
    if order.status in _LATE_FILL_OK and not complete:
        moved = replace(order, updated_at=fill.at)
    else:
        moved = transition(order, S.FILLED if complete else S.PARTIALLY_FILLED, at=fill.at)
    return replace(moved, filled_qty=filled,
                   filled_value=order.filled_value + fill.quantity * fill.price)
