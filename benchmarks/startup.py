"""Start-up: process start -> main window shown, ours vs a bare PySide6 window, same run.

Each sample is a fresh interpreter; the clock runs in this (parent) process from just before
spawning the child to the child's "shown" line on stdout, so interpreter start and imports
count. Median of N runs each, alternating. Also records which heavy modules the app imports
at start-up (must be none of pandas, pandas_ta, numba, vnstock).

    .venv/bin/python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "w = QMainWindow(); w.resize(1200, 760); w.show()\n"
    "print('shown', flush=True)\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)
HEAVY = ("pandas", "pandas_ta", "numba", "vnstock")


def sample(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.communicate(timeout=60)
    if not line or proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed (rc={proc.returncode})")
    return elapsed


def heavy_imports(env: dict[str, str]) -> list[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "tradingtools_desktop",
                          "--exit-after-shown"], env=env, capture_output=True, text=True,
                         check=True)
    mods = {ln.split("|")[-1].strip().split(".")[0]
            for ln in out.stderr.splitlines() if ln.startswith("import time:")}
    return sorted(mods.intersection(HEAVY))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "startup.json")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="tt-bench-startup-"))
    env = dict(os.environ, TRADINGTOOLS_HOME=str(home))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    ours_cmd = [sys.executable, "-m", "tradingtools_desktop", "--exit-after-shown"]
    bare_cmd = [sys.executable, "-c", BARE]
    first_run = sample(ours_cmd, env)  # creates the profile dir and DB
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        bare.append(sample(bare_cmd, env))
        ours.append(sample(ours_cmd, env))
    result = {
        "benchmark": "startup",
        "platform": env["QT_QPA_PLATFORM"],
        "runs": args.runs,
        "ours_median_s": round(statistics.median(ours), 4),
        "bare_window_median_s": round(statistics.median(bare), 4),
        "overhead_s": round(statistics.median(ours) - statistics.median(bare), 4),
        "ratio": round(statistics.median(ours) / statistics.median(bare), 2),
        "ours_first_run_s": round(first_run, 4),
        "ours_all_s": [round(x, 4) for x in ours],
        "bare_all_s": [round(x, 4) for x in bare],
        "heavy_modules_imported_at_startup": heavy_imports(env),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
