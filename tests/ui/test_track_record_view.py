"""The Track record view beside the screener (pytest-qt, offscreen): a run links to its
configuration's track record, which is computed off the Qt thread with progress, shown
with figures, an equity curve and a plain verdict, and can be cancelled; the results then
show the measured hit rate instead of a made-up percentage."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.events import TrackRecordProgress
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow


def test_run_links_to_track_record_computed_shown_then_confidence_measured(
        qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("trv", tt_home)))
    window.attach(services)
    window.select_tab("Screener")
    window.show()
    tab = window.screener_tab
    tab.universe.setCurrentText("VN30")
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 30, timeout=20_000)
    assert "No track record of this universe yet" in tab.track_link.text()
    assert tab.table.item(0, 2).text() == "no history"
    tab.track_link.linkActivated.emit("#")
    view = tab.track_view
    assert tab.views.currentWidget() is view
    qtbot.waitUntil(lambda: "No track record of VN30 yet" in view.verdict.text(),
                    timeout=10_000)
    view.start.setDate(QDate(2024, 12, 1))
    view.end.setDate(QDate(2025, 11, 13))
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.record is not None and view.run_button.isEnabled(),
                    timeout=60_000)
    assert view.progress.value() > 0
    assert view.table.item(0, 1).text() != "—"  # the supervisor's mean IC
    assert "On 2024-2025" in view.verdict.text()
    assert "supervisor" in view.drawn and "random" in view.drawn
    assert "VNINDEX" in view.notes.text()  # no index in the bundled cache: said, not drawn
    view.horizon.setCurrentIndex(view.horizon.findData(60))
    assert view.table.item(0, 1).text() != "—"
    # the next run's confidence is measured on that track record
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "measured hit rate" in tab.track_link.text(), timeout=20_000)
    texts = [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())]
    assert any("(n " in t for t in texts)
    window.detach()
    arun(services.stop())


def test_track_record_cancel(qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("trc", tt_home)))
    window.attach(services)
    view = window.screener_tab.track_view
    view.universe = "VN30"
    services.bus.subscribe(TrackRecordProgress,
                           lambda e: view.cancel() if e.stage == "technical" else None)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.stage.text() == "Cancelled.", timeout=30_000)
    assert view.run_button.isEnabled() and view.record is None
    window.detach()
    arun(services.stop())
