"""The Screener tab end to end (pytest-qt, offscreen): run, progress, results, detail,
chart, past runs and "Send to order ticket"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow


def test_run_vn30_then_detail_chart_and_send_to_ticket(qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("scr", tt_home)))
    window.attach(services)
    window.select_tab("Screener")
    window.show()
    tab = window.screener_tab
    tab.universe.setCurrentText("VN30")
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 30, timeout=20_000)
    assert tab.progress.value() == tab.progress.maximum()
    assert "prices as of 2025-11-13" in tab.summary.text()
    # run metadata behind Details, not in the header
    assert "hash" not in tab.summary.text().lower() and not tab.meta.isVisible()
    tab.details_button.click()
    assert tab.meta.isVisible() and "Data hash" in tab.meta.toPlainText()
    # the Score column says its order in its own text: largest first
    assert tab.table.horizontalHeaderItem(1).text() == "Score ▼"
    qtbot.waitUntil(lambda: tab.chart.shown_symbol != "", timeout=10_000)
    symbol = tab.table.current_symbol()
    assert symbol and symbol in tab.detail.toPlainText()
    detail = tab.detail.toPlainText()
    assert "The technical agent" in detail and "Evidence" in detail
    assert "=" not in detail  # sentences and a table, not key=value dumps
    qtbot.waitUntil(lambda: tab.past.count() == 1)
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Orders"
    assert window.orders_tab.ticket.symbol.text() == symbol
    # the ticket carries a price: the symbol's last close, never the previous ticket's
    close = tab.last_close[symbol]
    assert window.orders_tab.ticket.price.text() == f"{close / 1000:.2f}"
    window.detach()
    arun(services.stop())
