from __future__ import annotations

import asyncio

from tradingtools_desktop.domain.trading_state import TradingMode, TradingState
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.events import TradingStateChanged
from tradingtools_desktop.services.runtime import AppServices


def test_kill_switch_when_services_restart_then_halted_is_still_in_force(tt_home) -> None:
    paths = profile_paths("p1", tt_home)

    async def first_run() -> list[TradingStateChanged]:
        services = await AppServices.open(paths)
        seen: list[TradingStateChanged] = []
        services.bus.subscribe(TradingStateChanged, seen.append)
        halted_with: list[str] = []

        async def hook(reason: str) -> None:
            halted_with.append(reason)

        services.trading.on_halt(hook)
        assert services.trading.state is TradingState.ACTIVE
        await services.trading.kill_switch(source="test")
        assert halted_with == ["kill switch"]
        await services.stop()
        return seen

    seen = asyncio.run(first_run())
    assert [e.new for e in seen] == [TradingState.HALTED]

    async def second_run() -> None:
        services = await AppServices.open(paths)
        assert services.trading.state is TradingState.HALTED
        history = await services.app_state.history("trading_state")
        assert history[0].new_value == "HALTED" and history[0].source == "test"
        await services.trading.resume(source="test")
        await services.stop()

    asyncio.run(second_run())


def test_open_when_last_run_was_live_then_it_starts_in_dry_run(tt_home) -> None:
    paths = profile_paths("p2", tt_home)

    async def go() -> None:
        services = await AppServices.open(paths)
        await services.trading.set_mode(TradingMode.LIVE, reason="test")
        await services.stop()
        services = await AppServices.open(paths)
        assert services.trading.mode is TradingMode.DRY_RUN
        await services.stop()

    asyncio.run(go())
