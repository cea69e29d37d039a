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
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import Protocol

from ..domain.market.calendar import VN_TZ, TradingCalendar
from ..domain.market.corporate_actions import CorporateGap, PriceDay, detect_gaps
from ..domain.market.exchange import Exchange
from ..store.corporate_actions_repo import adjust_known_gaps, store_gaps
from ..store.db import Database, Tx

__all__ = ["PROBLEM_TEXT", "FetchedDay", "HistoryRefresh", "Problem", "RefreshProgress",
           "RefreshResult", "SymbolFetcher", "WholeMarketFetcher", "last_closed_session"]

CLOSE_TIME = (15, 0)  # UPCOM's continuous session and HNX's PLO end at 15:00 VN
DEFAULT_LOOKBACK_DAYS = 365


class Problem(StrEnum):
    OFFLINE = "offline"
    REFUSED = "refused"
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"


# English source text; the CLI and the GUI translate it with tr() and fill {as_of}.
PROBLEM_TEXT: dict[Problem, str] = {
    Problem.OFFLINE: "No internet: prices are from {as_of}.",
    Problem.REFUSED: "The market-data provider refused the request: prices are from {as_of}.",
    Problem.RATE_LIMITED: "The market-data provider asks us to slow down: prices are from "
                          "{as_of}; try again in a minute.",
    Problem.FAILED: "The market data could not be updated: prices are from {as_of}.",
}


class FetchError(Exception):
    """A fetcher's failure, already classified (the message has no secret)."""

    def __init__(self, problem: Problem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class FetchedDay:
    """One symbol's day as a provider gave it: raw OHLCV in VND, and when the provider
    says so, the day's reference price and the adjusted close (corporate actions)."""

    symbol: str
    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    reference: int | None = None
    close_adjusted: int | None = None
    flags: str = ""


class WholeMarketFetcher(Protocol):
    name: str

    async def market_day(self, day: date) -> list[FetchedDay]:
        """Every symbol's bar of ``day`` (empty: no session that day). Raises FetchError."""
        ...


class SymbolFetcher(Protocol):
    name: str

    async def history(self, symbol: str, start: date, end: date) -> list[FetchedDay]:
        """``symbol``'s bars from ``start`` to ``end``. Raises FetchError; a failure of
        this one symbol only is ``Problem.FAILED``."""
        ...


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    done: int
    total: int
    label: str  # the day (ISO) or the symbol just written


@dataclass
class RefreshResult:
    source: str
    target: date
    batches_total: int = 0
    batches_done: int = 0
    bars_written: int = 0
    data_as_of: date | None = None
    cancelled: bool = False
    problem: Problem | None = None
    detail: str | None = None  # the technical reason (logs, --json), never shown alone
    symbol_errors: dict[str, str] = field(default_factory=dict)
    gaps: list[CorporateGap] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.problem is None and not self.cancelled and \
            self.data_as_of is not None and self.data_as_of >= self.target

    def sentence(self) -> str | None:
        """The English sentence for the problem (the UI translates ``PROBLEM_TEXT``)."""
        if self.problem is None:
            return None
        return PROBLEM_TEXT[self.problem].format(as_of=as_of_text(self.data_as_of))

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "target": self.target.isoformat(),
                "batches_total": self.batches_total, "batches_done": self.batches_done,
                "bars_written": self.bars_written,
                "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
                "up_to_date": self.up_to_date, "cancelled": self.cancelled,
                "problem": self.problem.value if self.problem else None,
                "message": self.sentence(), "detail": self.detail,
                "symbol_errors": self.symbol_errors,
                "corporate_actions": [g.to_dict() for g in self.gaps]}


def as_of_text(day: date | None) -> str:
    return day.isoformat() if day else "no date (the cache is empty)"


def last_closed_session(now: datetime, calendar: TradingCalendar) -> date:
    """The newest trading day whose session has closed at ``now`` (aware)."""
    local = now.astimezone(VN_TZ)
    today = local.date()
    if calendar.is_trading_day(today) and (local.hour, local.minute) >= CLOSE_TIME:
        return today
    return calendar.previous_trading_day(today)


