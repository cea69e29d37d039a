"""The daily history refresh: bring the DuckDB bar cache up to the last closed session.

Contract:

- **What**: with SSI FastConnect Data configured and no universe given, the whole market,
  one ``DailyStockPrice`` call per missing trading day (SSI answers a whole market per day),
  from the newest completed market day (``market_days``; else the newest cached bar) to the
  last closed session. Otherwise per symbol of the universe (vnstock ``Quote.history``
  through the sandboxed worker, paced within vnstock's guest limit; or SSI Data per symbol),
  from that symbol's newest cached bar.
- **Batches**: one day (whole market) or one symbol is one batch, written in ONE DuckDB
  transaction with its bookkeeping (the ``market_days`` row, the corporate-action gaps it
  revealed). A crash, a raise or a kill mid-refresh leaves every batch either whole or
  absent; the next refresh starts after the newest complete one.
- **Progress / cancel**: ``progress(RefreshProgress)`` after each batch; ``cancel`` (an
  :class:`asyncio.Event`) is checked between batches (a batch under way finishes or rolls
  back, never half-written).
- **Failure**: offline, refused or rate-limited never raises out of :meth:`run`: the result
  carries a :class:`Problem` and one plain sentence (``PROBLEM_TEXT``: "No internet: prices
  are from <date>."), with the newest cached day. Errors of one symbol (no such code) are
  listed per symbol and the refresh goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import partial

from ..domain.market.calendar import VN_TZ, TradingCalendar
from ..domain.market.corporate_actions import CorporateGap
from ..store.db import Database
from .history_contract import (
    PROBLEM_TEXT,
    FetchedDay,
    FetchError,
    Problem,
    ProgressFn,
    RefreshProgress,
    RefreshResult,
    SymbolFetcher,
    WholeMarketFetcher,
    as_of_text,
)
from .history_writes import (
    last_days,
    market_resume_day,
    newest_day,
    rebase_symbol,
    write_market_day,
    write_symbol,
)
from .pacer import Pacer

# the contract's names and the pacer stay importable from here (many callers)
__all__ = ["PROBLEM_TEXT", "FetchError", "FetchedDay", "HistoryRefresh", "Pacer", "Problem",
           "ProgressFn", "RefreshProgress", "RefreshResult", "SymbolFetcher",
           "WholeMarketFetcher", "as_of_text", "last_closed_session"]

CLOSE_TIME = (15, 0)  # UPCOM's continuous session and HNX's PLO end at 15:00 VN
DEFAULT_LOOKBACK_DAYS = 365


def last_closed_session(now: datetime, calendar: TradingCalendar) -> date:
    """The newest trading day whose session has closed at ``now`` (aware)."""
    local = now.astimezone(VN_TZ)
    today = local.date()
    if calendar.is_trading_day(today) and (local.hour, local.minute) >= CLOSE_TIME:
        return today
    return calendar.previous_trading_day(today)




class HistoryRefresh:
    """One refresh at a time per profile (``running``); see the module contract."""

    def __init__(self, db: Database, calendar: TradingCalendar,
                 now: Callable[[], datetime], *,
                 lookback_days: int = DEFAULT_LOOKBACK_DAYS) -> None:
        self._db = db
        self._calendar = calendar
        self._now = now
        self._lookback = lookback_days
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._lock.locked()

    # ---- whole market, one day per batch -------------------------------------------------

    async def whole_market(self, fetcher: WholeMarketFetcher, *,
                           progress: ProgressFn | None = None,
                           cancel: asyncio.Event | None = None,
                           target: date | None = None) -> RefreshResult:
        async with self._lock:
            end = target or last_closed_session(self._now(), self._calendar)
            result = RefreshResult(fetcher.name, end)
            start = await self._db.call(lambda tx: market_resume_day(tx, end, self._lookback))
            days = self._trading_days(start, end)
            result.batches_total = len(days)
            for i, day in enumerate(days):
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    break
                try:
                    rows = await fetcher.market_day(day)
                except FetchError as exc:
                    result.problem, result.detail = exc.problem, str(exc)
                    break
                written, gaps = await self._db.transaction(
                    partial(write_market_day, day=day, rows=rows, source=fetcher.name,
                            now=self._now()))
                result.bars_written += written
                result.gaps += gaps
                result.batches_done = i + 1
                _report(progress, RefreshProgress(i + 1, len(days), day.isoformat()))
            result.data_as_of = await self._db.call(newest_day)
            return result

    # ---- a universe, one symbol per batch ------------------------------------------------

    async def symbols(self, fetcher: SymbolFetcher, symbols: Sequence[str], *,
                      progress: ProgressFn | None = None,
                      cancel: asyncio.Event | None = None,
                      target: date | None = None) -> RefreshResult:
        async with self._lock:
            end = target or last_closed_session(self._now(), self._calendar)
            result = RefreshResult(fetcher.name, end)
            wanted = [s.upper() for s in symbols]
            last = await self._db.call(lambda tx: last_days(tx, wanted))
            floor = end - timedelta(days=self._lookback)
            todo = [(s, (last[s] + timedelta(days=1)) if s in last else floor)
                    for s in wanted if last.get(s) is None or last[s] < end]
            result.batches_total = len(todo)
            for i, (symbol, start) in enumerate(todo):
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    break
                if start > end or not self._trading_days(start - timedelta(days=1), end):
                    result.batches_done = i + 1
                    _report(progress, RefreshProgress(i + 1, len(todo), symbol))
                    continue
                try:
                    written, gaps = await self._one_symbol(fetcher, symbol, start, end)
                except FetchError as exc:
                    if exc.problem is Problem.FAILED:
                        result.symbol_errors[symbol] = str(exc)
                        result.batches_done = i + 1
                        _report(progress, RefreshProgress(i + 1, len(todo), symbol))
                        continue
                    result.problem, result.detail = exc.problem, str(exc)
                    break
                result.bars_written += written
                result.gaps += gaps
                result.batches_done = i + 1
                _report(progress, RefreshProgress(i + 1, len(todo), symbol))
            result.data_as_of = await self._db.call(lambda tx: newest_day(tx, wanted))
            return result

    async def _one_symbol(self, fetcher: SymbolFetcher, symbol: str, start: date,
                          end: date) -> tuple[int, list[CorporateGap]]:
        rows = [r for r in await fetcher.history(symbol, start, end)
                if r.symbol.upper() == symbol and start <= r.day <= end]
        written, gaps = await self._db.transaction(
            partial(write_symbol, symbol=symbol, rows=rows, source=fetcher.name,
                    now=self._now()))
        if gaps and getattr(fetcher, "adjusted_series", False):
            # the provider back-adjusts its whole series (vnstock/VCI): a gap against our
            # older bars means a corporate action since; its fresh series replaces them
            first = await self._db.one("SELECT min(day) FROM daily_bars WHERE symbol = ?",
                                       [symbol])
            since = first[0] if first and first[0] else start
            fresh = [r for r in await fetcher.history(symbol, since, end)
                     if r.symbol.upper() == symbol and since <= r.day <= end]
            written = await self._db.transaction(
                partial(rebase_symbol, symbol=symbol, rows=fresh, gaps=gaps,
                        source=fetcher.name, now=self._now()))
        return written, gaps

    def _trading_days(self, after: date, end: date) -> list[date]:
        out, d = [], after + timedelta(days=1)
        while d <= end:
            if self._calendar.is_trading_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out


def _report(progress: ProgressFn | None, p: RefreshProgress) -> None:
    if progress is not None:
        progress(p)
