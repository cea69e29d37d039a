"""vnstock's ``Trading.price_board`` (KBS source) as quotes, and a poller that feeds them.

The board rows (one per symbol; vnstock 4.x standard columns, see
``tests/fixtures/vnstock/price_board_kbs.json``) carry prices in **VND** — as integers, as
floats, or as text such as ``"27650.0"`` (KBS sends the best bid/ask as strings, and
``"ATO"`` / ``"ATC"`` during the auctions). Every price becomes an integer VND or ``None``;
a row without a symbol is skipped and counted. ``time`` is epoch milliseconds, an ISO time
or KBS's ``"YYYY-MM-DD HH:MM:SS:ms"`` in Vietnam time; without one the poll's time is used.

:class:`VnstockBoardFeed` is a :class:`~.feed.QuoteFeed`: during the session (any exchange
accepting orders) it asks the sandboxed worker for the wanted symbols in batches, one call
at a time, never more often than the vnstock budget allows (guests: 20 calls a minute;
we use at most half of it, the rest is for history refreshes; with a vnstock key three
times as fast). Outside the session it makes no call. A failed call, or an empty answer
for a non-empty ask (KBS's board swallows network errors and returns nothing), makes the
state OLD with :data:`OFFLINE`; the next good answer makes it POLLING again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from ..domain.market.calendar import VN_TZ, TradingCalendar
from ..domain.market.exchange import Exchange
from ..domain.market.quotes import BookLevel, FeedState, Quote, QuoteSource
from ..domain.market.sessions import accepts_orders, session_phase
from .feed import QuoteSink

__all__ = ["BOARD_DETAILS", "BoardStats", "BoardTiming", "VnstockBoardFeed", "quote_from_row",
           "quotes_from_board"]

log = logging.getLogger(__name__)

POLLING, CLOSED, OFFLINE, STARTING = (
    "Prices from vnstock, polled every few seconds.",
    "No exchange is trading now; vnstock is not polled.",
    "vnstock did not answer (no internet?); prices are the last ones received.",
    "Asking vnstock for prices.",
)
BOARD_DETAILS = (POLLING, CLOSED, OFFLINE, STARTING)


class Caller(Protocol):
    def __call__(self, method: str, **params: Any) -> Awaitable[Any]: ...


@dataclass(frozen=True, slots=True)
class BoardTiming:
    """How often the board may be asked. ``calls_per_minute``: our share of vnstock's
    budget (guest 20/min -> 10; with a key 60/min -> 30)."""

    calls_per_minute: float = 10.0
    batch_size: int = 50  # symbols per call (KBS takes a comma-separated list)
    check_interval: float = 1.0  # how often the session / wanted set is looked at

    @classmethod
    def for_key(cls, has_key: bool) -> BoardTiming:
        return cls(calls_per_minute=30.0 if has_key else 10.0)

    @property
    def min_gap(self) -> float:
        return 60.0 / self.calls_per_minute


@dataclass
class BoardStats:
    calls: int = 0
    failures: int = 0
    rows: int = 0
    skipped_rows: int = 0
    delivered: int = 0


def _vnd(value: Any) -> int | None:
    """A board price (VND) as an int; None for empty, zero, NaN, text like "ATO"."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or number <= 0:
        return None
    return int(number.to_integral_value())


