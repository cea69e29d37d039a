from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from tradingtools_desktop.domain.trading_state import TradingState
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow


def test_window_when_opened_then_five_tabs_status_bar_and_dry_run(qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("ui1", tt_home)))
    window.attach(services)
    window.show()
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Setup", "Price board", "Portfolio", "Orders", "Screener"]
    assert window.status.mode_badge.text() == "DRY-RUN"
    assert window.status.profile_label.text() == "Profile: ui1"
    assert "ACTIVE" in window.status.state_badge.text()
    window.detach()
    arun(services.stop())


def test_tray_kill_switch_when_triggered_then_halted_shown_and_persisted(
    qtbot, arun, tt_home
) -> None:
    paths = profile_paths("ui2", tt_home)
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(paths))
    window.attach(services)

    window.tray.kill_action.trigger()
    qtbot.waitUntil(lambda: "HALTED" in window.status.state_badge.text())
    assert services.trading.state is TradingState.HALTED
    assert "HALTED" in window.tray.tooltip
    assert not window.tray.kill_action.isEnabled()
    assert window.tray.resume_action.isEnabled()

    window.detach()
    arun(services.stop())

    # restart the services: the kill switch is still in force and shown
    window2 = MainWindow()
    qtbot.addWidget(window2)
    services2 = arun(AppServices.open(paths))
    window2.attach(services2)
    assert services2.trading.state is TradingState.HALTED
    assert "HALTED" in window2.status.state_badge.text()

    window2.tray.resume_action.trigger()
    qtbot.waitUntil(lambda: services2.trading.state is TradingState.ACTIVE)
    window2.detach()
    arun(services2.stop())
