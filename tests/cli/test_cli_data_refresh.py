"""``tradingtools data refresh`` against the FastConnect Data simulator (real sockets), the
one-sentence offline answer of ``refresh`` and ``fetch``, and a refresh killed with SIGKILL
mid-run that leaves whole days only and resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET, SsiDataSimulator

from tradingtools_desktop.cli import main

AFTER_CLOSE = "2025-11-13T16:00:00+07:00"
CUT = date(2025, 10, 31)
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def sim():
    simulator = SsiDataSimulator()
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


def _data_keys(monkeypatch, url: str) -> None:
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_URL", url)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_ID", DEMO_CONSUMER_ID)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", AFTER_CLOSE)


def _cut(db: Path) -> None:
    with duckdb.connect(str(db)) as conn:
        conn.execute("DELETE FROM daily_bars WHERE day > ?", [CUT])


def _db_path(home: Path) -> Path:
    found = list(home.glob("profiles/*/trading.duckdb"))  # not the daily backups
    assert len(found) == 1, found
    return found[0]


def test_refresh_brings_the_whole_market_up_to_the_last_close(tt_home, sim, monkeypatch,
                                                               capsys) -> None:
    _data_keys(monkeypatch, sim.url)
    assert main(["data", "status", "--json"]) == 0  # creates and seeds the profile
    capsys.readouterr()
    _cut(_db_path(tt_home))
    assert main(["data", "refresh", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["source"] == "ssi_data:DailyStockPrice" and doc["up_to_date"]
    assert doc["data_as_of"] == "2025-11-13" and doc["batches_done"] == 9
    assert doc["message"] is None and doc["problem"] is None
    # the second run has nothing to do
    assert main(["data", "refresh"]) == 0
    out = capsys.readouterr().out
    assert "updated to 2025-11-13: 0 bars written" in out


def test_refresh_offline_says_one_sentence(tt_home, monkeypatch, capsys) -> None:
    _data_keys(monkeypatch, "http://127.0.0.1:9")  # nothing listens there
    assert main(["data", "status", "--json"]) == 0
    capsys.readouterr()
    _cut(_db_path(tt_home))
    assert main(["data", "refresh"]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == "No internet: prices are from 2025-10-31."
    assert "Traceback" not in captured.err and "Error" not in captured.err


def test_fetch_offline_says_one_sentence_not_a_connection_error(tt_home, monkeypatch,
                                                                 capsys) -> None:
    import importlib.util

    if importlib.util.find_spec("vnstock") is None:
        pytest.skip("vnstock is not installed")
    # the vnstock worker's network goes to a dead local proxy
    for var in ("HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    assert main(["data", "fetch", "FPT", "VCB", "--start", "2025-11-01",
                 "--end", "2025-11-30"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["FPT: No internet: prices are from 2025-11-13."]  # VCB not tried


def test_a_refresh_killed_mid_run_leaves_whole_days_and_the_next_one_resumes(
        tt_home, sim, monkeypatch, capsys) -> None:
    _data_keys(monkeypatch, sim.url)
    assert main(["data", "status", "--json"]) == 0
    capsys.readouterr()
    db = _db_path(tt_home)
    with duckdb.connect(str(db)) as conn:  # a longer gap: 2025-08-29 .. 2025-11-13
        conn.execute("DELETE FROM daily_bars WHERE day > '2025-08-29'")
    env = {**os.environ, "PYTHONPATH": str(SRC), "TRADINGTOOLS_SSI_DATA_URL": sim.url}
    cli = "import sys; from tradingtools_desktop.cli import main; sys.exit(main())"
    proc = subprocess.Popen([sys.executable, "-c", cli, "data", "refresh"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while sim.state.calls["dailystockprice"] < 12:  # some days are written by now
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the refresh never got going"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with duckdb.connect(str(db)) as conn:  # replays the WAL of committed days only
        days = dict(conn.execute("SELECT day, count(*) FROM daily_bars WHERE day > "
                                 "'2025-08-29' GROUP BY day").fetchall())
        logged = {r[0] for r in conn.execute("SELECT day FROM market_days").fetchall()}
    expected = {}
    for bars in sim.market.bars.values():
        for b in bars:
            if b.day > date(2025, 8, 29):
                expected[b.day] = expected.get(b.day, 0) + 1
    assert days, "nothing was committed before the kill"
    assert set(days) == logged  # every written day is logged, and nothing else
    assert all(days[d] == expected[d] for d in days)  # each one whole
    assert set(days) < set(expected)  # killed before the end
    assert main(["data", "refresh", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["up_to_date"] and doc["batches_done"] == len(expected) - len(days)
    with duckdb.connect(str(db)) as conn:
        final = dict(conn.execute("SELECT day, count(*) FROM daily_bars WHERE day > "
                                  "'2025-08-29' GROUP BY day").fetchall())
    assert final == expected
