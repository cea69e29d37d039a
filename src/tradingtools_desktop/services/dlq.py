"""The dead-letter queue service and its retry worker (Fix-01).

Every placement that failed at the broker, or whose outcome is unknown, has an entry (the
OMS opens it in the transaction that records the failure). ``run_due()`` — called by the
background poller — takes each RETRYING entry whose time has come and asks the OMS to
``recover`` it: the broker is asked whether it has the order (by requestID) and only if it
has none is the order sent again, with the same requestID. Failed attempts back off
exponentially with jitter (:class:`RetryPolicy`); when attempts or the order's age run
out, the order is marked FAILED with its reason, the entry becomes PERMANENT_FAILURE and
the user is alerted (window, tray, Telegram).

A re-send happens only while trading is not HALTED and the app is still in the mode the
order was placed in (a LIVE order is not sent after live trading was switched off); the
lookup still runs, so an order the broker has is still found.

After a crash, :meth:`adopt_orphans` opens entries for orders left PENDING_SUBMIT without
one, so nothing placed before the crash is left unaccounted for.
"""

from __future__ import annotations

import logging

from ..brokers.base import BrokerError
from ..domain.dlq import DlqEntry, DlqError, DlqState, RetryPolicy
from ..domain.orders import OrderStatus
from ..domain.trading_state import TradingState
from ..store.db import Database, Tx
from ..store.dlq_repo import DlqRepository
from ..store.orders_repo import StoredOrder
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
            raise DlqNotFound(f"No dead-letter entry {entry_id}.")
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

    def _may_resend(self, entry: DlqEntry) -> str | None:
        """Why a re-send is not allowed now, or None."""
        if self._trading.state is TradingState.HALTED:
            return "trading is halted (kill switch)"
        if self._trading.mode.value != entry.mode:
            return f"the app is no longer in {entry.mode} mode"
        return None

    async def _attempt(self, entry: DlqEntry, *, by_user: bool = False) -> DlqEntry:
        now = self._clock.now()
        try:
            order = await self._orders.status(entry.order_id)
        except OrderNotFound:
            await self.repo.set_state(entry.id, DlqState.MANUALLY_RESOLVED, now,
                                      "the order no longer exists")
            return await self.get(entry.id)
        if order.status is not OrderStatus.PENDING_SUBMIT:
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"order is {order.status.value}")
            return await self.get(entry.id)
        blocked = self._may_resend(entry)
        try:
            after = await self._orders.recover(order.id, resend=blocked is None)
        except BrokerError as exc:
            attempts = entry.attempts + 1
            error = DlqError(now, attempts, type(exc).__name__, str(exc)[:500])
            why = None if by_user else self.policy.give_up(attempts, order.created_at, now)
            if why is None:
                delay = self.policy.delay(attempts)
                await self.repo.record_attempt(entry.id, error, DlqState.RETRYING, now + delay)
            else:
                await self.repo.record_attempt(entry.id, error, DlqState.RETRYING, None)
                await self._give_up(entry, f"{why}; last error {type(exc).__name__}: {exc}. "
                                           "The broker could not confirm the order: check "
                                           "its order book (reconciliation flags strays).")
            return await self.get(entry.id)
        if after.status is OrderStatus.PENDING_SUBMIT:  # the broker has none; not re-sent
            await self._give_up(entry, f"the broker has no such order and it was not re-sent: "
                                       f"{blocked}")
        else:
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"broker answered: order {after.status.value}")
        return await self.get(entry.id)

    async def _give_up(self, entry: DlqEntry, reason: str) -> None:
        now = self._clock.now()

        def mark(tx: Tx) -> None:
            DlqRepository.set_state_tx(tx, entry.id, DlqState.PERMANENT_FAILURE, now, reason)

        order = await self._orders.fail(entry.order_id, f"permanent failure: {reason}",
                                        extra=mark, title=GIVE_UP_TITLE)
        if order.status is not OrderStatus.FAILED:  # it moved meanwhile: not ours to fail
            await self.repo.set_state(entry.id, DlqState.RESOLVED, now,
                                      f"order is {order.status.value}")

    # -- the user's side ---------------------------------------------------------------
    async def replay(self, entry_id: int) -> DlqEntry:
        """Try now: ask the broker, re-send only if it has no such order. A PERMANENT_FAILURE
        entry's order is FAILED already: replay then only looks the order up again and
        reports what the broker says (a FAILED order is never re-sent)."""
        entry = await self.get(entry_id)
        if not entry.is_open:
            raise DlqStateError(f"Entry {entry_id} is {entry.state.value}: nothing to replay.")
        if entry.state is DlqState.PERMANENT_FAILURE:
            return await self._recheck_failed(entry)
        return await self._attempt(entry, by_user=True)

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
        note = ("the broker has no such order: nothing was executed" if found is None else
                f"the broker HAS this order ({found.broker_order_id}): check it in your "
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
            raise DlqStateError(f"Entry {entry_id} is already {entry.state.value}.")
        now = self._clock.now()

        def mark(tx: Tx) -> None:
            DlqRepository.set_state_tx(tx, entry.id, DlqState.MANUALLY_RESOLVED, now, note)

        order = await self._orders.status(entry.order_id)
        if order.is_open:  # the user's own decision: no alert, the order update is enough
            await self._orders.fail(order.id, f"resolved by the user: {note}", extra=mark,
                                    title=None)
        else:
            await self.repo.set_state(entry.id, DlqState.MANUALLY_RESOLVED, now, note)
        return await self.get(entry.id)

    async def adopt_orphans(self) -> int:
        """Open an entry for every PENDING_SUBMIT order without one (left by a crash)."""
        orphans = await self._orders.repo.pending_without_dlq()
        now = self._clock.now()
        for stored in orphans:
            error = DlqError(now, 0, "Interrupted", "the app stopped before the broker "
                             "answered this order")

            def open_(tx: Tx, s: StoredOrder = stored, e: DlqError = error) -> None:
                DlqRepository.open_tx(tx, s.order, mode=s.mode, request_id=s.request_id,
                                      error=e, next_attempt_at=now)

            await self._db.transaction(open_)
        if orphans:
            log.warning("%d order(s) interrupted by a restart moved to the dead-letter queue",
                        len(orphans))
        return len(orphans)


__all__ = ["DeadLetterQueue", "DlqNotFound", "DlqStateError", "RetryPolicy"]
