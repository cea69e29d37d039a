"""Composition root of the desktop app: paths -> store -> services -> ui.

Start-up order is chosen for speed and safety: the window is shown first (it imports no
pandas, pandas-ta, numba or vnstock), then the profile DB is opened and migrated on the DB
thread while the window already paints. A second instance on the same profile raises the
first window and exits; a DB that cannot be opened gets a dialog with the way out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from . import __version__
from .paths import profile_paths, read_ui_language, set_active_profile, write_ui_language

log = logging.getLogger(__name__)
QMainWindowLike = Any  # PySide6 is imported lazily, inside main()
EXIT_OK, EXIT_ALREADY_RUNNING, EXIT_STORE_ERROR = 0, 2, 3
EXIT_USAGE, EXIT_INTERNAL = 2, 70


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="tradingtools-desktop")
    p.add_argument("--profile", help="profile to open (default: the last active one)")
    p.add_argument("--version", action="version", version=__version__)
    p.add_argument("--exit-after-shown", action="store_true",
                   help="print start-up timing as JSON once the window is shown, then quit")
    p.add_argument("--tab", help="tab to show first: Setup, Portfolio, Orders or Screener")
    p.add_argument("--ticket", metavar="SYMBOL,SIDE,QTY[,PRICE]",
                   help="open the Orders tab with a prefilled ticket, e.g. FPT,BUY,100,95.3")
    p.add_argument("--wizard", action="store_true", help="open the setup wizard")
    p.add_argument("--run-screener", metavar="UNIVERSE",
                   help="open the Screener tab and run it on UNIVERSE (e.g. VN30)")
    from .cli import inputs

    p.add_argument("--replay", metavar="DATE", type=inputs.replay_day,
                   help="start in a replay of the past session of DATE (2026-04-14 or "
                        "14/04/2026): the market, the ticket and the orders follow it, orders "
                        "are dry-run only (Trading > Practise on a past session)")
    p.add_argument("--speed", metavar="N", type=inputs.replay_speed, default=None,
                   help="the replay's speed, 1 to 60 times real time (default 10)")
    p.add_argument("--screenshot", type=Path,
                   help="save a screenshot of the window once services are attached, then quit")
    args = p.parse_args(argv)
    if args.speed is not None and args.replay is None:
        from .i18n import tr

        p.error(tr("--speed goes with --replay DATE"))
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the desktop app. No traceback reaches the user: bad input (a bad
    ``TRADINGTOOLS_FROZEN_TIME``, profile name) is one sentence and exit 2; any other fault
    is logged with its details and reported in one sentence (and a dialog when Qt is up),
    exit 70. Spans are flushed before the process ends."""
    from .cli.inputs import UsageError
    from .paths import InvalidProfileName

    try:
        return _main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except KeyboardInterrupt:
        return 130
    except (UsageError, InvalidProfileName) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        log.exception("unexpected fault in the desktop app")
        _report_fault(exc)
        return EXIT_INTERNAL
    finally:
        _flush_spans()


def _report_fault(exc: BaseException) -> None:
    from .i18n import tr

    text = tr("TradingTools hit an unexpected problem ({kind}) and has to stop. Your orders "
              "are in the profile database; the details are in the profile's log file "
              "(Help > About shows the data folder).").format(kind=type(exc).__name__)
    print(f"error: {text}", file=sys.stderr)
    with contextlib.suppress(Exception):  # the message is already on stderr
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(None, "TradingTools", text)


def _flush_spans() -> None:
    from opentelemetry import trace

    flush = getattr(trace.get_tracer_provider(), "force_flush", None)
    if callable(flush):
        with contextlib.suppress(Exception):  # an unreachable collector must not block exit
            flush(5_000)


