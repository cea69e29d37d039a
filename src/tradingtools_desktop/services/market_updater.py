""""Update market data": the one entry point the GUI action, the CLI and the schedule use.

:meth:`MarketDataUpdater.update` refreshes the daily bars (see :mod:`.history_refresh`),
then - when that worked - the listing at most once a day (SSI Data SecuritiesDetails when
the key is there, else vnstock's Listing through the worker), and tells the risk engine its
cached prices changed. One update
runs at a time; a second caller gets the running one's result.

:meth:`MarketDataUpdater.run_schedule` is what the runtime starts: an update soon after the
app starts, then one after each session's close (15:30 Vietnam time on trading days), for
as long as the app runs. After each scheduled update that worked, the fundamentals of the
refresh universe follow (:meth:`after_update`, services/fundamentals_refresh.py): paced to
vnstock's limit, only symbols not fetched for a week, at most ``SCHEDULED_LIMIT`` a round;
then fresh headlines for the watchlist and VN30 first (services/news_refresh.py);
cancelled with the schedule. ``TRADINGTOOLS_AUTO_REFRESH=0`` switches the schedule off (the test
suite does, so no test reaches the internet).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..domain.market.calendar import VN_TZ, TradingCalendar
from ..store.db import Database
from ..vault import Vault
from .fundamentals_refresh import (
    SCHEDULED_LIMIT,
    SCHEDULED_MAX_AGE,
    FundamentalsRefresh,
    FundamentalsResult,
)
from .history_refresh import HistoryRefresh, ProgressFn, RefreshResult
from .history_sources import refresh_market_data, vnstock_worker
from .news_refresh import NewsResult, fetch_news, scheduled_symbols

__all__ = ["ENV_AUTO_REFRESH", "MarketDataUpdater", "next_scheduled_run"]

log = logging.getLogger(__name__)
ENV_AUTO_REFRESH = "TRADINGTOOLS_AUTO_REFRESH"
AFTER_CLOSE = time(15, 30)  # half an hour after the last session ends: providers have it
START_DELAY_S = 20.0  # let the window come up before the first refresh


def next_scheduled_run(now: datetime, calendar: TradingCalendar) -> datetime:
    """The next 15:30 VN of a trading day strictly after ``now`` (aware)."""
    local = now.astimezone(VN_TZ)
    day = local.date()
    if not (calendar.is_trading_day(day) and local.time() < AFTER_CLOSE):
        day = calendar.next_trading_day(day)
    return datetime.combine(day, AFTER_CLOSE, VN_TZ)


class MarketDataUpdater:
    def __init__(self, db: Database, calendar: TradingCalendar, now: Callable[[], datetime],
                 *, vault: Vault | None, data_url: Callable[[], str | None],
                 cache_dir: Path | None,
                 on_updated: Callable[[RefreshResult], object] | None = None) -> None:
        self._db = db
        self._calendar = calendar
        self._now = now
        self._vault = vault
        self._data_url = data_url
        self._cache_dir = cache_dir
        self._on_updated = on_updated
        self.listing_problem: str | None = None
        self.history = HistoryRefresh(db, calendar, now)
        self.fundamentals = FundamentalsRefresh(db, now, cache_dir=cache_dir, vault=vault)
        self.news_last: NewsResult | None = None
        self._running: asyncio.Task[RefreshResult] | None = None
        self._listeners: list[Callable[[RefreshResult], object]] = []
        self.last: RefreshResult | None = None

    def listen(self, listener: Callable[[RefreshResult], object]) -> Callable[[], None]:
        """``listener(result)`` after every update (manual or scheduled), on the loop's
        thread; returns the call that stops it. A failing listener is logged, not raised."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners \
            else None

    @property
    def running(self) -> bool:
        return self._running is not None and not self._running.done()

    async def update(self, universe: str | None = None, *, progress: ProgressFn | None = None,
                     cancel: asyncio.Event | None = None) -> RefreshResult:
        if self._running is not None and not self._running.done():
            return await asyncio.shield(self._running)
        self._running = asyncio.ensure_future(self._update(universe, progress, cancel))
        return await asyncio.shield(self._running)

    async def _update(self, universe: str | None, progress: ProgressFn | None,
                      cancel: asyncio.Event | None) -> RefreshResult:
        result = await refresh_market_data(
            self.history, self._db, vault=self._vault, data_url=self._data_url(),
            cache_dir=self._cache_dir, universe=universe, progress=progress, cancel=cancel)
        if result.problem is None and not result.cancelled:
            await self._listing()
        self.last = result
        if self._on_updated is not None and result.bars_written:
            self._on_updated(result)
        if result.problem is not None:
            log.info("market data not updated: %s (%s)", result.sentence(), result.detail)
        for listener in list(self._listeners):
            try:
                listener(result)
            except Exception:
                log.exception("market-data update listener failed")
        return result

    async def _listing(self) -> None:
        """The SSI listing (Securities / SecuritiesDetails), at most once a day, when the
        FastConnect Data key is there. A failure is kept in ``listing_problem``: the bars
        still refresh, and the bundled listing stays."""
        from ..market.listing import listing_refreshed_since, refresh_listing_from_ssi
        from ..market.ssi_data.errors import SsiDataError
        from .history_sources import ssi_data_client

        now = self._now()
        start_of_day = datetime.combine(now.astimezone(VN_TZ).date(), time(0), VN_TZ)
        if await listing_refreshed_since(self._db, start_of_day):
            return
        client, _why = await ssi_data_client(self._vault, self._data_url())
        if client is None:
            await self._vnstock_listing(now)
            return
        try:
            async with client:
                await refresh_listing_from_ssi(client, self._db, now)
            self.listing_problem = None
        except SsiDataError as exc:
            self.listing_problem = str(exc)
            log.warning("listing refresh failed: %s", type(exc).__name__)

    async def _vnstock_listing(self, now: datetime) -> None:
        from ..market.listing import refresh_listing_from_vnstock
        from ..market.vnstock_worker import ProviderError, VnstockProvider

        if self._cache_dir is None:
            return
        try:
            records = await VnstockProvider(self._cache_dir, timeout_s=60).call("listing")
            await refresh_listing_from_vnstock(list(records or []), self._db, now)
            self.listing_problem = None
        except (ProviderError, TypeError, ValueError) as exc:
            self.listing_problem = str(exc)
            log.warning("vnstock listing refresh failed: %s", type(exc).__name__)

    async def after_update(self, result: RefreshResult) -> FundamentalsResult | None:
        """The scheduled fundamentals round, then the news round, after a market-data
        update that worked (None when it did not: offline then, both would fail too)."""
        if result.problem is not None or result.cancelled:
            return None
        done = await self.fundamentals.update(max_age=SCHEDULED_MAX_AGE, limit=SCHEDULED_LIMIT)
        if done.problem is None and not done.cancelled:
            self.news_last = await self.news_round()
        return done

    async def news_round(self, provider: Any | None = None) -> NewsResult:
        """Fresh headlines for the watchlist and VN30 first (services/news_refresh.py),
        paced to vnstock's limit; ``provider`` stands in for the worker in tests."""
        symbols = await scheduled_symbols(self._db)
        pacer = None
        if provider is None:
            provider, pacer = await vnstock_worker(self._vault, self._cache_dir, 60.0)
        result = await fetch_news(self._db, symbols, provider, now=self._now, pacer=pacer,
                                  stop_on_problem=True)
        log.info("news round: %d new headline(s) for %d symbol(s)%s", result.new,
                 len(result.outcomes), f", stopped: {result.problem}" if result.problem else "")
        return result

    async def close(self) -> None:
        """Stop an update under way (its current batch commits or rolls back whole) and a
        fundamentals round under way (its worker is killed)."""
        task, self._running = self._running, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.fundamentals.close()

    async def run_schedule(self, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
                           ) -> None:
        """On start (after a short delay) and after each close, until cancelled."""
        if os.environ.get(ENV_AUTO_REFRESH, "1").strip().lower() in ("0", "off", "false", "no"):
            log.info("scheduled market-data refresh is off (%s)", ENV_AUTO_REFRESH)
            return
        await sleep(START_DELAY_S)
        while True:
            try:
                await self.after_update(await self.update())
            except Exception:
                log.exception("scheduled market-data refresh failed")
            wait = (next_scheduled_run(self._now(), self._calendar) - self._now())
            await sleep(max(60.0, wait / timedelta(seconds=1)))
