"""The order lifecycle in dry-run through the real Orders tab (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.domain.risk import RiskCode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


def _open(qtbot, arun, tt_home, name):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home), clock=ManualClock(WED_10AM)))
    window.attach(services)
    window.select_tab("Orders")
    window.show()
    return window, services


def test_ticket_shows_band_costs_and_every_check_as_the_user_types(qtbot, arun, tt_home):
    window, services = _open(qtbot, arun, tt_home, "t1")
    ticket = window.orders_tab.ticket
    qtbot.keyClicks(ticket.symbol, "FPT")
    ticket.qty.setValue(150)
    qtbot.keyClicks(ticket.price, "95.32")
    qtbot.waitUntil(lambda: ticket.checks.count() == len(RiskCode), timeout=5000)
    qtbot.waitUntil(lambda: "failed" in ticket.verdict.text())
    codes = {ticket.checks.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(ticket.checks.count()) if ticket.checks.item(i).text().startswith("✗")}
    assert {"LOT_SIZE", "TICK_SIZE"} <= codes
    assert not ticket.place.isEnabled()
    # reference 99,600 (close of 2025-11-13): ceiling 106,500, floor 92,700
    assert (ticket.ref.text(), ticket.ceiling.text(), ticket.floor.text()) == (
        "99.60", "106.50", "92.70")
    # the price is the cache's bar, and the ticket says how old it is
    assert ticket.asof.text() == "Prices: daily bars · prices from 13/11/2025, 1 year old"
    assert ticket.last.text() == "99.60"
    window.detach()
    arun(services.stop())


def test_place_fill_cancel_and_audit_through_the_ui(qtbot, arun, tt_home):
    window, services = _open(qtbot, arun, tt_home, "t2")
    tab = window.orders_tab
    ticket = tab.ticket
    qtbot.keyClicks(ticket.symbol, "FPT")
    ticket.qty.setValue(100)
    qtbot.keyClicks(ticket.price, "99.6")
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)
    assert "100 + fee" not in ticket.costs.text() and "9,960,000" in ticket.costs.text()
    qtbot.mouseClick(ticket.place, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "filled" in tab.message.text(), timeout=5000)
    assert "Buy 100 FPT @ 99.60" in tab.message.text()
    # the table refreshes on every order event: wait for the one that shows the fill
    qtbot.waitUntil(lambda: [o.status for o in tab.history_table.orders]
                    == [OrderStatus.FILLED], timeout=5000)

    # a resting order (below the market), then cancel it from the open-orders table
    ticket.price.clear()
    qtbot.keyClicks(ticket.price, "95")
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)
    qtbot.mouseClick(ticket.place, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.open_table.rowCount() == 1, timeout=5000)
    tab.open_table.selectRow(0)
    qtbot.waitUntil(lambda: tab.audit_table.rowCount() == 3)  # NEW, PENDING_SUBMIT, SUBMITTED
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelled" in tab.message.text(), timeout=5000)
    assert "Buy 100 FPT @ 95.00 (LO, HOSE): cancelled." in tab.message.text()
    qtbot.waitUntil(lambda: tab.open_table.rowCount() == 0)
    statuses = sorted(o.status.value for o in arun(services.orders.history()))
    assert statuses == ["CANCELLED", "FILLED"]
    window.detach()
    arun(services.stop())
