"""The real app as a process: start-up, no heavy imports, single instance, clean shutdown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("pandas", "pandas_ta", "numba", "vnstock", "numpy")


def _env(home: Path) -> dict[str, str]:
    env = os.environ.copy()
    env["TRADINGTOOLS_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_app_when_started_then_window_shown_without_heavy_imports(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tradingtools_desktop", "--exit-after-shown"],
        env=_env(tmp_path), capture_output=True, text=True, timeout=120, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    timing = json.loads(out.stdout.strip().splitlines()[-1])
    assert timing["window_shown_s"] > 0
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in out.stderr.splitlines() if line.startswith("import time:")}
    assert not imported.intersection(HEAVY), imported.intersection(HEAVY)
    assert (tmp_path / "profiles" / "default" / "trading.duckdb").exists()


def test_second_instance_when_profile_open_then_exits_with_message(tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = subprocess.Popen([sys.executable, "-m", "tradingtools_desktop"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        log = tmp_path / "profiles" / "default" / "logs" / "tradingtools.log"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log.exists() and "opened" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("first instance did not open the profile")
        second = subprocess.run([sys.executable, "-m", "tradingtools_desktop"], env=env,
                                capture_output=True, text=True, timeout=60, check=False)
        assert second.returncode == 2
        assert "already running" in second.stderr
        assert first.poll() is None  # the first one is untouched
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    assert first.returncode == 0
    assert "closed" in log.read_text(encoding="utf-8")  # services stopped, DB closed cleanly


def test_app_started_with_replay_opens_in_the_replay_and_quits_cleanly(tmp_path: Path) -> None:
    shot = tmp_path / "replay.png"
    out = subprocess.run(
        [sys.executable, "-m", "tradingtools_desktop", "--replay", "14/04/2026", "--speed", "60",
         "--screenshot", str(shot)],
        env=_env(tmp_path), capture_output=True, text=True, timeout=120, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert shot.stat().st_size > 0
    log = (tmp_path / "profiles" / "default" / "logs" / "tradingtools.log").read_text("utf-8")
    assert "closed" in log
    bad = subprocess.run([sys.executable, "-m", "tradingtools_desktop", "--replay", "soon"],
                         env=_env(tmp_path), capture_output=True, text=True, timeout=60,
                         check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "'soon' is not a date" in bad.stderr
