"""The OMS-facing SSI FastConnect broker: the :class:`~..base.Broker` contract over
:class:`FastConnectClient`.

- ``prepare(order)``: allocates the order's numeric requestID (spec: <= 8 digits, unique per
  day) deterministically from its idempotency key, avoiding every requestID this broker
  knows is taken, and returns the order carrying it; the OMS writes it BEFORE the first
  send. Every later send of that order (DLQ retry, after a restart) carries the same
  requestID on the order, so the broker refuses a second order as a duplicate requestID.
  The adapter never reads the app's store: ``restore(orders)`` tells it the requestIDs of
  the app's recent orders; cancels and modifies take fresh ids from the same set.
- ``place(order)``: one NewOrder. ACCEPTED / REJECTED (spec error text as the reason). A
  duplicate-requestID refusal means the first send got there: the existing order is
  looked up and reported. Transport doubt raises ``OrderOutcomeUnknown`` (an
  ``OutcomeUnknown``); nothing sent raises ``BrokerUnavailable``.
- ``find_order(order)``: OrderBook / auditOrderBook (today) or orderHistory (that day) by
  requestID; ``None`` only when the broker answered and has no such order; otherwise the
  reports of what it has (ACCEPTED or REJECTED, fills, cancel, expiry).
  ``acceptance_window``: a request that reached SSI shows in its order book (or, refused,
  in the audit order book) within seconds; two minutes after the last send, "no such
  order" is final.
- ``modify(order, price=, quantity=)``: one ModifyOrder (spec 5.6) with a fresh requestID;
  ACCEPTED (the book confirms the new values: a MODIFIED report) or MODIFY_REJECTED.
- ``poll(orders)``: one OrderBook read; every tracked order's change becomes reports:
  ACCEPTED, FILL (running totals ``cum_qty``/``cum_value``, id
  ``ssi-<orderID>-<filledQty>``, so a replay or an older view is recognised), MODIFIED,
  MODIFY_REJECTED, CANCELLED, EXPIRED, REJECTED, CANCEL_REJECTED. An unknown status code
  is logged and skipped, never guessed.

The tradehub order stream is not used: spec section 6.1 gives it only as its JavaScript
client's API (initStream / bind), not the wire protocol, so the order book is polled (every
second while LIVE orders are open) — reports arrive up to a second late, none are missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from ...domain.market.calendar import to_vn_time
from ...domain.money import round_vnd
from ...domain.orders import AWAITING_BROKER, Order, OrderStatus, OrderType, Side
from ..base import Broker, BrokerUnavailable, ExecutionReport, OutcomeUnknown, ReportKind
from .circuit import CircuitStatus
from .client import FastConnectClient
from .errors import BrokerRejected, DuplicateRequestId
from .models import CancelOrderRequest, ModifyOrderRequest, SsiOrder, new_order_from_domain
from .request_id import RequestIdAllocator
from .status_map import SsiOrderStatus, UnknownSsiStatus

log = logging.getLogger(__name__)
O = OrderStatus  # noqa: E741
_LIVE_AT_BROKER = (O.SUBMITTED, O.PARTIALLY_FILLED)
# a modify sent this long ago whose new values the order book does not show (and that is
# not "waiting modify" there) was not applied
MODIFY_GRACE = timedelta(seconds=30)


class SsiBroker(Broker):
    name = "SSI FastConnect"
    acceptance_window = timedelta(minutes=2)

    def __init__(self, client: FastConnectClient, *, clock: Callable[[], datetime],
                 allocator: RequestIdAllocator | None = None) -> None:
        super().__init__()
        self.client = client
        self._clock = clock
        self._alloc = allocator or RequestIdAllocator()
        self._used: set[str] = set()  # requestIDs taken (ours, restored, cancels, modifies)
        self.last_poll_ok: datetime | None = None
        self.last_error = ""

    @property
    def account(self) -> str:
        return self.client.config.account

    async def stop(self) -> None:
        await self.client.aclose()

    def circuit_status(self) -> CircuitStatus:
        return self.client.circuit_status()

    # -- requestID ---------------------------------------------------------------------
    async def restore(self, orders: Sequence[Order]) -> None:
        self._used.update(o.request_id for o in orders if o.request_id)

    async def prepare(self, order: Order) -> Order:
        """The order carrying its requestID (allocated now if it has none yet)."""
        if order.request_id is not None:
            return order
        request_id = self._alloc.for_key(order.request.idempotency_key, self._day(order),
                                         self._used)
        self._used.add(request_id)
        return replace(order, request_id=request_id)

    def _fresh_id(self) -> str:
        request_id = self._alloc.next(to_vn_time(self._clock()).date(), self._used)
        self._used.add(request_id)
        return request_id

    def _day(self, order: Order) -> date:
        return to_vn_time(order.created_at).date()

    @staticmethod
    def _request_id(order: Order) -> str:
        if order.request_id is None:  # prepare() was not written: never send without one
            raise BrokerUnavailable("no requestID was persisted for this order; nothing sent")
        return order.request_id

    # -- orders ------------------------------------------------------------------------
    async def place(self, order: Order) -> ExecutionReport:
        request_id = self._request_id(order)
        wire = new_order_from_domain(order.request, request_id, self.account)
        try:
            await self.client.new_order(wire)
        except DuplicateRequestId as exc:
            found = await self.find_order(order)
            if not found:  # the broker says "used" but cannot show it: do not guess
                raise OutcomeUnknown(f"requestID {request_id} reported as used, but the "
                                     "order is not in the order book yet") from exc
            return found[0]
        except BrokerRejected as exc:
            return ExecutionReport(order.id, ReportKind.REJECTED, self._clock(),
                                   reason=f"SSI [{exc.code}] {exc.message}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               reason=f"accepted by SSI (requestID {request_id})")

    async def find_order(self, order: Order) -> list[ExecutionReport] | None:
        if order.request_id is None:
            return None  # never prepared, so never sent
        found = await self.client.find_order_by_request_id(order.request_id,
                                                           self._day(order))
        if found is None:
            return None
        try:
            reports = self._reports(order, found)
        except UnknownSsiStatus as exc:
            log.error("order %s: %s; reported as found, state left to the poll", order.id, exc)
            reports = []
        if not reports or reports[0].kind not in (ReportKind.ACCEPTED, ReportKind.REJECTED):
            reports.insert(0, ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                                              found.order_id,
                                              reason=f"found at SSI as order {found.order_id}"))
        return reports

    async def _broker_id(self, order: Order) -> str | None:
        if order.broker_order_id is not None:
            return order.broker_order_id
        found = await self.client.find_order_by_request_id(self._request_id(order),
                                                           self._day(order))
        return None if found is None else found.order_id

    async def cancel(self, order: Order) -> ExecutionReport:
        """One CancelOrder. The broker's final word (CL, or the order trading on) arrives
        through ``poll``; an accepted cancel request returns ACCEPTED meanwhile."""
        broker_id = await self._broker_id(order)
        if broker_id is None:
            return ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, self._clock(),
                                   reason="SSI has no such order to cancel")
        try:
            await self.client.cancel_order(CancelOrderRequest(
                account=self.account, request_id=self._fresh_id(), order_id=broker_id,
                instrument_id=order.request.symbol, buy_sell=_side(order)))
        except BrokerRejected as exc:
            return ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, self._clock(),
                                   broker_order_id=broker_id,
                                   reason=f"SSI [{exc.code}] {exc.message}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               broker_order_id=broker_id, reason="cancel request accepted")

    async def modify(self, order: Order, *, price: int, quantity: int) -> ExecutionReport:
        """One ModifyOrder; the order book confirms the new values (a MODIFIED report)."""
        broker_id = await self._broker_id(order)
        if broker_id is None:
            return ExecutionReport(order.id, ReportKind.MODIFY_REJECTED, self._clock(),
                                   reason="SSI has no such order to modify")
        try:
            await self.client.modify_order(ModifyOrderRequest(
                account=self.account, request_id=self._fresh_id(), order_id=broker_id,
                instrument_id=order.request.symbol, buy_sell=_side(order),
                order_type=order.request.order_type.value, price=price, quantity=quantity))
        except BrokerRejected as exc:
            return ExecutionReport(order.id, ReportKind.MODIFY_REJECTED, self._clock(),
                                   broker_order_id=broker_id,
                                   reason=f"SSI [{exc.code}] {exc.message}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               broker_order_id=broker_id, reason="modify request accepted")

    # -- reports -----------------------------------------------------------------------
    async def poll(self, orders: Sequence[Order], now: datetime) -> None:
        """Compare the tracked orders with today's OrderBook and push reports."""
        tracked = [o for o in orders if o.request_id is not None]
        if not tracked or self._handler is None:
            return
        try:
            book = await self.client.order_book()
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            raise
        self.last_poll_ok, self.last_error = self._clock(), ""
        for order in tracked:
            rid = order.request_id or ""
            match = next((b for b in book if b.matches_request_id(rid)), None)
            if match is None:
                continue
            try:
                reports = self._reports(order, match)
            except UnknownSsiStatus as exc:
                log.error("order %s: %s; left as it is", order.id, exc)
                continue
            for report in reports:
                await self._report(report)

    def _reports(self, order: Order, b: SsiOrder) -> list[ExecutionReport]:
        """What ``b`` (the broker's row) says happened to ``order`` (our view of it, which
        may be older than the record the reports land on: they are written so that this
        does not matter)."""
        now = self._clock()
        status = b.status
        out: list[ExecutionReport] = []
        if order.status in AWAITING_BROKER:
            if status is O.REJECTED:
                return [ExecutionReport(order.id, ReportKind.REJECTED, now, b.order_id,
                                        reason=f"SSI rejected: {b.reject_reason or 'no reason'}")]
            out.append(ExecutionReport(order.id, ReportKind.ACCEPTED, now, b.order_id,
                                       reason=f"SSI order {b.order_id}"))
        out += self._modify_reports(order, b, now)
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
        elif order.status is O.PENDING_CANCEL and status in _LIVE_AT_BROKER:
            out.append(ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, now, b.order_id,
                                       reason="SSI kept the order working"))
        return out

    def _modify_reports(self, order: Order, b: SsiOrder, now: datetime) -> list[ExecutionReport]:
        if order.request.order_type is not OrderType.LO or b.status not in (
                *_LIVE_AT_BROKER, O.FILLED, O.PENDING_CANCEL):
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


def _side(order: Order) -> str:
    return "B" if order.request.side is Side.BUY else "S"


__all__ = ["SsiBroker"]
