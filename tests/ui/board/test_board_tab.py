"""The Price board tab in the real window on a real profile: lists, edits that persist,
sorting, prices from the quote service, and a row sent to the ticket."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from tests.ui.board.market import quote

from tradingtools_desktop.domain.market.quotes import IndexQuote, QuoteSource
from tradingtools_desktop.domain.orders import Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.watchlists import ListKind, Watchlist, WatchlistService
from tradingtools_desktop.ui.board.columns import INDEX
from tradingtools_desktop.ui.main_window import MainWindow


def _open(qtbot, arun, tt_home, name):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home)))
    window.attach(services)
    window.tabs.setCurrentWidget(window.board_tab)
    window.show()
    tab = window.board_tab
    qtbot.waitUntil(lambda: tab.current is not None, timeout=5000)
    return window, services, tab


def _close(window, services, arun):
    window.detach()
    arun(services.stop())


def test_board_opens_on_vn30_from_the_newest_bars_labelled_old(qtbot, arun, tt_home):
    window, services, tab = _open(qtbot, arun, tt_home, "b1")
    assert tab.current == Watchlist(ListKind.BASKET, "VN30")
    assert tab.model.rowCount() == 30 and "FPT" in tab.model.symbols()
    row = tab.model.row_of("FPT")
    # FPT's newest bar (2025-11-13) closed at 99,600... its reference is the close before
    assert tab.model.index(row, INDEX["last"]).data() == "99.60"
    assert tab.model.index(row, INDEX["bid1"]).data() == ""  # a daily bar has no book
    assert "13/11/2025" in tab.source.text() and "Not live" in tab.source.text()
    assert "1,629.24" in tab.strip.cells["VNINDEX"].text()  # the bundled index close
    labels = [tab.picker.itemText(i) for i in range(tab.picker.count())]
    assert labels[0] == "My watchlist" and "HOSE" in " ".join(labels)
    assert "Industry: Banks" in labels
    assert not tab.add_button.isEnabled()  # VN30 is built in
    _close(window, services, arun)


def test_live_quotes_update_the_row_in_place(qtbot, arun, tt_home):
    window, services, tab = _open(qtbot, arun, tt_home, "b2")
    row = tab.model.row_of("FPT")
    window.quotes.on_quote(quote("FPT", last=101_000))
    qtbot.waitUntil(lambda: tab.model.index(row, INDEX["last"]).data() == "101.00",
                    timeout=2000)
    assert tab.model.row_of("FPT") == row
    assert tab.model.index(row, INDEX["bid1"]).data() == "99.50"
    window.quotes.on_index(IndexQuote("VNINDEX", 1650.5, quote().at, QuoteSource.SSI_STREAM,
                                      change=21.26, change_pct=1.3))
    assert "1,650.50" in tab.strip.cells["VNINDEX"].text()
    assert "+21.26" in tab.strip.cells["VNINDEX"].text()
    _close(window, services, arun)


def test_my_list_add_move_remove_persist_across_a_restart(qtbot, arun, tt_home):
    window, services, tab = _open(qtbot, arun, tt_home, "b3")
    mine = Watchlist(ListKind.USER, "WATCHLIST")
    arun(tab.show_list(mine))
    assert tab.model.rowCount() == 0 and not tab.empty.isHidden()
    for sym in ("FPT", "VCB", "HPG"):
        qtbot.keyClicks(tab.entry, sym)
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.model.symbols() == ["FPT", "VCB", "HPG"] and tab.empty.isHidden()
    assert not tab.add_symbol("ZZZ") and "not in the listing" in tab.message.text()
    assert not tab.add_symbol("FPT") and "already" in tab.message.text()
    tab.view.select_symbol("HPG")
    qtbot.mouseClick(tab.up_button, Qt.MouseButton.LeftButton)
    assert tab.model.symbols() == ["FPT", "HPG", "VCB"]
    tab.view.select_symbol("FPT")
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.model.symbols() == ["HPG", "VCB"]
    window.detach()  # saves pending edits
    qtbot.waitUntil(lambda: arun(WatchlistService(services.db).members(mine)) == ["HPG", "VCB"],
                    timeout=3000)
    # the screener's WATCHLIST is the same list
    rows = arun(services.db.execute(
        "SELECT symbol FROM universe_members WHERE universe = 'WATCHLIST' ORDER BY symbol"))
    assert [r[0] for r in rows] == ["HPG", "VCB"]
    arun(services.stop())

    window2, services2, tab2 = _open(qtbot, arun, tt_home, "b3")
    arun(tab2.show_list(mine))
    assert tab2.model.symbols() == ["HPG", "VCB"]
    _close(window2, services2, arun)


def test_sort_cycles_ascending_descending_then_the_users_order(qtbot, arun, tt_home):
    window, services, tab = _open(qtbot, arun, tt_home, "b4")
    view = tab.view
    user_order = [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
    col = INDEX["change_pct"]
    view.horizontalHeader().sectionClicked.emit(col)

    def pcts():
        return [view.proxy.index(r, col).data(Qt.ItemDataRole.UserRole + 1)
                for r in range(view.proxy.rowCount())]

    assert pcts() == sorted(pcts())
    view.horizontalHeader().sectionClicked.emit(col)
    assert pcts() == sorted(pcts(), reverse=True)
    # a live change re-sorts the rows it moves, the model keeps its own order
    top = view.proxy.index(view.proxy.rowCount() - 1, 0).data()
    window.quotes.on_quote(replace(window.quotes.quote(top), last=window.quotes.quote(
        top).ceiling))
    qtbot.waitUntil(lambda: view.proxy.index(0, 0).data() == top, timeout=2000)
    view.horizontalHeader().sectionClicked.emit(col)
    assert view.sorted_column == -1
    assert [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())] == user_order
    _close(window, services, arun)


def test_double_click_and_f1_f2_open_the_ticket_prefilled_from_the_row(qtbot, arun, tt_home):
    window, services, tab = _open(qtbot, arun, tt_home, "b5")
    window.quotes.on_quote(quote("FPT", last=99_600))
    tab.model.flush()
    view = tab.view
    view.select_symbol("FPT")
    row = view.currentIndex().row()
    # double-click on the best bid: sell to it at 99.50
    rect = view.visualRect(view.proxy.index(row, INDEX["bid1"]))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ticket = window.orders_tab.ticket
    assert window.tabs.currentWidget() is window.orders_tab
    assert (ticket.symbol.text(), ticket.side.currentIndex(), ticket.price.text(),
            ticket.qty.value()) == ("FPT", 1, "99.50", 100)
    # F1 on the board buys at the best ask, F2 sells at the best bid
    window.tabs.setCurrentWidget(tab)
    view.setFocus()
    view.select_symbol("FPT")
    qtbot.keyClick(view, Qt.Key.Key_F1)
    assert (ticket.side.currentIndex(), ticket.price.text()) == (0, "99.60")
    window.tabs.setCurrentWidget(tab)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert (ticket.side.currentIndex(), ticket.price.text()) == (1, "99.50")
    # the ticket then runs its checks on what the row gave it
    qtbot.waitUntil(lambda: ticket.checks.count() > 0, timeout=5000)
    _close(window, services, arun)


def test_ticket_price_rules():
    from tradingtools_desktop.ui.board.view import ticket_price

    q = quote("FPT")
    assert ticket_price(q, Side.BUY) == 99_600 and ticket_price(q, Side.SELL) == 99_500
    assert ticket_price(q, Side.BUY, INDEX["ask3"]) == 99_800
    bare = replace(q, bids=(), asks=())
    assert ticket_price(bare, Side.SELL) == 99_600  # the last price when there is no book
    assert ticket_price(None, Side.BUY) is None
