# ruff: noqa: S603 - runs the pack processes by design
"""`make e2e`: run every e2e pack, each in its own sandboxed process, and summarise.

    python -m e2e.run                  # all packs -> build/e2e/<pack>.md|json, summary.md
    python -m e2e.run --only screener-real-run
    python -m e2e.run --pack NAME      # (internal) run one pack in this process

Exit status: 0 when every pack passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .common import ROOT, Pack, environment, sandbox_env

OUT = ROOT / "build" / "e2e"
PACK_TIMEOUT_S = 600


def _packs() -> dict[str, Callable[[], Pack]]:
    from . import pack_orders_dry_run, pack_orders_live, pack_portfolio_sync, pack_screener

    return {"order-lifecycle-dry-run": pack_orders_dry_run.run,
            "order-lifecycle-live": pack_orders_live.run,
            "portfolio-sync": pack_portfolio_sync.run,
            "screener-real-run": pack_screener.run}


NAMES = ("order-lifecycle-dry-run", "order-lifecycle-live", "portfolio-sync",
         "screener-real-run")


def run_one(name: str, out: Path) -> int:
    pack = _packs()[name]()
    data = pack.write(out)
    return 0 if data["status"] == "PASS" else 1


def run_all(names: list[str], out: Path, keep: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    for name in names:
        (out / f"{name}.json").unlink(missing_ok=True)
        base = Path(tempfile.mkdtemp(prefix=f"tt-e2e-{name}-"))
        t0 = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-m", "e2e.run", "--pack", name,
                                   "--out", str(out)], cwd=ROOT, env=sandbox_env(base),
                                  capture_output=True, text=True, timeout=PACK_TIMEOUT_S)
            rc, log = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as exc:
            rc, log = 124, f"timed out after {PACK_TIMEOUT_S} s\n{exc.stdout or ''}"
        seconds = round(time.monotonic() - t0, 1)
        (out / f"{name}.log").write_text(log if isinstance(log, str) else str(log))
        report = out / f"{name}.json"
        data = json.loads(report.read_text()) if report.exists() else {}
        status = data.get("status", "FAIL") if rc in (0, 1) else "FAIL"
        if rc != 0:
            status = "FAIL"
        failed = [r["step"] for r in data.get("results", []) if not r["ok"]]
        rows.append({"pack": name, "status": status, "seconds": seconds,
                     "steps": f"{data.get('steps_passed', 0)}/{data.get('steps', 0)}",
                     "failed": failed, "error": bool(data.get("error")) or not data})
        line = f"{status:4}  {name:<26} {rows[-1]['steps']:>6} steps  {seconds:6.1f} s"
        if failed:
            line += f"  failed: {'; '.join(failed)[:160]}"
        if not data:
            line += f"  (no report; see {out / (name + '.log')})"
        elif data.get("error"):
            line += f"  (crashed; see {out / (name + '.md')})"
        print(line, flush=True)
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    ok = all(r["status"] == "PASS" for r in rows)
    env = environment()
    lines = ["# E2E summary — " + ("PASS" if ok else "FAIL"), "",
             f"python {env['python']}, app {env['app_version']}, git {env['git_commit']}, "
             f"run at {env['run_at']}", "",
             "| pack | result | steps | seconds | report |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['pack']} | {r['status']} | {r['steps']} | {r['seconds']} | "
                     f"[{r['pack']}.md]({r['pack']}.md) |")
    (out / "summary.md").write_text("\n".join(lines) + "\n")
    (out / "summary.json").write_text(json.dumps({"status": "PASS" if ok else "FAIL",
                                                  "environment": env, "packs": rows},
                                                 indent=2) + "\n")
    print(f"e2e: {sum(r['status'] == 'PASS' for r in rows)}/{len(rows)} packs passed — "
          f"{out / 'summary.md'}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m e2e.run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", choices=NAMES, help="run one pack in this process (internal)")
    ap.add_argument("--only", action="append", choices=NAMES, help="run only these packs")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--keep", action="store_true", help="keep the packs' temp data dirs")
    args = ap.parse_args(argv)
    if args.pack:
        return run_one(args.pack, args.out)
    return run_all(args.only or list(NAMES), args.out, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
