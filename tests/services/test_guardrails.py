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
