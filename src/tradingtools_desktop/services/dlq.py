"""The dead-letter queue service and its retry worker (Fix-01).

Every placement that failed at the broker, or whose outcome is unknown, has an entry (the
OMS opens it in the transaction that records the failure). ``run_due()`` — called by the
background poller — takes each RETRYING entry whose time has come and settles it with the
broker, the only one who knows:

- the order is looked up by its request id (:meth:`OrderManager.lookup`); if the broker has
  it, it is adopted in the state the broker has (fills included) and the entry RESOLVED;
- the broker cannot be asked (down, timing out): the order stays as it is — UNKNOWN, its
  cash reserved — and is looked up again with exponential backoff and jitter up to once a
  minute, without end while the app runs, and again at every start;
- the broker answers it has no such order: it is sent again with the same request id while
  that may be done (trading not HALTED, the app still in the order's mode, within the
  policy's re-send window of placement); otherwise it FAILS — with the broker's answer as
  evidence in the audit and the entry — only once nothing can still be on its way: it
  never left (PENDING_SUBMIT), or the broker's acceptance window since its last send has
  passed. Until then it is looked up again.

A FAILED order's entry is PERMANENT_FAILURE and the user is alerted (window, tray,
Telegram). A user cancel while the outcome is unknown is PENDING_CANCEL: cancelled at the
broker if it shows up there, closed as CANCELLED once the broker's window says it never
will. After a crash, :meth:`adopt_orphans` makes the orders left PENDING_SUBMIT without an
entry UNKNOWN, with one, so nothing placed before the crash is left unaccounted for.
"""

from __future__ import annotations

import logging
from datetime import datetime

from ..brokers.base import BrokerError
from ..domain.dlq import DlqEntry, DlqError, DlqState, RetryPolicy
from ..domain.market.calendar import to_vn_time
from ..domain.orders import AWAITING_BROKER, Order, OrderStatus
from ..domain.trading_state import TradingState
from ..domain.worded import worded
from ..store.db import Database, Tx
from ..store.dlq_repo import DlqRepository
from .bus import EventBus
from .clock import Clock
from .oms import OrderManager, OrderNotFound
from .trading_state import TradingStateService

log = logging.getLogger(__name__)
GIVE_UP_TITLE = "Dead-letter queue: order not delivered"


class DlqNotFound(LookupError):
    pass


class DlqStateError(ValueError):
    pass


