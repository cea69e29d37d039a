"""The feed manager: which price source runs, for which symbols, and what the user is told.

On :meth:`FeedManager.start` it first seeds the quote service with the cache's newest daily
bar of every symbol (source BARS, with their day), so every consumer has a price at once,
labelled with its age. Then it picks the best source the profile has:

1. **SSI FastConnect Data** (``ssi-data``) when the vault holds the Data key pair
   (``ssi_data.consumer_id`` / ``ssi_data.consumer_secret``): the streaming feed with its
   own reconnects and REST polling (:class:`~...market.ssi_data.feed.SsiDataFeed`).
2. **vnstock's price board** (``vnstock``) when vnstock is installed: polled through the
   sandboxed worker during the session, batched, within the vnstock budget (faster with a
   ``vnstock.api_key``) (:class:`~...market.vnstock_board.VnstockBoardFeed`).
3. **Bars only** (``bars``): the seeded quotes, state OLD.

``prefer`` (``TRADINGTOOLS_PRICE_SOURCE`` in the composition root) narrows the choice:
``auto`` (default), ``ssi-data``, ``vnstock`` or ``bars`` (never ask the network).

The wanted symbols are the union of what the consumers ask for (:meth:`want`: the ticket's
symbol, the portfolio's positions, a watchlist, the board's page), re-sent to the running
feed whenever the union changes. Every feed state reaches the quote service's
:class:`FeedStatus`; an OLD state carries one plain sentence with the day the prices are
from ("No internet: prices are from 13/11/2025."), never an exception's text.
:meth:`describe` gives that sentence as an English template plus its values, so the UI
and the CLI translate it (``tr(template).format(**values)``).

Async and Qt-free; every call on the asyncio loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from ...domain.market.calendar import TradingCalendar, to_vn_time
from ...domain.market.quotes import (
    FeedState,
    IndexQuote,
    Quote,
    SecurityStatusUpdate,
    Trade,
)
from ...store.db import Database
from ..clock import Clock, SystemClock
from .bar_quotes import newest_bar_quotes
from .quote_service import QuoteService

log = logging.getLogger(__name__)

# the OLD sentences: English templates; {date} is dd/mm/yyyy of the newest price held
NO_INTERNET = "No internet: prices are from {date}."
KEY_REFUSED = "SSI refused the FastConnect Data key: prices are from {date}."
CLOSED = "No exchange is trading now: prices are from {date}."
NO_SOURCE = "No live price source is set up: prices are from {date}."
NO_PRICES = "No prices yet: no live source answered and the cache has no bars."
OLD_TEMPLATES = (NO_INTERNET, KEY_REFUSED, CLOSED, NO_SOURCE)

DATA_KEYS = ("ssi_data.consumer_id", "ssi_data.consumer_secret")
VNSTOCK_KEY = "vnstock.api_key"

# ``auto``: the best the profile has; ``bars``: never ask the network (offline use, tests)
PREFERENCES = ("auto", "ssi-data", "vnstock", "bars")
ENV_PRICE_SOURCE = "TRADINGTOOLS_PRICE_SOURCE"

SecretGetter = Callable[[str], Awaitable[str | None]]


class _Feed(Protocol):
    name: str

    @property
    def state(self) -> FeedState: ...

    async def start(self, sink: Any) -> None: ...

    async def subscribe(self, symbols: list[str]) -> None: ...

    async def stop(self) -> None: ...


class _Sink:
    """What the running feed pushes into: the quote service's own methods (no extra hop on
    the hot path), and the feed's state through the manager, which words it."""

    def __init__(self, quotes: QuoteService, on_state: Callable[[str, FeedState, str], None]
                 ) -> None:
        self.on_quote: Callable[[Quote], None] = quotes.on_quote
        self.on_trade: Callable[[Trade], None] = quotes.on_trade
        self.on_index: Callable[[IndexQuote], None] = quotes.on_index
        self.on_status: Callable[[SecurityStatusUpdate], None] = quotes.on_status
        self.on_state = on_state


