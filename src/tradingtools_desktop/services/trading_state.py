"""Trading state (the kill switch) and trading mode: persisted, audited, published.

Contract: the state survives a restart (it is read from the profile DB on start, never reset
to ACTIVE by a restart); every change is stored with its reason and source before the event
is published. Halting runs the registered halt hooks (the OMS cancels every open order).
Cancels are never blocked by any state.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from ..domain.trading_state import TradingMode, TradingState
from ..store.app_state import AppStateRepository
from .bus import EventBus
from .events import ModeChanged, TradingStateChanged

log = logging.getLogger(__name__)

STATE_KEY = "trading_state"
MODE_KEY = "trading_mode"

HaltHook = Callable[[str], Awaitable[None]]


class TradingStateService:
    def __init__(self, repo: AppStateRepository, bus: EventBus) -> None:
        self._repo = repo
        self._bus = bus
        self._state = TradingState.ACTIVE
        self._mode = TradingMode.DRY_RUN
        self._halt_hooks: list[HaltHook] = []

    async def load(self) -> None:
        raw_state = await self._repo.get(STATE_KEY)
        raw_mode = await self._repo.get(MODE_KEY)
        self._state = TradingState(raw_state) if raw_state else TradingState.ACTIVE
        # Live never resumes by itself after a restart: the user re-arms it.
        self._mode = TradingMode.DRY_RUN
        if raw_mode == TradingMode.LIVE:
            await self._repo.set(MODE_KEY, TradingMode.DRY_RUN, reason="restart: live must be "
                                 "re-armed by the user", source="startup")

    @property
    def state(self) -> TradingState:
        return self._state

    @property
    def mode(self) -> TradingMode:
        return self._mode

    def on_halt(self, hook: HaltHook) -> None:
        self._halt_hooks.append(hook)

    async def set_state(self, new: TradingState, *, reason: str, source: str) -> None:
        old = self._state
        change = await self._repo.set(STATE_KEY, new.value, reason=reason, source=source)
        self._state = new
        log.info("trading state %s -> %s (%s, %s)", old, new, reason, source)
        self._bus.publish(TradingStateChanged(old, new, reason, source, change.at))
        if new is TradingState.HALTED:
            for hook in list(self._halt_hooks):
                try:
                    await hook(reason)
                except Exception:
                    log.exception("halt hook failed")

    async def kill_switch(self, source: str = "tray") -> None:
        await self.set_state(TradingState.HALTED, reason="kill switch", source=source)

    async def resume(self, source: str = "tray") -> None:
        await self.set_state(TradingState.ACTIVE, reason="resumed by user", source=source)

    async def set_mode(self, new: TradingMode, *, reason: str) -> None:
        old = self._mode
        change = await self._repo.set(MODE_KEY, new.value, reason=reason, source="user")
        self._mode = new
        self._bus.publish(ModeChanged(old, new, reason, change.at))

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)