def _count(value: Any) -> int | None:
    """A volume / value: zero is a real answer here (nothing traded yet)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return int(number.to_integral_value())


def _moment(value: Any, fallback: datetime) -> datetime:
    if value is None or value == "":
        return fallback
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value) / 1000.0, tz=UTC)
    text = str(value).strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000.0, tz=UTC)
    parts = text.replace("T", " ").split(":")
    if len(parts) == 4:  # KBS: "2026-02-27 14:45:29:84" (milliseconds after a colon)
        text = ":".join(parts[:3])
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return fallback
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _levels(row: Mapping[str, Any], side: str) -> tuple[BookLevel, ...]:
    out = []
    for i in (1, 2, 3):
        price, volume = _vnd(row.get(f"{side}_price_{i}")), _count(row.get(f"{side}_vol_{i}"))
        if price is not None and volume:
            out.append(BookLevel(price, volume))
    return tuple(out)


def quote_from_row(row: Mapping[str, Any], polled_at: datetime) -> Quote | None:
    """One board row as a full quote (source VNSTOCK), or None without a symbol."""
    symbol = str(row.get("symbol") or "").strip().upper()
    if not symbol:
        return None
    try:
        exchange: Exchange | None = Exchange.parse(str(row.get("exchange") or ""))
    except ValueError:
        exchange = None
    at = min(_moment(row.get("time"), polled_at), polled_at)
    return Quote(
        symbol=symbol, at=at, source=QuoteSource.VNSTOCK, exchange=exchange,
        reference=_vnd(row.get("reference_price")), ceiling=_vnd(row.get("ceiling_price")),
        floor=_vnd(row.get("floor_price")), open=_vnd(row.get("open_price")),
        high=_vnd(row.get("high_price")), low=_vnd(row.get("low_price")),
        last=_vnd(row.get("close_price")), last_volume=_count(row.get("volume_last")),
        total_volume=_count(row.get("volume_accumulated")),
        total_value=_count(row.get("total_value")),
        bids=_levels(row, "bid"), asks=_levels(row, "ask"),
        foreign_buy=_count(row.get("foreign_buy_volume")),
        foreign_sell=_count(row.get("foreign_sell_volume")),
        foreign_room=_count(row.get("foreign_room")))


def quotes_from_board(rows: Any, polled_at: datetime,
                      stats: BoardStats | None = None) -> list[Quote]:
    """Every usable row of a ``price_board`` answer (a list of dicts)."""
    out: list[Quote] = []
    for row in rows if isinstance(rows, list) else []:
        quote = quote_from_row(row, polled_at) if isinstance(row, Mapping) else None
        if quote is None:
            if stats is not None:
                stats.skipped_rows += 1
            continue
        out.append(quote)
    return out


class VnstockBoardFeed:
    """See the module docstring. ``call`` is the worker's ``VnstockProvider.call``."""

    name = "vnstock"

    def __init__(self, call: Caller, timing: BoardTiming | None = None, *,
                 calendar: TradingCalendar | None = None,
                 now: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._call = call
        self.timing = timing or BoardTiming()
        self._calendar = calendar or TradingCalendar()
        self._now = now or (lambda: datetime.now(UTC))
        self._monotonic = monotonic
        self.stats = BoardStats()
        self._sink: QuoteSink | None = None
        self._symbols: tuple[str, ...] = ()
        self._next_batch = 0
        self._last_call: float | None = None
        self._state = FeedState.CONNECTING
        self._detail = STARTING
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.last_ok: datetime | None = None

    @property
    def state(self) -> FeedState:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    async def start(self, sink: QuoteSink) -> None:
        if self._task is not None:
            return
        self._sink = sink
        self._set(FeedState.CONNECTING, STARTING)
        self._task = asyncio.create_task(self._run(), name="vnstock-board")

    async def subscribe(self, symbols: Sequence[str]) -> None:
        wanted = tuple(sorted({s.strip().upper() for s in symbols if s.strip()}))
        if wanted != self._symbols:
            self._symbols, self._next_batch = wanted, 0
            self._wake.set()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        self._sink = None

    def in_session(self) -> bool:
        now = self._now()
        return any(accepts_orders(session_phase(ex, now, self._calendar)) for ex in Exchange)

    async def poll_once(self) -> bool:
        """Ask for the next batch now (pacing is the caller's). True when prices came."""
        batches = self._batches()
        if not batches:
            return True
        batch = batches[self._next_batch % len(batches)]
        self._next_batch = (self._next_batch + 1) % len(batches)
        self._last_call = self._monotonic()
        self.stats.calls += 1
        try:
            rows = await self._call("price_board", symbols=list(batch), source="KBS")
        except Exception as exc:  # the worker's trouble is a feed state, never a raise
            self.stats.failures += 1
            log.info("vnstock price board failed: %s", exc)
            return False
        polled = self._now()
        quotes = quotes_from_board(rows, polled, self.stats)
        self.stats.rows += len(quotes)
        if not quotes:
            self.stats.failures += 1
            return False
        wanted = set(batch)
        for quote in quotes:
            if quote.symbol in wanted and self._sink is not None:
                try:
                    self._sink.on_quote(quote)
                    self.stats.delivered += 1
                except Exception:
                    log.exception("the quote sink failed on a vnstock quote")
        self.last_ok = polled
        return True

    def _batches(self) -> list[tuple[str, ...]]:
        size = max(1, self.timing.batch_size)
        return [self._symbols[i:i + size] for i in range(0, len(self._symbols), size)]

    async def _run(self) -> None:
        while True:
            if not self.in_session():
                self._set(FeedState.OLD, CLOSED)
            elif self._symbols:
                gap = self.timing.min_gap
                since = None if self._last_call is None else self._monotonic() - self._last_call
                if since is None or since >= gap:
                    ok = await self.poll_once()
                    self._set(FeedState.POLLING, POLLING) if ok else \
                        self._set(FeedState.OLD, OFFLINE)
                    continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._wait_for())

    def _wait_for(self) -> float:
        wait = self.timing.check_interval
        if self._last_call is not None and self._symbols and self.in_session():
            left = self.timing.min_gap - (self._monotonic() - self._last_call)
            wait = min(max(left, 0.0), wait) if left > 0 else 0.0
        return max(wait, 0.01)

    def _set(self, state: FeedState, detail: str) -> None:
        if (state, detail) == (self._state, self._detail):
            return
        self._state, self._detail = state, detail
        sink = self._sink
        if sink is not None:
            try:
                sink.on_state(self.name, state, detail)
            except Exception:
                log.exception("the quote sink failed on a state change")
