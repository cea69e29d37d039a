from __future__ import annotations

import asyncio
from datetime import timedelta, timezone

import pytest

from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.events import Alert, GuardrailTripped
from tradingtools_desktop.services.guardrails import GuardrailStatus, LiveRefused
from tradingtools_desktop.services.runtime import AppServices

VN = timezone(timedelta(hours=7))


def test_arm_live_when_guardrails_unhealthy_then_refused_with_reasons(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("g1", tt_home))
        with pytest.raises(LiveRefused) as err:
            await svc.guardrails.arm_live(acknowledged=False)
        text = str(err.value)
        assert "acknowledgement" in text and "broker" in text and "limits" in text
        assert svc.trading.mode is TradingMode.DRY_RUN
        await svc.stop()

    asyncio.run(go())


def test_trip_while_live_falls_back_to_dry_run_and_alerts(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("g2", tt_home))
        await svc.risk.set_limits(svc.risk.limits)  # the user confirms the limits
        healthy = True
        svc.guardrails.broker_probe = lambda: GuardrailStatus("broker", healthy, "test broker")
        svc.guardrails.reconciliation_probe = lambda: GuardrailStatus("reconciliation", True, "ok")
        events: list[object] = []
        svc.bus.subscribe(GuardrailTripped, events.append)
        svc.bus.subscribe(Alert, events.append)
        await svc.guardrails.arm_live(acknowledged=True)
        assert svc.trading.mode is TradingMode.LIVE
        healthy = False
        await svc.guardrails.refresh()
        assert svc.trading.mode is TradingMode.DRY_RUN
        assert any(isinstance(e, GuardrailTripped) for e in events)
        assert any(isinstance(e, Alert) and e.level == "critical" for e in events)
        history = await svc.app_state.history("trading_mode")
        assert "guardrail tripped" in history[0].reason
        await svc.stop()

    asyncio.run(go())


def test_daily_loss_is_tracked_per_mode_and_the_guardrail_watches_the_live_account(
        tt_home) -> None:
    from datetime import date

    from tradingtools_desktop.domain.trading_state import TradingMode

    async def go() -> None:
        svc = await AppServices.open(profile_paths("loss", tt_home))
        day = date(2026, 11, 25)
        await svc.risk.snapshots_for_equity(day, 1_000_000_000, TradingMode.LIVE)
        await svc.risk.snapshots_for_equity(day, 2_000_000_000, TradingMode.DRY_RUN)
        # the practice ledger halves: no concern of the live guardrail
        await svc.risk.snapshots_for_equity(day, 1_000_000_000, TradingMode.DRY_RUN)
        status = {g.name: g for g in await svc.guardrails.status()}
        assert status["daily loss"].healthy
        assert svc.risk.daily_loss(TradingMode.DRY_RUN) == (2_000_000_000, 1_000_000_000)
        # the broker account falls 5 % from its open: tripped
        await svc.risk.snapshots_for_equity(day, 950_000_000, TradingMode.LIVE)
        status = {g.name: g for g in await svc.guardrails.status()}
        assert not status["daily loss"].healthy
        assert svc.risk.daily_loss(TradingMode.LIVE) == (1_000_000_000, 50_000_000)
        await svc.stop()

    asyncio.run(go())
