"""The running services of one profile: opened together, stopped together.

``AppServices.open(paths)`` opens and migrates the profile DB, builds the repositories and
services and loads persisted state. ``stop()`` stops background work and closes the DB
cleanly (checkpointed). Switching profile = ``stop()`` then ``open()`` on the new paths.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..market.bundled import seed_if_empty
from ..paths import ProfilePaths
from ..store import Database, MigrationReport, open_database
from ..store.app_state import AppStateRepository
from .bus import EventBus
from .trading_state import TradingStateService

log = logging.getLogger(__name__)


@dataclass
class AppServices:
    paths: ProfilePaths | None
    db: Database
    bus: EventBus
    app_state: AppStateRepository
    trading: TradingStateService
    migration: MigrationReport
    _stopped: bool = field(default=False, repr=False)

    @classmethod
    async def open(cls, paths: ProfilePaths | None, bus: EventBus | None = None) -> AppServices:
        """Open a profile (``None`` = an in-memory profile, for tests and benchmarks)."""
        if paths is not None:
            paths.ensure()
        db, report = await open_database(
            paths.db if paths else None, paths.backups if paths else None
        )
        await seed_if_empty(db)
        bus = bus or EventBus()
        repo = AppStateRepository(db)
        trading = TradingStateService(repo, bus)
        await trading.load()
        log.info("profile %s opened (schema %s -> %s)", paths.name if paths else ":memory:",
                 report.from_version, report.to_version)
        return cls(paths, db, bus, repo, trading, report)

    @property
    def profile_name(self) -> str:
        return self.paths.name if self.paths else ":memory:"

    async def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        await self.bus.drain()
        await self.db.close()
        log.info("profile %s closed", self.profile_name)
