"""The order manager: pre-check, write first, then act; every change through the state
machine and into the audit log.

place():  risk check -> ONE transaction (order + idempotency key + audit + risk counters)
          -> broker.place once -> the ack through the state machine. A key seen before
          returns the stored order (DUPLICATE_KEY), never a second placement.
cancel(): never blocked by trading state or risk; the broker's answer decides.
Reports from the broker (fills, cancels, expiries) go through ``on_report``: fills are
de-duplicated by id, priced with fees and tax, booked to the ledger (dry-run) with T+2.

Two brokers: the dry-run broker for DRY_RUN orders and, when configured, the live broker
(SSI FastConnect) for LIVE orders; an order always talks to the broker of the mode it was
placed in. A broker with ``prepare(order)`` gets it before the first send (SSI persists the
order's requestID there). A placement whose outcome is unknown, or that could not reach the
broker, opens a dead-letter entry in the same transaction that records it; the DLQ worker
then calls :meth:`OrderManager.recover`, which asks the broker before any re-send.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from ..brokers.base import (
    Broker,
    BrokerError,
    BrokerUnavailable,
    ExecutionReport,
    OutcomeUnknown,
)
from ..domain.dlq import DlqError, DlqState
from ..domain.market.bands import PriceBand, price_band
from ..domain.market.fees import TradeCosts, trade_costs
from ..domain.orders import Order, OrderRequest, OrderStatus
from ..domain.risk import RiskCode, RiskDecision, order_value
from ..domain.trading_state import TradingMode
from ..store.db import Tx
from ..store.dlq_repo import DlqRepository
from ..store.idempotency import DuckDBIdempotencyStore
from ..store.orders_repo import AuditEntry, OrderRepository
from .bus import EventBus
from .clock import Clock
from .events import OrderUpdated
from .order_changes import OrderChanges
from .risk_service import MarketSnapshot, RiskService
from .trading_state import TradingStateService

log = logging.getLogger(__name__)
S = OrderStatus


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
        return {"order": self.order.to_dict(), "decision": self.decision.to_dict(),
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
        self._order_locks: dict[str, asyncio.Lock] = {}
        self._reported: set[str] = set()  # orders a broker report changed since placement
        self.changes = OrderChanges(repo, risk, bus, clock)
        broker.set_report_handler(self.on_report)
        trading.on_halt(self._cancel_all_on_halt)

    @property
    def mode(self) -> TradingMode:
        return self._trading.mode

    @property
    def live_broker(self) -> Broker | None:
        return self._live

    @live_broker.setter
    def live_broker(self, broker: Broker | None) -> None:
        """Connect (or, with None, disconnect) the broker LIVE orders go to."""
        self._live = broker
        if broker is not None:
            broker.set_report_handler(self.on_report)

    def broker_for(self, mode: str) -> Broker:
        if mode == TradingMode.LIVE.value:
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
        stored = await self.repo.get(order_id)
        if stored is None:
            raise OrderNotFound(f"No order with id {order_id!r}.")
        return stored.order

    async def open_orders(self) -> list[Order]:
        return [s.order for s in await self.repo.open_orders()]

    async def history(self, limit: int = 200) -> list[Order]:
        return [s.order for s in await self.repo.history(limit)]

    async def audit(self, order_id: str | None = None) -> list[AuditEntry]:
        return await self.repo.audit(order_id)

    # -- place -------------------------------------------------------------------------
    async def place(self, request: OrderRequest, *, source: str = "user") -> PlaceResult:
        request = replace(request, symbol=request.symbol.strip().upper())
        async with self._lock:
            now = self._clock.now()
            decision, market = await self.risk.check(request, when=now)
            allowed = decision.allowed
            order = Order(id=uuid.uuid4().hex, request=request,
                          status=S.PENDING_SUBMIT if allowed else S.DENIED,
                          created_at=now, updated_at=now,
                          reason="" if allowed else decision.summary())
            reserve = self.changes.reservation(order, market.reference_price) if allowed else 0
            audit = [(None, S.NEW.value, "order received"),
                     (S.NEW.value, order.status.value,
                      "pre-trade checks passed" if allowed else decision.summary())]
            stored, created = await self.repo.insert_new(
                order, mode=self.mode.value, trade_date=self.risk.trade_date(now),
                reserved_cash=reserve, decision=decision.to_dict(), audit=audit, source=source)
            if not created:  # the key was used before: never a second order
                decision, _ = await self.risk.check(request, duplicate=True, when=now)
                return PlaceResult(stored.order, decision, duplicate=True)
            self.risk.note_order(now)
            if not allowed:
                self.risk.note_reject(now)
                self._bus.publish(OrderUpdated(order))
                return PlaceResult(order, decision)
            self.risk.note_placed(self.mode, request, reserve)
            self._bus.publish(OrderUpdated(order))
            mode = self.mode.value
            order = await self._send(order, mode)
        if order.status is S.SUBMITTED:
            self._reported.discard(order.id)
            # a marketable dry-run order fills at once; a live one may already show its
            # first fill or the exchange's refusal
            await self.poll([order.id], mode=mode)
            if order.id in self._reported:
                order = await self.status(order.id)
        return PlaceResult(order, decision)

    async def _send(self, order: Order, mode: str) -> Order:
        """Send once. Doubt or an unreachable broker -> the DLQ (same transaction); any
        other broker failure -> FAILED with the reason and a DLQ record of it."""
        try:
            broker = self.broker_for(mode)
            prepare = getattr(broker, "prepare", None)
            if prepare is not None:
                await prepare(order)  # e.g. SSI: persist the requestID before the first send
            report = await broker.place(order)
        except (OutcomeUnknown, BrokerUnavailable) as exc:
            # Never re-send blindly: the order stays PENDING_SUBMIT and the DLQ worker asks
            # the broker whether it has it before anything is sent again.
            doubt = isinstance(exc, OutcomeUnknown)
            why = "outcome unknown" if doubt else "broker not reached"
            return await self._to_dlq(order, mode, exc, f"{why}: {exc}; the retry worker "
                                      "checks with the broker before any re-send")
        except BrokerError as exc:  # processed and refused in a way no retry can change
            request_id = await self.keys.request_id(order.request.idempotency_key)
            error = DlqError(self._clock.now(), 1, type(exc).__name__, str(exc)[:500])
            return await self.changes.fail(order, f"broker error: {exc}", extra=lambda tx:
                                    DlqRepository.open_tx(tx, order, mode=mode,
                                                          request_id=request_id, error=error,
                                                          next_attempt_at=None,
                                                          state=DlqState.PERMANENT_FAILURE))
        return await self.changes.apply_ack(order, report)

    async def _to_dlq(self, order: Order, mode: str, exc: BaseException, reason: str) -> Order:
        now = self._clock.now()
        after = replace(order, reason=reason, updated_at=now)
        error = DlqError(now, 1, type(exc).__name__, str(exc)[:500])
        request_id = await self.keys.request_id(order.request.idempotency_key)
        next_at = now + timedelta(seconds=self.retry_delay)
        await self.repo.save_transition(order, after, source="broker", extra=lambda tx:
                                        DlqRepository.open_tx(tx, order, mode=mode,
                                                              request_id=request_id,
                                                              error=error,
                                                              next_attempt_at=next_at))
        self._bus.publish(OrderUpdated(after))
        return after

    # -- cancel ------------------------------------------------------------------------
    async def cancel(self, order_id: str, *, source: str = "user") -> Order:
        """Cancels are never blocked by the trading state or by risk limits.

        An order still PENDING_SUBMIT may already be at the broker when its placement's
        outcome was unknown: the broker is asked first; only an order the broker does not
        have is cancelled locally (its persisted requestID means it is never re-sent)."""
        async with self._lock_for(order_id):
            stored = await self.repo.get(order_id)
            if stored is None:
                raise OrderNotFound(f"No order with id {order_id!r}.")
            order = stored.order
            if not order.is_open:
                return order
            broker = self.broker_for(stored.mode)
            if order.status is S.PENDING_SUBMIT:
                found = await broker.find_order(order) if stored.request_id else None
                if found is None:
                    return await self.changes.move(
                        order, S.CANCELLED, "cancelled before submission", source,
                        release=True, extra=lambda tx: DlqRepository.close_for_order_tx(
                            tx, order.id, "cancelled by the user before delivery",
                            self._clock.now()))
                order = await self.changes.apply_ack(order, found)
                if not order.is_open:
                    return order
            pending = await self.changes.move(order, S.PENDING_CANCEL,
                                              f"cancel requested ({source})", source)
            try:
                report = await broker.cancel(pending)
            except BrokerError as exc:
                return await self.changes.move(pending, order.status, f"cancel failed: {exc}",
                                               "broker")
        await self.on_report(report)
        if stored.mode == TradingMode.LIVE.value:
            await self.poll([order_id])
        return await self.status(order_id)

    async def _cancel_all_on_halt(self, reason: str) -> None:
        for order in await self.open_orders():
            try:
                await self.cancel(order.id, source=f"kill switch: {reason}")
            except Exception:
                log.exception("kill switch could not cancel %s", order.id)

    def _lock_for(self, order_id: str) -> asyncio.Lock:
        return self._order_locks.setdefault(order_id, asyncio.Lock())

    # -- broker reports ----------------------------------------------------------------
    async def poll(self, order_ids: list[str] | None = None, mode: str | None = None) -> None:
        """Ask the brokers (or only ``mode``'s) what changed: the dry-run broker matches its
        resting orders; the live broker's order book is compared with our open LIVE orders."""
        poll = getattr(self.broker, "poll", None)
        if poll is not None and mode in (None, TradingMode.DRY_RUN.value):
            await poll(self._clock.now(), order_ids)
        poll_live = getattr(self._live, "poll_orders", None)
        if poll_live is not None and mode in (None, TradingMode.LIVE.value):
            tracked = [(s.order, s.request_id)
                       for s in await self.repo.open_orders(TradingMode.LIVE.value)
                       if order_ids is None or s.order.id in order_ids]
            await poll_live(tracked)

    # -- recovery (the DLQ worker's side) ----------------------------------------------
    async def recover(self, order_id: str, *, resend: bool) -> Order:
        """Settle a PENDING_SUBMIT order whose placement failed: ask the broker whether it
        has the order (by idempotency key / requestID) and take its answer; only if the
        broker answers that it has none, and ``resend`` is True, send it again (same
        requestID). Broker errors propagate: the caller schedules the next attempt."""
        async with self._lock_for(order_id):
            stored = await self.repo.get(order_id)
            if stored is None:
                raise OrderNotFound(f"No order with id {order_id!r}.")
            order = stored.order
            if order.status is not S.PENDING_SUBMIT:
                return order
            broker = self.broker_for(stored.mode)
            found = await broker.find_order(order)
            if found is not None:
                return await self.changes.apply_ack(order, found)
            if not resend:
                return order
            report = await broker.place(order)
            return await self.changes.apply_ack(order, report)

    async def fail(self, order_id: str, reason: str,
                   extra: Callable[[Tx], None] | None = None,
                   title: str | None = "Order failed") -> Order:
        """Give up on an open order: FAILED with ``reason`` (see :meth:`_fail`)."""
        async with self._lock_for(order_id):
            order = await self.status(order_id)
            if not order.is_open:
                return order
            return await self.changes.fail(order, reason, source="dlq", extra=extra, title=title)

    async def on_report(self, report: ExecutionReport) -> None:
        self._reported.add(report.order_id)
        async with self._lock_for(report.order_id):
            stored = await self.repo.get(report.order_id)
            if stored is None:
                log.warning("report for an unknown order %s ignored", report.order_id)
                return
            await self.changes.apply_report(stored, report)

    async def restore(self) -> None:
        """After a restart: give the dry-run broker back its resting orders."""
        restore = getattr(self.broker, "restore", None)
        if restore is not None:
            open_ = [s.order for s in await self.repo.open_orders(self.mode.value)
                     if s.order.status in (S.SUBMITTED, S.PARTIALLY_FILLED, S.PENDING_CANCEL)]
            restore(open_)


__all__ = ["AuditEntry", "OrderManager", "OrderNotFound", "PlaceResult", "RiskCode",
           "TicketPreview"]
