"""Screener runs over the bundled real data: every agent, reproducibility, cancel."""

from __future__ import annotations

import asyncio
import csv

import pytest

from tradingtools_desktop.agents.signal import AgentSignal
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.events import ScreenerFinished, ScreenerProgress
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.screener import ScreenerError


def run(coro):
    return asyncio.run(coro)


def test_run_over_all_92_stocks_scores_with_every_agent_and_replays_identically(
    tt_home, tmp_path
) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("s1", tt_home))
        stages: list[str] = []
        svc.bus.subscribe(ScreenerProgress, lambda e: stages.append(e.stage))
        result = await svc.screener.run("ALL")
        assert result.status == "DONE" and len(result.verdicts) == 92
        assert {"technical", "fundamental", "news", "risk", "supervisor"} <= set(stages)
        meta = result.meta
        for key in ("data_hash", "as_of", "agent_versions", "params", "app_version",
                    "indicator_backend", "missing"):
            assert meta[key]
        fpt = next(v for v in result.verdicts if v["symbol"] == "FPT")
        agents = fpt["agents"]
        assert not agents["technical"]["abstained"] and not agents["fundamental"]["abstained"]
        assert not agents["risk"]["abstained"]
        # no headline names FPT in the bundled news: the news agent abstains, says why
        assert agents["news"]["abstained"] and "headline" in agents["news"]["abstain_reason"]
        assert -1 <= fpt["score"] <= 1 and 0 <= fpt["confidence"] <= 1
        assert fpt["suggested_qty"] % 100 == 0
        if fpt["score"] <= 0:
            assert fpt["suggested_qty"] == 0
        for v in result.verdicts:  # sizes respect the notional cap
            assert v["suggested_value"] <= 500_000_000
        replay = await svc.screener.replay(result.run_id)
        assert replay["identical"], replay
        shown = await svc.screener.result(result.run_id)
        assert len(shown.verdicts) == 92
        out = tmp_path / "run.csv"
        assert await svc.screener.export_csv(result.run_id, out) == 92
        with out.open() as fh:
            assert len(list(csv.DictReader(fh))) == 92
        await svc.stop()

    run(go())


def test_cancel_stops_a_run_and_records_it(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("s2", tt_home))
        finished: list[ScreenerFinished] = []
        svc.bus.subscribe(ScreenerFinished, finished.append)

        def cancel_on_first_stage(event: ScreenerProgress) -> None:
            if event.stage == "technical":
                svc.screener.cancel(event.run_id)

        svc.bus.subscribe(ScreenerProgress, cancel_on_first_stage)
        result = await svc.screener.run("VN30")
        assert result.status == "CANCELLED" and result.verdicts == []
        assert finished[-1].status == "CANCELLED"
        runs = await svc.screener.runs()
        assert runs[0]["status"] == "CANCELLED"
        await svc.stop()

    run(go())


def test_unknown_universe_says_what_is_missing(tt_home) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("s3", tt_home))
        with pytest.raises(ScreenerError, match="no symbols"):
            await svc.screener.run("NOPE1,NOPE2")
        await svc.stop()

    run(go())


def test_agent_signal_contract_refuses_a_silent_default() -> None:
    with pytest.raises(ValueError):
        AgentSignal("x", "1", 0.3, 0.5, "r", abstained=True, abstain_reason="why")
    with pytest.raises(ValueError):
        AgentSignal("x", "1", 1.5, 0.5, "r")
    a = AgentSignal.abstain("x", "1", "no data")
    assert a.abstained and a.score == 0 and "no data" in a.rationale
