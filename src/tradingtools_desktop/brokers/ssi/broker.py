"""The OMS-facing SSI FastConnect broker: the :class:`~..base.Broker` contract over
:class:`FastConnectClient`.

- ``prepare(order)``: allocates the order's numeric requestID (spec: <= 8 digits, unique per
  day) deterministically from its idempotency key and persists it on the order row BEFORE
  the first send. Every later send of that order (DLQ retry, after a restart) reads the
  persisted requestID, so the broker refuses a second order as a duplicate requestID.
- ``place(order)``: one NewOrder. ACCEPTED / REJECTED (spec error text as the reason). A
  duplicate-requestID refusal means the first send got there: the existing order is
  looked up and reported. Transport doubt raises ``OrderOutcomeUnknown`` (an
  ``OutcomeUnknown``); nothing sent raises ``BrokerUnavailable``.
- ``find_order(order)``: OrderBook / auditOrderBook (today) or orderHistory (that day) by
  requestID; ``None`` only when the broker answered and has no such order.
- ``poll_orders(orders)``: one OrderBook read; every tracked order's change becomes
  reports: ACCEPTED, FILL (one per increase of filledQty, id ``ssi-<orderID>-<filledQty>``
  so a replay is recognised), CANCELLED, EXPIRED, REJECTED, CANCEL_REJECTED. An unknown
  status code is logged and skipped, never guessed.

The tradehub order stream is not used: spec section 6.1 gives it only as its JavaScript
client's API (initStream / bind), not the wire protocol, so the order book is polled (every
second while LIVE orders are open) — reports arrive up to a second late, none are missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from ...domain.market.calendar import to_vn_time
from ...domain.money import round_vnd
from ...domain.orders import Order, OrderStatus
from ...store.idempotency import DuckDBIdempotencyStore
from ..base import BrokerUnavailable, ExecutionReport, OutcomeUnknown, ReportHandler, ReportKind
from .circuit import CircuitStatus
from .client import FastConnectClient
from .errors import BrokerRejected, DuplicateRequestId
from .models import CancelOrderRequest, SsiOrder, new_order_from_domain
from .request_id import RequestIdAllocator
from .status_map import UnknownSsiStatus

log = logging.getLogger(__name__)
O = OrderStatus  # noqa: E741
_LIVE_AT_BROKER = (O.SUBMITTED, O.PARTIALLY_FILLED)


class SsiBroker:
    name = "SSI FastConnect"

    def __init__(self, client: FastConnectClient, keys: DuckDBIdempotencyStore, *,
                 clock: Callable[[], datetime],
                 allocator: RequestIdAllocator | None = None) -> None:
        self.client = client
        self._keys = keys
        self._clock = clock
        self._alloc = allocator or RequestIdAllocator()
        self._handler: ReportHandler | None = None
        self.last_poll_ok: datetime | None = None
        self.last_error = ""

    @property
    def account(self) -> str:
        return self.client.config.account

    def set_report_handler(self, handler: ReportHandler) -> None:
        self._handler = handler

    async def start(self) -> None:
        """Nothing to do: the client logs in on its first call."""

    async def stop(self) -> None:
        await self.client.aclose()

    def circuit_status(self) -> CircuitStatus:
        return self.client.circuit_status()

    # -- requestID ---------------------------------------------------------------------
    async def prepare(self, order: Order) -> str:
        """The order's requestID, allocated and persisted now if it has none yet."""
        key = order.request.idempotency_key
        existing = await self._keys.request_id(key)
        if existing is not None:
            return existing
        day = self._day(order)
        used = await self._keys.recent_request_ids(order.created_at - timedelta(days=2))
        request_id = self._alloc.for_key(key, day, used)
        await self._keys.bind_request_id(key, request_id)
        return request_id

    def _day(self, order: Order) -> date:
        return to_vn_time(order.created_at).date()

    async def _request_id(self, order: Order) -> str:
        request_id = await self._keys.request_id(order.request.idempotency_key)
        if request_id is None:  # prepare() was not run: never send without a persisted id
            raise BrokerUnavailable("no requestID was persisted for this order; nothing sent")
        return request_id

    # -- orders ------------------------------------------------------------------------
    async def place(self, order: Order) -> ExecutionReport:
        request_id = await self._request_id(order)
        wire = new_order_from_domain(order.request, request_id, self.account)
        try:
            await self.client.new_order(wire)
        except DuplicateRequestId as exc:
            found = await self.find_order(order)
            if found is None:  # the broker says "used" but cannot show it: do not guess
                raise OutcomeUnknown(f"requestID {request_id} reported as used, but the "
                                     "order is not in the order book yet") from exc
            return found
        except BrokerRejected as exc:
            return ExecutionReport(order.id, ReportKind.REJECTED, self._clock(),
                                   reason=f"SSI [{exc.code}] {exc.message}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               reason=f"accepted by SSI (requestID {request_id})")

    async def find_order(self, order: Order) -> ExecutionReport | None:
        request_id = await self._keys.request_id(order.request.idempotency_key)
        if request_id is None:
            return None  # never prepared, so never sent
        found = await self.client.find_order_by_request_id(request_id, self._day(order))
        if found is None:
            return None
        if found.status is O.REJECTED:
            return ExecutionReport(order.id, ReportKind.REJECTED, self._clock(),
                                   broker_order_id=found.order_id,
                                   reason=f"SSI rejected: {found.reject_reason or 'no reason'}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               broker_order_id=found.order_id,
                               reason=f"found at SSI as order {found.order_id}")

    async def cancel(self, order: Order) -> ExecutionReport:
        """One CancelOrder. The broker's final word (CL, or the order trading on) arrives
        through ``poll_orders``; an accepted cancel request returns ACCEPTED meanwhile."""
        broker_id = order.broker_order_id
        if broker_id is None:
            request_id = await self._request_id(order)
            found = await self.client.find_order_by_request_id(request_id, self._day(order))
            if found is None:
                return ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, self._clock(),
                                       reason="SSI has no such order to cancel")
            broker_id = found.order_id
        used = await self._keys.recent_request_ids(self._clock() - timedelta(days=2))
        cancel_id = self._alloc.next(to_vn_time(self._clock()).date(), used)
        side = "B" if order.request.side.value == "BUY" else "S"
        try:
            await self.client.cancel_order(CancelOrderRequest(
                account=self.account, request_id=cancel_id, order_id=broker_id,
                instrument_id=order.request.symbol, buy_sell=side))
        except BrokerRejected as exc:
            return ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, self._clock(),
                                   broker_order_id=broker_id,
                                   reason=f"SSI [{exc.code}] {exc.message}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               broker_order_id=broker_id, reason="cancel request accepted")

    # -- reports -----------------------------------------------------------------------
    async def poll_orders(self, tracked: Sequence[tuple[Order, str | None]]) -> None:
        """Compare ``(order, requestID)`` pairs with today's OrderBook and push reports."""
        if not tracked or self._handler is None:
            return
        try:
            book = await self.client.order_book()
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            raise
        self.last_poll_ok, self.last_error = self._clock(), ""
        for order, request_id in tracked:
            if request_id is None:
                continue
            match = next((b for b in book if b.matches_request_id(request_id)), None)
            if match is None:
                continue
            try:
                reports = self._reports(order, match)
            except UnknownSsiStatus as exc:
                log.error("order %s: %s; left as it is", order.id, exc)
                continue
            for report in reports:
                await self._handler(report)

    def _reports(self, order: Order, b: SsiOrder) -> list[ExecutionReport]:
        now = self._clock()
        status = b.status
        out: list[ExecutionReport] = []
        if order.status is O.PENDING_SUBMIT:
            if status is O.REJECTED:
                return [ExecutionReport(order.id, ReportKind.REJECTED, now, b.order_id,
                                        reason=f"SSI rejected: {b.reject_reason or 'no reason'}")]
            out.append(ExecutionReport(order.id, ReportKind.ACCEPTED, now, b.order_id,
                                       reason=f"SSI order {b.order_id}"))
        delta = b.filled_qty - order.filled_qty
        if delta > 0 and b.avg_price <= 0:
            # the row came without a readable avgPrice: a fill at 0 VND would be wrong
            # money; the next read (which has it) reports the fill
            log.warning("order %s: SSI shows %d more filled but no average price; the fill "
                        "waits for the next read", order.id, delta)
            delta = 0
        if delta > 0:
            total = round_vnd(Decimal(b.avg_price) * b.filled_qty)
            price = int((total - order.filled_value) / delta)
            out.append(ExecutionReport(order.id, ReportKind.FILL, now, b.order_id,
                                       fill_id=f"ssi-{b.order_id}-{b.filled_qty}",
                                       quantity=delta, price=price))
        if status is O.CANCELLED:
            out.append(ExecutionReport(order.id, ReportKind.CANCELLED, now, b.order_id,
                                       reason=f"cancelled at SSI ({b.order_status})"))
        elif status is O.EXPIRED:
            out.append(ExecutionReport(order.id, ReportKind.EXPIRED, now, b.order_id,
                                       reason="expired at SSI"))
        elif status is O.REJECTED and order.status is not O.PENDING_SUBMIT:
            out.append(ExecutionReport(order.id, ReportKind.REJECTED, now, b.order_id,
                                       reason=f"SSI rejected: {b.reject_reason or 'no reason'}"))
        elif order.status is O.PENDING_CANCEL and status in _LIVE_AT_BROKER:
            out.append(ExecutionReport(order.id, ReportKind.CANCEL_REJECTED, now, b.order_id,
                                       reason="SSI kept the order working"))
        return out


__all__ = ["SsiBroker"]