ProgressFn = Callable[[RefreshProgress], object]


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
            start = await self._db.call(lambda tx: _market_resume_day(tx, end, self._lookback))
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
                    partial(_write_market_day, day=day, rows=rows, source=fetcher.name,
                            now=self._now()))
                result.bars_written += written
                result.gaps += gaps
                result.batches_done = i + 1
                _report(progress, RefreshProgress(i + 1, len(days), day.isoformat()))
            result.data_as_of = await self._db.call(_newest_day)
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
            last = await self._db.call(lambda tx: _last_days(tx, wanted))
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
            result.data_as_of = await self._db.call(lambda tx: _newest_day(tx, wanted))
            return result

    async def _one_symbol(self, fetcher: SymbolFetcher, symbol: str, start: date,
                          end: date) -> tuple[int, list[CorporateGap]]:
        rows = [r for r in await fetcher.history(symbol, start, end)
                if r.symbol.upper() == symbol and start <= r.day <= end]
        written, gaps = await self._db.transaction(
            partial(_write_symbol, symbol=symbol, rows=rows, source=fetcher.name,
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
                partial(_rebase_symbol, symbol=symbol, rows=fresh, gaps=gaps,
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


# ---- on the DB thread ---------------------------------------------------------------------

def _market_resume_day(tx: Tx, end: date, lookback: int) -> date:
    """The newest completed market day, else the newest cached bar, bounded by lookback."""
    row = tx.one("SELECT max(day) FROM market_days")
    newest = row[0] if row and row[0] else None
    if newest is None:
        row = tx.one("SELECT max(day) FROM daily_bars")
        newest = row[0] if row and row[0] else None
    floor = end - timedelta(days=lookback)
    return max(newest, floor) if newest else floor


def _last_days(tx: Tx, symbols: list[str]) -> dict[str, date]:
    return {str(r[0]): r[1] for r in tx.execute(
        "SELECT symbol, max(day) FROM daily_bars WHERE symbol IN (SELECT unnest(?)) "
        "GROUP BY symbol", [symbols])}


def _newest_day(tx: Tx, symbols: list[str] | None = None) -> date | None:
    if symbols:
        row = tx.one("SELECT max(day) FROM daily_bars WHERE symbol IN (SELECT unnest(?))",
                     [symbols])
    else:
        row = tx.one("SELECT max(day) FROM daily_bars")
    return row[0] if row and row[0] else None


def _upsert(tx: Tx, rows: Sequence[FetchedDay], source: str, now: datetime) -> int:
    """All ``rows`` in ONE statement (columns passed as lists and unnested together):
    executemany costs ~12 ms a row with the primary key, this ~0.1 ms."""
    if not rows:
        return 0
    cols: list[list[object]] = [[r.symbol.upper() for r in rows], [r.day for r in rows],
                                [r.open for r in rows], [r.high for r in rows],
                                [r.low for r in rows], [r.close for r in rows],
                                [r.volume for r in rows], [r.flags for r in rows]]
    tx.execute(
        "INSERT INTO daily_bars (symbol, day, open, high, low, close, volume, flags, source, "
        "fetched_at) SELECT unnest(?::VARCHAR[]), unnest(?::DATE[]), unnest(?::BIGINT[]), "
        "unnest(?::BIGINT[]), unnest(?::BIGINT[]), unnest(?::BIGINT[]), unnest(?::BIGINT[]), "
        "unnest(?::VARCHAR[]), ?, ? "
        "ON CONFLICT (symbol, day) DO UPDATE SET open = excluded.open, "
        "high = excluded.high, low = excluded.low, close = excluded.close, "
        "volume = excluded.volume, flags = excluded.flags, source = excluded.source, "
        "fetched_at = excluded.fetched_at", [*cols, source, now], table="daily_bars")
    return len(rows)


def _write_market_day(tx: Tx, day: date, rows: list[FetchedDay], source: str,
                      now: datetime) -> tuple[int, list[CorporateGap]]:
    """One whole-market day: the bars of listed symbols, the gaps they reveal and the
    ``market_days`` row, all in the caller's transaction."""
    known = {str(r[0]): str(r[1]) for r in tx.execute(
        "SELECT symbol, exchange FROM instruments WHERE symbol IN (SELECT unnest(?))",
        [[r.symbol for r in rows]])}
    keep = [r for r in rows if r.symbol in known and r.day == day]
    prev = {str(r[0]): (r[1], int(r[2])) for r in tx.execute(
        "SELECT symbol, max(day), arg_max(close, day) FROM daily_bars WHERE day < ? AND "
        "symbol IN (SELECT unnest(?)) GROUP BY symbol", [day, [r.symbol for r in keep]])}
    gaps: list[CorporateGap] = []
    for r in keep:
        before = prev.get(r.symbol)
        if before is None:
            continue
        series = [PriceDay(before[0], before[1], before[1], before[1], before[1]),
                  PriceDay(r.day, r.open, r.high, r.low, r.close, r.reference,
                           r.close_adjusted)]
        gaps += detect_gaps(r.symbol, _exchange(known[r.symbol]), series)
    written = _upsert(tx, keep, source, now)
    store_gaps(tx, gaps, source, now, adjusted=adjust_known_gaps(tx, gaps))
    if not written:
        return 0, gaps  # nothing published (yet): not logged, so the next refresh asks again
    tx.execute("INSERT INTO market_days VALUES (?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET "
               "source = excluded.source, symbols = excluded.symbols, "
               "fetched_at = excluded.fetched_at", [day, source, written, now])
    return written, gaps


def _write_symbol(tx: Tx, symbol: str, rows: list[FetchedDay], source: str,
                  now: datetime) -> tuple[int, list[CorporateGap]]:
    row = tx.one("SELECT exchange FROM instruments WHERE symbol = ?", [symbol])
    exchange = _exchange(str(row[0])) if row else Exchange.HOSE
    gaps: list[CorporateGap] = []
    if rows:
        first = min(r.day for r in rows)
        before = tx.one("SELECT day, close FROM daily_bars WHERE symbol = ? AND day < ? "
                        "ORDER BY day DESC LIMIT 1", [symbol, first])
        series = [PriceDay(before[0], int(before[1]), int(before[1]), int(before[1]),
                           int(before[1]))] if before else []
        series += [PriceDay(r.day, r.open, r.high, r.low, r.close, r.reference,
                            r.close_adjusted) for r in sorted(rows, key=lambda r: r.day)]
        gaps = detect_gaps(symbol, exchange, series)
    written = _upsert(tx, rows, source, now)
    store_gaps(tx, gaps, source, now, adjusted=adjust_known_gaps(tx, gaps))
    return written, gaps


def _rebase_symbol(tx: Tx, symbol: str, rows: list[FetchedDay], gaps: list[CorporateGap],
                   source: str, now: datetime) -> int:
    """Replace ``symbol``'s cached bars over the fresh rows' span with the provider's newly
    adjusted series; the gaps are then adjusted (recorded as such)."""
    if not rows:
        return 0
    first, last = min(r.day for r in rows), max(r.day for r in rows)
    tx.execute("DELETE FROM daily_bars WHERE symbol = ? AND day BETWEEN ? AND ?",
               [symbol, first, last], table="daily_bars")
    written = _upsert(tx, rows, source, now)
    store_gaps(tx, gaps, source, now, adjusted={(g.symbol, g.day) for g in gaps})
    return written


def _exchange(text: str) -> Exchange:
    try:
        return Exchange.parse(text)
    except ValueError:
        return Exchange.HOSE


# ---- pacing (vnstock's guest limit) --------------------------------------------------------

class Pacer:
    """At most ``per_minute`` calls in any minute: waits before a call when needed.
    ``clock`` / ``sleep`` are injectable so tests never wait."""

    def __init__(self, per_minute: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = 60.0 / per_minute
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self.waited = 0.0

    async def wait(self) -> None:
        now = self._clock()
        if now < self._next:
            delay = self._next - now
            self.waited += delay
            await self._sleep(delay)
            now = self._next
        self._next = now + self.interval


def utc_now() -> datetime:
    return datetime.now(UTC)
