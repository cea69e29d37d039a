"""Screenshot of the Orders tab's dead-letter view, rendered by the real app under Xvfb.

    .venv/bin/python scripts/dlq_screenshot.py [OUT.png]   # default docs/screenshots/orders-dlq.png

Seeds a throwaway TRADINGTOOLS_HOME through the services API: two dry-run orders whose
broker call fails (a dropped connection -> RETRYING; a broker error -> the order FAILED and
a PERMANENT_FAILURE entry), the same path the tests use. Then shows the main window on the
Orders tab, the "Dead letters" sub-tab selected and the failed entry open in the detail pane.
The background worker is not started, so the RETRYING entry stays as it is.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from xvfb import rerun_under_xvfb  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots" / "orders-dlq.png"
SIZE = (1280, 800)


def main() -> int:
    out = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_OUT
    if (rc := rerun_under_xvfb(__file__, [str(out)], size=SIZE)) is not None:
        return rc
    home = Path(tempfile.mkdtemp(prefix="tt-dlq-shot-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ["HOME"] = str(home / "home")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    sys.path.insert(0, str(ROOT))
    import qasync
    from PySide6.QtWidgets import QApplication
    from tests.cli.test_cli_dlq import WED_10AM, seed_dlq

    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.clock import ManualClock
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("TradingTools Desktop")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def shoot() -> None:
        services = await AppServices.open(profile_paths("default", home),
                                          clock=ManualClock(WED_10AM))
        _, failed = await seed_dlq(services)
        window = MainWindow()
        window.resize(*SIZE)
        window.move(0, 0)
        window.attach(services)
        tab = window.orders_tab
        window.tabs.setCurrentWidget(tab)  # by widget: the title is translated
        tab.right.setCurrentWidget(tab.dlq_view)
        window.show()
        view = tab.dlq_view
        while view.table.rowCount() < 2:
            await asyncio.sleep(0.1)
        view.select_entry(next(e.id for e in view.entries if e.order_id == failed))
        await asyncio.sleep(1.0)
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.detach()
        await services.stop()

    with loop:
        loop.run_until_complete(shoot())
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
