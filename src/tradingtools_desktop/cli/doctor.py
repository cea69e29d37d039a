"""``tradingtools doctor``: environment and profile health as a table; non-zero on FAIL."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import asdict

from ..i18n import tr
from ..services.health import CheckResult, CheckStatus, run_checks
from ..services.runtime import AppServices
from .common import paths_for, print_json, print_table

_QT_PROBE = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "print(app.platformName())\n"
)


def no_display() -> bool:
    """Linux/BSD without a display server to talk to (and no platform chosen): a headless
    machine, where only the offscreen platform can start — not a broken Qt."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    env = os.environ
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def check_qt(timeout: float = 20.0) -> CheckResult:
    """Start a Qt GUI application in a child process: Qt aborts a process whose platform
    plugin cannot load, so the probe must not run in ours. No display at all is said as
    such (the headless commands work; the window needs a desktop session)."""
    if no_display():
        return CheckResult("qt platform", CheckStatus.SKIP,
                           tr("no display (DISPLAY and WAYLAND_DISPLAY are not set): the "
                              "desktop window needs a desktop session; the tradingtools "
                              "commands work without one (QT_QPA_PLATFORM=offscreen for "
                              "screenshots)"))
    try:
        out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
            [sys.executable, "-c", _QT_PROBE], capture_output=True, text=True,
            timeout=timeout, env=os.environ.copy(), check=False,
        )
    except subprocess.TimeoutExpired:
        return CheckResult("qt platform", CheckStatus.FAIL,
                           tr("Qt did not start within the timeout"))
    if out.returncode == 0:
        return CheckResult("qt platform", CheckStatus.OK,
                           tr("plugin '{name}' loads").format(name=out.stdout.strip()))
    last = (out.stderr.strip().splitlines() or [tr("no output")])[-1][:200]
    return CheckResult("qt platform", CheckStatus.FAIL,
                       tr("Qt platform plugin failed: {why} (Linux: see README for apt "
                          "packages)").format(why=last))


def _service_checks(profile: str | None) -> list[CheckResult]:
    """The wizard's connection checks with the profile's stored keys (real protocols)."""
    from ..services.connection_checks import CheckState, configured_values
    from ..services.connection_checks import run_checks as run_connection_checks
    from ..vault import VaultError
    from .common import unlock_vault, with_services

    async def go(svc: AppServices) -> list[CheckResult]:
        try:
            await unlock_vault(svc)
        except VaultError as exc:
            return [CheckResult("services", CheckStatus.SKIP,
                                tr("keys unreadable: {why}").format(
                                    why=f"{tr(exc.user_message)} {tr(exc.way_out)}"))]
        values, problem = await configured_values(svc.vault)
        if problem:
            return [CheckResult("services", CheckStatus.SKIP,
                                tr("keys unreadable: {why}").format(why=tr(problem)))]
        assert svc.paths is not None
        out = []
        for r in await run_connection_checks(values, svc.paths.cache, timeout_s=10):
            status = {CheckState.OK: CheckStatus.OK, CheckState.SKIPPED: CheckStatus.SKIP}.get(
                r.state, CheckStatus.WARN)  # a dead service degrades, it does not fail
            ms = f" ({r.latency_ms} ms)" if r.latency_ms is not None else ""
            out.append(CheckResult(r.service, status, f"{tr(r.detail)}{ms}"))
        return out

    try:
        return with_services(profile, go)
    except SystemExit:
        return [CheckResult("services", CheckStatus.SKIP, tr("profile database not readable"))]


def run(args: argparse.Namespace) -> int:
    paths = paths_for(args.profile)
    results = run_checks(paths)
    results.insert(1, check_qt())
    if not args.offline and not any(r.name == "duckdb" and r.status is CheckStatus.FAIL
                                     for r in results):
        results.extend(_service_checks(args.profile))
    if args.json:
        print_json([asdict(r) for r in results])
    else:
        print(tr("TradingTools doctor — profile '{name}' in {root}").format(
            name=paths.name, root=paths.root))
        print_table([(tr(r.name), tr(r.status.value), r.detail) for r in results],
                    tuple(tr(h) for h in ("check", "status", "detail")))
    return 1 if any(r.status is CheckStatus.FAIL for r in results) else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help=tr("check the environment and the profile's health"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--offline", action="store_true", help=tr("skip the connection checks"))
    p.set_defaults(handler=run)
