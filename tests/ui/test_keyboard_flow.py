"""The issue's yardstick: on a board of hundreds of symbols, in Vietnamese, a trader picks a
row and buys it from the keyboard in under five keystrokes, with the ticket's checks current.

Here: the HOSE list of the bundled full listing (several hundred rows), FPT picked on the
board, then F1 (the ticket, prefilled from the row: one lot at the best ask) and Enter (the
order placed, dry-run): two keystrokes after the pick."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from tests.ui.board.market import quote

from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.watchlists import ListKind, Watchlist
from tradingtools_desktop.ui.main_window import MainWindow

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2025, 11, 19, 10, 0, tzinfo=VN)  # HOSE continuous matching


@pytest.fixture
def vietnamese():
    set_language("vi")
    yield
    set_language(None)


def test_pick_on_a_board_of_hundreds_then_f1_enter_places_in_vietnamese(
        qtbot, arun, tt_home, vietnamese) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("keys1", tt_home),
                                     clock=ManualClock(WED_10AM)))
    window.attach(services)
    window.show()
    tab = window.board_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.current is not None, timeout=5000)
    arun(tab.show_list(Watchlist(ListKind.EXCHANGE, "HOSE")))
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 300, timeout=10_000)
    window.quotes.on_quote(quote("FPT", last=99_600))  # a live quote of the session
    tab.model.flush()
    view = tab.view
    view.setFocus()
    view.select_symbol("FPT")  # the pick (a click, or typing the code in the board's entry)

    qtbot.keyClick(view, Qt.Key.Key_F1)  # keystroke 1: the ticket, Mua, from the row
    ticket = window.orders_tab.ticket
    assert window.tabs.currentWidget() is window.orders_tab
    assert (ticket.symbol.text(), ticket.side.currentIndex(), ticket.qty.value()) == (
        "FPT", 0, 100)
    qtbot.waitUntil(ticket.place.isEnabled, timeout=10_000)  # the checks ran and allow it
    assert ticket.place.text() and "Place" not in ticket.place.text()  # in Vietnamese
    focused = window.focusWidget() or ticket
    qtbot.keyClick(focused, Qt.Key.Key_Return)  # keystroke 2: placed

    def placed():
        return arun(services.orders.open_orders()) + arun(services.orders.history(10))

    qtbot.waitUntil(lambda: any(o.request.symbol == "FPT" for o in placed()), timeout=10_000)
    order = next(o for o in placed() if o.request.symbol == "FPT")
    assert order.request.quantity == 100 and order.mode.value == "DRY_RUN"
    window.detach()
    arun(services.stop())
