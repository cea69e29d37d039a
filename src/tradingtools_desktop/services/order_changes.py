"""Every change of an order goes through one path, one change at a time.

The path: the order's lock -> the order as last committed -> the change decided on it by
the domain's state machine -> written compare-and-set on that very state, with its audit
row and what belongs with it (a fill and its ledger rows, a dead-letter record), in one
transaction -> published on the bus. Should the row not be in the state the change was
decided on (:class:`OrderConflict`), it is read again and the change decided again — a
fill report carrying the broker's running totals is then re-based on the new fills, and a
replayed fill is recognised either way — so no update is ever lost.

The OMS decides what happens to an order (and holds its lock across a broker call, so a
report about it waits until the call's answer is written); this module is how a change is
written down. No other code writes an order. The last committed version of every open
order is kept in memory (this process is the only writer: DuckDB admits one process), so a
change costs no read; a conflict drops it and reads the row.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from ..brokers.base import ExecutionReport, ReportKind
from ..domain.market.bands import price_band
from ..domain.market.fees import bps_of, trade_costs
from ..domain.market.settlement import settlement_date
from ..domain.money import round_vnd
from ..domain.order_state import (
    FillRejected,
    IllegalTransition,
    ModifyRefused,
    amend,
    apply_fill,
    modify_refused,
    transition,
)
from ..domain.orders import AWAITING_BROKER, Fill, Order, OrderStatus, Side
from ..domain.trading_state import TradingMode
from ..store.db import Tx
from ..store.orders_repo import FillReplayed, OrderConflict, OrderRepository
from .bus import EventBus
from .clock import Clock
from .events import Alert, FillReceived, OrderUpdated
from .fill_booking import fill_booking
from .risk_service import RiskService

log = logging.getLogger(__name__)
S = OrderStatus
MAX_CONFLICTS = 5
CLOSED_KEPT = 256
Extra = Callable[[Tx], None]


@dataclass(frozen=True, slots=True)
class Change:
    """One decided change of an order: what it becomes and what is written with it."""

    after: Order
    source: str
    extra: Extra | None = None
    fill: Fill | None = None
    # cash or positions moved (a fill): the risk book reloads from the ledger; a change of
    # reservation or of an unfilled sell alone is followed by difference (``order_changed``)
    account_changed: bool = False
    broker_refused: bool = False  # counts towards the reject cooldown
    alert: Alert | None = None


Decide = Callable[[Order], Change | None]


def working(order: Order) -> OrderStatus:
    return S.PARTIALLY_FILLED if order.filled_qty else S.SUBMITTED


class OrderChanges:
    def __init__(self, repo: OrderRepository, risk: RiskService, bus: EventBus,
                 clock: Clock, cash_advance: Callable[[], bool]) -> None:
        self._repo = repo
        self._risk = risk
        self._bus = bus
        self._clock = clock
        self._cash_advance = cash_advance
        self._locks: dict[str, asyncio.Lock] = {}
        self._latest: dict[str, Order] = {}  # open orders as last committed
        self._closed: OrderedDict[str, Order] = OrderedDict()  # the newest closed ones

    # -- the path ----------------------------------------------------------------------
    def lock(self, order_id: str) -> asyncio.Lock:
        return self._locks.setdefault(order_id, asyncio.Lock())

    def remember(self, order: Order) -> None:
        """A new order was just committed (by ``insert_new``)."""
        if order.is_open:
            self._latest[order.id] = order

    async def current(self, order_id: str) -> Order | None:
        """The order as last committed."""
        cached = self._latest.get(order_id) or self._closed.get(order_id)
        if cached is not None:
            return cached
        order = await self._repo.get(order_id)
        if order is not None and order.is_open:
            self._latest[order_id] = order
        return order

    async def apply(self, order_id: str, decide: Decide) -> Order | None:
        """Take the order's lock and :meth:`apply_locked`."""
        async with self.lock(order_id):
            return await self.apply_locked(order_id, decide)

    async def apply_locked(self, order_id: str, decide: Decide) -> Order | None:
        """Decide on the order as committed and write the change compare-and-set; on a
        conflict read the row again and decide again. Returns the order as it now is (None
        for an unknown id). The caller holds the order's lock."""
        for _ in range(MAX_CONFLICTS):
            order = await self.current(order_id)
            if order is None:
                return None
            change = decide(order)
            if change is None:
                return order
            try:
                await self._repo.save_transition(order, change.after, source=change.source,
                                                 extra=change.extra)
            except OrderConflict:
                log.warning("order %s changed since it was read: read again, decided again",
                            order_id)
                self._latest.pop(order_id, None)
                self._closed.pop(order_id, None)
                continue
            except FillReplayed as exc:
                log.info("order %s: fill %s is booked already (a replayed report)",
                         order_id, exc)
                return order
            self._committed(order, change)
            return change.after
        raise OrderConflict(f"order {order_id} kept changing under {MAX_CONFLICTS} attempts")

    def committed(self, before: Order, change: Change) -> None:
        """``change`` of ``before`` was written along with the new order (by
        ``insert_new``): the caches follow and it is published, as after ``apply``."""
        self._committed(before, change)

    def _committed(self, before: Order, change: Change) -> None:
        after = change.after
        if after.is_open:
            self._latest[after.id] = after
        else:  # a closed order changes rarely (a late fill): keep only the newest few
            self._latest.pop(after.id, None)
            self._closed[after.id] = after
            self._closed.move_to_end(after.id)
            while len(self._closed) > CLOSED_KEPT:
                self._closed.popitem(last=False)
        if change.broker_refused:
            self._risk.note_reject(self._clock.now())
        if change.account_changed:
            self._risk.account_changed()
        else:
            self._risk.order_changed(before, after)
        if change.fill is not None:
            self._bus.publish(FillReceived(after, change.fill))
        self._bus.publish(OrderUpdated(after))
        if change.alert is not None:
            self._bus.publish(change.alert)

    # -- decisions ---------------------------------------------------------------------
    def moved(self, status: OrderStatus, reason: str, source: str, *, release: bool = False,
              broker_order_id: str | None = None, extra: Extra | None = None,
              alert_title: str | None = None) -> Decide:
        """To ``status`` through the state machine (refused and logged if illegal);
        ``release`` frees its reserved cash."""

        def decide(order: Order) -> Change | None:
            try:
                after = transition(order, status, at=self._clock.now(), reason=reason)
            except IllegalTransition as exc:
                log.warning("refused: %s (%s)", exc, reason)
                return None
            if broker_order_id and not after.broker_order_id:
                after = replace(after, broker_order_id=broker_order_id)
            if release:
                after = replace(after, reserved_cash=0)
            alert = None
            if alert_title:
                r = order.request
                alert = Alert("critical" if status is S.FAILED else "warning", alert_title,
                              f"Order {order.id[:8]} ({r.side.value} {r.quantity:,} "
                              f"{r.symbol}): {reason}", self._clock.now())
            return Change(after, source, extra, alert=alert)

        return decide

    def noted(self, reason: str, source: str, *, extra: Extra | None = None,
              request_id: str | None = None) -> Decide:
        """The order keeps its status; ``reason`` says what happened (an audit row)."""

        def decide(order: Order) -> Change | None:
            after = replace(order, reason=reason, updated_at=self._clock.now(),
                            request_id=order.request_id or request_id)
            return Change(after, source, extra)

        return decide

    def reservation(self, order: Order, reference: int | None = None) -> int:
        """Cash to hold for a buy's remainder: its value at the limit (a market order at
        the band's ceiling from ``reference``) plus the broker fee."""
        req = order.request
        if req.side is not Side.BUY or not order.is_open:
            return 0
        price = req.price
        if price is None and reference:
            price = price_band(req.exchange, reference).ceiling
        if price is None:  # a market order after a fill: what was held, pro rata
            return order.reserved_cash
        value = order.remaining_qty * price
        return value + bps_of(value, self._risk.fees.broker_fee_bps)

    def report_change(self, report: ExecutionReport) -> Decide:
        """A broker's report as a decision on the order as it is when the report lands."""
        kind = report.kind
        if kind is ReportKind.FILL:
            return self._fill(report)
        if kind in (ReportKind.MODIFIED, ReportKind.MODIFY_REJECTED):
            return self._modify_answer(report)
        if kind is ReportKind.ACCEPTED:
            return self._accepted(report)
        if kind is ReportKind.CANCELLED:
            return self.moved(S.CANCELLED, report.reason or "cancelled", "broker", release=True)
        if kind is ReportKind.EXPIRED:
            return self.moved(S.EXPIRED, report.reason or "expired", "broker", release=True)
        if kind is ReportKind.REJECTED:
            return self._rejected(report)

        def cancel_refused(order: Order) -> Change | None:
            if order.status is not S.PENDING_CANCEL:
                return None
            return self.moved(working(order), f"cancel refused: {report.reason}",
                              "broker")(order)

        return cancel_refused

    def _accepted(self, report: ExecutionReport) -> Decide:
        def decide(order: Order) -> Change | None:
            if order.status in AWAITING_BROKER:
                return self.moved(S.SUBMITTED, report.reason or _accepted_by(order),
                                  "broker", broker_order_id=report.broker_order_id)(order)
            if report.broker_order_id and not order.broker_order_id and order.is_open:
                return Change(replace(order, broker_order_id=report.broker_order_id),
                              "broker")
            return None

        return decide

    def _rejected(self, report: ExecutionReport) -> Decide:
        def decide(order: Order) -> Change | None:
            change = self.moved(S.REJECTED, report.reason or "rejected by the broker",
                                "broker", release=True)(order)
            if change is None:
                return None
            return replace(change, broker_refused=order.status in AWAITING_BROKER)

        return decide

    def _modify_answer(self, report: ExecutionReport) -> Decide:
        def decide(order: Order) -> Change | None:
            now = self._clock.now()
            try:
                if report.kind is ReportKind.MODIFIED:
                    if (report.price, report.quantity) == (order.request.price,
                                                           order.request.quantity) \
                            and order.status is not S.PENDING_MODIFY:
                        return None  # nothing new
                    after = amend(order, price=report.price, quantity=report.quantity, at=now,
                                  reason=report.reason or "modified at the broker")
                else:
                    after = modify_refused(order, at=now,
                                           reason=f"modify refused: {report.reason}")
            except (ModifyRefused, IllegalTransition) as exc:
                log.warning("order %s: %s ignored: %s", order.id, report.kind.value, exc)
                return None
            after = replace(after, reserved_cash=self.reservation(after))
            return Change(after, "broker")

        return decide

    def _fill(self, report: ExecutionReport) -> Decide:
        def decide(order: Order) -> Change | None:
            qty, price = report.quantity, report.price
            if report.cum_qty is not None:  # running totals: what they add to this order
                qty = report.cum_qty - order.filled_qty
                if qty <= 0:
                    return None  # counted already (a replay, or an older view of the order)
                price = round_vnd(Decimal((report.cum_value or 0) - order.filled_value) / qty)
            req = order.request
            try:
                costs = trade_costs(req.side, qty, price, self._risk.fees)
                fill = Fill(report.fill_id or f"{order.id}-{report.at.isoformat()}", order.id,
                            qty, price, report.at, costs.fee, costs.tax)
                after = apply_fill(order, fill, frozenset())
            except (FillRejected, IllegalTransition, ValueError) as exc:
                log.error("fill %s on order %s refused: %s", report.fill_id, order.id, exc)
                return None
            after = replace(after, reason=report.reason or after.reason,
                            broker_order_id=order.broker_order_id or report.broker_order_id,
                            fees=order.fees + costs.fee, taxes=order.taxes + costs.tax)
            after = replace(after, reserved_cash=self._held_after_fill(order, after))
            trade_day = self._risk.trade_date(report.at)
            book = fill_booking(fill, order, costs=costs, trade_day=trade_day,
                                settle=settlement_date(trade_day, self._risk.calendar),
                                cash_advance=self._cash_advance())
            return Change(after, "broker", book, fill=fill, account_changed=True)

        return decide

    def _held_after_fill(self, before: Order, after: Order) -> int:
        if not after.is_open:
            return 0
        if after.request.price is None and before.remaining_qty:
            return before.reserved_cash * after.remaining_qty // before.remaining_qty
        return self.reservation(after)


def _accepted_by(order: Order) -> str:
    """Who took the order: a dry-run order never reached a broker, and says so."""
    if order.mode is TradingMode.DRY_RUN:
        return "accepted by the dry-run broker (simulated; nothing was sent)"
    return "accepted by the broker"
