"""``tradingtools replay DATE --fetch``: IntradayOhlc from the FastConnect Data simulator
(real HTTP on 127.0.0.1) into the cache, then that day replayed from the bars."""

from __future__ import annotations

import json

from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET

from tradingtools_desktop.cli import main


def test_replay_fetches_the_days_intraday_bars_then_replays_them(
        sim, tt_home, monkeypatch, capsys) -> None:
    sim.replay.step(len(sim.replay.pushes))  # the simulated day has traded
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_URL", sim.url)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_ID", DEMO_CONSUMER_ID)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    code = main(["replay", "2026-04-14", "--fetch", "MBB", "--source", "bars", "--order",
                 "BUY MBB 100 LO 26.60", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "MBB: 1 one-minute bar(s) of 14/04/2026 stored." in captured.err
    assert DEMO_CONSUMER_SECRET not in captured.err + captured.out
    out = json.loads(captured.out)
    assert out["replay"]["kind"] == "bars" and out["replay"]["symbols"] == ["MBB"]
    (order,) = out["orders"]
    assert order["status"] == "FILLED" and order["avg_price"] == 26_600
    assert sim.state.calls["intradayohlc"] >= 1


def test_fetch_without_a_data_key_is_one_plain_sentence(tt_home, capsys) -> None:
    assert main(["replay", "2026-04-14", "--fetch", "MBB"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: No SSI FastConnect Data key in this profile: add it in Setup to fetch "
        "intraday bars for a replay.")
