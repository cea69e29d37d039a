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

Reports come from two places, both into the same ``reports_for`` path and so booked once
(fills by running totals and ``ssi-<orderID>-<filledQty>``; the OMS applies every report
under the order's lock, compare-and-set):

- the order stream (:mod:`.order_stream`, started by ``start``): each ``orderEvent`` is the
  order's row as the order book would show it, turned into reports at once; an
  ``orderMatchEvent`` (no running totals) is confirmed by the order's next ``orderEvent``,
  or else by an order-book read at the next pass after a second; an ``orderError`` about
  a placement asks for an order-book read at the next pass, one about our cancel or
  modify is its refusal;
- the order-book poll: every pass (about a second) while the stream is down or off,
  every ``safety_poll_s`` (12 s) while it is live — a safety net for a silent stream.

This module places, cancels and modifies, and routes what arrives; a row into reports is
:mod:`.book_reports`, the tracked orders :mod:`.tracking`, the requestIDs
:mod:`.request_id`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from ...domain.market.calendar import to_vn_time
from ...domain.orders import Order, Side
from ..base import Broker, BrokerUnavailable, ExecutionReport, OutcomeUnknown, ReportKind
from .book_reports import FINAL, reports_for
from .circuit import CircuitStatus
from .client import FastConnectClient
from .errors import BrokerRejected, DuplicateRequestId
from .models import CancelOrderRequest, ModifyOrderRequest, new_order_from_domain
from .order_stream import ErrorEvent, MatchEvent, OrderEvent, SsiOrderStream, StreamEvent
from .request_id import RequestIdAllocator
from .status_map import UnknownSsiStatus
from .tracking import OrderTracker

log = logging.getLogger(__name__)
SAFETY_POLL_S = 12.0  # the order-book read while the stream is live
MATCH_CONFIRM_S = 1.0


class SsiBroker(Broker):
    name = "SSI FastConnect"
    acceptance_window = timedelta(minutes=2)

    def __init__(self, client: FastConnectClient, *, clock: Callable[[], datetime],
                 allocator: RequestIdAllocator | None = None, stream_url: str | None = None,
                 safety_poll_s: float = SAFETY_POLL_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.client = client
        self._clock = clock
        self._alloc = allocator or RequestIdAllocator()
        self._used: set[str] = set()  # requestIDs taken (ours, restored, cancels, modifies)
        self.last_poll_ok: datetime | None = None
        self.last_error = ""
        self._stream_url = stream_url
        self.stream: SsiOrderStream | None = None
        self.safety_poll_s = safety_poll_s
        self._monotonic = monotonic
        self._book_due = True  # the next pass reads the order book whatever the stream says
        # what the broker knows of the app's open orders (from place and every poll), to
        # turn stream events into reports: by requestID and by SSI orderID
        self._orders = OrderTracker(monotonic)
        # matches the stream told of whose orderEvent (with the running totals) has not
        # come yet: requestID -> when (monotonic); one left unconfirmed for
        # MATCH_CONFIRM_S makes the next pass read the order book
        self._unconfirmed: dict[str, float] = {}

    @property
    def account(self) -> str:
        return self.client.config.account

    async def start(self) -> None:
        """Open the order stream (in the background: this returns at once)."""
        if self._stream_url is None or self.stream is not None:
            return
        self.stream = SsiOrderStream(
            self._stream_url, lambda refused: self.client.stream_token(refused=refused),
            self._on_stream_event, on_state=lambda _state: self._want_book(),
            monotonic=self._monotonic)
        await self.stream.start()

    async def stop(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            await stream.stop()
        await self.client.aclose()

    def stream_summary(self) -> str:
        """One fixed English sentence (translated where shown) on how reports arrive."""
        if self.stream is None:
            return "order stream off; the order book is read every second"
        if self.stream.live:
            return (f"order stream live; the order book is read every "
                    f"{self.safety_poll_s:g} s as a safety net")
        return "order stream down, reconnecting; the order book is read every second"

    def poll_interval(self) -> float:
        if self._book_due or self.stream is None or not self.stream.live:
            return 0.0
        now = self._monotonic()
        if any(now - at >= MATCH_CONFIRM_S for at in self._unconfirmed.values()):
            return 0.0
        return self.safety_poll_s

    def _want_book(self) -> None:
        """Read the order book at the next pass (the stream just came up or went down, or
        told of something its next event may not carry)."""
        self._book_due = True

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
        self._orders.track([order])  # its stream events may come before NewOrder's answer
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
            reports = reports_for(order, found, self._clock())
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
        request_id = self._fresh_id()
        self._orders.expect(request_id, order.id, ReportKind.CANCEL_REJECTED)
        try:
            await self.client.cancel_order(CancelOrderRequest(
                account=self.account, request_id=request_id, order_id=broker_id,
                instrument_id=order.request.symbol, buy_sell=_side(order)))
        except BrokerRejected as exc:
            self._orders.drop_request(request_id)
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
        request_id = self._fresh_id()
        self._orders.expect(request_id, order.id, ReportKind.MODIFY_REJECTED)
        try:
            await self.client.modify_order(ModifyOrderRequest(
                account=self.account, request_id=request_id, order_id=broker_id,
                instrument_id=order.request.symbol, buy_sell=_side(order),
                order_type=order.request.order_type.value, price=price, quantity=quantity))
        except BrokerRejected as exc:
            self._orders.drop_request(request_id)
            return ExecutionReport(order.id, ReportKind.MODIFY_REJECTED, self._clock(),
                                   broker_order_id=broker_id,
                                   reason=f"SSI [{exc.code}] {exc.message}")
        return ExecutionReport(order.id, ReportKind.ACCEPTED, self._clock(),
                               broker_order_id=broker_id, reason="modify request accepted")

    # -- reports -----------------------------------------------------------------------
    async def poll(self, orders: Sequence[Order], now: datetime) -> None:
        """Compare the tracked orders with today's OrderBook and push reports."""
        tracked = [o for o in orders if o.request_id is not None]
        self._orders.track(tracked)
        if not tracked or self._handler is None:
            return
        try:
            book = await self.client.order_book()
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            raise
        self.last_poll_ok, self.last_error = self._clock(), ""
        self._book_due = False
        self._unconfirmed.clear()
        for order in tracked:
            rid = order.request_id or ""
            match = next((b for b in book if b.matches_request_id(rid)), None)
            if match is None:
                continue
            try:
                reports = reports_for(order, match, self._clock())
            except UnknownSsiStatus as exc:
                log.error("order %s: %s; left as it is", order.id, exc)
                continue
            for report in reports:
                await self._report(report)

    # -- the order stream ---------------------------------------------------------------
    async def _on_stream_event(self, event: StreamEvent) -> None:
        """One stream notification into the same reports the poll makes."""
        if isinstance(event, OrderEvent):
            await self._on_order_event(event)
        elif isinstance(event, MatchEvent):
            # no running totals on a match: the order's orderEvent (or the order book, read
            # at the next pass) carries them, so a fill is booked once whoever sees it
            found = self._orders.find(event.request_id, event.order_id)
            if found is not None:
                self._unconfirmed.setdefault(found[0], self._monotonic())
        elif isinstance(event, ErrorEvent):
            await self._on_error_event(event)

    async def _on_order_event(self, event: OrderEvent) -> None:
        row = event.order
        found = self._orders.find(row.unique_id, row.order_id)
        if found is None:
            return  # not an order of this app (or one it no longer tracks)
        key, order = found
        self._orders.link(row.order_id, key)
        self._unconfirmed.pop(key, None)
        try:
            reports = reports_for(order, row, self._clock())
        except UnknownSsiStatus as exc:
            log.error("order %s: %s (stream); the order book read decides", order.id, exc)
            self._want_book()
            return
        for report in reports:
            await self._report(report)
        if row.status in FINAL:
            self._orders.untrack(key)

    async def _on_error_event(self, event: ErrorEvent) -> None:
        ours = self._orders.refused(event.request_id)
        reason = f"SSI [{event.code}] {event.message}".strip()
        if ours is not None:
            order_id, kind = ours
            await self._report(ExecutionReport(order_id, kind, self._clock(),
                                               event.order_id or None, reason=reason))
        elif self._orders.find(event.request_id, event.order_id) is not None:
            self._want_book()  # a placement refused after it was taken: the book says how


def _side(order: Order) -> str:
    return "B" if order.request.side is Side.BUY else "S"


__all__ = ["SsiBroker"]
