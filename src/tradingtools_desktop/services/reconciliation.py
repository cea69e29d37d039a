"""Reconciliation: the broker's account against our live books; a mismatch blocks live
trading until the user accepts the broker's side or resolves it.

Wiring (composition root, e.g. ``services/runtime.py`` in live mode)::

    recon = ReconciliationService(
        db, bus, clock,
        fetch_broker=lambda: broker_snapshot(client, clock.now(), calendar),
        local=None,                      # None: our LIVE books (see below)
        cash_tolerance=1_000,            # VND; absorbs the broker's fee rounding
        confirm_runs=2,                  # a difference must persist over 2 runs
        sync_books=orders.poll)          # bring our books up to date before each read
    await recon.load()                   # the probe reads what was stored
    guardrails.reconciliation_probe = recon.probe
    await recon.run()                    # then periodically, e.g. after each portfolio sync

``fetch_broker``: an async callable returning a :class:`BrokerSnapshot` (for SSI:
:func:`brokers.ssi.account.broker_snapshot`). ``local``: an async callable returning a
:class:`LocalSnapshot`, or None for the LIVE books: the baseline (the last broker snapshot
the user accepted, or the first run's) advanced by our LIVE fills since it (table
``fills``) and our open, broker-acknowledged LIVE orders (``orders.request_id``), see
:func:`domain.reconciliation.advance_baseline`.

``run()`` first awaits ``sync_books`` (if given: the OMS poll, so fills the broker
already has are booked), then reads the broker. With no baseline yet, the broker snapshot
becomes the baseline (the run says so) and nothing is compared. Otherwise
:func:`domain.reconciliation.reconcile` compares both. A difference becomes a mismatch once
``confirm_runs`` consecutive runs saw it (a fill between our order poll and the broker read
shows for one run only; the run's note lists differences still waiting). The run, both
snapshots and the mismatches are stored (``reconciliation_runs`` /
``reconciliation_mismatches``). New mismatches publish one ``Alert`` (critical; the
notifier sends it to Telegram as type "reconciliation") and one ``ReconciliationMismatch``.
A failed broker read is recorded too, and the probe turns unhealthy until a read succeeds.

``accept(id, note)``: the broker is right: its latest snapshot becomes the baseline, and
since a baseline is the whole account, every open mismatch is accepted with it (open-order
ids at the broker become acknowledged and are not compared again).
``resolve(id, note)``: the user fixed the cause; if it is still there, the next run raises
it again. ``probe()`` is the guardrail: healthy only after a successful read with nothing
open.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.market.calendar import to_vn_time
from ..domain.orders import Side
from ..domain.reconciliation import (
    BrokerSnapshot,
    LocalSnapshot,
    Mismatch,
    MismatchKind,
    advance_baseline,
    reconcile,
)
from ..domain.trading_state import TradingMode
from ..store.db import Database
from ..store.reconciliation_repo import MismatchRow, ReconciliationRepository, RunRow
from .bus import EventBus
from .clock import Clock
from .events import Alert, ReconciliationMismatch
from .guardrails import GuardrailStatus

__all__ = ["DEFAULT_CASH_TOLERANCE", "ReconciliationResult", "ReconciliationService",
           "live_local_snapshot"]

log = logging.getLogger(__name__)
DEFAULT_CASH_TOLERANCE = 1_000  # VND
FIRST_RUN_NOTE = "first reconciliation: the broker's account became the baseline"

FetchBroker = Callable[[], Awaitable[BrokerSnapshot]]
FetchLocal = Callable[[], Awaitable[LocalSnapshot]]


@dataclass(frozen=True, slots=True)
class ReconciliationResult:
    run_id: int
    at: datetime
    ok: bool
    mismatches: list[Mismatch] = field(default_factory=list)
    new: list[MismatchRow] = field(default_factory=list)
    error: str | None = None
    note: str = ""
    unconfirmed: list[Mismatch] = field(default_factory=list)


async def live_local_snapshot(repo: ReconciliationRepository,
                              now: datetime) -> LocalSnapshot | None:
    """Our LIVE books at ``now`` (None before the first baseline)."""
    baseline = await repo.baseline()
    if baseline is None:
        return None
    records, orders = await repo.live_books(baseline.snapshot.at)
    open_sells: dict[str, int] = {}
    for o in orders:
        if o.side == Side.SELL.value:
            open_sells[o.symbol] = open_sells.get(o.symbol, 0) + o.remaining
    return advance_baseline(baseline.snapshot, records, open_sells,
                            [o.request_id for o in orders], baseline.acknowledged_request_ids,
                            to_vn_time(now).date(), now)


class ReconciliationService:
    def __init__(self, db: Database, bus: EventBus, clock: Clock, fetch_broker: FetchBroker,
                 local: FetchLocal | None = None, *,
                 cash_tolerance: int = DEFAULT_CASH_TOLERANCE,
                 mode: TradingMode = TradingMode.LIVE,
                 confirm_runs: int = 2,
                 sync_books: Callable[[], Awaitable[object]] | None = None) -> None:
        if cash_tolerance < 0 or confirm_runs < 1:
            raise ValueError("cash_tolerance must be >= 0 and confirm_runs >= 1")
        self.confirm_runs = confirm_runs
        self._sync_books = sync_books
        self._seen: dict[tuple[MismatchKind, str], int] = {}
        self.repo = ReconciliationRepository(db)
        self._bus = bus
        self._clock = clock
        self._fetch_broker = fetch_broker
        self._local = local
        self.cash_tolerance = cash_tolerance
        self.mode = mode
        self._loaded = False
        self._open = 0
        self._last: RunRow | None = None

    async def load(self) -> None:
        """Read the stored state the probe reports (call once after construction)."""
        self._open = await self.repo.open_count()
        self._last = await self.repo.last_run()
        self._loaded = True

    async def _local_snapshot(self, now: datetime) -> LocalSnapshot | None:
        if self._local is not None:
            return await self._local()
        return await live_local_snapshot(self.repo, now)

    async def run(self) -> ReconciliationResult:
        """One reconciliation (see the module doc). Never raises for a broker failure."""
        now = self._clock.now()
        was_failing = self._last is not None and self._last.error is not None
        try:
            if self._sync_books is not None:
                await self._sync_books()
            broker = await self._fetch_broker()
        except Exception as exc:
            error = f"broker read failed: {type(exc).__name__}: {str(exc)[:200]}"
            run_id, _ = await self.repo.record_run(at=now, mode=self.mode, broker=None,
                                                   local=None, mismatches=[], error=error)
            await self.load()
            if not was_failing:
                self._bus.publish(Alert("warning", "Reconciliation paused",
                                        f"The broker account could not be read ({error}); "
                                        f"live orders are blocked until it can.", now))
            log.warning("reconciliation: %s", error)
            return ReconciliationResult(run_id, now, False, error=error)
        baseline = await self.repo.baseline()
        if baseline is None:
            run_id, _ = await self.repo.record_run(
                at=now, mode=self.mode, broker=broker, local=None, mismatches=[],
                note=FIRST_RUN_NOTE, new_baseline="first reconciliation")
            await self.load()
            return ReconciliationResult(run_id, now, True, note=FIRST_RUN_NOTE)
        local = await self._local_snapshot(now)
        found = reconcile(local, broker, self.cash_tolerance) if local else []
        mismatches, waiting = await self._confirmed(found)
        note = (f"{len(waiting)} difference(s) seen once, waiting for the next run to confirm: "
                + "; ".join(f"{m.kind.value} {m.key}" for m in waiting)) if waiting else ""
        run_id, new = await self.repo.record_run(at=now, mode=self.mode, broker=broker,
                                                 local=local, mismatches=mismatches, note=note)
        await self.load()
        if new:
            self._bus.publish(ReconciliationMismatch(run_id, tuple(new), self._open, now))
            self._bus.publish(Alert("critical", "Reconciliation mismatch", _alert_text(new),
                                    now))
        return ReconciliationResult(run_id, now, not mismatches, mismatches, new, note=note,
                                    unconfirmed=waiting)

    async def _confirmed(self, found: list[Mismatch]) -> tuple[list[Mismatch], list[Mismatch]]:
        """Split into confirmed differences (already open, or seen by ``confirm_runs``
        consecutive runs) and those still waiting. A fill the broker shows before our order
        poll books it is a difference for one run only: confirmation keeps it from blocking
        live trading."""
        open_keys = {(m.kind, m.key) for m in await self.repo.mismatches(state="OPEN")}
        seen = {(m.kind, m.key): self._seen.get((m.kind, m.key), 0) + 1 for m in found}
        self._seen = seen
        confirmed = [m for m in found if (m.kind, m.key) in open_keys
                     or seen[(m.kind, m.key)] >= self.confirm_runs]
        waiting = [m for m in found if m not in confirmed]
        return confirmed, waiting

    async def open_mismatches(self) -> list[MismatchRow]:
        return await self.repo.mismatches(state="OPEN")

    async def mismatch_history(self, limit: int = 200) -> list[MismatchRow]:
        return await self.repo.mismatches(limit=limit)

    async def history(self, limit: int = 50) -> list[RunRow]:
        """Past runs, newest first, with both snapshots."""
        return await self.repo.runs(limit)

    async def accept(self, mismatch_id: int, note: str) -> list[MismatchRow]:
        """Take the broker's side: its latest snapshot becomes the baseline; every open
        mismatch is accepted with it. KeyError when ``mismatch_id`` is not open."""
        latest = await self.repo.last_broker_snapshot()
        if latest is None:
            raise KeyError("no broker snapshot to accept")
        run_id, snap = latest
        open_rows = await self.repo.mismatches(state="OPEN")
        baseline = await self.repo.baseline()
        acknowledged = set(baseline.acknowledged_request_ids if baseline else ())
        acknowledged |= {m.key for m in open_rows if m.kind is MismatchKind.OPEN_ORDER}
        rows = await self.repo.accept(mismatch_id, self._clock.now(), _note(note), snap,
                                      run_id, frozenset(acknowledged))
        await self.load()
        return rows

    async def resolve(self, mismatch_id: int, note: str) -> MismatchRow:
        """The user fixed the cause. KeyError when ``mismatch_id`` is not open."""
        row = await self.repo.close(mismatch_id, "RESOLVED", self._clock.now(), _note(note))
        await self.load()
        return row

    @property
    def open_count(self) -> int:
        return self._open

    @property
    def last_run(self) -> RunRow | None:
        return self._last

    def probe(self) -> GuardrailStatus:
        """The reconciliation guardrail (synchronous: reads what run/load stored)."""
        name = "reconciliation"
        last = self._last
        if not self._loaded or last is None:
            return GuardrailStatus(name, False, "no reconciliation with the broker has run yet")
        when = to_vn_time(last.at).strftime("%d/%m %H:%M")
        if last.error is not None:
            return GuardrailStatus(name, False, f"the last broker read failed ({when}): "
                                                f"{last.error}")
        if self._open:
            return GuardrailStatus(name, False, f"{self._open} open reconciliation mismatch"
                                                f"{'es' if self._open != 1 else ''}: accept or "
                                                f"resolve in the Portfolio tab")
        return GuardrailStatus(name, True, f"reconciled with the broker at {when}")


def _note(note: str) -> str:
    return note.strip()[:500]


def _alert_text(rows: list[MismatchRow]) -> str:
    lines = [f"{m.kind.value} {m.key}: ours {m.local_value} / broker {m.broker_value}"
             for m in rows[:10]]
    more = f" (+{len(rows) - 10} more)" if len(rows) > 10 else ""
    return "; ".join(lines) + more + ". Live orders are blocked until accepted or resolved."
