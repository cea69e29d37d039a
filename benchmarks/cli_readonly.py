"""Wall time of the read-only CLI commands (``order list``, ``order status``, ``data
status``, ``screen list``, ``portfolio``) against ``tradingtools --version`` in the same
run: each a fresh process, as a shell or a script runs them, on one sandboxed profile with
a few orders. The baseline is the interpreter start plus the CLI's import; what a command
costs above it is opening the profile and reading.

    .venv/bin/python benchmarks/cli_readonly.py [--runs 7]

Writes JSON (median and min per command, and the median above the baseline) to
benchmarks/results/cli_readonly.json.
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

SRC = Path(__file__).resolve().parents[1] / "src"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update({"TRADINGTOOLS_HOME": str(home), "PYTHONPATH": str(SRC),
                "TRADINGTOOLS_FROZEN_TIME": "2026-11-25T10:00:00+07:00"})
    return env


def _cli(env: dict[str, str], *argv: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tradingtools_desktop.cli", *argv], env=env,
        capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def measure(runs: int) -> dict[str, object]:
    """Each command's wall time over ``runs`` interleaved rounds, against ``--version``
    in the same run (also called by benchmarks/orders.py)."""
    with tempfile.TemporaryDirectory(prefix="tt-bench-cli-") as tmp:
        env = _env(Path(tmp))
        order_id = ""
        for i, price in enumerate(("95", "95.1", "99.6")):
            _, done = _cli(env, "order", "place", "--exchange", "HOSE", "--symbol", "FPT",
                           "--side", "buy", "--qty", "100", "--price", price, "--key",
                           f"bench-{i}", "--json")
            assert done.returncode == 0, done.stderr
            order_id = json.loads(done.stdout)["order"]["id"]
        commands = {"--version": ["--version"], "order list": ["order", "list"],
                    "order status": ["order", "status", order_id[:12]],
                    "data status": ["data", "status"], "screen list": ["screen", "list"],
                    "portfolio": ["portfolio"]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved: load on the machine hits all alike
            for name, argv in commands.items():
                took, done = _cli(env, *argv)
                assert done.returncode == 0, (name, done.stderr)
                times[name].append(took)
    base = statistics.median(times["--version"])
    return {
        "runs": runs,
        "baseline": "tradingtools --version (interpreter start + CLI import), same run",
        "commands": {name: {"median_s": round(statistics.median(t), 4),
                            "min_s": round(min(t), 4),
                            "above_baseline_s": round(statistics.median(t) - base, 4)}
                     for name, t in times.items()},
        "read_only": ["order list", "order status", "data status", "screen list",
                      "portfolio"],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).parent / "results" / "cli_readonly.json")
    args = ap.parse_args()
    result = measure(args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
