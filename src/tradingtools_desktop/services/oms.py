"""The order manager: pre-check, write first, then act; every change through the state
machine and into the audit log.

place():  risk check -> ONE transaction (order + idempotency key + audit + risk counters)
          -> broker.place once -> the ack through the state machine. A key seen before
          returns the stored order (DUPLICATE_KEY), never a second placement.
cancel(): never blocked by trading state or risk; the broker's answer decides.
Reports from the broker (fills, cancels, expiries) go through ``on_report``: fills are
de-duplicated by id, priced with fees and tax, booked to the ledger (dry-run) with T+2.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, replace

from ..brokers.base import (
    Broker,
    BrokerError,
    BrokerUnavailable,
    ExecutionReport,
    OutcomeUnknown,
    ReportKind,
)
from ..domain.market.bands import PriceBand, price_band
from ..domain.market.fees import TradeCosts, bps_of, trade_costs
from ..domain.market.settlement import settlement_date
from ..domain.order_state import FillRejected, IllegalTransition, apply_fill, transition
from ..domain.orders import Fill, Order, OrderRequest, OrderStatus, Side
from ..domain.risk import RiskCode, RiskDecision, order_value
from ..domain.trading_state import TradingMode
from ..store.db import Tx
from ..store.idempotency import DuckDBIdempotencyStore
from ..store.ledger_repo import LedgerRepository
from ..store.orders_repo import AuditEntry, OrderRepository, StoredOrder
from .bus import EventBus
from .clock import Clock
from .events import FillReceived, OrderUpdated
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
        self._trading = trading
        self._bus = bus
        self._clock = clock
        self._lock = asyncio.Lock()
        self._order_locks: dict[str, asyncio.Lock] = {}
        self._reported: set[str] = set()  # orders a broker report changed since placement
        broker.set_report_handler(self.on_report)
        trading.on_halt(self._cancel_all_on_halt)

    @property
    def mode(self) -> TradingMode:
        return self._trading.mode

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
            reserve = self._reservation(order, market.reference_price) if allowed else 0
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
            order = await self._send(order, source)
        if order.status is S.SUBMITTED:
            self._reported.discard(order.id)
            await self.poll([order.id])  # a marketable dry-run order fills at once
            if order.id in self._reported:
                order = await self.status(order.id)
        return PlaceResult(order, decision)

    def _reservation(self, order: Order, reference: int | None) -> int:
        req = order.request
        if req.side is not Side.BUY:
            return 0
        price = req.price
        if price is None and reference:
            price = price_band(req.exchange, reference).ceiling
        value = req.quantity * (price or 0)
        return value + bps_of(value, self.risk.fees.broker_fee_bps)

    async def _send(self, order: Order, source: str) -> Order:
        try:
            report = await self.broker.place(order)
        except OutcomeUnknown as exc:
            # Never re-send blindly: the order stays PENDING_SUBMIT with the reason until
            # the broker is asked whether it has it (the DLQ worker does that).
            after = replace(order, reason=f"outcome unknown: {exc}; checking with the broker",
                            updated_at=self._clock.now())
            await self.repo.save_transition(order, after, source="broker")
            return after
        except (BrokerUnavailable, BrokerError) as exc:
            return await self._move(order, S.FAILED, f"broker unavailable: {exc}", "broker",
                                    release=True)
        return await self._apply_ack(order, report)

    async def _apply_ack(self, order: Order, report: ExecutionReport) -> Order:
        if report.kind is ReportKind.ACCEPTED:
            moved = await self._move(order, S.SUBMITTED, "accepted by the broker", "broker",
                                     broker_order_id=report.broker_order_id)
            return moved
        self.risk.note_reject(self._clock.now())
        return await self._move(order, S.REJECTED, report.reason or "rejected by the broker",
                                "broker", release=True)

    async def _move(self, order: Order, status: OrderStatus, reason: str, source: str, *,
                    release: bool = False, broker_order_id: str | None = None,
                    extra: object = None) -> Order:
        try:
            after = transition(order, status, at=self._clock.now(), reason=reason)
        except IllegalTransition as exc:
            log.warning("refused: %s (%s)", exc, reason)
            return order
        if broker_order_id:
            after = replace(after, broker_order_id=broker_order_id)
        await self.repo.save_transition(order, after, source=source,
                                        reserved_cash=0 if release else None,
                                        extra=extra if callable(extra) else None)
        if release:
            self.risk.account_changed()
        self._bus.publish(OrderUpdated(after))
        return after

    # -- cancel ------------------------------------------------------------------------
    async def cancel(self, order_id: str, *, source: str = "user") -> Order:
        """Cancels are never blocked by the trading state or by risk limits."""
        async with self._lock_for(order_id):
            order = await self.status(order_id)
            if not order.is_open:
                return order
            if order.status is S.PENDING_SUBMIT:
                return await self._move(order, S.CANCELLED, "cancelled before submission",
                                        source, release=True)
            pending = await self._move(order, S.PENDING_CANCEL, f"cancel requested ({source})",
                                       source)
            try:
                report = await self.broker.cancel(pending)
            except BrokerError as exc:
                return await self._move(pending, order.status, f"cancel failed: {exc}", "broker")
        await self.on_report(report)
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
    async def poll(self, order_ids: list[str] | None = None) -> None:
        poll = getattr(self.broker, "poll", None)
        if poll is not None:
            await poll(self._clock.now(), order_ids)

    async def on_report(self, report: ExecutionReport) -> None:
        self._reported.add(report.order_id)
        async with self._lock_for(report.order_id):
            stored = await self.repo.get(report.order_id)
            if stored is None:
                log.warning("report for an unknown order %s ignored", report.order_id)
                return
            order = stored.order
            if report.kind is ReportKind.FILL:
                await self._on_fill(stored, report)
            elif report.kind is ReportKind.CANCELLED:
                await self._move(order, S.CANCELLED, report.reason or "cancelled", "broker",
                                 release=True)
            elif report.kind is ReportKind.CANCEL_REJECTED:
                back = S.PARTIALLY_FILLED if order.filled_qty else S.SUBMITTED
                if order.status is S.PENDING_CANCEL:
                    await self._move(order, back, f"cancel refused: {report.reason}", "broker")
            elif report.kind is ReportKind.EXPIRED:
                await self._move(order, S.EXPIRED, report.reason or "expired", "broker",
                                 release=True)
            elif report.kind is ReportKind.REJECTED:
                await self._move(order, S.REJECTED, report.reason or "rejected", "broker",
                                 release=True)
            elif report.kind is ReportKind.ACCEPTED and order.status is S.PENDING_SUBMIT:
                await self._apply_ack(order, report)

    async def _on_fill(self, stored: StoredOrder, report: ExecutionReport) -> None:
        order = stored.order
        req = order.request
        costs = trade_costs(req.side, report.quantity, report.price, self.risk.fees)
        fill = Fill(report.fill_id or f"{order.id}-{report.at.isoformat()}", order.id,
                    report.quantity, report.price, report.at, costs.fee, costs.tax)
        seen = await self.repo.fill_ids(order.id)
        try:
            after = apply_fill(order, fill, seen)
        except (FillRejected, IllegalTransition) as exc:
            log.error("fill %s refused: %s", fill.fill_id, exc)
            return
        if after is order:
            return  # a replayed fill
        trade_day = self.risk.trade_date(report.at)
        settle = settlement_date(trade_day, self.risk.calendar)
        mode = stored.mode
        reserve = self._reservation(replace(after, request=replace(
            req, quantity=after.remaining_qty)), None) if after.is_open else 0

        def book(tx: Tx) -> None:
            OrderRepository.insert_fill_tx(tx, fill, mode=mode, symbol=req.symbol,
                                           exchange=req.exchange.value, side=req.side.value,
                                           trade_date=trade_day, settle_date=settle)
            if mode != TradingMode.DRY_RUN.value:
                return
            ledger = LedgerRepository.book_tx
            if req.side is Side.BUY:
                ledger(tx, at=report.at, kind="BUY", amount=-costs.value,
                       available_on=trade_day, order_id=order.id, fill_id=fill.fill_id)
            else:
                ledger(tx, at=report.at, kind="SELL", amount=costs.value,
                       available_on=trade_day if self.risk.cash_advance else settle,
                       order_id=order.id, fill_id=fill.fill_id,
                       note="cash advance" if self.risk.cash_advance else "")
                ledger(tx, at=report.at, kind="TAX", amount=-costs.tax,
                       available_on=trade_day, order_id=order.id, fill_id=fill.fill_id)
            ledger(tx, at=report.at, kind="FEE", amount=-costs.fee, available_on=trade_day,
                   order_id=order.id, fill_id=fill.fill_id)

        after = replace(after, reason=report.reason or after.reason)
        await self.repo.save_transition(order, after, source="broker", reserved_cash=reserve,
                                        extra=book)
        self.risk.account_changed()
        self._bus.publish(FillReceived(after, fill))
        self._bus.publish(OrderUpdated(after))

    async def restore(self) -> None:
        """After a restart: give the dry-run broker back its resting orders."""
        restore = getattr(self.broker, "restore", None)
        if restore is not None:
            open_ = [s.order for s in await self.repo.open_orders(self.mode.value)
                     if s.order.status in (S.SUBMITTED, S.PARTIALLY_FILLED, S.PENDING_CANCEL)]
            restore(open_)


__all__ = ["AuditEntry", "OrderManager", "OrderNotFound", "PlaceResult", "RiskCode",
           "TicketPreview"]
