"""Screenshots of the price board, the ticket with depth and a daily chart, in one language.

The board is fed the way the app will be: the real SSI FastConnect Data client and stream
feed against the local simulator (127.0.0.1) replaying the real recorded iBoard session
(FPT, MBB, VCB; the other rows keep the bundled bars, labelled old). Run once per language:

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src:. .venv/bin/python scripts/board_screenshots.py en
    QT_QPA_PLATFORM=offscreen PYTHONPATH=src:. .venv/bin/python scripts/board_screenshots.py vi
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

LANG = sys.argv[1] if len(sys.argv) > 1 else "en"
os.environ["TRADINGTOOLS_LANG"] = LANG
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TRADINGTOOLS_HOME"] = tempfile.mkdtemp(prefix="tt-shots-")

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from simulators.ssi_fastconnect_data import (  # noqa: E402
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    FIXTURE_RECORDING,
    SsiDataSimulator,
    read_recording,
)

from tradingtools_desktop.domain.market.calendar import VN_TZ  # noqa: E402
from tradingtools_desktop.market.ssi_data import (  # noqa: E402
    SsiDataClient,
    SsiDataConfig,
    SsiDataCredentials,
)
from tradingtools_desktop.market.ssi_data.feed import SsiDataFeed, StreamConfig  # noqa: E402
from tradingtools_desktop.paths import profile_paths  # noqa: E402
from tradingtools_desktop.services.runtime import AppServices  # noqa: E402
from tradingtools_desktop.services.watchlists import ListKind, Watchlist  # noqa: E402
from tradingtools_desktop.ui.main_window import MainWindow  # noqa: E402

OUT = Path("docs/screenshots")
IN_SESSION = datetime(2026, 4, 14, 13, 33, tzinfo=VN_TZ)  # the recording's afternoon


async def until(check: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


async def pause(seconds: float) -> None:
    await asyncio.sleep(seconds)


def grab(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-{LANG}.png"
    widget.grab().save(str(path))
    print(path)


async def main() -> None:
    sim = SsiDataSimulator(recording=read_recording(FIXTURE_RECORDING))
    sim.start()
    services = await AppServices.open(profile_paths("shots"))
    window = MainWindow()
    window.resize(1560, 940)
    window.attach(services)
    window.show()
    board = window.board_tab
    window.tabs.setCurrentWidget(board)
    await until(lambda: board.current is not None, "the board's first list")
    await board.show_list(Watchlist(ListKind.BASKET, "VN30"))
    client = SsiDataClient(SsiDataConfig(base_url=sim.url, timeout=5.0),
                           SsiDataCredentials(DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET))
    feed = SsiDataFeed(client, StreamConfig(silence_after=5.0), now=lambda: IN_SESSION)
    await feed.start(window.quotes)
    await feed.subscribe(["FPT", "MBB", "VCB", "VNINDEX", "VN30", "HNXIndex",
                          "HNXUpcomIndex"])
    await until(lambda: feed.state.value == "live", "the stream to open")
    sim.replay.play(speed=4.0)
    try:
        await until(lambda: (q := window.quotes.quote("FPT")) is not None and q.bids,
                    "FPT's book from the stream")
    except TimeoutError:
        print("feed:", feed.state, window.quotes.feed_status, window.quotes.quote("FPT"))
        raise
    await pause(2.5)
    board.view.select_symbol("FPT")
    await until(lambda: board.chart.chart.shown is not None, "FPT's daily chart")
    await pause(0.8)
    grab(board, "board")
    grab(board.chart, "chart-daily")

    window.tabs.setCurrentWidget(window.orders_tab)
    ticket = window.orders_tab.ticket
    ticket.symbol.setText("FPT")
    ticket.qty.setValue(100)
    best = window.quotes.quote("FPT")
    assert best is not None and best.best_ask is not None
    ticket.price.setText(f"{best.best_ask.price / 1000:.2f}")
    depth = window.orders_tab.depth_panel
    await until(lambda: depth.symbol == "FPT" and depth.book.item(0, 1).text(), "FPT depth")
    await until(lambda: ticket.checks.count() > 0, "the ticket's checks")
    await pause(1.0)
    grab(window.orders_tab, "ticket-depth")
    await feed.stop()
    window.detach()
    await services.stop()
    sim.stop()


if __name__ == "__main__":
    app = QApplication.instance() or QApplication(sys.argv[:1])
    asyncio.run(main(), loop_factory=lambda: qasync.QEventLoop(app))
