"""The order manager: pre-check, write first, then act; every change of an order through
one path (:mod:`.order_changes`), in turn, into the audit log.

place():  risk check -> the broker's ``prepare`` (SSI: the requestID, on the order) -> ONE
          transaction (order + idempotency key + audit + risk counters) -> ``place`` once,
          holding the order's lock -> the ack through the state machine. A key seen before
          returns the stored order (DUPLICATE_KEY), never a second placement. Reading the
          order's state right after a successful placement is best effort: a failure is a
          note on the working order, never an error to the caller.
cancel(): never blocked by trading state or risk; the broker's answer decides.
modify(): a working LO order's price and/or quantity, re-checked by the risk engine as the
          changed order (band, tick, lot, buying power of a raised buy), PENDING_MODIFY
          until the broker confirms it (see :mod:`..domain.order_state`).
Broker reports (fills, cancels, expiries, confirmed changes) go through ``on_report``.

Locks: a placement holds the global lock while it checks and writes (so checks see every
reservation), then only the order's own lock while the broker answers; every change of an
order — ack, report, fill, cancel, modify, dead-letter outcome — takes that order's lock, so
a report that lands during a broker call waits for the call's answer to be written and is
then applied to the order as it is.

Two brokers: the dry-run broker for DRY_RUN orders and, when connected, the live broker
(SSI FastConnect) for LIVE orders; an order always talks to the broker of its own mode.
A placement whose outcome is unknown becomes UNKNOWN and one that could not reach the
broker stays PENDING_SUBMIT; either opens a dead-letter entry in the same transaction, and
the DLQ worker settles it through :meth:`lookup`, :meth:`resend` and :meth:`close`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from ..brokers.base import Broker, BrokerError, BrokerUnavailable, ExecutionReport, OutcomeUnknown
from ..domain.dlq import DlqError, DlqState
from ..domain.market.bands import PriceBand, price_band
from ..domain.market.fees import TradeCosts, trade_costs
from ..domain.orders import AWAITING_BROKER, Order, OrderRequest, OrderStatus
from ..domain.risk import RiskCode, RiskDecision, order_value
from ..domain.trading_state import TradingMode
from ..i18n.risk_text import decision_dict, decision_summary
from ..store.db import Tx
from ..store.dlq_repo import DlqRepository
from ..store.idempotency import DuckDBIdempotencyStore
from ..store.orders_repo import AuditEntry, OrderRepository
from .bus import EventBus
from .clock import Clock
from .events import OrderUpdated
from .order_changes import Decide, Extra, OrderChanges, working
from .order_modify import ModifyResult, OrderModifier
from .risk_service import MarketSnapshot, RiskService
from .trading_state import TradingStateService

log = logging.getLogger(__name__)
S = OrderStatus
UNKNOWN_TITLE = "Order outcome unknown"
# a request id stays taken at the broker for its trading day; two days cover it
REQUEST_ID_WINDOW = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class TicketPreview:
    """What the order ticket shows while the user types."""

    decision: RiskDecision
    market: MarketSnapshot
    band: PriceBand | None
    costs: TradeCosts | None


@dataclass(frozen=True, slots=True)
class PlaceResult:
    order: Order
    decision: RiskDecision
    duplicate: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"order": self.order.to_dict(), "decision": decision_dict(self.decision),
                "duplicate": self.duplicate}


class OrderNotFound(LookupError):
    pass


class OrderManager:
    def __init__(self, repo: OrderRepository, keys: DuckDBIdempotencyStore, risk: RiskService,
                 broker: Broker, trading: TradingStateService, bus: EventBus,
                 clock: Clock) -> None:
        self.repo = repo
        self.keys = keys
        self.risk = risk
        self.broker = broker
        self._live: Broker | None = None
        self.retry_delay = 2.0  # seconds before the DLQ worker's first attempt
        self._trading = trading
        self._bus = bus
        self._clock = clock
        self._lock = asyncio.Lock()
        self.changes = OrderChanges(repo, risk, bus, clock, risk.cash_advance)
        self._modifier = OrderModifier(self, self.changes, risk, repo, clock)
        broker.set_report_handler(self.on_report)
        trading.on_halt(self._cancel_all_on_halt)

    @property
    def mode(self) -> TradingMode:
        return self._trading.mode

    @property
    def live_broker(self) -> Broker | None:
        return self._live

    async def connect_live(self, broker: Broker) -> None:
        """LIVE orders go to ``broker`` from now on; it first learns the app's recent LIVE
        orders (request ids taken, open orders to track)."""
        broker.set_report_handler(self.on_report)
        since = self._clock.now() - REQUEST_ID_WINDOW
        await broker.restore(await self.repo.since(TradingMode.LIVE, since))
        self._live = broker

    def disconnect_live(self) -> None:
        self._live = None

    def broker_for(self, mode: TradingMode) -> Broker:
        if mode is TradingMode.LIVE:
            if self._live is None:
                raise BrokerUnavailable("no live broker is connected")
            return self._live
        return self.broker

    # -- queries -----------------------------------------------------------------------
    async def check(self, request: OrderRequest,
                    reference_override: int | None = None) -> RiskDecision:
        used = await self.keys.lookup(request.idempotency_key)
        decision, _ = await self.risk.check(request, duplicate=used is not None,
                                            reference_override=reference_override)
        return decision

    async def preview(self, request: OrderRequest) -> TicketPreview:
        used = await self.keys.lookup(request.idempotency_key)
        decision, market = await self.risk.check(request, duplicate=used is not None)
        band = None
        if market.reference_price and market.exchange is not None:
            band = price_band(market.exchange, market.reference_price, market.kind)
        value = order_value(request, band)
        costs = None
        if value is not None and request.quantity > 0:
            costs = trade_costs(request.side, request.quantity, value // request.quantity,
                                self.risk.fees)
        return TicketPreview(decision, market, band, costs)

    async def status(self, order_id: str) -> Order:
        order = await self.changes.current(order_id)
        if order is None:
            raise OrderNotFound(f"No order with id {order_id!r}.")
        return order

    async def open_orders(self) -> list[Order]:
        return await self.repo.open_orders()

    async def history(self, limit: int = 200) -> list[Order]:
        return await self.repo.history(limit)

    async def audit(self, order_id: str | None = None) -> list[AuditEntry]:
        return await self.repo.audit(order_id)

    # -- place -------------------------------------------------------------------------
    async def place(self, request: OrderRequest, *, source: str = "user") -> PlaceResult:
        request = replace(request, symbol=request.symbol.strip().upper())
        unreachable: BrokerError | None = None
        async with self._lock:
            now = self._clock.now()
            decision, market = await self.risk.check(request, when=now)
            allowed = decision.allowed
            order = Order(id=uuid.uuid4().hex, request=request,
                          status=S.PENDING_SUBMIT if allowed else S.DENIED,
                          created_at=now, updated_at=now,
                          reason="" if allowed else decision_summary(decision.checks),
                          mode=self.mode,
                          trade_date=self.risk.trade_date(now))
            if allowed:
                order = replace(order, reserved_cash=self.changes.reservation(
                    order, market.reference_price))
                try:  # e.g. SSI: the requestID travels on the order, written before sending
                    order = await self.broker_for(order.mode).prepare(order)
                except BrokerError as exc:
                    unreachable = exc
            audit = [(None, S.NEW.value, "order received"),
                     (S.NEW.value, order.status.value,
                      "pre-trade checks passed" if allowed else decision_summary(decision.checks))]
            stored, created = await self.repo.insert_new(
                order, decision=decision.to_dict(), audit=audit, source=source)
            if not created:  # the key was used before: never a second order
                decision, _ = await self.risk.check(request, duplicate=True, when=now)
                return PlaceResult(stored, decision, duplicate=True)
            self.risk.note_order(now)
            if not allowed:
                self.risk.note_reject(now)
                self._bus_order(order)
                return PlaceResult(order, decision)
            self.risk.note_placed(order.mode, request, order.reserved_cash)
            self.changes.remember(order)
            self._bus_order(order)
            lock = self.changes.lock(order.id)
            await lock.acquire()  # before the global lock goes: nothing can come between
        try:
            order = await self._send(order, unreachable)
        finally:
            lock.release()
        if order.status is S.SUBMITTED:
            order = await self.after_ack(order)
        return PlaceResult(order, decision)

    def _bus_order(self, order: Order) -> None:
        self._bus.publish(OrderUpdated(order))

    async def _send(self, order: Order, unreachable: BrokerError | None = None) -> Order:
        """Send once (the caller holds the order's lock). Doubt -> UNKNOWN, an unreachable
        broker -> stays PENDING_SUBMIT, each with its dead-letter entry (same transaction);
        any other broker failure -> FAILED with the reason and a DLQ record of it."""
        try:
            if unreachable is not None:
                raise unreachable
            report = await self.broker_for(order.mode).place(order)
        except OutcomeUnknown as exc:
            # Never re-send blindly: the DLQ worker asks the broker first.
            return await self._to_dlq(order, exc, S.UNKNOWN,
                                      f"outcome unknown ({exc}): being checked at the broker "
                                      "by its request id; nothing is sent again before")
        except BrokerUnavailable as exc:
            return await self._to_dlq(order, exc, None,
                                      f"broker not reached ({exc}): nothing was sent; the "
                                      "retry worker asks the broker before sending it")
        except BrokerError as exc:  # processed and refused in a way no retry can change
            error = DlqError(self._clock.now(), 1, type(exc).__name__, str(exc)[:500])
            return await self.close(order.id, S.FAILED, f"broker error: {exc}", locked=True,
                                    extra=lambda tx: DlqRepository.open_tx(
                                        tx, order, error=error, next_attempt_at=None,
                                        state=DlqState.PERMANENT_FAILURE))
        return await self.changes.apply_locked(order.id, self.changes.report_change(report)) \
            or order

    async def _to_dlq(self, order: Order, exc: BaseException, status: OrderStatus | None,
                      reason: str) -> Order:
        now = self._clock.now()
        error = DlqError(now, 1, type(exc).__name__, str(exc)[:500])
        next_at = now + timedelta(seconds=self.retry_delay)

        def extra(tx: Tx) -> None:
            DlqRepository.open_tx(tx, order, error=error, next_attempt_at=next_at)

        decide: Decide
        if status is None or order.status is status:
            decide = self.changes.noted(reason, "broker", extra=extra)
        else:
            decide = self.changes.moved(status, reason, "broker", extra=extra,
                                        alert_title=UNKNOWN_TITLE)
        return await self.changes.apply_locked(order.id, decide) or order

    async def after_ack(self, order: Order) -> Order:
        """Look at a just-acknowledged order once (a marketable dry-run order fills; a live
        one may show its first fill or the exchange's refusal). Best effort: the order
        works whether or not this read succeeds."""
        try:
            await self.broker_for(order.mode).poll([order], self._clock.now())
        except Exception as exc:
            log.warning("order %s accepted; reading its state right after failed: %s: %s",
                        order.id, type(exc).__name__, exc)
            who = "the dry-run broker" if order.mode is TradingMode.DRY_RUN else "the broker"
            note = (f"accepted by {who}; its state could not be read right after "
                    f"({type(exc).__name__}): fills show at the next poll")
            await self.changes.apply(order.id, self.changes.noted(note, "broker"))
        return await self.status(order.id)

    # -- cancel ------------------------------------------------------------------------
    async def cancel(self, order_id: str, *, source: str = "user") -> Order:
        """Cancels are never blocked by the trading state or by risk limits.

        An order the broker has not acknowledged may be there already: the broker is asked
        first. One it does not have is cancelled here when nothing was ever sent, or once
        the broker's acceptance window has passed; before that it is PENDING_CANCEL and
        cancelled at the broker should it show up there (never sent again)."""
        async with self.changes.lock(order_id):
            order = await self.status(order_id)
            if not order.is_open:
                return order
            broker = self.broker_for(order.mode)
            if order.status in AWAITING_BROKER or (order.status is S.PENDING_CANCEL
                                                   and not order.broker_order_id):
                found = await broker.find_order(order)
                if found is None:
                    return await self._cancel_undelivered(order, broker, source)
                for report in found:
                    order = await self.changes.apply_locked(
                        order_id, self.changes.report_change(report)) or order
                if not order.is_open:
                    return order
            before = order.status
            asked = ("cancel requested by the kill switch" if source.startswith("kill switch")
                     else f"cancel requested ({source})")
            pending = await self.changes.apply_locked(order_id, self.changes.moved(
                S.PENDING_CANCEL, asked, source))
            if pending is None or pending.status is not S.PENDING_CANCEL:
                return await self.status(order_id)
            try:
                report = await broker.cancel(pending)
            except BrokerError as exc:
                back = working(pending) if before is not S.PENDING_CANCEL else before
                return await self.changes.apply_locked(order_id, self.changes.moved(
                    back, f"cancel failed: {exc}", "broker")) or pending
            await self.changes.apply_locked(order_id, self.changes.report_change(report))
        if order.mode is TradingMode.LIVE:
            await self.after_ack(await self.status(order_id))
        return await self.status(order_id)

    async def _cancel_undelivered(self, order: Order, broker: Broker, source: str) -> Order:
        now = self._clock.now()
        sent_maybe = order.status is not S.PENDING_SUBMIT
        if sent_maybe and now - order.updated_at < broker.acceptance_window:
            if order.status is S.PENDING_CANCEL:
                return order
            return await self.changes.apply_locked(order.id, self.changes.moved(
                S.PENDING_CANCEL, f"cancel requested ({source}); the broker does not show the "
                "order yet: it is looked up again and cancelled there if it appears",
                source)) or order
        why = ("cancelled before it reached the broker" if not sent_maybe else
               "cancelled: the broker has no such order (its request id is never sent again)")
        return await self.close(order.id, S.CANCELLED, why, source=source, locked=True,
                                extra=lambda tx: DlqRepository.close_for_order_tx(
                                    tx, order.id, f"cancelled by the user ({source}): {why}",
                                    now))

    async def _cancel_all_on_halt(self, reason: str) -> None:
        """Every open order cancelled; each one's history and audit say the kill switch did
        it (not a bare "cancelled")."""
        source = f"kill switch: {reason}"
        for order in await self.open_orders():
            try:
                after = await self.cancel(order.id, source=source)
                if after.status is S.CANCELLED:
                    why = "" if reason in ("", "kill switch") else f" ({reason})"
                    await self.changes.apply(order.id, self.changes.noted(
                        f"cancelled by the kill switch{why}", source))
            except Exception:
                log.exception("kill switch could not cancel %s", order.id)

    # -- modify ------------------------------------------------------------------------
    async def modify(self, order_id: str, *, price: int | None = None,
                     quantity: int | None = None, source: str = "user") -> ModifyResult:
        """See :class:`.order_modify.OrderModifier`."""
        return await self._modifier.modify(order_id, price=price, quantity=quantity,
                                           source=source)

    # -- broker reports ----------------------------------------------------------------
    async def poll(self, order_ids: list[str] | None = None,
                   mode: TradingMode | None = None) -> None:
        """Ask the brokers (or only ``mode``'s) what changed about their open orders."""
        brokers: list[tuple[TradingMode, Broker]] = [(TradingMode.DRY_RUN, self.broker)]
        if self._live is not None:
            brokers.append((TradingMode.LIVE, self._live))
        for broker_mode, broker in brokers:
            if mode is not None and mode is not broker_mode:
                continue
            tracked = [o for o in await self.repo.open_orders(broker_mode)
                       if order_ids is None or o.id in order_ids]
            if tracked:
                await broker.poll(tracked, self._clock.now())

    async def on_report(self, report: ExecutionReport) -> None:
        order = await self.changes.apply(report.order_id, self.changes.report_change(report))
        if order is None:
            log.warning("report for an unknown order %s ignored", report.order_id)

    async def restore(self) -> None:
        """After a start: the dry-run broker gets back its resting orders."""
        since = self._clock.now() - REQUEST_ID_WINDOW
        await self.broker.restore(await self.repo.since(TradingMode.DRY_RUN, since))

    # -- settling doubt (the DLQ worker's side) ----------------------------------------
    async def lookup(self, order_id: str) -> Order | None:
        """Ask the order's broker whether it has it (by request id) and adopt what it has:
        its state, fills included. None: the broker answered it has no such order. Broker
        errors propagate (the caller looks again later)."""
        async with self.changes.lock(order_id):
            order = await self.status(order_id)
            if order.status not in AWAITING_BROKER and not (
                    order.status is S.PENDING_CANCEL and not order.broker_order_id):
                return order
            found = await self.broker_for(order.mode).find_order(order)
            if found is None:
                return None
            for report in found:
                order = await self.changes.apply_locked(
                    order_id, self.changes.report_change(report)) or order
            return order

    async def resend(self, order_id: str) -> Order:
        """Send an order the broker answered it does not have again, with the same request
        id (the caller checked that it may be sent)."""
        async with self.changes.lock(order_id):
            order = await self.status(order_id)
            if order.status not in AWAITING_BROKER:
                return order
            if order.request_id is None:  # never prepared (no broker then): now, written first
                prepared = await self.broker_for(order.mode).prepare(order)
                if prepared.request_id is not None:
                    order = await self.changes.apply_locked(order_id, self.changes.noted(
                        "sending again", "dlq", request_id=prepared.request_id)) or order
            order = await self._send(order)
        if order.status is S.SUBMITTED:
            order = await self.after_ack(order)
        return order

    async def close(self, order_id: str, status: OrderStatus, reason: str, *,
                    source: str = "dlq", extra: Extra | None = None,
                    title: str | None = None, locked: bool = False) -> Order:
        """End an open order in ``status`` (FAILED, or CANCELLED for one that never reached
        the broker) with its reservation released; ``title`` alerts the user."""
        decide = self.changes.moved(status, reason, source, release=True, extra=extra,
                                    alert_title=title)
        if locked:
            return await self.changes.apply_locked(order_id, decide) or await self.status(
                order_id)
        async with self.changes.lock(order_id):
            order = await self.status(order_id)
            if not order.is_open:
                return order
            return await self.changes.apply_locked(order_id, decide) or order


__all__ = ["AuditEntry", "ModifyResult", "OrderManager", "OrderNotFound", "PlaceResult",
           "RiskCode", "TicketPreview"]
