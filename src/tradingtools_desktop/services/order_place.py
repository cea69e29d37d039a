"""Placing an order: pre-check, write first, then act.

Two paths, one outcome (an order written with its key, audit rows and reservation; the
broker's ack through the state machine; every later change through
:mod:`.order_changes`):

- **Two phases** (any broker that talks to something, SSI): under the OMS's lock, the risk
  check -> the broker's ``prepare`` (SSI: the requestID, on the order) -> ONE durable record
  (order PENDING_SUBMIT + idempotency key + audit) -> the order's lock taken before the
  OMS's lock goes -> ``place`` once -> the ack written compare-and-set. A report that lands
  during the broker call waits on the order's lock and is applied to the order as acked.
- **One transaction** (a broker that declares ``acknowledges_synchronously``: the dry-run
  broker answers in memory, without I/O): under the OMS's lock, the risk check -> ``place``
  -> the ack decided by the state machine on the PENDING_SUBMIT order -> what the broker
  does to it at once (``at_once``: a marketable dry-run order's fill, decided by the state
  machine on the acked order) -> ONE durable record (``insert_new``) of the final order,
  its key, the whole audit trail (received, checks passed, acked, filled) and the fill's
  rows. Nothing outside this process has seen the order, so nothing can come between;
  should the write fail or the key be taken, the broker forgets the order again (``cancel``,
  in memory), so the broker never holds an order the store does not.

A key seen before returns the stored order (DUPLICATE_KEY), never a second placement.
Looking at the order right after a successful placement (``after_ack``: a marketable
dry-run order fills, a live one may show its first fill) is best effort: a failure is a
note on the working order, never an error to the caller.

Doubt: an outcome unknown becomes UNKNOWN and a broker not reached stays PENDING_SUBMIT,
each with its dead-letter entry in the same transaction (the DLQ worker settles it through
:mod:`.order_doubt`); any other broker failure is FAILED with a DLQ record of it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from ..brokers.base import Broker, BrokerError, BrokerUnavailable, OutcomeUnknown
from ..domain.dlq import DlqError, DlqState
from ..domain.orders import Order, OrderRequest, OrderStatus
from ..domain.risk import RiskDecision
from ..domain.trading_state import TradingMode
from ..i18n.risk_text import decision_dict, decision_summary
from ..store.db import Tx
from ..store.dlq_repo import DlqRepository
from ..store.orders_repo import AuditRow
from .events import OrderUpdated
from .order_changes import Change, Decide

if TYPE_CHECKING:
    from .oms import OrderManager

log = logging.getLogger(__name__)
S = OrderStatus
UNKNOWN_TITLE = "Order outcome unknown"


@dataclass(frozen=True, slots=True)
class PlaceResult:
    order: Order
    decision: RiskDecision
    duplicate: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"order": self.order.to_dict(), "decision": decision_dict(self.decision),
                "duplicate": self.duplicate}


def _audit(order: Order, decision: RiskDecision) -> list[AuditRow]:
    allowed = decision.allowed
    return [(None, S.NEW.value, "order received"),
            (S.NEW.value, S.PENDING_SUBMIT.value if allowed else S.DENIED.value,
             "pre-trade checks passed" if allowed else decision_summary(decision.checks))]


class OrderPlacement:
    def __init__(self, om: OrderManager) -> None:
        self._om = om

    async def place(self, request: OrderRequest, *, source: str) -> PlaceResult:
        om = self._om
        request = replace(request, symbol=request.symbol.strip().upper())
        async with om.lock:
            placed = await self._check_and_write(request, source)
            if isinstance(placed, PlaceResult):
                done = placed
            else:
                order, decision, unreachable = placed
                lock = om.changes.lock(order.id)
                await lock.acquire()  # before the global lock goes: nothing can come between
        if not isinstance(placed, PlaceResult):
            try:
                order = await self.send(order, unreachable)
            finally:
                lock.release()
            done = PlaceResult(order, decision)
        if done.duplicate or done.order.status is not S.SUBMITTED:
            return done
        return replace(done, order=await self.after_ack(done.order))

    async def _check_and_write(self, request: OrderRequest, source: str,
                               ) -> PlaceResult | tuple[Order, RiskDecision, BrokerError | None]:
        """Under the OMS's lock: the check and the write. A PlaceResult when the placement
        is settled here (denied, a duplicate, or acked in one record); else the
        written PENDING_SUBMIT order to send (with why it cannot be, if so)."""
        om = self._om
        unreachable: BrokerError | None = None
        now = om.clock.now()
        decision, market = await om.risk.check(request, when=now)
        allowed = decision.allowed
        order = Order(id=uuid.uuid4().hex, request=request,
                      status=S.PENDING_SUBMIT if allowed else S.DENIED,
                      created_at=now, updated_at=now,
                      reason="" if allowed else decision_summary(decision.checks), mode=om.mode,
                      trade_date=om.risk.trade_date(now))
        broker: Broker | None = None
        if allowed:
            order = replace(order, reserved_cash=om.changes.reservation(
                order, market.reference_price))
            try:  # e.g. SSI: the requestID travels on the order, written before sending
                broker = om.broker_for(order.mode)
                order = await broker.prepare(order)
            except BrokerError as exc:
                unreachable = exc
        if broker is not None and unreachable is None and broker.acknowledges_synchronously:
            done = await self._place_in_one(order, decision, broker, source)
            if isinstance(done, PlaceResult):
                return done
            unreachable = done  # it failed after all: written first, settled as any broker's
        stored, created = await om.repo.insert_new(
            order, decision=decision.to_dict(), audit=_audit(order, decision), source=source)
        if not created:  # the key was used before: never a second order
            decision, _ = await om.risk.check(request, duplicate=True, when=now)
            return PlaceResult(stored, decision, duplicate=True)
        om.risk.note_order(now)
        if not allowed:
            om.risk.note_reject(now)
            om.bus.publish(OrderUpdated(order))
            return PlaceResult(order, decision)
        om.risk.note_placed(order.mode, request, order.reserved_cash)
        om.changes.remember(order)
        om.bus.publish(OrderUpdated(order))
        return order, decision, unreachable

    async def _place_in_one(self, order: Order, decision: RiskDecision, broker: Broker,
                            source: str) -> PlaceResult | BrokerError:
        """The one-transaction path (the caller holds the OMS's lock; see the module doc).
        A broker error from ``place`` is returned, nothing written: the caller then takes
        the two-phase path with it (written first, the error settled as for any broker)."""
        om = self._om
        try:
            report = await broker.place(order)  # in memory: no I/O, answered at once
        except BrokerError as exc:
            return exc
        change = om.changes.report_change(report)(order)
        acked = change.after if change is not None else order
        audit = _audit(order, decision)
        if acked.status is not order.status:
            audit.append((order.status.value, acked.status.value, acked.reason))
        # what the broker does to it at once (a marketable dry-run order fills): decided
        # by the state machine on the acked order and written with it, one record
        later: list[tuple[Order, Change]] = []
        final = acked
        try:
            if acked.status is S.SUBMITTED:
                for at_once in await broker.at_once(acked, order.created_at):
                    step = om.changes.report_change(at_once)(final)
                    if step is not None:
                        audit.append((final.status.value, step.after.status.value,
                                      step.after.reason, step.source))
                        later.append((final, step))
                        final = step.after
        except BaseException:
            await broker.cancel(acked)
            raise

        writers = [step.extra for _before, step in later if step.extra is not None]

        def with_fills(tx: Tx) -> None:
            for write in writers:
                write(tx)

        try:
            async with om.changes.lock(order.id):
                stored, created = await om.repo.insert_new(
                    final, decision=decision.to_dict(), audit=audit, source=source,
                    extra=with_fills if writers else None)
                if created:
                    om.changes.remember(acked)
                    for before, step in later:
                        om.changes.committed(before, step)
        except BaseException:
            await broker.cancel(acked)  # the broker forgets what the store does not hold
            raise
        now = order.created_at
        if not created:
            await broker.cancel(acked)
            decision, _ = await om.risk.check(order.request, duplicate=True, when=now)
            return PlaceResult(stored, decision, duplicate=True)
        om.risk.note_order(now)
        if change is not None and change.broker_refused:
            om.risk.note_reject(now)
        om.risk.note_placed(acked.mode, acked.request, acked.reserved_cash)
        if later:
            om.risk.account_changed()  # it filled: cash and positions moved
        else:
            om.bus.publish(OrderUpdated(acked))
        return PlaceResult(final, decision)

    async def send(self, order: Order, unreachable: BrokerError | None = None) -> Order:
        """Send once (the caller holds the order's lock). Doubt -> UNKNOWN, an unreachable
        broker -> stays PENDING_SUBMIT, each with its dead-letter entry (same transaction);
        any other broker failure -> FAILED with the reason and a DLQ record of it."""
        om = self._om
        try:
            if unreachable is not None:
                raise unreachable
            report = await om.broker_for(order.mode).place(order)
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
            error = DlqError(om.clock.now(), 1, type(exc).__name__, str(exc)[:500])
            return await om.close(order.id, S.FAILED, f"broker error: {exc}", locked=True,
                                  extra=lambda tx: DlqRepository.open_tx(
                                      tx, order, error=error, next_attempt_at=None,
                                      state=DlqState.PERMANENT_FAILURE))
        return await om.changes.apply_locked(order.id, om.changes.report_change(report)) \
            or order

    async def _to_dlq(self, order: Order, exc: BaseException, status: OrderStatus | None,
                      reason: str) -> Order:
        om = self._om
        now = om.clock.now()
        error = DlqError(now, 1, type(exc).__name__, str(exc)[:500])
        next_at = now + timedelta(seconds=om.retry_delay)

        def extra(tx: Tx) -> None:
            DlqRepository.open_tx(tx, order, error=error, next_attempt_at=next_at)

        decide: Decide
        if status is None or order.status is status:
            decide = om.changes.noted(reason, "broker", extra=extra)
        else:
            decide = om.changes.moved(status, reason, "broker", extra=extra,
                                      alert_title=UNKNOWN_TITLE)
        return await om.changes.apply_locked(order.id, decide) or order

    async def after_ack(self, order: Order) -> Order:
        """Look at a just-acknowledged order once (a marketable dry-run order fills; a live
        one may show its first fill or the exchange's refusal). Best effort: the order
        works whether or not this read succeeds."""
        om = self._om
        try:
            await om.broker_for(order.mode).poll([order], om.clock.now())
        except Exception as exc:
            log.warning("order %s accepted; reading its state right after failed: %s: %s",
                        order.id, type(exc).__name__, exc)
            who = "the dry-run broker" if order.mode is TradingMode.DRY_RUN else "the broker"
            note = (f"accepted by {who}; its state could not be read right after "
                    f"({type(exc).__name__}): fills show at the next poll")
            await om.changes.apply(order.id, om.changes.noted(note, "broker"))
        return await om.status(order.id)
