"""Fresh headlines (vnstock ``Company(SYM).news()``) for a list of symbols, into the news cache.

:func:`fetch_news` is what ``tradingtools news fetch`` and the schedule after each daily
update run. Per symbol it asks the sandboxed vnstock worker (market/vnstock_worker.py) for
``news``, links each headline to the stocks it names (market/news_linking.py, through
:func:`...market.vnstock_news.rows_from_records`), and stores it with its publish time and
source in one transaction, skipping what the cache already holds (by source id). Calls are
paced when given a pacer; ``cancel`` stops between two symbols (what was written stays).

A symbol that fails keeps its error in its outcome. With ``stop_on_problem`` (the
schedule), offline, refused or rate-limited stops the round at the first symbol: the
others would fail the same way. The screener reads a headline only from its publish time
(agents/point_in_time.py), so fetching never leaks the future into a past run.

The scheduled round (:data:`SCHEDULED_LIMIT` symbols: the watchlist, then VN30, then
the others of the refresh universe) costs a minute or two of vnstock's quota.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..market.vnstock_news import linker_from_cache, rows_from_records, store
from ..market.vnstock_worker import ProviderError
from ..store.db import Database, Tx
from .history_contract import Problem
from .history_sources import default_universe_tx, vnstock_problem
from .pacer import Pacer

__all__ = ["SCHEDULED_LIMIT", "NewsOutcome", "NewsResult", "fetch_news", "scheduled_symbols"]

log = logging.getLogger(__name__)
SCHEDULED_LIMIT = 30


@dataclass
class NewsOutcome:
    symbol: str
    fetched: int = 0
    new: int = 0
    cached: int = 0
    error: str | None = None  # the worker's sentence (English; the CLI translates it)
    problem: Problem | None = None


@dataclass
class NewsResult:
    outcomes: list[NewsOutcome] = field(default_factory=list)
    cancelled: bool = False
    problem: Problem | None = None  # the one that stopped a scheduled round

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)


def _first_tx(tx: Tx) -> list[str]:
    """The refresh universe with the watchlist first, then VN30."""
    first = [str(r[0]) for r in tx.execute(
        "SELECT symbol FROM universe_members WHERE universe IN ('WATCHLIST', 'VN30') "
        "GROUP BY symbol ORDER BY min(CASE universe WHEN 'WATCHLIST' THEN 0 ELSE 1 END), "
        "symbol")]
    return list(dict.fromkeys([*first, *default_universe_tx(tx)]))


async def scheduled_symbols(db: Database, limit: int = SCHEDULED_LIMIT) -> list[str]:
    """The symbols a scheduled round asks about: the watchlist, then VN30, first."""
    return (await db.call(_first_tx))[:limit]


async def fetch_news(db: Database, symbols: list[str], provider: Any, *, source: str = "KBS",
                     now: Callable[[], datetime], pacer: Pacer | None = None,
                     cancel: asyncio.Event | None = None,
                     stop_on_problem: bool = False) -> NewsResult:
    """See the module contract. ``provider``: anything with ``async call(method, **kw)``
    (the vnstock worker; tests hand in its recorded reply)."""
    linker = await db.call(linker_from_cache)
    result = NewsResult()
    for symbol in dict.fromkeys(s.upper() for s in symbols):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        if pacer is not None:
            await pacer.wait()
        try:
            records = await provider.call("news", symbol=symbol, source=source)
        except ProviderError as exc:
            problem = vnstock_problem(str(exc))
            result.outcomes.append(NewsOutcome(symbol, error=str(exc), problem=problem))
            if stop_on_problem and problem is not Problem.FAILED:
                result.problem = problem
                log.info("news not fetched: %s", exc)
                break
            continue
        rows = rows_from_records(symbol, records or [], f"vnstock:{source}", linker)
        at = now()

        def write(tx: Tx, rows: list[Any] = rows, at: datetime = at) -> tuple[int, int]:
            return store(tx, rows, at)

        new, cached = await db.transaction(write)
        result.outcomes.append(NewsOutcome(symbol, len(rows), new, cached))
    return result
