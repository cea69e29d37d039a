"""Bundle: size of dist/TradingTools and start-up to window shown, bundle vs from source.

Start-up is timed as in benchmarks/startup.py: each sample is a fresh process, the clock runs
in this (parent) process from just before spawning to the child's "shown" JSON line on
stdout (``--exit-after-shown``), so loading the bundle's libraries or the interpreter and
imports count. Median of N runs each, alternating, offscreen, in a throwaway data dir.
Targets (issue 7): bundle <= 300 MB, start-up <= 2 s. Sizes are in MiB as `du -sh` prints
them (disk usage and apparent size); the target is checked against the disk usage.

    .venv/bin/python benchmarks/bundle.py [--runs 5] [--bundle dist/TradingTools]

Without a bundle (run `make bundle` first) it says so and exits 0.
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

ROOT = Path(__file__).resolve().parent.parent
SIZE_TARGET_MB = 300
START_TARGET_S = 2.0


def sample(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.communicate(timeout=60)
    if '"window_shown_s"' not in line or proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed (rc={proc.returncode}, first line {line!r})")
    return elapsed


def size_mib(path: Path) -> float:
    """Bytes of every file (symlinks not followed) in MiB, like `du -sm --apparent-size`."""
    total = sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() or f.is_symlink())
    return total / 2**20


def du_mb(path: Path) -> int | None:
    """Disk usage as `du -sm` reports it (blocks, MiB); None where du is missing."""
    try:
        out = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True,
                             check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(out.stdout.split()[0])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "TradingTools")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "bundle.json")
    args = ap.parse_args()
    exe = args.bundle / ("TradingTools.exe" if sys.platform == "win32" else "TradingTools")
    if not exe.exists():
        print(f"bundle benchmark skipped: no bundle at {args.bundle} (run `make bundle`)")
        return 0

    home = Path(tempfile.mkdtemp(prefix="tt-bench-bundle-"))
    env = dict(os.environ, TRADINGTOOLS_HOME=str(home))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bundle_cmd = [str(exe), "--exit-after-shown"]
    source_cmd = [sys.executable, "-m", "tradingtools_desktop", "--exit-after-shown"]
    first_bundle = sample(bundle_cmd, env)  # creates the profile dir and DB
    first_source = sample(source_cmd, env)
    bundle: list[float] = []
    source: list[float] = []
    for _ in range(args.runs):
        bundle.append(sample(bundle_cmd, env))
        source.append(sample(source_cmd, env))
    apparent = size_mib(args.bundle)
    on_disk = du_mb(args.bundle)
    extras = sorted(p.name for p in (args.bundle / "_internal").glob("*")
                    if p.name in ("pandas_ta", "numba", "llvmlite"))
    result = {
        "benchmark": "bundle",
        "platform": env["QT_QPA_PLATFORM"],
        "bundle": str(args.bundle),
        "optional_extras_bundled": extras,
        "size_mib_apparent": round(apparent, 1),
        "size_mb_apparent_decimal": round(apparent * 2**20 / 1e6, 1),
        "size_mib_du": on_disk,
        "size_target_mb": SIZE_TARGET_MB,
        "size_within_target": (on_disk or apparent) <= SIZE_TARGET_MB,
        "runs": args.runs,
        "bundle_start_median_s": round(statistics.median(bundle), 4),
        "source_start_median_s": round(statistics.median(source), 4),
        "start_target_s": START_TARGET_S,
        "start_within_target": statistics.median(bundle) <= START_TARGET_S,
        "bundle_first_run_s": round(first_bundle, 4),
        "source_first_run_s": round(first_source, 4),
        "bundle_all_s": [round(x, 4) for x in bundle],
        "source_all_s": [round(x, 4) for x in source],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
