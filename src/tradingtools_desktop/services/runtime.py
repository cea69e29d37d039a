"""The running services of one profile: opened together, stopped together.

``AppServices.open(paths)`` opens and migrates the profile DB, seeds the bundled market data
into a new profile, builds the repositories and services and loads persisted state (trading
state, risk limits and counters, resting dry-run orders; orders a crash left mid-placement
go to the dead-letter queue). ``start_background()`` runs the poller: connects the live
broker when the profile has SSI keys, polls both brokers, runs the DLQ retry worker,
re-checks the guardrails and syncs the portfolio; ``stop()`` stops it, drains the bus and
closes the DB cleanly (checkpointed).
Switching profile = ``stop()`` then ``open()`` on the new paths.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..brokers.base import BrokerError
from ..brokers.dry_run import DryRunBroker
from ..domain.market.calendar import TradingCalendar
from ..domain.trading_state import TradingMode
from ..market.bundled import seed_if_empty
from ..market.listing import seed_listing
from ..paths import ProfilePaths
from ..store import Database, MigrationReport, open_database
from ..store.app_state import AppStateRepository
from ..store.idempotency import DuckDBIdempotencyStore
from ..store.ledger_repo import LedgerRepository
from ..store.market_repo import MarketRepository
from ..store.orders_repo import OrderRepository
from ..store.risk_repo import RiskRepository
from ..vault import Vault
from .ai_config import ai_client
from .bus import EventBus
from .clock import Clock, SystemClock
from .dlq import DeadLetterQueue
from .events import OrderUpdated, PortfolioSynced, SecretRevoked
from .guardrails import Guardrails, LiveGate
from .live_broker import LiveBrokerLink
from .market.feed_manager import ENV_PRICE_SOURCE, FeedManager
from .market.order_symbols import OpenOrderSymbols
from .market.quote_service import QuoteService
from .market.replay_clock import ReplayClock
from .market_updater import MarketDataUpdater
from .notify.notifier import Notifier
from .notify.telegram import API as TELEGRAM_API
from .notify.telegram import TelegramBot
from .oms import OrderManager
from .portfolio import PortfolioService
from .profile_backups import take_rolling_backup
from .reconciliation import ReconciliationService
from .risk_service import RiskService
from .screener import ScreenerService
from .settings import load_settings, ssi_data_url
from .track_record.service import TrackRecordService
from .trading_state import TradingStateService

log = logging.getLogger(__name__)
DRY_RUN_STARTING_CASH = 1_000_000_000
POLL_SECONDS = 1.0


@dataclass
class AppServices:
    paths: ProfilePaths | None
    db: Database
    bus: EventBus
    clock: Clock
    app_state: AppStateRepository
    trading: TradingStateService
    risk: RiskService
    ledger: LedgerRepository
    orders: OrderManager
    guardrails: Guardrails
    market: MarketRepository
    screener: ScreenerService
    migration: MigrationReport
    vault: Vault | None = None
    portfolio: PortfolioService | None = None
    notifier: Notifier | None = None
    dlq: DeadLetterQueue | None = None
    live: LiveBrokerLink | None = None
    live_portfolio: PortfolioService | None = None
    reconciliation: ReconciliationService | None = None
    quotes: QuoteService = field(default_factory=QuoteService)
    feed: FeedManager | None = None
    _feed_task: asyncio.Task[None] | None = field(default=None, repr=False)
    updater: MarketDataUpdater | None = None
    _schedule: asyncio.Task[None] | None = field(default=None, repr=False)
    track_record: TrackRecordService | None = None
    _poller: asyncio.Task[None] | None = field(default=None, repr=False)
    _last_sync: float | None = field(default=None, repr=False)
    _last_backup_check: float = field(default=0.0, repr=False)
    _logged: dict[str, float] = field(default_factory=dict, repr=False)
    _stopped: bool = field(default=False, repr=False)

    @classmethod
    async def open(cls, paths: ProfilePaths | None, bus: EventBus | None = None,
                   clock: Clock | None = None,
                   quotes: QuoteService | None = None) -> AppServices:
        """Open a profile (``None`` = an in-memory profile, for tests and benchmarks).
        ``quotes``: the quote service to use (a replay brings its own); else a new one."""
        if paths is not None:
            paths.ensure()
        db, report = await open_database(
            paths.db if paths else None, paths.backups if paths else None
        )
        try:
            if paths is not None:  # a daily copy, taken at start when the last is a day old
                await take_rolling_backup(db, paths, datetime.now(UTC))
            return await cls._build(paths, db, report, bus or EventBus(), clock or SystemClock(),
                                    quotes or QuoteService())
        except BaseException:
            await db.close()
            raise

    @classmethod
    async def _build(cls, paths: ProfilePaths | None, db: Database, report: MigrationReport,
                     bus: EventBus, clock: Clock, quotes: QuoteService) -> AppServices:
        await seed_if_empty(db)
        await seed_listing(db, clock.now())  # the full listing (bundled; SSI refreshes it)
        repo = AppStateRepository(db)
        trading = TradingStateService(repo, bus)
        await trading.load()
        settings = await load_settings(repo)
        calendar = TradingCalendar(settings.extra_closures)
        risk_repo = RiskRepository(db)
        gate = LiveGate()
        links: list[LiveBrokerLink] = []  # the live link is built after the OMS it feeds
        risk = RiskService(db, risk_repo, trading, clock, calendar, settings.fees, gate=gate,
                           live_book=lambda: links[0].account_book() if links else None,
                           cash_advance=lambda: settings.cash_advance, quotes=quotes,
                           market_time_paces=not isinstance(clock, ReplayClock))
        await risk.load()
        guardrails = Guardrails(gate, risk, risk_repo, trading, bus, clock)
        gate.found(tuple(await guardrails.problems()))
        ledger = LedgerRepository(db)
        await ledger.deposit_if_empty(DRY_RUN_STARTING_CASH, clock.now(),
                                      "dry-run starting cash")
        broker = DryRunBroker(db, calendar, quotes, clock.now)
        risk.on_market_invalidated(broker.prices.invalidate)  # new bars: new fill prices
        keys = await DuckDBIdempotencyStore.create(db)
        orders = OrderManager(OrderRepository(db), keys, risk, broker, trading, bus, clock)
        await orders.restore()
        dlq = DeadLetterQueue(db, orders, trading, bus, clock)
        await dlq.adopt_orphans()
        await dlq.repo.wake_all(clock.now())  # every doubt is looked up again at each start
        log.info("profile %s opened (schema %s -> %s)", paths.name if paths else ":memory:",
                 report.from_version, report.to_version)
        vault = _vault(db, bus, clock)
        live = LiveBrokerLink(vault.get, orders, clock, url=settings.ssi_url,
                              calendar=calendar)
        links.append(live)
        guardrails.broker_probe = live.probe
        reconciliation = ReconciliationService(db, bus, clock, fetch_broker=live.broker_snapshot,
                                               sync_books=orders.poll)
        await reconciliation.load()
        guardrails.reconciliation_probe = reconciliation.probe
        bus.subscribe(SecretRevoked, lambda e: live.forget()
                      if e.name.startswith("ssi.") else None)
        screener = ScreenerService(db, bus, clock, ai_loader=lambda: ai_client(vault, db),
                                   quotes=quotes)
        bus.subscribe(SecretRevoked, lambda e: screener.forget_ai()
                      if e.name.startswith("ai.") else None)
        feed = FeedManager(quotes, db, vault.get, clock=clock, calendar=calendar,
                           data_url=ssi_data_url(settings),
                           cache_dir=paths.cache if paths else None,
                           prefer=os.environ.get(ENV_PRICE_SOURCE, "auto").strip() or "auto")
        bus.subscribe(SecretRevoked, lambda e: _spawn(feed.restart())
                      if e.name.startswith(("ssi_data.", "vnstock.")) else None)
        # the portfolio's positions are wanted live (per source: ledger and broker apart)
        bus.subscribe(PortfolioSynced, lambda e: _want_positions(feed, e))
        order_symbols = OpenOrderSymbols(feed)  # resting orders' symbols are wanted live
        order_symbols.load(await orders.open_orders())
        bus.subscribe(OrderUpdated, lambda e: order_symbols.on_order(e.order))
        updater = MarketDataUpdater(db, calendar, clock.now, vault=vault,
                                    data_url=lambda: ssi_data_url(settings),
                                    cache_dir=paths.cache if paths else None,
                                    on_updated=lambda _r: risk.invalidate_market())
        notifier = Notifier(bus, repo, lambda: _telegram_bot(vault))
        bus.subscribe(SecretRevoked, lambda e: notifier.forget()
                      if e.name.startswith("telegram.") else None)
        track_record = TrackRecordService(db, bus, clock)
        screener.track_lookup = track_record.latest_for
        return cls(paths, db, bus, clock, repo, trading, risk, ledger, orders, guardrails,
                   MarketRepository(db), screener, report, vault=vault,
                   portfolio=PortfolioService(db, risk, bus, clock, quotes=quotes),
                   notifier=notifier,
                   dlq=dlq, live=live, reconciliation=reconciliation, updater=updater,
                   live_portfolio=PortfolioService(db, risk, bus, clock,
                                                   mode=TradingMode.LIVE,
                                                   broker_account=live.read_account,
                                                   quotes=quotes),
                   quotes=quotes, feed=feed, track_record=track_record)

    def active_portfolio(self) -> PortfolioService | None:
        """The portfolio of the current mode: SSI's account in LIVE, the ledger in dry-run."""
        if self.trading.mode is TradingMode.LIVE and self.live_portfolio is not None:
            return self.live_portfolio
        return self.portfolio

    async def sync_live(self) -> None:
        """One account read per sync: reconciliation (orders polled, then a fresh read that
        also refreshes the risk book), then the live portfolio from that same read. Each
        part reports its own failure (unhealthy reconciliation probe, stale portfolio)."""
        live = self.live
        if live is None or not live.connected:
            return
        reads = live.reads
        if self.reconciliation is not None:
            await self.reconciliation.run()
        if self.live_portfolio is not None:  # the read just made, else a read of its own
            await self.live_portfolio.refresh(
                account=live.last_view if live.reads > reads else None)

    @property
    def profile_name(self) -> str:
        return self.paths.name if self.paths else ":memory:"

    def start_feed(self) -> None:
        """Start the price feed in the background (the GUI: after the window shows; the CLI:
        the commands that read prices). Seeding and connecting never block the caller."""
        if self.feed is not None and self._feed_task is None and not self._stopped:
            self._feed_task = asyncio.ensure_future(self.feed.start())

    def start_background(self) -> None:
        """Poll the broker for fills, cancels and end-of-day expiry."""
        if self._poller is None:
            self._poller = asyncio.ensure_future(self._poll_forever())
        if self._schedule is None and self.updater is not None \
                and not isinstance(self.clock, ReplayClock):  # a replay's own DB: no refresh
            # market data on start and after each close (services/market_updater.py)
            self._schedule = asyncio.ensure_future(self.updater.run_schedule())

    async def _poll_forever(self) -> None:
        while True:
            await self.tick()
            await asyncio.sleep(POLL_SECONDS)

    async def tick(self) -> None:
        """One pass of the background work. Each step stands alone: a broker that cannot
        be read must not keep the guardrails from noticing it (they drop LIVE to dry-run),
        nor the DLQ worker from running."""
        now = asyncio.get_running_loop().time()
        live = self.live
        if live is not None and not live.connected:
            await self._step("broker connection", lambda: live.ensure_connected(now))
            if live.connected:
                self._last_sync = None  # just connected: sync and reconcile now
        await self._step("order poll", lambda: self.orders.poll(routine=True))
        if self.dlq is not None:
            await self._step("dead-letter worker", self.dlq.run_due)
        await self._step("guardrails", self.guardrails.refresh)
        if self.paths is not None and now - self._last_backup_check >= 3600.0:
            self._last_backup_check = now  # a window left open for days keeps daily copies
            paths = self.paths
            await self._step("daily backup", lambda: take_rolling_backup(
                self.db, paths, datetime.now(UTC)))
        every = 30.0 if self._in_session() else 300.0
        if self._last_sync is None or now - self._last_sync >= every:
            self._last_sync = now
            if self.portfolio is not None:
                await self._step("portfolio sync", self.portfolio.refresh)
            await self._step("live sync", self.sync_live)

    async def _step(self, name: str, work: Callable[[], Awaitable[object]]) -> None:
        try:
            await work()
        except Exception as exc:
            # the same failure is logged once a minute, not once a second
            key = f"{name}|{type(exc).__name__}|{exc}"
            at = time.monotonic()
            if at - self._logged.get(key, -1e9) >= 60.0:
                self._logged[key] = at
                log.warning("background %s failed: %s: %s", name, type(exc).__name__, exc,
                            exc_info=not isinstance(exc, BrokerError))

    def _in_session(self) -> bool:
        from ..domain.market.exchange import Exchange
        from ..domain.market.sessions import SessionPhase, session_phase

        phase = session_phase(Exchange.HOSE, self.clock.now(), self.risk.calendar)
        return phase not in (SessionPhase.CLOSED, SessionPhase.PRE_OPEN)

    async def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for task in (self._poller, self._schedule):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.updater is not None:
            await self.updater.close()
        if self._feed_task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._feed_task
        if self.feed is not None:
            await self.feed.stop()
        await self.bus.drain()
        await self.orders.broker.stop()  # stops listening to the quote service
        if self.live is not None:
            await self.live.stop()
        self.screener.close()
        if self.track_record is not None:
            self.track_record.close()
        if self.vault is not None:
            self.vault.lock()
        await self.db.close()
        log.info("profile %s closed", self.profile_name)


async def _telegram_bot(vault: Vault) -> TelegramBot | None:
    token = await vault.get("telegram.bot_token")
    chat = await vault.get("telegram.chat_id")
    if not token or not chat:
        return None
    api = os.environ.get("TRADINGTOOLS_TELEGRAM_API", TELEGRAM_API)  # a local Bot API server
    return TelegramBot(token, chat, api=api)


def _want_positions(feed: FeedManager, event: PortfolioSynced) -> None:
    summary = event.summary
    positions = getattr(summary, "positions", None) or []
    feed.want(f"portfolio:{getattr(summary, 'source', '')}", [p.symbol for p in positions])


_tasks: set[asyncio.Future[None]] = set()


def _spawn(coro: Awaitable[None]) -> None:
    """Run ``coro`` in the background, kept alive until it ends (bus handlers are sync)."""
    task = asyncio.ensure_future(coro)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def _vault(db: Database, bus: EventBus, clock: Clock) -> Vault:
    """The profile's vault; a revoke becomes a SecretRevoked event on the bus at once."""
    vault = Vault(db)
    vault.on_revoked(lambda name: bus.publish(SecretRevoked(name, clock.now())))
    return vault
