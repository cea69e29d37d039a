from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

VN = timezone(timedelta(hours=7))


def test_portfolio_tab_shows_positions_cash_and_sync_after_a_fill(qtbot, arun, tt_home):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("pft", tt_home),
                                     clock=ManualClock(datetime(2026, 11, 25, 10, tzinfo=VN))))
    window.attach(services)
    window.select_tab("Portfolio")
    window.show()
    tab = window.portfolio_tab
    qtbot.waitUntil(lambda: tab.badge.text() == "Synced", timeout=10_000)
    assert tab.table.rowCount() == 0 and tab.values["cash"].text() == "1,000,000,000 VND"
    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 1_000, 99_600, "ui-pf")
    arun(services.orders.place(req))
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10_000)
    assert tab.table.item(0, 0).text() == "FPT" and tab.table.item(0, 3).text() == "1,000"
    assert tab.values["unrealised_pnl"].text() == "-149,400 VND"
    # prices in thousands as the boards show them, beside each other: avg cost (with the
    # fee) 99.749, last 99.60; money in VND
    assert (tab.table.item(0, 4).text(), tab.table.item(0, 5).text()) == ("99.749", "99.60")
    assert tab.table.item(0, 8).text() == "-149,400"

    tab.table.selectRow(0)  # Sell from the Portfolio row: the ticket, prefilled
    tab.sell.click()
    ticket = window.orders_tab.ticket
    assert window.tabs.currentWidget() is window.orders_tab
    assert (ticket.symbol.text(), ticket.side.currentIndex(), ticket.price.text()) == (
        "FPT", 1, "99.60")
    assert "prices from 13/11/2025, 1 year old" in tab.updated.text()  # old, with its age
    window.detach()
    arun(services.stop())
