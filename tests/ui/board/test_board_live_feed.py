"""The board fed the real way: our FastConnect Data client and stream feed over real
sockets to the local simulator, which replays the recorded iBoard session, into the quote
service the board listens to. Nothing is patched."""

from __future__ import annotations

from datetime import datetime

from simulators.ssi_fastconnect_data import (
    DEMO_CONSUMER_ID,
    DEMO_CONSUMER_SECRET,
    FIXTURE_RECORDING,
    SsiDataSimulator,
    read_recording,
)

from tradingtools_desktop.domain.market.calendar import VN_TZ
from tradingtools_desktop.domain.market.quotes import FeedState
from tradingtools_desktop.market.ssi_data import SsiDataClient, SsiDataConfig, SsiDataCredentials
from tradingtools_desktop.market.ssi_data.feed import SsiDataFeed, StreamConfig
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.watchlists import ListKind, Watchlist
from tradingtools_desktop.ui.board.columns import INDEX
from tradingtools_desktop.ui.main_window import MainWindow

IN_SESSION = datetime(2026, 4, 14, 13, 33, tzinfo=VN_TZ)


def test_recorded_stream_reaches_the_board_rows_in_place(qtbot, arun, tt_home):
    sim = SsiDataSimulator(recording=read_recording(FIXTURE_RECORDING),
                           keepalive_interval=0.1, keep_alive_timeout=5.0)
    sim.start()
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("lf", tt_home)))
    window.attach(services)
    board = window.board_tab
    qtbot.waitUntil(lambda: board.current is not None, timeout=5000)
    arun(board.show_list(Watchlist(ListKind.BASKET, "VN30")))
    rows_before = board.model.symbols()
    client = SsiDataClient(SsiDataConfig(base_url=sim.url, timeout=5.0),
                           SsiDataCredentials(DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET))
    feed = SsiDataFeed(client, StreamConfig(silence_after=30.0), now=lambda: IN_SESSION)
    try:
        arun(feed.start(window.quotes))
        arun(feed.subscribe(["FPT", "MBB"]))
        qtbot.waitUntil(lambda: feed.state is FeedState.LIVE, timeout=10_000)
        assert board.source.text() == "Live prices."
        sim.replay.step(400)
        row = board.model.row_of("FPT")
        qtbot.waitUntil(lambda: board.model.index(row, INDEX["bid1"]).data() != "",
                        timeout=10_000)
        fpt = window.quotes.quote("FPT")
        assert fpt is not None and fpt.best_bid is not None
        cell = board.model.index(row, INDEX["bid1"]).data()
        assert cell == f"{fpt.best_bid.price / 1000:.2f}"
        assert board.model.symbols() == rows_before  # same rows, changed in place
        assert board.model.row_of("VCB") is not None and \
            board.model.index(board.model.row_of("VCB"), INDEX["bid1"]).data() == ""
    finally:
        arun(feed.stop())
        window.detach()
        arun(services.stop())
        sim.stop()
