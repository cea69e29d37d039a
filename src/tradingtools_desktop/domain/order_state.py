"""The order state machine: an explicit transition table, applied or refused, never bent.

The ordinary path is NEW -> PENDING_SUBMIT -> SUBMITTED -> PARTIALLY_FILLED -> FILLED. Every
other edge is a real-world race and carries a comment saying which. ``transition`` raises
IllegalTransition on anything not in the table; the caller logs it and keeps the order as it
was. ``apply_fill`` de-duplicates fills by id and refuses overfills.

UNKNOWN is "sent, the broker's answer was lost": the order keeps its reservation and is
looked up at the broker until it answers that it has it (then it moves on to the broker's
state) or that it never had it, once the broker's acceptance window has passed (FAILED).

A modify is a status, PENDING_MODIFY, like a cancel: the request is written before it is
sent, so a restart knows a change was in flight (the broker's order book settles it). The
price and quantity stay the confirmed ones until the broker confirms the new ones
(:func:`amend`); a refusal goes back to where the order was (:func:`modify_refused`).

Terminal statuses: the order no longer works at the exchange. Only CANCELLED and EXPIRED
still have an edge out (to FILLED), because a fill report can arrive after them.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from .orders import TERMINAL_STATUSES, Fill, Order, OrderStatus, OrderType

__all__ = [
    "MODIFIABLE",
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "FillRejected",
    "IllegalTransition",
    "ModifyRefused",
    "amend",
    "apply_fill",
    "can_transition",
    "modify_refused",
    "request_modify",
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
        # the reply to the placement was lost (timeout, dropped connection) or a crash
        # interrupted it: the broker may have the order
        S.UNKNOWN,
        # the placement ack was lost or slow, but a fill came first (stream ahead of REST)
        S.PARTIALLY_FILLED, S.FILLED,
        # kill switch or user cancel before the broker acknowledged the order
        S.PENDING_CANCEL, S.CANCELLED,
        # outcome was unknown; asked after the close, the broker reports it expired
        S.EXPIRED,
    }),
    S.UNKNOWN: frozenset({
        # found at the broker by its request id: adopted in the state the broker has
        S.SUBMITTED, S.PARTIALLY_FILLED, S.FILLED, S.REJECTED, S.CANCELLED, S.EXPIRED,
        # the broker answered it never had it, after its own acceptance window
        S.FAILED,
        # a cancel (user, kill switch) while unknown: cancelled there if it shows up
        S.PENDING_CANCEL,
    }),
    S.SUBMITTED: frozenset({
        S.PARTIALLY_FILLED, S.FILLED, S.PENDING_CANCEL,
        S.PENDING_MODIFY,  # a price/quantity change was sent
        # the broker cancelled it unasked (e.g. an MOK/MAK remainder, a corporate action)
        S.CANCELLED,
        # the exchange refused an order the broker had accepted
        S.REJECTED,
        S.EXPIRED,  # end of the trading day
    }),
    S.PARTIALLY_FILLED: frozenset({
        S.PARTIALLY_FILLED,  # another partial fill
        S.FILLED, S.PENDING_CANCEL,
        S.PENDING_MODIFY,  # a change of the remainder's price/quantity was sent
        S.CANCELLED,  # unasked cancel of the remainder (MAK remainder, broker action)
        S.EXPIRED,  # end of day: the remainder expires, the fills stand
    }),
    S.PENDING_MODIFY: frozenset({
        # the broker confirmed the change, or refused it: working again (as SUBMITTED, or
        # PARTIALLY_FILLED when some quantity had traded)
        S.SUBMITTED, S.PARTIALLY_FILLED,
        # a fill raced the modify and completed the order (or the quantity was cut to
        # what had already traded)
        S.FILLED,
        # kill switch or user cancel while the change is in flight: never blocked
        S.PENDING_CANCEL,
        # the broker cancelled it unasked, or the end of day came first
        S.CANCELLED, S.EXPIRED,
        # the exchange refused the order as changed (the broker had taken the request)
        S.REJECTED,
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
# a partial fill keeps these: the change in flight is still in flight
_KEEP_ON_PARTIAL = frozenset({S.PENDING_MODIFY})
MODIFIABLE = frozenset({S.SUBMITTED, S.PARTIALLY_FILLED})


class IllegalTransition(Exception):
    """``current -> target`` is not in TRANSITIONS; nothing was applied."""

    def __init__(self, order_id: str, current: OrderStatus, target: OrderStatus) -> None:
        super().__init__(f"order {order_id}: {current} -> {target} is not a legal transition")
        self.order_id, self.current, self.target = order_id, current, target


class FillRejected(Exception):
    """A fill that would overfill an order, belongs to another order, or is malformed."""


class ModifyRefused(ValueError):
    """A modify this order cannot take (its status, type, or the values asked)."""


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
    if (order.status in _LATE_FILL_OK or order.status in _KEEP_ON_PARTIAL) and not complete:
        moved = replace(order, updated_at=fill.at)
    else:
        moved = transition(order, S.FILLED if complete else S.PARTIALLY_FILLED, at=fill.at)
    return replace(moved, filled_qty=filled,
                   filled_value=order.filled_value + fill.quantity * fill.price)


def _working(order: Order) -> OrderStatus:
    return S.PARTIALLY_FILLED if order.filled_qty else S.SUBMITTED


def request_modify(order: Order, *, price: int | None, quantity: int | None, at: datetime,
                   reason: str) -> Order:
    """The order in PENDING_MODIFY (price and quantity unchanged until the broker confirms).

    Raises ModifyRefused for an order that is not working at the broker (terminal, not
    acknowledged yet, or another change or a cancel in flight), a market-type order (it
    has no price to change), nothing to change, or a quantity not above what has traded.
    """
    req = order.request
    if order.status not in MODIFIABLE:
        raise ModifyRefused(f"an order that is {order.status.value} cannot be modified")
    if req.order_type is not OrderType.LO:
        raise ModifyRefused(f"a {req.order_type.value} order has no limit price to modify")
    if price is None and quantity is None:
        raise ModifyRefused("give a new price or a new quantity")
    if price is not None and price <= 0:
        raise ModifyRefused("the new price must be positive")
    if quantity is not None and quantity <= order.filled_qty:
        raise ModifyRefused(f"the new quantity must be above the {order.filled_qty:,} "
                            "already filled (cancel the order to stop it)")
    if (price in (None, req.price)) and (quantity in (None, req.quantity)):
        raise ModifyRefused("the price and quantity are already those")
    return transition(order, S.PENDING_MODIFY, at=at, reason=reason)


def amend(order: Order, *, price: int, quantity: int, at: datetime, reason: str) -> Order:
    """The broker applied a change: the order works at ``price`` for ``quantity`` in total.

    From PENDING_MODIFY back to working (FILLED if the quantity was cut to what traded); a
    change seen on a working order (e.g. confirmed after a restart) keeps its status.
    Raises ModifyRefused for a terminal order or a quantity below what has traded.
    """
    if not order.is_open or order.status in (S.PENDING_SUBMIT, S.UNKNOWN):
        raise ModifyRefused(f"an order that is {order.status.value} cannot be amended")
    if quantity < order.filled_qty or quantity <= 0 or price < 0:
        raise ModifyRefused(f"{quantity:,} @ {price:,} is not a valid change of an order "
                            f"with {order.filled_qty:,} filled")
    changed = replace(order, request=replace(order.request, price=price, quantity=quantity))
    if quantity == order.filled_qty:
        return transition(changed, S.FILLED, at=at, reason=reason)
    if order.status is S.PENDING_MODIFY:
        return transition(changed, _working(changed), at=at, reason=reason)
    return replace(changed, updated_at=at, reason=reason or order.reason)


def modify_refused(order: Order, *, at: datetime, reason: str) -> Order:
    """A PENDING_MODIFY order back to working, unchanged; IllegalTransition otherwise."""
    if order.status is not S.PENDING_MODIFY:
        raise IllegalTransition(order.id, order.status, _working(order))
    return transition(order, _working(order), at=at, reason=reason)