class FeedManager:
    """See the module docstring."""

    def __init__(self, quotes: QuoteService, db: Database, secret: SecretGetter, *,
                 clock: Clock | None = None, calendar: TradingCalendar | None = None,
                 data_url: str | None = None, cache_dir: Path | None = None,
                 vnstock_env: Mapping[str, str] | None = None,
                 stream_config: Any = None, board_timing: Any = None,
                 vnstock_available: bool | None = None, prefer: str = "auto") -> None:
        self.quotes = quotes
        self._db = db
        self._secret = secret
        self._clock = clock or SystemClock()
        self._calendar = calendar or TradingCalendar()
        self._data_url = data_url
        self._cache_dir = cache_dir
        self._vnstock_env = dict(vnstock_env or {})
        self._stream_config = stream_config
        self._board_timing = board_timing
        self._vnstock_available = vnstock_available
        if prefer not in PREFERENCES:
            raise ValueError(f"price source must be one of {', '.join(PREFERENCES)}")
        self._prefer = prefer
        self._wants: dict[str, frozenset[str]] = {}
        self._sent: tuple[str, ...] | None = None
        self._feed: _Feed | None = None
        self._client: Any = None
        self._source = "bars"
        self._template: str = NO_SOURCE
        self._values: dict[str, str] = {}
        self._resubscribe: asyncio.Task[None] | None = None
        self._started = False
        self._lock = asyncio.Lock()

    # ---- what is wanted ----------------------------------------------------------------

    def want(self, consumer: str, symbols: Iterable[str]) -> None:
        """``consumer``'s whole set of symbols now (replaces its previous set; empty = none).
        The running feed hears the new union soon after (one re-subscribe for a burst)."""
        wanted = frozenset(s.strip().upper() for s in symbols if s and s.strip())
        if self._wants.get(consumer, frozenset()) == wanted:
            return
        if wanted:
            self._wants[consumer] = wanted
        else:
            self._wants.pop(consumer, None)
        if self._started and (self._resubscribe is None or self._resubscribe.done()):
            with contextlib.suppress(RuntimeError):  # no running loop: start() sends it
                self._resubscribe = asyncio.get_running_loop().create_task(
                    self._send_wanted(), name="feed-resubscribe")

    @property
    def wanted(self) -> frozenset[str]:
        out: set[str] = set()
        for symbols in self._wants.values():
            out |= symbols
        return frozenset(out)

    @property
    def source(self) -> str:
        """``ssi-data``, ``vnstock`` or ``bars`` (before start: ``bars``)."""
        return self._source

    @property
    def feed(self) -> _Feed | None:
        return self._feed

    def describe(self) -> tuple[str, dict[str, str]]:
        """The current state's sentence: an English template and its values. Live and
        polling states are the feed's own fixed sentences (no values)."""
        return self._template, dict(self._values)

    # ---- life --------------------------------------------------------------------------

    async def start(self) -> None:
        """Seed from the bars, pick the source, start it for the wanted symbols. Never
        raises for a source's trouble: that becomes the feed state."""
        async with self._lock:
            if self._started:
                return
            self._started = True
            await self._seed()
            try:
                feed = await self._choose()
            except Exception as exc:  # a broken source must not keep the app from starting
                log.warning("price source could not be set up: %s", type(exc).__name__)
                feed = None
            self._feed = feed
            if feed is None:
                self._old(NO_SOURCE)
                return
            self._source = feed.name
            await feed.start(_Sink(self.quotes, self._on_feed_state))
            await self._send_wanted()

    async def stop(self) -> None:
        async with self._lock:
            self._started = False
            task, self._resubscribe = self._resubscribe, None
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
            feed, self._feed = self._feed, None
            if feed is not None:
                await feed.stop()
            client, self._client = self._client, None
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.aclose()
            self._sent = None

    async def restart(self) -> None:
        """Pick the source again (keys were added or revoked)."""
        await self.stop()
        await self.start()

    # ---- the source --------------------------------------------------------------------

    async def _choose(self) -> _Feed | None:
        if self._prefer == "bars":
            return None
        if self._prefer in ("auto", "ssi-data"):
            consumer_id, consumer_secret = [await self._secret(k) for k in DATA_KEYS]
            if consumer_id and consumer_secret:
                return self._ssi_feed(consumer_id, consumer_secret)
        if self._prefer in ("auto", "vnstock") and self._has_vnstock():
            return await self._vnstock_feed()
        return None

    def _ssi_feed(self, consumer_id: str, consumer_secret: str) -> _Feed:
        from dataclasses import replace

        from ...market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials
        from ...market.ssi_data.feed import SsiDataFeed

        config = SsiDataConfig()
        if self._data_url:
            config = replace(config, base_url=self._data_url.rstrip("/"))
        self._client = SsiDataClient(config, SsiDataCredentials(consumer_id, consumer_secret))
        return SsiDataFeed(self._client, self._stream_config, calendar=self._calendar,
                           now=self._clock.now)

    def _has_vnstock(self) -> bool:
        if self._vnstock_available is not None:
            return self._vnstock_available
        return self._cache_dir is not None and importlib.util.find_spec("vnstock") is not None

    async def _vnstock_feed(self) -> _Feed | None:
        from ...market.vnstock_board import BoardTiming, VnstockBoardFeed
        from ...market.vnstock_worker import VnstockProvider

        if self._cache_dir is None:
            return None
        key = await self._secret(VNSTOCK_KEY)
        env = dict(self._vnstock_env)
        if key:
            env["VNSTOCK_API_KEY"] = key  # the child's environment only, never argv
        provider = VnstockProvider(self._cache_dir, timeout_s=30.0, extra_env=env)
        timing = self._board_timing or BoardTiming.for_key(bool(key))
        return VnstockBoardFeed(provider.call, timing, calendar=self._calendar,
                                now=self._clock.now)

    async def _send_wanted(self) -> None:
        await asyncio.sleep(0)  # let a burst of want() calls land first
        feed = self._feed
        wanted = tuple(sorted(self.wanted))
        if feed is None or wanted == self._sent:
            return
        self._sent = wanted
        await self._seed(wanted)
        await feed.subscribe(list(wanted))

    async def _seed(self, symbols: tuple[str, ...] | None = None) -> None:
        """Bars for ``symbols`` (None = every symbol) the service has no price for yet;
        the quote service drops any older than what it holds."""
        if symbols is not None:
            symbols = tuple(s for s in symbols if self.quotes.quote(s) is None)
            if not symbols:
                return
        try:
            seeded = await newest_bar_quotes(self._db, list(symbols) if symbols else None)
        except Exception as exc:  # a closed DB at shutdown, a cache being refreshed
            log.warning("could not read the newest bars: %s", type(exc).__name__)
            return
        for quote in seeded:
            self.quotes.on_quote(quote)

    # ---- states ------------------------------------------------------------------------

    def _on_feed_state(self, feed: str, state: FeedState, detail: str) -> None:
        if state is not FeedState.OLD:
            self._template, self._values = detail, {}
            self.quotes.on_state(feed, state, detail, self._clock.now())
            return
        from ...market.ssi_data.feed_config import KEY_REFUSED as SSI_KEY_REFUSED
        from ...market.vnstock_board import CLOSED as BOARD_CLOSED

        if detail == SSI_KEY_REFUSED:
            self._old(KEY_REFUSED, feed)
        elif detail == BOARD_CLOSED:
            self._old(CLOSED, feed)
        else:  # unreachable, no answer, an empty board: all the same thing to the user
            self._old(NO_INTERNET, feed)

    def _old(self, template: str, feed: str | None = None) -> None:
        day = self.newest_price_day()
        if day is None:
            template, values = NO_PRICES, {}
        else:
            values = {"date": day.strftime("%d/%m/%Y")}
        self._template, self._values = template, values
        self.quotes.on_state(feed or self._source, FeedState.OLD, template.format(**values),
                             self._clock.now())

    def newest_price_day(self) -> date | None:
        """The Vietnam day of the newest price held (of the wanted symbols when any)."""
        wanted = self.wanted
        quotes = self.quotes.quotes(wanted) if wanted else self.quotes.quotes()
        if not quotes and wanted:
            quotes = self.quotes.quotes()
        newest: datetime | None = max((q.at for q in quotes.values()), default=None)
        return to_vn_time(newest).date() if newest is not None else None