class DeadLetterQueue:
    def __init__(self, db: Database, orders: OrderManager, trading: TradingStateService,
                 bus: EventBus, clock: Clock, policy: RetryPolicy | None = None) -> None:
        self.repo = DlqRepository(db)
        self._db = db
        self._orders = orders
        self._trading = trading
        self._bus = bus
        self._clock = clock
        self.policy = policy or RetryPolicy()

    # -- queries -----------------------------------------------------------------------
    async def entries(self, states: list[DlqState] | None = None,
                      limit: int = 200) -> list[DlqEntry]:
        return await self.repo.entries(states, limit)

    async def get(self, entry_id: int) -> DlqEntry:
        entry = await self.repo.get(entry_id)
        if entry is None:
            raise worded(DlqNotFound, "No dead-letter entry {id}.", id=entry_id)
        return entry

    async def count_open(self) -> int:
        return await self.repo.count_open()

    # -- the worker --------------------------------------------------------------------
    async def run_due(self) -> int:
        """One pass over the entries due now; returns how many were attempted."""
        due = await self.repo.due(self._clock.now())
        for entry in due:
            try:
                await self._attempt(entry)
            except Exception:  # one bad entry never stops the others
                log.exception("dead-letter entry %s: attempt crashed", entry.id)
        return len(due)

    def _may_resend(self, entry: DlqEntry, order: Order, now: datetime) -> str | None:
        """Why a re-send is not allowed now, or None."""
        if self._trading.state is TradingState.HALTED:
            return "trading is halted (kill switch)"
        if self._trading.mode is not entry.mode:
            return f"the app is no longer in {entry.mode.value} mode"
        return self.policy.too_old_to_send(order.created_at, now)

    async def _later(self, entry: DlqEntry, now: datetime, error: DlqError | None,
                     note: str) -> DlqEntry:
        """Look again after the backoff of one more attempt."""
        attempts = entry.attempts + 1
        next_at = now + self.policy.delay(attempts)
        if error is not None:
            await self.repo.record_attempt(entry.id, error, DlqState.RETRYING, next_at)
        else:
            await self.repo.set_state(entry.id, DlqState.RETRYING, now, note, next_at)
        return await self.get(entry.id)

    async def _attempt(self, entry: DlqEntry) -> DlqEntry:
        now = self._clock.now()
        try:
            order = await self._orders.status(entry.order_id)
        except OrderNotFound:
            await self.repo.set_state(entry.id, DlqState.MANUALLY_RESOLVED, now,
                                      "the order no longer exists")
            return await self.get(entry.id)
        if not _undecided(order):
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"order is {order.status.value}")
            return await self.get(entry.id)
        try:
            found = await self._orders.lookup(order.id)
        except BrokerError as exc:  # the broker cannot be asked: never a guess, look again
            error = DlqError(now, entry.attempts + 1, type(exc).__name__, str(exc)[:500])
            if order.status is OrderStatus.PENDING_SUBMIT and self._may_resend(
                    entry, order, now) is not None:
                # nothing of it ever left: it cannot be working at the broker
                await self.repo.record_attempt(entry.id, error, DlqState.RETRYING, None)
                return await self._give_up(entry, order, "it never reached the broker (every "
                                           f"attempt failed before sending; last: "
                                           f"{type(exc).__name__}) and is not sent now: "
                                           f"{self._may_resend(entry, order, now)}")
            return await self._later(entry, now, error, "")
        if found is not None:
            if found.status is OrderStatus.PENDING_CANCEL:  # cancelled while unknown
                found = await self._orders.cancel(found.id, source="dlq: cancel as asked")
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"the broker has it: order {found.status.value}")
            return await self.get(entry.id)
        return await self._not_at_broker(entry, order, now)

    async def _not_at_broker(self, entry: DlqEntry, order: Order, now: datetime) -> DlqEntry:
        """The broker answered: it has no order with this request id."""
        broker = self._orders.broker_for(order.mode)
        waited = now - order.updated_at
        settled = waited >= broker.acceptance_window
        asked = f"{to_vn_time(now):%H:%M:%S}"
        evidence = (f"the broker answered at {asked} that it has no order with request id "
                    f"{order.request_id or '(none)'}, {waited.total_seconds():.0f} s after "
                    f"the last send (its acceptance window: "
                    f"{broker.acceptance_window.total_seconds():.0f} s)")
        if order.status is OrderStatus.PENDING_CANCEL:
            if not settled:
                return await self._later(entry, now, None, "cancel asked; not at the broker "
                                         "yet: looking again")
            await self._orders.close(order.id, OrderStatus.CANCELLED,
                                     f"cancelled before it reached the broker: {evidence}",
                                     extra=lambda tx: DlqRepository.set_state_tx(
                                         tx, entry.id, DlqState.RESOLVED, now, evidence))
            return await self.get(entry.id)
        blocked = self._may_resend(entry, order, now)
        if blocked is None:
            after = await self._orders.resend(order.id)
            if _undecided(after):
                return await self._later(entry, now, None, f"re-sent: {after.reason}")
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"re-sent; the broker answered: order "
                                      f"{after.status.value}")
            return await self.get(entry.id)
        if order.status is OrderStatus.PENDING_SUBMIT:
            return await self._give_up(entry, order, f"it never reached the broker, and is "
                                       f"not sent now: {blocked}")
        if not settled:
            return await self._later(entry, now, None, f"{evidence}; not re-sent ({blocked}); "
                                     "looking again until that window has passed")
        return await self._give_up(entry, order, f"{evidence}; not re-sent: {blocked}")

    async def _give_up(self, entry: DlqEntry, order: Order, reason: str) -> DlqEntry:
        now = self._clock.now()

        def mark(tx: Tx) -> None:
            DlqRepository.set_state_tx(tx, entry.id, DlqState.PERMANENT_FAILURE, now, reason)

        after = await self._orders.close(order.id, OrderStatus.FAILED,
                                         f"permanent failure: {reason}", extra=mark,
                                         title=GIVE_UP_TITLE)
        if after.status is not OrderStatus.FAILED:  # it moved meanwhile: not ours to fail
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"order is {after.status.value}")
        return await self.get(entry.id)

    # -- the user's side ---------------------------------------------------------------
    async def replay(self, entry_id: int) -> DlqEntry:
        """Try now: ask the broker, re-send only if it has no such order. A PERMANENT_FAILURE
        entry's order is FAILED already: replay then only looks the order up again and
        reports what the broker says (a FAILED order is never re-sent)."""
        entry = await self.get(entry_id)
        if not entry.is_open:
            raise worded(DlqStateError, "Entry {id} is {state}: nothing to replay.",
                         id=entry_id, state=entry.state.value)
        if entry.state is DlqState.PERMANENT_FAILURE:
            return await self._recheck_failed(entry)
        return await self._attempt(entry)

    async def _recheck_failed(self, entry: DlqEntry) -> DlqEntry:
        order = await self._orders.status(entry.order_id)
        now = self._clock.now()
        try:
            found = await self._orders.broker_for(entry.mode).find_order(order)
        except BrokerError as exc:
            await self.repo.record_attempt(entry.id, DlqError(now, entry.attempts + 1,
                                                              type(exc).__name__,
                                                              str(exc)[:500]),
                                           DlqState.PERMANENT_FAILURE, None)
            return await self.get(entry.id)
        broker_id = found[0].broker_order_id if found else None
        note = ("the broker has no such order: nothing was executed" if found is None else
                f"the broker HAS this order ({broker_id}): check it in your "
                "SSI order book and resolve this entry")
        await self.repo.set_state(entry.id, DlqState.PERMANENT_FAILURE, now, note)
        return await self.get(entry.id)

    async def resolve(self, entry_id: int, note: str) -> DlqEntry:
        """The user settled it (checked the broker's order book): MANUALLY_RESOLVED with
        their note; a still-pending order is closed as FAILED with that note."""
        note = note.strip()
        if not note:
            raise DlqStateError("A note is required to resolve a dead-letter entry.")
        entry = await self.get(entry_id)
        if not entry.is_open:
            raise worded(DlqStateError, "Entry {id} is already {state}.", id=entry_id,
                         state=entry.state.value)
        now = self._clock.now()

        def mark(tx: Tx) -> None:
            DlqRepository.set_state_tx(tx, entry.id, DlqState.MANUALLY_RESOLVED, now, note)

        order = await self._orders.status(entry.order_id)
        if order.is_open:  # the user's own decision: no alert, the order update is enough
            await self._orders.close(order.id, OrderStatus.FAILED,
                                     f"resolved by the user: {note}", extra=mark)
        else:
            await self.repo.set_state(entry.id, DlqState.MANUALLY_RESOLVED, now, note)
        return await self.get(entry.id)

    async def adopt_orphans(self) -> int:
        """Every PENDING_SUBMIT order without an entry (left by a crash mid-placement)
        becomes UNKNOWN — it may have reached the broker — with an entry, looked up now."""
        orphans = await self._orders.repo.pending_without_dlq()
        now = self._clock.now()
        for order in orphans:
            error = DlqError(now, 0, "Interrupted", "the app stopped before the broker "
                             "answered this order")

            def open_(tx: Tx, o: Order = order, e: DlqError = error) -> None:
                DlqRepository.open_tx(tx, o, error=e, next_attempt_at=now)

            await self._orders.changes.apply(order.id, self._orders.changes.moved(
                OrderStatus.UNKNOWN, "interrupted by a restart before the broker answered: "
                "being checked at the broker", "dlq", extra=open_))
        if orphans:
            log.warning("%d order(s) interrupted by a restart moved to the dead-letter queue",
                        len(orphans))
        return len(orphans)


def _undecided(order: Order) -> bool:
    """Not yet shown to be at the broker or never to be there."""
    return order.status in AWAITING_BROKER or (
        order.status is OrderStatus.PENDING_CANCEL and not order.broker_order_id)


__all__ = ["DeadLetterQueue", "DlqNotFound", "DlqStateError", "RetryPolicy"]
