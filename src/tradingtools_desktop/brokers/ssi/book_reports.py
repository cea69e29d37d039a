"""An SSI order-book row turned into execution reports (pure; no I/O, no state).

:func:`reports_for` compares the broker's row (:class:`~.models.SsiOrder`, from the order
book, the audit order book, the order history or an ``orderEvent`` of the stream) with the
app's view of the order and returns what happened since, in this order: ACCEPTED (or
REJECTED) while the order awaits the broker; MODIFIED (the book shows other values) or
MODIFY_REJECTED (a modify unseen after ``MODIFY_GRACE``); FILL with running totals
(``cum_qty`` / ``cum_value``, id ``ssi-<orderID>-<filledQty>``, so a replay or an older view
is booked once; a row without a readable average price waits for the next read); then
CANCELLED, EXPIRED, REJECTED or CANCEL_REJECTED. Our view may be older than the record the
reports land on: the OMS applies them under the order's lock, compare-and-set.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from ...domain.money import round_vnd
from ...domain.orders import AWAITING_BROKER, Order, OrderStatus, OrderType
from ..base import ExecutionReport, ReportKind
from .models import SsiOrder
from .status_map import SsiOrderStatus

__all__ = ["FINAL", "LIVE_AT_BROKER", "MODIFY_GRACE", "reports_for", "request_key"]

log = logging.getLogger("tradingtools_desktop.brokers.ssi.broker")
O = OrderStatus  # noqa: E741
LIVE_AT_BROKER = (O.SUBMITTED, O.PARTIALLY_FILLED)
FINAL = (O.FILLED, O.CANCELLED, O.EXPIRED, O.REJECTED)
# a modify sent this long ago whose new values the order book does not show (and that is
# not "waiting modify" there) was not applied
MODIFY_GRACE = timedelta(seconds=30)


def request_key(request_id: str | None) -> str | None:
    """requestIDs compare as numbers (SSI may drop leading zeros)."""
    if request_id is None:
        return None
    rid = request_id.strip()
    return str(int(rid)) if rid.isdigit() else rid


def reports_for(order: Order, b: SsiOrder, now: datetime) -> list[ExecutionReport]:
    """What ``b`` (the broker's row) says happened to ``order`` (our view of it, which
    may be older than the record the reports land on: they are written so that this
    does not matter). ``now``: the reports' time. Raises
    :class:`~.status_map.UnknownSsiStatus` for a status code the map does not know (never
    guessed)."""
    status = b.status
    out: list[ExecutionReport] = []
    if order.status in AWAITING_BROKER:
        if status is O.REJECTED:
            return [ExecutionReport(order.id, ReportKind.REJECTED, now, b.order_id,
                                    reason=f"SSI rejected: {b.reject_reason or 'no reason'}")]
        out.append(ExecutionReport(order.id, ReportKind.ACCEPTED, now, b.order_id,
                                   reason=f"SSI order {b.order_id}"))
    out += _modify_reports(order, b, now)
    if b.filled_qty > order.filled_qty and b.avg_price <= 0:
        # the row came without a readable avgPrice: a fill at 0 VND would be wrong
        # money; the next read (which has it) reports the fill
        log.warning("order %s: SSI shows %d more filled but no average price; the fill "
                    "waits for the next read", order.id, b.filled_qty - order.filled_qty)
    elif b.filled_qty > order.filled_qty:
        total = round_vnd(Decimal(b.avg_price) * b.filled_qty)
        delta = b.filled_qty - order.filled_qty
        out.append(ExecutionReport(order.id, ReportKind.FILL, now, b.order_id,
                                   fill_id=f"ssi-{b.order_id}-{b.filled_qty}",
                                   quantity=delta,
                                   price=round_vnd(Decimal(total - order.filled_value)
                                                   / delta),
                                   cum_qty=b.filled_qty, cum_value=total))
    if status is O.CANCELLED:
        out.append(ExecutionReport(order.id, ReportKind.CANCELLED, now, b.order_id,
                                   reason=f"cancelled at SSI ({b.order_status})"))
    elif status is O.EXPIRED:
        out.append(ExecutionReport(order.id, ReportKind.EXPIRED, now, b.order_id,
                                   reason="expired at SSI"))
    elif status is O.REJECTED and order.status not in AWAITING_BROKER:
        out.append(ExecutionReport(order.id, ReportKind.REJECTED, now, b.order_id,
                                   reason=f"SSI rejected: {b.reject_reason or 'no reason'}"))
    elif order.status is O.PENDING_CANCEL and status in LIVE_AT_BROKER:
        out.append(ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, now, b.order_id,
                                   reason="SSI kept the order working"))
    return out

def _modify_reports(order: Order, b: SsiOrder, now: datetime) -> list[ExecutionReport]:
    if order.request.order_type is not OrderType.LO or b.status not in (
            *LIVE_AT_BROKER, O.FILLED, O.PENDING_CANCEL):
        return []
    price = round_vnd(Decimal(b.price))
    if price != order.request.price or b.quantity != order.request.quantity:
        return [ExecutionReport(order.id, ReportKind.MODIFIED, now, b.order_id,
                                quantity=b.quantity, price=price,
                                reason=f"SSI shows {b.quantity:,} @ {price:,}")]
    waiting = b.order_status.strip().upper() == SsiOrderStatus.WM.value
    if order.status is O.PENDING_MODIFY and not waiting \
            and now - order.updated_at >= MODIFY_GRACE:
        return [ExecutionReport(order.id, ReportKind.MODIFY_REJECTED, now, b.order_id,
                                reason="SSI kept the order unchanged")]
    return []


