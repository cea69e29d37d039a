"""Fundamentals (vnstock ratios) for a list of symbols, into the ``fundamentals`` table.

:meth:`FundamentalsRefresh.update` is what ``data ratios``, the GUI's "Update
fundamentals…" and the schedule after the daily close all run. Per symbol it asks the
sandboxed vnstock worker (market/vnstock_worker.py) for ``ratios``, maps the measures
whose unit is known (market/vnstock_ratios.py) and upserts them with source
``vnstock:KBS`` and no publication day (the screener counts a row from quarter end + 45
days). Calls are paced to vnstock's limit (guest 18 a minute, keyed 55), one update runs
at a time (a second caller gets the running one's result), ``cancel`` stops between two
symbols (what was written stays), and cancelling the task kills the worker.

Offline, refused or rate-limited: the run stops there (the other symbols would fail the
same way) and :meth:`FundamentalsResult.sentence` is the one plain sentence to show; a
failure of one symbol only is kept in ``symbol_errors`` and the run goes on.

The scheduled run passes ``max_age`` (skip symbols fetched more recently: ratios change
once a quarter) and ``limit`` (at most that many symbols: the watchlist and VN30 first,
then the longest-unfetched), so it costs a few minutes of vnstock's quota, not an hour.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..market.vnstock_ratios import (
    RatioRow,
    UnreadableRatios,
    last_fetched,
    newest_period,
    parse,
    store,
)
from ..market.vnstock_worker import ProviderError
from ..store.db import Database, Tx
from ..vault import Vault
from .history_refresh import Pacer, Problem, ProgressFn, RefreshProgress
from .history_sources import default_universe_tx, vnstock_problem, vnstock_worker

__all__ = ["MEASURE_NAMES", "PROBLEM_TEXT", "FundamentalsRefresh", "FundamentalsResult",
           "SymbolOutcome"]

log = logging.getLogger(__name__)
SOURCE = "KBS"  # what vnstock 4's Fundamental API reads
STORED_SOURCE = f"vnstock:{SOURCE}"
SCHEDULED_MAX_AGE = timedelta(days=7)
SCHEDULED_LIMIT = 60  # ~3.5 minutes at the guest pace

# English source text for a whole run; the UI translates it (i18n/vi_ratios.py)
PROBLEM_TEXT: dict[Problem, str] = {
    Problem.OFFLINE: "No internet: the fundamentals are unchanged (newest stored period: "
                     "{as_of}).",
    Problem.REFUSED: "vnstock refused the request: the fundamentals are unchanged (newest "
                     "stored period: {as_of}).",
    Problem.RATE_LIMITED: "vnstock asks us to slow down: the fundamentals are unchanged "
                          "(newest stored period: {as_of}); try again in a minute.",
    Problem.FAILED: "The fundamentals could not be updated (newest stored period: {as_of}).",
}
NONE_STORED = "none stored yet"
# English names of the measures that can be left out (translate with tr())
MEASURE_NAMES = {"roe": "ROE", "roa": "ROA", "gross_margin": "gross margin",
                 "debt_to_equity": "debt/equity"}


@dataclass
class SymbolOutcome:
    symbol: str
    stored: list[RatioRow] = field(default_factory=list)
    duplicate_columns: list[str] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)  # column -> why not stored
    problem: Problem | None = None
    detail: str | None = None  # the technical reason (logs, --json), never shown alone
    as_of: str | None = None  # newest stored period, when it failed


@dataclass
class FundamentalsResult:
    source: str = STORED_SOURCE
    total: int = 0  # symbols to fetch this run
    done: int = 0
    rows_written: int = 0
    skipped_recent: int = 0
    cancelled: bool = False
    problem: Problem | None = None  # the one that stopped the run
    detail: str | None = None
    as_of: str | None = None  # newest period stored (any symbol), for the sentence
    outcomes: list[SymbolOutcome] = field(default_factory=list)

    @property
    def symbol_errors(self) -> dict[str, str]:
        return {o.symbol: o.detail or "" for o in self.outcomes if o.problem is not None}

    @property
    def left_out(self) -> dict[str, str]:
        return {c: why for o in self.outcomes for c, why in o.left_out.items()}

    def sentence(self) -> str | None:
        """The English sentence for the problem that stopped the run (translate with tr();
        ``{as_of}`` is filled with the newest stored period, or NONE_STORED untranslated)."""
        if self.problem is None:
            return None
        return PROBLEM_TEXT[self.problem].format(as_of=self.as_of or NONE_STORED)


def _first_tx(tx: Tx) -> set[str]:
    """The symbols a limited round takes first: the watchlist and the VN30."""
    return {str(r[0]) for r in tx.execute(
        "SELECT symbol FROM universe_members WHERE universe IN ('WATCHLIST', 'VN30')")}


def _newest_any(tx: Tx) -> str | None:
    row = tx.one("SELECT max(period) FROM fundamentals")
    return str(row[0]) if row and row[0] else None


class FundamentalsRefresh:
    """See the module contract. ``provider`` (anything with ``async call(method, **kw)``)
    and ``pacer`` are for tests and the CLI; by default each update builds the worker
    with the profile's vnstock key (never on a command line) and the matching pace."""

    def __init__(self, db: Database, now: Callable[[], datetime], *,
                 cache_dir: Path | None, vault: Vault | None,
                 provider: Any | None = None, pacer: Pacer | None = None,
                 timeout_s: float = 60.0) -> None:
        self._db = db
        self._now = now
        self._cache_dir = cache_dir
        self._vault = vault
        self._provider = provider
        self._pacer = pacer
        self._timeout_s = timeout_s
        self._running: asyncio.Task[FundamentalsResult] | None = None
        self._stop = asyncio.Event()  # set by any caller's ``cancel`` of the running one
        self._progress: list[ProgressFn] = []
        self.last: FundamentalsResult | None = None

    @property
    def running(self) -> bool:
        return self._running is not None and not self._running.done()

    async def update(self, symbols: list[str] | None = None, *,
                     max_age: timedelta | None = None, limit: int | None = None,
                     progress: ProgressFn | None = None,
                     cancel: asyncio.Event | None = None,
                     provider: Any | None = None, pacer: Pacer | None = None
                     ) -> FundamentalsResult:
        """``symbols`` None: the refresh universe (cached bars and the watchlist). A caller
        joining a running update (the dialog during the scheduled round) gets its progress
        from then on, and its ``cancel`` stops that update too."""
        if self.running:
            assert self._running is not None
            return await self._join(self._running, progress, cancel)
        self._stop = asyncio.Event()
        self._progress = []
        self._running = asyncio.ensure_future(self._update(
            symbols, max_age, limit, cancel, provider, pacer))
        try:
            return await self._join(self._running, progress, None)
        except asyncio.CancelledError:
            await self.close()
            raise

    async def _join(self, task: asyncio.Task[FundamentalsResult], progress: ProgressFn | None,
                    cancel: asyncio.Event | None) -> FundamentalsResult:
        if progress is not None:
            self._progress.append(progress)
        stop = self._stop

        async def link(ev: asyncio.Event) -> None:
            await ev.wait()
            stop.set()

        watcher = asyncio.ensure_future(link(cancel)) if cancel is not None else None
        try:
            return await asyncio.shield(task)
        finally:
            if watcher is not None:
                watcher.cancel()

    async def close(self) -> None:
        """Stop an update under way (the worker is killed; rows written stay)."""
        task, self._running = self._running, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _worker(self) -> tuple[Any, Pacer]:
        return await vnstock_worker(self._vault, self._cache_dir, self._timeout_s)

    async def _todo(self, symbols: list[str] | None, max_age: timedelta | None,
                    limit: int | None, result: FundamentalsResult) -> list[str]:
        wanted = list(dict.fromkeys(s.upper() for s in symbols)) if symbols is not None \
            else await self._db.call(default_universe_tx)
        if max_age is None and limit is None:
            return wanted
        fetched = await self._db.call(lambda tx: last_fetched(tx, wanted, STORED_SOURCE))
        cutoff = self._now() - max_age if max_age is not None else None
        todo = [s for s in wanted if cutoff is None or s not in fetched
                or fetched[s] < cutoff]
        result.skipped_recent = len(wanted) - len(todo)
        first = await self._db.call(_first_tx)
        never = datetime.min.replace(tzinfo=self._now().tzinfo)
        # the watchlist and VN30 first, then the longest-unfetched first
        todo.sort(key=lambda s: (s not in first, fetched.get(s, never)))
        return todo[:limit] if limit is not None else todo

    async def _update(self, symbols: list[str] | None, max_age: timedelta | None,
                      limit: int | None,
                      cancel: asyncio.Event | None, provider: Any | None,
                      pacer: Pacer | None) -> FundamentalsResult:
        result = FundamentalsResult()
        todo = await self._todo(symbols, max_age, limit, result)
        result.total = len(todo)
        provider = provider or self._provider
        pacer = pacer or self._pacer
        if todo and provider is None:
            provider, own_pacer = await self._worker()
            pacer = pacer or own_pacer
        for sym in todo:
            if self._stop.is_set() or (cancel is not None and cancel.is_set()):
                result.cancelled = True
                break
            outcome = await self._one(sym, provider, pacer)
            result.outcomes.append(outcome)
            result.rows_written += len(outcome.stored)
            if outcome.problem is not None and outcome.problem is not Problem.FAILED:
                result.problem, result.detail = outcome.problem, outcome.detail
                break  # offline / refused / rate-limited: the others would fail too
            result.done += 1
            for listener in list(self._progress):
                listener(RefreshProgress(result.done, result.total, sym))
        result.as_of = await self._db.call(_newest_any)
        if result.problem is not None:
            log.info("fundamentals not updated: %s (%s)", result.sentence(), result.detail)
        self.last = result
        return result

    async def _one(self, sym: str, provider: Any, pacer: Pacer | None) -> SymbolOutcome:
        if pacer is not None:
            await pacer.wait()
        try:
            parsed = parse(sym, await provider.call("ratios", symbol=sym) or [])
        except (ProviderError, UnreadableRatios) as exc:
            problem = vnstock_problem(str(exc)) if isinstance(exc, ProviderError) \
                else Problem.FAILED
            as_of = await self._db.call(lambda tx: newest_period(tx, sym))
            return SymbolOutcome(sym, problem=problem, detail=str(exc), as_of=as_of)
        now = self._now()
        await self._db.transaction(lambda tx: store(tx, parsed.rows, STORED_SOURCE, now))
        return SymbolOutcome(sym, parsed.rows, parsed.duplicate_columns, parsed.left_out)
