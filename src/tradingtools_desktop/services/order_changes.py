"""Order state changes, recorded: every change of an order goes through the domain's state
machine and is persisted with its audit row (and what belongs with it: a fill, ledger
rows, a dead-letter record) in one transaction, then published on the bus.

The OMS decides what happens to an order and holds its lock; this module is how it is
written down. A transition the state machine refuses is logged and nothing is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from ..brokers.base import ExecutionReport, ReportKind
from ..domain.market.bands import price_band
from ..domain.market.fees import bps_of, trade_costs
from ..domain.market.settlement import settlement_date
from ..domain.order_state import FillRejected, IllegalTransition, apply_fill, transition
from ..domain.orders import Fill, Order, OrderStatus, Side
from ..store.db import Tx
from ..store.orders_repo import OrderRepository, StoredOrder
from .bus import EventBus
from .clock import Clock
from .events import Alert, FillReceived, OrderUpdated
from .fill_booking import fill_booking
from .risk_service import RiskService

log = logging.getLogger(__name__)
S = OrderStatus


class OrderChanges:
    def __init__(self, repo: OrderRepository, risk: RiskService, bus: EventBus,
                 clock: Clock) -> None:
        self._repo = repo
        self._risk = risk
        self._bus = bus
        self._clock = clock

    def reservation(self, order: Order, reference: int | None) -> int:
        req = order.request
        if req.side is not Side.BUY:
            return 0
        price = req.price
        if price is None and reference:
            price = price_band(req.exchange, reference).ceiling
        value = req.quantity * (price or 0)
        return value + bps_of(value, self._risk.fees.broker_fee_bps)

    async def fail(self, order: Order, reason: str, *, source: str = "broker",
                   extra: Callable[[Tx], None] | None = None,
                   title: str | None = "Order failed") -> Order:
        """FAILED with ``reason`` (``extra`` writes the DLQ record in the same transaction);
        with a ``title`` the user is alerted in the window and tray; Telegram follows the
        order update."""
        after = await self.move(order, S.FAILED, reason, source, release=True, extra=extra)
        if after.status is S.FAILED and title:
            r = order.request
            self._bus.publish(Alert("critical", title, f"Order {order.id[:8]} ({r.side.value} "
                                    f"{r.quantity:,} {r.symbol}): {reason}", self._clock.now()))
        return after

    async def apply_ack(self, order: Order, report: ExecutionReport) -> Order:
        if report.kind is ReportKind.ACCEPTED:
            moved = await self.move(order, S.SUBMITTED, "accepted by the broker", "broker",
                                    broker_order_id=report.broker_order_id)
            return moved
        self._risk.note_reject(self._clock.now())
        return await self.move(order, S.REJECTED, report.reason or "rejected by the broker",
                               "broker", release=True)

    async def move(self, order: Order, status: OrderStatus, reason: str, source: str, *,
                   release: bool = False, broker_order_id: str | None = None,
                   extra: Callable[[Tx], None] | None = None) -> Order:
        try:
            after = transition(order, status, at=self._clock.now(), reason=reason)
        except IllegalTransition as exc:
            log.warning("refused: %s (%s)", exc, reason)
            return order
        if broker_order_id:
            after = replace(after, broker_order_id=broker_order_id)
        await self._repo.save_transition(order, after, source=source,
                                         reserved_cash=0 if release else None,
                                         extra=extra)
        if release:
            self._risk.account_changed()
        self._bus.publish(OrderUpdated(after))
        return after

    async def apply_report(self, stored: StoredOrder, report: ExecutionReport) -> None:
        """A broker's report on ``stored`` through the state machine (the caller holds the
        order's lock)."""
        order = stored.order
        if report.kind is ReportKind.FILL:
            await self.apply_fill(stored, report)
        elif report.kind is ReportKind.CANCELLED:
            await self.move(order, S.CANCELLED, report.reason or "cancelled", "broker",
                            release=True)
        elif report.kind is ReportKind.CANCEL_REJECTED:
            back = S.PARTIALLY_FILLED if order.filled_qty else S.SUBMITTED
            if order.status is S.PENDING_CANCEL:
                await self.move(order, back, f"cancel refused: {report.reason}", "broker")
        elif report.kind is ReportKind.EXPIRED:
            await self.move(order, S.EXPIRED, report.reason or "expired", "broker",
                            release=True)
        elif report.kind is ReportKind.REJECTED:
            await self.move(order, S.REJECTED, report.reason or "rejected", "broker",
                            release=True)
        elif report.kind is ReportKind.ACCEPTED and order.status is S.PENDING_SUBMIT:
            await self.apply_ack(order, report)

    async def apply_fill(self, stored: StoredOrder, report: ExecutionReport) -> None:
        order = stored.order
        req = order.request
        costs = trade_costs(req.side, report.quantity, report.price, self._risk.fees)
        fill = Fill(report.fill_id or f"{order.id}-{report.at.isoformat()}", order.id,
                    report.quantity, report.price, report.at, costs.fee, costs.tax)
        seen = await self._repo.fill_ids(order.id)
        try:
            after = apply_fill(order, fill, seen)
        except (FillRejected, IllegalTransition) as exc:
            log.error("fill %s refused: %s", fill.fill_id, exc)
            return
        if after is order:
            return  # a replayed fill
        trade_day = self._risk.trade_date(report.at)
        reserve = self.reservation(replace(after, request=replace(
            req, quantity=after.remaining_qty)), None) if after.is_open else 0
        book = fill_booking(fill, order, mode=stored.mode, costs=costs, trade_day=trade_day,
                            settle=settlement_date(trade_day, self._risk.calendar),
                            cash_advance=self._risk.cash_advance)
        after = replace(after, reason=report.reason or after.reason,
                        broker_order_id=order.broker_order_id or report.broker_order_id)
        await self._repo.save_transition(order, after, source="broker", reserved_cash=reserve,
                                         extra=book)
        self._risk.account_changed()
        self._bus.publish(FillReceived(after, fill))
        self._bus.publish(OrderUpdated(after))
