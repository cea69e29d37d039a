"""Market replay: practise outside market hours on a past session.

A :class:`ReplaySession` plays one :class:`~...market.replay_data.ReplaySource` (a
recorded session or a day of cached intraday bars) through a :class:`ReplayFeed` into its
own :class:`QuoteService`, on a :class:`ReplayClock` (1x-60x, pause). It runs on its **own
profile database** (``<profile>/replay/profiles/<date>/trading.duckdb``, seeded like a new
profile, with the practice starting cash), so replay orders, fills and cash never mix with
the practice ledger's real-time history; it is dry-run only (a fresh database is never
LIVE, and the live guardrails refuse a clock that is not the real one). Sessions, the
ticket's prices and the dry-run broker all follow the replay clock; the rate limit and
cooldown count real time.

When no source covers a day, :class:`NoReplayData` says so in a plain sentence that lists
the days that can be replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from ...brokers.dry_run import DryRunBroker
from ...domain.market.exchange import Exchange
from ...domain.market.quotes import Bar, FeedState, Quote, QuoteSource, Trade
from ...market.feed import QuoteSink
from ...market.replay_data import (
    VN,
    ReplayEvent,
    ReplaySource,
    bar_events,
    bundled_recordings,
    recording_events,
    recording_source,
)
from ...paths import ProfilePaths
from ...store.intraday_repo import IntradayRepository
from ..runtime import AppServices
from .quote_service import QuoteService
from .replay_clock import ReplayClock

log = logging.getLogger(__name__)
FEED = "replay"
TICK_S = 0.05  # the longest real sleep between looks at the clock (pause, speed changes)


class NoReplayData(LookupError):
    """No recorded session or intraday bars for the asked day."""

    def __init__(self, day: date, available: Sequence[ReplaySource]) -> None:
        self.day = day
        self.available = list(available)
        days = sorted({s.day for s in available})
        listed = ", ".join(f"{d:%d/%m/%Y}" for d in days) or "none"
        super().__init__(f"No market data to replay for {day:%d/%m/%Y}. Days that can be "
                         f"replayed: {listed}.")

    @property
    def days_text(self) -> str:
        return ", ".join(f"{d:%d/%m/%Y}" for d in sorted({s.day for s in self.available}))


def replay_paths(profile: ProfilePaths, day: date) -> ProfilePaths:
    """The replay database of ``day``, inside the profile's folder (never a profile of its
    own in the profile list)."""
    return ProfilePaths(root=profile.dir / "replay", name=day.isoformat())


def user_recordings(profile: ProfilePaths) -> list[Path]:
    """Recordings the user dropped into ``<profile>/replay/recordings/``."""
    folder = profile.dir / "replay" / "recordings"
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


async def available_sources(profile: ProfilePaths | None = None,
                            intraday: IntradayRepository | None = None) -> list[ReplaySource]:
    """Every session that can be replayed: the bundled recording(s), the user's, and each
    day of intraday bars in the cache (``intraday``: the profile's cache)."""
    paths = bundled_recordings() + (user_recordings(profile) if profile else [])
    sources = await asyncio.to_thread(lambda: [s for p in paths
                                               if (s := recording_source(p)) is not None])
    if intraday is not None:
        for day, symbols in await intraday.days():
            start = datetime.combine(day, datetime.min.time(), tzinfo=VN)
            sources.append(ReplaySource(day, "bars", start.replace(hour=9),
                                        start.replace(hour=15), tuple(symbols)))
    return sorted(sources, key=lambda s: (s.day, s.kind))


def pick_source(day: date, sources: Sequence[ReplaySource],
                kind: str | None = None) -> ReplaySource:
    """The recorded session of ``day`` first, else its intraday bars; NoReplayData."""
    matches = [s for s in sources if s.day == day and (kind is None or s.kind == kind)]
    if not matches:
        raise NoReplayData(day, sources)
    return sorted(matches, key=lambda s: s.kind != "recording")[0]


async def load_events(source: ReplaySource,
                      intraday: IntradayRepository | None = None) -> list[ReplayEvent]:
    if source.kind == "recording" and source.path is not None:
        path = source.path
        return await asyncio.to_thread(lambda: recording_events(path))
    if intraday is None:
        return []
    rows = await intraday.bars(source.day)
    symbols = sorted({r.symbol for r in rows})
    refs = await intraday.references(symbols, source.day)
    exchanges = {}
    for sym, ex in (await intraday.exchanges(symbols)).items():
        with contextlib.suppress(ValueError):
            exchanges[sym] = Exchange.parse(ex)
    bars = [Bar(r.symbol, r.start, r.open, r.high, r.low, r.close, r.volume, QuoteSource.REPLAY)
            for r in rows]
    return bar_events(bars, refs, exchanges)


def ready_at(events: Sequence[ReplayEvent]) -> datetime:
    """When every symbol of the session has had its first quote (within its first minute):
    a replay opens there, so the ticket has a price for each of them."""
    first: dict[str, datetime] = {}
    for event in events:
        if event.kind == "quote":
            first.setdefault(event.payload.symbol, event.at)
    start = events[0].at
    return max((t for t in first.values() if t - start <= timedelta(minutes=1)),
               default=start)


class ReplayFeed:
    """A :class:`~...market.feed.QuoteFeed` that plays events when the replay clock reaches
    their time. ``deliver_due`` plays what is due now (the background task calls it; tests
    and the CLI may too)."""

    name = FEED

    def __init__(self, events: Sequence[ReplayEvent], clock: ReplayClock, day: date) -> None:
        self._events = list(events)
        self._clock = clock
        self._day = day
        self._position = 0
        self._sink: QuoteSink | None = None
        self._wanted: frozenset[str] | None = None  # None: everything in the session
        self._task: asyncio.Task[None] | None = None
        self.finished = asyncio.Event()

    @property
    def state(self) -> FeedState:
        return FeedState.REPLAY

    @property
    def progress(self) -> tuple[int, int]:
        return self._position, len(self._events)

    @property
    def end(self) -> datetime | None:
        return self._events[-1].at if self._events else None

    async def start(self, sink: QuoteSink) -> None:
        self._sink = sink
        sink.on_state(FEED, FeedState.REPLAY, f"replay of {self._day:%d/%m/%Y}")
        self.deliver_due()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def subscribe(self, symbols: Sequence[str]) -> None:
        """A replay plays its whole session; a subscription only narrows it (the ticket's
        symbols), never widens it beyond what was recorded."""
        self._wanted = frozenset(s.upper() for s in symbols) or None

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._sink = None

    def deliver_due(self) -> int:
        """Hand the sink every event whose time the clock has reached; how many."""
        sink, now, done = self._sink, self._clock.now(), 0
        while sink is not None and self._position < len(self._events) and \
                self._events[self._position].at <= now:
            event = self._events[self._position]
            self._position += 1
            payload = event.payload
            if self._wanted is not None and payload.symbol not in self._wanted:
                continue
            if event.kind == "trade" and isinstance(payload, Trade):
                sink.on_trade(payload)
            elif isinstance(payload, Quote):
                sink.on_quote(payload)
            done += 1
        if self._position >= len(self._events) and not self.finished.is_set():
            self.finished.set()
            if sink is not None:
                sink.on_state(FEED, FeedState.REPLAY,
                              f"replay of {self._day:%d/%m/%Y} finished")
        return done

    async def _run(self) -> None:
        while self._position < len(self._events):
            wait = self._clock.real_seconds_until(self._events[self._position].at)
            if wait is None or wait > 0:
                await asyncio.sleep(TICK_S if wait is None else min(wait, TICK_S))
                continue
            self.deliver_due()
            await asyncio.sleep(0)  # let the matching and the UI run between batches
        self.deliver_due()


@dataclass(frozen=True, slots=True)
class ReplayStatus:
    """What the status bar and the replay control show."""

    day: date
    at: datetime
    speed: float
    playing: bool
    finished: bool
    played: int
    total: int

    @property
    def title(self) -> str:
        """English source text (``tr`` at the edge): "Replay of 14/04/2026"."""
        return f"Replay of {self.day:%d/%m/%Y}"


class ReplaySession:
    """One replay: its source, clock, quote service, feed and (separate) services."""

    def __init__(self, source: ReplaySource, clock: ReplayClock, quotes: QuoteService,
                 feed: ReplayFeed, services: AppServices) -> None:
        self.source = source
        self.clock = clock
        self.quotes = quotes
        self.feed = feed
        self.services = services

    @classmethod
    async def open(cls, profile: ProfilePaths | None, source: ReplaySource,
                   events: Sequence[ReplayEvent], *, speed: float = 1.0,
                   start: datetime | None = None) -> ReplaySession:
        """Open the replay's own database and feed; the clock stands (paused) at the
        session's first event, or ``start``, until :meth:`play`."""
        if not events:
            raise NoReplayData(source.day, [])
        first = ready_at(events)
        clock = ReplayClock(max(first, start) if start else first, speed=speed)
        quotes = QuoteService()
        services = await AppServices.open(replay_paths(profile, source.day) if profile
                                          else None, clock=clock, quotes=quotes)
        try:  # an earlier replay of this day left orders resting: this one starts clean
            for order in await services.orders.open_orders():
                await services.orders.cancel(order.id, source="replay: a new replay began")
        except BaseException:
            await services.stop()
            raise
        feed = ReplayFeed(events, clock, source.day)
        await feed.start(quotes)
        return cls(source, clock, quotes, feed, services)

    @property
    def status(self) -> ReplayStatus:
        played, total = self.feed.progress
        return ReplayStatus(self.source.day, self.clock.now(), self.clock.speed,
                            self.clock.playing, self.feed.finished.is_set(), played, total)

    def play(self) -> None:
        self.clock.play()

    def pause(self) -> None:
        self.clock.pause()

    def set_speed(self, speed: float) -> float:
        return self.clock.set_speed(speed)

    async def settle(self) -> None:
        """Play what is due and let the dry-run broker match it (tests, the CLI)."""
        self.feed.deliver_due()
        broker = self.services.orders.broker
        if isinstance(broker, DryRunBroker):
            await broker.drain()
        await self.services.bus.drain()

    async def run_to_end(self, *, timeout: float | None = None) -> None:
        """Play to the session's end (real time = session length / speed)."""
        self.play()
        await asyncio.wait_for(self.feed.finished.wait(), timeout)
        end = self.feed.end
        if end is not None:
            self.clock.jump_to(end + timedelta(milliseconds=1))
        await self.settle()
        await self.services.orders.poll()

    async def close(self) -> None:
        self.clock.pause()
        await self.feed.stop()
        await self.services.stop()
