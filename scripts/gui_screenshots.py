"""Screenshots of the shell, the order ticket and the setup wizard, in English and in
Vietnamese, rendered offscreen by the real widgets (no Xvfb needed).

    PYTHONPATH=src .venv/bin/python scripts/gui_screenshots.py   # docs/screenshots/{en,vi}-*.png

Each language runs in its own process (the language is chosen before any widget exists),
in a throwaway TRADINGTOOLS_HOME, on a frozen clock in a HOSE session, with one dry-run
order placed so the tables and the notices have something to show. vnstock's check points
at a dead proxy, so nothing touches the internet.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
VN = timezone(timedelta(hours=7))


def shoot(lang: str) -> None:
    home = Path(tempfile.mkdtemp(prefix=f"tt-gui-shots-{lang}-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import qasync
    from PySide6.QtWidgets import QApplication

    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
    from tradingtools_desktop.i18n import set_language
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.clock import ManualClock
    from tradingtools_desktop.services.connection_checks import Endpoints
    from tradingtools_desktop.services.runtime import AppServices

    set_language(lang)
    app = QApplication.instance() or QApplication([])
    from tradingtools_desktop.ui.main_window import MainWindow

    async def run() -> None:
        clock = ManualClock(datetime(2025, 11, 19, 10, 42, 5, tzinfo=VN))
        services = await AppServices.open(profile_paths("demo", home), clock=clock)
        window = MainWindow()
        window.resize(1280, 800)
        window.attach(services)
        window.show()
        await services.orders.place(OrderRequest("FPT", Exchange.HOSE, Side.BUY,
                                                 OrderType.LO, 100, 95_000, "shot-1"),
                                    source="ui")
        await asyncio.sleep(0.6)

        async def settle(seconds: float = 0.8) -> None:
            await asyncio.sleep(seconds)  # the qasync loop keeps Qt painting meanwhile

        window.select_tab("setup")
        await settle()
        window.grab().save(str(OUT / f"{lang}-shell.png"))
        window.open_ticket(Side.BUY)
        ticket = window.orders_tab.ticket
        ticket.prefill("FPT", Side.BUY, 200, 99_600)
        await settle(1.5)
        window.grab().save(str(OUT / f"{lang}-ticket.png"))
        window.kill_switch()
        await settle(1.5)
        window.grab().save(str(OUT / f"{lang}-ticket-halted.png"))
        await services.trading.resume(source="ui")
        await settle(0.5)

        window.wizard_endpoints = Endpoints(vnstock_env=DEAD)
        window.open_wizard()
        wizard = window.wizard
        assert wizard is not None
        wizard.resize(960, 700)
        wizard.profile.pass1.setText("correct horse battery staple 42")
        wizard.profile.pass2.setText("correct horse battery staple 42")
        await settle()
        wizard.grab().save(str(OUT / f"{lang}-wizard-1-profile.png"))
        wizard.next()
        wizard.keys.ssi_advanced.click()
        await settle()
        wizard.grab().save(str(OUT / f"{lang}-wizard-2-keys.png"))
        wizard.next()
        for _ in range(1200):
            if wizard.checks.done:
                break
            await settle(0.1)
        await settle()
        wizard.grab().save(str(OUT / f"{lang}-wizard-3-checks.png"))
        wizard.next()
        await settle()
        wizard.grab().save(str(OUT / f"{lang}-wizard-4-mode.png"))
        wizard.reject()
        window.detach()
        await services.stop()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(run())


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if len(sys.argv) > 1:
        shoot(sys.argv[1])
        return 0
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    return max(subprocess.call([sys.executable, __file__, lang], env=env)
               for lang in ("en", "vi"))


if __name__ == "__main__":
    raise SystemExit(main())
