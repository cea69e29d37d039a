# ruff: noqa: S603, S607 - runs git, the app CLI and pack processes by design
"""Shared plumbing for the e2e packs: the sandbox, the report, the CLI, the SSI simulator.

A pack runs in its own process (``python -m e2e.run --pack NAME``) whose environment the
runner sandboxed: a fresh TRADINGTOOLS_HOME, HOME and XDG dirs under a temp dir, the
keychain disabled (keyring's fail backend), Qt offscreen and dead HTTP(S) proxies so
nothing reaches the internet. Brokers and LLMs are local servers on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # a Wednesday, HOSE continuous session
FPT_REF = 99_600  # FPT's last close in the bundled data (2025-11-13)
DEAD_PROXY = "http://127.0.0.1:9"

DEMO_SECRETS = {  # the simulator's demo consumer (simulators/ssi_fastconnect/demo.py)
    "SSI_CONSUMER_ID": "968d7b5940f5437583021aea2b038f35",
    "SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
    "SSI_ACCOUNT": "0901351",
    "SSI_TWO_FACTOR": "PIN",
    "SSI_PIN": "123456",
}


def sandbox_env(base: Path) -> dict[str, str]:
    """The environment a pack process runs in: nothing of the user's is reachable."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TRADINGTOOLS_", "OTEL_")) and k not in (
               "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
               "all_proxy", "NO_PROXY", "no_proxy")}
    for sub in ("home", "xdg-data", "xdg-config", "xdg-cache", "tradingtools-home"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    env.update({
        "HOME": str(base / "home"), "XDG_DATA_HOME": str(base / "xdg-data"),
        "XDG_CONFIG_HOME": str(base / "xdg-config"), "XDG_CACHE_HOME": str(base / "xdg-cache"),
        "TRADINGTOOLS_HOME": str(base / "tradingtools-home"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
        "HTTP_PROXY": DEAD_PROXY, "HTTPS_PROXY": DEAD_PROXY,
        "http_proxy": DEAD_PROXY, "https_proxy": DEAD_PROXY,
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        # this tree's own code first: the venv's editable install may be another checkout
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    })
    return env


def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return sha + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def environment() -> dict[str, str]:
    from tradingtools_desktop import __version__

    return {"python": platform.python_version(), "platform": platform.platform(),
            "app_version": __version__, "git_commit": git_commit(),
            "tradingtools_home": os.environ.get("TRADINGTOOLS_HOME", "?"),
            "run_at": datetime.now(UTC).isoformat(timespec="seconds")}


def short(order_id: str | None) -> str:
    return (order_id or "-")[:8]


def thousands(vnd_price: int) -> str:
    """A VND price as typed on the CLI: thousands of VND, as the boards show it
    (99_600 -> "99.6")."""
    from decimal import Decimal

    return f"{(Decimal(vnd_price) / 1000).normalize():f}"


def vnd(value: int | None) -> str:
    return "-" if value is None else f"{value:,} VND"


@dataclass
class Step:
    name: str
    ok: bool
    observed: dict[str, Any]
    expected: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


class Pack:
    """One pack's steps and its report. ``check`` records a step; a failed step does not
    stop the pack (later steps still say what they saw), an exception does."""

    def __init__(self, name: str, title: str) -> None:
        self.name = name
        self.title = title
        self.steps: list[Step] = []
        self.notes: list[str] = []
        self._t0 = time.monotonic()
        self._last = self._t0
        self.error: str | None = None

    def check(self, name: str, ok: bool, observed: dict[str, Any],
              expected: dict[str, Any] | None = None) -> bool:
        now = time.monotonic()
        self.steps.append(Step(name, bool(ok), observed, expected or {},
                               round(now - self._last, 3)))
        self._last = now
        return bool(ok)

    def expect(self, name: str, observed: dict[str, Any], expected: dict[str, Any],
               extra: dict[str, Any] | None = None) -> bool:
        """A step that passes when every expected key equals the observed value."""
        ok = all(observed.get(k) == v for k, v in expected.items())
        return self.check(name, ok, {**observed, **(extra or {})}, expected)

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.steps) and all(s.ok for s in self.steps)

    def run(self, body: Callable[[Pack], Any]) -> None:
        try:
            body(self)
        except Exception:  # the report says what broke; the pack fails
            self.error = traceback.format_exc(limit=8)

    def write(self, out: Path) -> dict[str, Any]:
        out.mkdir(parents=True, exist_ok=True)
        data = {"pack": self.name, "title": self.title,
                "status": "PASS" if self.passed else "FAIL",
                "duration_s": round(time.monotonic() - self._t0, 2),
                "steps_passed": sum(s.ok for s in self.steps), "steps": len(self.steps),
                "environment": environment(), "notes": self.notes, "error": self.error,
                "results": [{"step": s.name, "ok": s.ok, "seconds": s.seconds,
                             "observed": s.observed, "expected": s.expected}
                            for s in self.steps]}
        (out / f"{self.name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False,
                                                          default=str) + "\n")
        (out / f"{self.name}.md").write_text(self._markdown(data))
        return data

    def _markdown(self, data: dict[str, Any]) -> str:
        env = data["environment"]
        lines = [f"# E2E pack `{self.name}` — {data['status']}", "", self.title, "",
                 f"- steps: {data['steps_passed']}/{data['steps']} passed, "
                 f"duration {data['duration_s']} s",
                 f"- python {env['python']}, app {env['app_version']}, git {env['git_commit']}",
                 f"- platform {env['platform']}, run at {env['run_at']}", "",
                 "| # | step | result | observed | expected |", "|---|---|---|---|---|"]
        for i, s in enumerate(self.steps, 1):
            lines.append(f"| {i} | {s.name} | {'pass' if s.ok else '**FAIL**'} | "
                         f"{_cell(s.observed)} | {_cell(s.expected)} |")
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        if self.error:
            lines += ["", "## Error", "", "```", self.error.rstrip(), "```"]
        return "\n".join(lines) + "\n"