def _main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    args = _parse(argv)
    if os.name == "posix":
        os.umask(0o077)  # the profile's DB, WAL and logs are the user's alone
    import qasync
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .i18n import set_language
    from .logging_setup import setup_logging
    from .ui.async_tools import settle, spawn
    from .ui.main_window import MainWindow
    from .ui.single_instance import SingleInstance

    paths = profile_paths(args.profile)
    from .cli.common import clock_from_env

    clock_from_env()  # a bad TRADINGTOOLS_FROZEN_TIME is refused before any window opens
    setup_logging(paths.ensure().logs)

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("TradingTools Desktop")
    # The window's close drives shutdown (services stop, DB checkpointed) before Qt quits.
    app.setQuitOnLastWindowClosed(False)

    guard = SingleInstance(str(paths.db.resolve()))
    if guard.notify_running():
        print(f"TradingTools is already running with profile '{paths.name}': "
              "its window was brought to the front.", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    guard.listen()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # the language before any window exists: every widget is built in it
    saved_language = read_ui_language(paths)
    if saved_language:
        set_language(saved_language)
    window = MainWindow()
    guard.raise_requested.connect(window.bring_to_front)
    if args.tab:
        window.select_tab(args.tab)
    window.show()
    shown_at = time.perf_counter()
    _close_on_signals(window)

    opened: list[Any] = []

    async def run() -> int:
        closed = asyncio.Event()
        window.closing.connect(closed.set)
        if args.exit_after_shown:
            await asyncio.sleep(0)
            print(json.dumps({"window_shown_s": shown_at - t0,
                              "since_main_s": time.perf_counter() - t0}), flush=True)
        # the services (DuckDB, the vault, httpx) load after the window is on screen
        from .cli.common import clock_from_env
        from .services.runtime import AppServices
        from .services.setup import needs_setup
        from .store import StoreError
        from .store.tracing import configure_tracing

        configure_tracing()

        try:
            services = await AppServices.open(paths, clock=clock_from_env())
        except StoreError as exc:
            log.error("cannot open profile %s: %s", paths.name, exc.user_message)
            from .i18n import said, tr

            QMessageBox.critical(window, tr("Cannot open profile"),
                                 f"{said(exc)}\n\n{tr(exc.way_out)}")
            return EXIT_STORE_ERROR
        opened.append(services)
        set_active_profile(paths.name, paths.root)
        lang = await services.app_state.get("ui.language")
        if lang in ("vi", "en") and lang != saved_language:
            # a profile from before the language file: keep it for the next start, and
            # say that the window follows it then (widgets are not rebuilt mid-session)
            write_ui_language(paths, str(lang))
            set_language(str(lang))
        window.attach(services)
        services.start_background()
        services.start_feed()  # prices: on the loop, after the window is up
        # what start-up built (Qt wrappers, modules, services: ~100,000 objects) lives as
        # long as the app: keep it out of every full garbage collection, which otherwise
        # scans it all on the Qt thread (tens of ms, more under load) during a busy market
        gc.freeze()
        current = [services]

        async def switch(name: str) -> None:
            from .vault.profiles import create_profile, exists

            if not exists(name, paths.root):
                create_profile(name, paths.root)
            new_paths = profile_paths(name, paths.root)
            window.detach()
            await settle()  # UI work on the old profile ends before its DB closes
            await current[0].stop()
            current[0] = await AppServices.open(new_paths, clock=clock_from_env())
            opened.append(current[0])
            set_active_profile(name, paths.root)
            window.attach(current[0])
            current[0].start_background()
            current[0].start_feed()
            # the old profile's services were frozen with the rest of start-up: let the
            # collector free their cycles now, then keep the new long-lived set out again
            gc.unfreeze()
            gc.collect()
            gc.freeze()

        window.switch_profile_requested.connect(lambda name: spawn(switch(name)))
        scripted = (args.exit_after_shown or args.screenshot or args.ticket or args.tab
                    or args.run_screener or args.wizard or args.replay)
        if not scripted and await needs_setup(services):
            window.open_wizard()  # first run: the wizard, over the window, in dry-run
        if args.replay:
            window.start_replay(args.replay, args.speed)
        if args.ticket:
            window.prefill_ticket(args.ticket)
        if args.run_screener:
            window.select_tab("Screener")
            window.screener_tab.universe.setCurrentText(args.run_screener)
            window.screener_tab.start_run()
        if args.screenshot:
            if args.replay:  # the replay opens its own services: shoot once it runs
                await _replay_started(window)
            await asyncio.sleep(0.5)
            window.grab().save(str(args.screenshot))
        if args.wizard:
            window.open_wizard()
        if not (args.exit_after_shown or args.screenshot):
            await closed.wait()
        if window.replay_control is not None:
            window.replay_control.stop()  # the replay's services close (via settle below)
        window.detach()
        # in-flight UI tasks (the tabs' refreshes on attach) end before the DB closes; a
        # timing run quits at once: its refreshes are cancelled, not waited for
        await settle(0 if args.exit_after_shown else 5.0)
        await current[0].stop()
        return EXIT_OK

    code = EXIT_OK
    try:
        with loop:
            code = loop.run_until_complete(run())
    except RuntimeError:
        # Qt quit underneath us (session logout): still close the DB cleanly.
        for services in opened:
            if services.db.is_open:
                services.db.close_sync()
    finally:
        guard.close()
        window.tray.hide()
    return code


async def _replay_started(window: QMainWindowLike, timeout: float = 10.0) -> None:
    """Until ``--replay DATE`` runs in the window (or has said why it cannot)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        control = window.replay_control
        if control is not None and (control.session is not None or control.gave_up):
            return
        await asyncio.sleep(0.05)


def _close_on_signals(window: QMainWindowLike) -> None:
    """SIGTERM / SIGINT close the window, so services stop and the DB closes cleanly."""
    import signal

    from PySide6.QtCore import QTimer

    def handler(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window.close)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)
    # Python runs signal handlers only between bytecodes: wake the interpreter regularly.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)


if __name__ == "__main__":
    raise SystemExit(main())
