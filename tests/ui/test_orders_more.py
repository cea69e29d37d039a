"""Orders a trader manages: modify a resting order from the table, cancel all, the kill
switch's cancels named as such in History and the audit, buying power back after a cancel
without pressing Refresh, and an Audit tab that is never blank."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderStatus, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

VN = timezone(timedelta(hours=7))
WED_10 = datetime(2025, 11, 19, 10, 0, tzinfo=VN)


def _resting(key: str, price: int = 95_000, qty: int = 100) -> OrderRequest:
    return OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, qty, price, key)


def _open(qtbot, arun, tt_home, name):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home), clock=ManualClock(WED_10)))
    window.attach(services)
    window.show()
    return window, services


def test_modify_then_cancel_gives_buying_power_back_and_audit_is_never_blank(
        qtbot, arun, tt_home) -> None:
    window, services = _open(qtbot, arun, tt_home, "more1")
    tab = window.orders_tab
    arun(services.orders.place(_resting("m1"), source="ui"))
    tab.refresh()
    qtbot.waitUntil(lambda: tab.open_table.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: tab.audit_table.rowCount() > 0, timeout=5000)  # not blank
    qtbot.waitUntil(lambda: window.portfolio_tab.values["buying_power"].text() != "—",
                    timeout=5000)
    reduced = window.portfolio_tab.values["buying_power"].text()

    tab.open_table.selectRow(0)

    def change() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.price.setText("95.5")
        dialog.accept()

    QTimer.singleShot(200, change)
    tab.modify_button.click()
    qtbot.waitUntil(lambda: "changed" in tab.message.text()
                    or "waiting" in tab.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: [o.request.price for o in tab.open_table.orders] == [95_500],
                    timeout=5000)

    tab.open_table.selectRow(0)
    tab.cancel_button.click()
    qtbot.waitUntil(lambda: "cancelled" in tab.message.text(), timeout=5000)
    assert "Buy 100 FPT @ 95.50" in tab.message.text()
    # the reservation is released: buying power shows it without Refresh
    qtbot.waitUntil(lambda: window.portfolio_tab.values["buying_power"].text() != reduced,
                    timeout=5000)
    window.detach()
    arun(services.stop())


def test_kill_switch_cancels_say_so_in_history_and_audit(qtbot, arun, tt_home) -> None:
    window, services = _open(qtbot, arun, tt_home, "more2")
    tab = window.orders_tab
    for key in ("k1", "k2"):
        arun(services.orders.place(_resting(key), source="ui"))
    window.kill_switch()
    qtbot.waitUntil(lambda: not arun(services.orders.open_orders()), timeout=10_000)
    history = arun(services.orders.history())
    assert {o.status for o in history} == {OrderStatus.CANCELLED}
    assert all("by the kill switch" in o.reason for o in history)
    audit = arun(services.orders.audit(history[0].id))
    assert any("kill switch" in e.reason for e in audit)
    tab.refresh()  # the table shows it too (once the refresh after the last event lands)
    qtbot.waitUntil(lambda: tab.history_table.rowCount() == 2 and all(
        "by the kill switch" in tab.history_table.table.item(r, 9).text() for r in range(2)),
        timeout=5000)
    assert window.notices.isVisible() and "HALTED" in window.notices.text.text()
    window.detach()
    arun(services.stop())


def test_cancel_all_cancels_every_open_order(qtbot, arun, tt_home) -> None:
    window, services = _open(qtbot, arun, tt_home, "more3")
    tab = window.orders_tab
    for key in ("c1", "c2", "c3"):
        arun(services.orders.place(_resting(key), source="ui"))
    tab.cancel_all()
    qtbot.waitUntil(lambda: "3 of 3" in tab.message.text(), timeout=10_000)
    assert not arun(services.orders.open_orders())
    window.detach()
    arun(services.stop())
