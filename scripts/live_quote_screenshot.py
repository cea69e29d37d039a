"""Screenshot of the order ticket following a live quote from the FastConnect Data
simulator (docs/screenshots/ticket-live-quote.png).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python scripts/live_quote_screenshot.py \
        [OUT.png]

Starts the simulator on 127.0.0.1 (replaying the real recorded iBoard session of
2026-04-14), opens a throwaway profile with the demo Data key given as environment
overrides and the clock frozen inside that session, types an FPT ticket, waits until the
ticket says "live", and saves the window.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        ROOT / "docs" / "screenshots" / "ticket-live-quote.png"
    from simulators.ssi_fastconnect_data import (
        DEMO_CONSUMER_ID,
        DEMO_CONSUMER_SECRET,
        FIXTURE_RECORDING,
        SsiDataSimulator,
        read_recording,
    )

    sim = SsiDataSimulator(recording=read_recording(FIXTURE_RECORDING)).start()
    home = Path(tempfile.mkdtemp(prefix="tt-live-shot-"))
    os.environ.update({
        "TRADINGTOOLS_HOME": str(home), "TRADINGTOOLS_PRICE_SOURCE": "auto",
        "TRADINGTOOLS_SSI_DATA_URL": sim.url,
        "TRADINGTOOLS_SSI_DATA_CONSUMER_ID": DEMO_CONSUMER_ID,
        "TRADINGTOOLS_SSI_DATA_CONSUMER_SECRET": DEMO_CONSUMER_SECRET,
        "TRADINGTOOLS_FROZEN_TIME": "2026-04-14T13:33:30+07:00"})
    import qasync
    from PySide6.QtWidgets import QApplication

    from tradingtools_desktop.cli.common import clock_from_env
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def shoot() -> str:
        services = await AppServices.open(profile_paths("demo"), clock=clock_from_env())
        window = MainWindow()
        window.resize(1200, 760)
        window.attach(services)
        services.start_feed()
        window.select_tab("Orders")
        window.show()
        ticket = window.orders_tab.ticket
        ticket.symbol.setText("FPT")
        ticket.qty.setValue(100)
        ticket.price.setText("76.3")
        sim.replay.play(speed=2.0)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                ticket.asof.text().endswith("live") and ticket.bid.text() != "—"
                and ticket.checks.count() > 0):
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        window.grab().save(str(out))
        text = ticket.asof.text()
        window.detach()
        window.hide()
        await services.stop()
        return text

    try:
        with loop:
            text = loop.run_until_complete(shoot())
    finally:
        sim.replay.stop()
        sim.stop()
    print(f"{out}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
