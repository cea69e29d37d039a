"""Data > Update market data: the progress dialog runs the refresh off the Qt thread
(qasync) against the FastConnect Data simulator, shows progress, and Cancel stops it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from simulators.ssi_fastconnect_data import DEMO_CONSUMER_ID, DEMO_CONSUMER_SECRET, SsiDataSimulator

from tradingtools_desktop.domain.market.calendar import VN_TZ
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

AFTER_CLOSE = datetime(2025, 11, 13, 16, 0, tzinfo=VN_TZ)
CUT = date(2025, 10, 31)


@pytest.fixture
def sim(monkeypatch):
    simulator = SsiDataSimulator()
    simulator.start()
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_URL", simulator.url)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_ID", DEMO_CONSUMER_ID)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    try:
        yield simulator
    finally:
        simulator.stop()


def _open(qtbot, arun, tt_home, name):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home), clock=ManualClock(AFTER_CLOSE)))
    arun(services.db.call(lambda tx: tx.execute("DELETE FROM daily_bars WHERE day > ?", [CUT])))
    window.attach(services)
    window.show()
    return window, services


def test_update_market_data_shows_progress_and_the_result(qtbot, arun, tt_home, sim) -> None:
    window, services = _open(qtbot, arun, tt_home, "upd1")
    action = window.update_data_action
    assert action.text() == "&Update market data…"
    action.trigger()
    dialog = window.market_update
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    assert dialog.bar.maximum() == 9 and dialog.bar.value() == 9
    assert dialog.message.text().startswith("Market data updated to 2025-11-13:")
    assert dialog.button.text() == "Close"
    # the status bar says it too (and will after each scheduled update)
    assert window.status.message_label.text() == dialog.message.text()
    newest = arun(services.market.last_bar("FPT"))
    assert newest is not None and newest.day == date(2025, 11, 13)
    dialog.button.click()
    assert not dialog.isVisible()
    window.detach()
    arun(services.stop())


def test_cancel_stops_the_update_between_days(qtbot, arun, tt_home, sim) -> None:
    window, services = _open(qtbot, arun, tt_home, "upd2")
    window.update_data_action.trigger()
    dialog = window.market_update
    held = []

    def first_day_written() -> bool:
        # checked on the Qt thread, which is also the asyncio loop's: the refresh is paused
        # here; holding the simulator's market lock keeps the next days from answering
        if dialog.bar.value() >= 1 and not held:
            sim.market.lock.acquire()
            held.append(True)
        return bool(held)

    qtbot.waitUntil(first_day_written, timeout=30_000)
    try:
        dialog.button.click()
        assert not dialog.button.isEnabled()
        assert dialog.message.text() == "Cancelling after the current batch…"
    finally:
        sim.market.lock.release()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    result = dialog.outcome
    assert result.cancelled and 1 <= result.batches_done <= 3
    assert dialog.message.text() == f"Cancelled: prices are from {result.data_as_of}."
    assert dialog.button.text() == "Close" and dialog.button.isEnabled()
    window.detach()
    arun(services.stop())


def test_offline_update_says_one_sentence(qtbot, arun, tt_home, monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_ID", DEMO_CONSUMER_ID)
    monkeypatch.setenv("TRADINGTOOLS_SSI_DATA_CONSUMER_SECRET", DEMO_CONSUMER_SECRET)
    window, services = _open(qtbot, arun, tt_home, "upd3")
    window.update_data_action.trigger()
    dialog = window.market_update
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)
    assert dialog.message.text() == "No internet: prices are from 2025-10-31."
    window.detach()
    arun(services.stop())