def _cell(values: dict[str, Any]) -> str:
    if not values:
        return ""
    text = "; ".join(f"{k}={_fmt(v)}" for k, v in values.items())
    return text.replace("|", "\\|").replace("\n", " ")


def _fmt(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


# -- the CLI as a user runs it ---------------------------------------------------------------
@dataclass
class CliResult:
    rc: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.stdout)


def cli(*args: str, frozen: datetime | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> CliResult:
    """``tradingtools ARGS`` in this (sandboxed) environment; ``frozen`` pins the practice
    clock with TRADINGTOOLS_FROZEN_TIME, as a user practising outside market hours does."""
    exe = Path(sys.executable).parent / "tradingtools"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "tradingtools_desktop.cli"]
    run_env = dict(os.environ, **(env or {}))
    if frozen is not None:
        run_env["TRADINGTOOLS_FROZEN_TIME"] = frozen.isoformat()
    t0 = time.monotonic()
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=run_env,
                          timeout=timeout, cwd=tempfile.gettempdir())
    return CliResult(done.returncode, done.stdout, done.stderr, round(time.monotonic() - t0, 3))


# -- a real, moving clock shifted into the session ------------------------------------------
def session_clock(start: datetime = WED_10AM) -> Any:
    """Real time at real speed from ``start`` (a SystemClock, so the live guardrails accept
    it), which the pack can move forward (DLQ backoff, T+2)."""
    from tradingtools_desktop.services.clock import SystemClock

    class SessionClock(SystemClock):
        def __init__(self) -> None:
            self._t0 = time.monotonic()
            self._offset = timedelta(0)

        def now(self) -> datetime:
            elapsed = timedelta(seconds=time.monotonic() - self._t0)
            return (start + elapsed + self._offset).astimezone(UTC)

        def advance(self, **kwargs: float) -> datetime:
            self._offset += timedelta(**kwargs)
            return self.now()

    return SessionClock()


def start_simulator(clock: Any, *, cash: int = 1_000_000_000, fault_seed: int = 0) -> Any:
    """The SSI FastConnect simulator on 127.0.0.1 (a random port) with the demo account
    (1 bn VND, 1,000 SSI, 200 FPT), SSI's retail fee 0.15 % and sell tax 0.1 %; the app
    gets its keys through the TRADINGTOOLS_SSI_* overrides, as a headless user would."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from simulators.ssi_fastconnect import SsiSimulator, seed_demo
    from simulators.ssi_fastconnect.state import SimState

    from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    state = SimState(clock=lambda: clock.now().timestamp(), fee_bps=15, sell_tax_bps=10)
    state.add_instrument("FPT", FPT_REF)
    sim = SsiSimulator(state, fault_seed=fault_seed)
    seed_demo(sim.state, key.public_key(), cash=cash)
    sim.start()
    for name, value in DEMO_SECRETS.items():
        os.environ[f"TRADINGTOOLS_{name}"] = value
    os.environ["TRADINGTOOLS_SSI_PRIVATE_KEY"] = private_key_to_ssi_xml(key)
    os.environ["TRADINGTOOLS_SSI_URL"] = sim.url
    return sim


def sim_count(sim: Any, request_id: str) -> int:
    """How many orders the broker holds for one of our requestIDs."""
    return sum(1 for o in sim.state.orders if int(o.unique_id) == int(request_id))
