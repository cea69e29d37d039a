"""``tradingtools quote`` through the same feed manager the GUI uses: against the FastConnect
Data simulator (keys from the environment overrides, as a user can give them) it shows live
stream prices; with no source it shows the bundled bars in thousands, old with their age;
a symbol nobody knows is named plainly with exit code 1."""

from __future__ import annotations

import json

from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET
from ssi_data_helpers import IN_SESSION

from tradingtools_desktop.cli import main


def test_quote_reads_the_live_stream_once(sim, tt_home, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRADINGTOOLS_PRICE_SOURCE", "auto")
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_URL", sim.url)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_ID", DEMO_CONSUMER_ID)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", IN_SESSION.isoformat())
    sim.replay.play(speed=20, loop=True)
    try:
        code = main(["quote", "FPT", "MBB", "--json", "--wait", "60"])
    finally:
        sim.replay.stop()
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["unknown"] == []
    assert out["feed"]["source"] == "ssi-data" and out["feed"]["state"] == "live"
    rows = {r["symbol"]: r for r in out["quotes"]}
    assert set(rows) == {"FPT", "MBB"}
    for r in rows.values():
        assert r["source"] == "ssi-stream" and isinstance(r["last_vnd"], int)
        assert r["best_bid_vnd"] is None or isinstance(r["best_bid_vnd"], int)


def test_quote_without_a_source_shows_the_bars_as_old(tt_home, capsys) -> None:
    assert main(["quote", "fpt", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (fpt,) = out["quotes"]
    assert out["feed"] == {"source": "bars", "state": "old", "detail":
                           "No live price source is set up: prices are from 13/11/2025."}
    assert fpt["symbol"] == "FPT" and fpt["last_vnd"] == 99_600 and fpt["source"] == "bars"
    assert fpt["old"] is True and fpt["age"].startswith("prices from 13/11/2025, ")
    assert fpt["reference_vnd"] and fpt["ceiling_vnd"] > fpt["reference_vnd"] > fpt["floor_vnd"]
    assert main(["quote", "FPT", "ZZZZ"]) == 1
    captured = capsys.readouterr()
    assert "No live price source is set up: prices are from 13/11/2025." in captured.out
    assert "99.60" in captured.out and "99,600" not in captured.out  # thousands for humans
    assert "No price is known for ZZZZ." in captured.err
    assert "Traceback" not in captured.err
