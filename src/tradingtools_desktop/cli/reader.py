"""Read-only commands (``order list|status``, ``screen list|show``, ``data status``,
``portfolio`` without ``--live``): the
profile's database opened for reading only, with just the repositories they read — no
trading stack, no broker, no dead-letter adoption, no migration, no backup, no checkpoint:
the file is byte-for-byte unchanged after them.

A profile that does not exist yet, or whose schema is older than this version (it must be
migrated first, which writes), is opened the ordinary way instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..services.bus import EventBus
from ..services.clock import Clock, SystemClock
from ..services.portfolio import PortfolioService
from ..store import Database
from ..store.market_repo import MarketRepository
from ..store.migrations import _current_version, latest_version
from ..store.order_journal import pending_in
from ..store.orders_repo import OrderRepository
from .common import clock_from_env, paths_for, with_services

if TYPE_CHECKING:
    from ..services.runtime import AppServices
    from ..services.screener import ScreenerService


@dataclass
class Reader:
    db: Database
    orders: OrderRepository
    market: MarketRepository
    portfolio: PortfolioService  # the dry-run ledger, read with peek()
    bus: EventBus
    clock: Clock
    _screener: ScreenerService | None = field(default=None, repr=False)

    @property
    def screener(self) -> ScreenerService:
        """The screener's runs, built on first use (only ``screen`` reads them)."""
        if self._screener is None:
            from ..services.screener import ScreenerService

            self._screener = ScreenerService(self.db, self.bus, self.clock)
        return self._screener

    def close(self) -> None:
        if self._screener is not None:
            self._screener.close()


def _reader(db: Database, screener: ScreenerService | None = None) -> Reader:
    clock = clock_from_env() or SystemClock()
    bus = EventBus()
    return Reader(db, OrderRepository(db), MarketRepository(db),
                  PortfolioService(db, None, bus, clock), bus, clock, screener)


def with_reader[T](profile: str | None, fn: Callable[[Reader], Awaitable[T]]) -> T:
    """Run ``fn`` on a read-only view of the profile (see the module docstring);
    StoreError -> ``main`` prints it (exit 3)."""
    paths = paths_for(profile)
    clock_from_env()  # a bad TRADINGTOOLS_FROZEN_TIME is refused first, as elsewhere

    async def read_only() -> tuple[bool, T | None]:
        db = Database(paths.db, read_only=True)
        await db.connect()
        try:
            if await db.call(_current_version) != latest_version():
                return False, None  # needs migrating: the ordinary way
            reader = _reader(db)
            try:
                return True, await fn(reader)
            finally:
                reader.close()
        finally:
            await db.close()

    # a crash's order journal holds acknowledged orders: the ordinary open brings them in
    if paths.db.exists() and not pending_in(paths.db):
        done, result = asyncio.run(read_only())
        if done:
            return result  # type: ignore[return-value]

    async def ordinary(svc: AppServices) -> T:
        return await fn(_reader(svc.db, svc.screener))

    return with_services(profile, ordinary)
