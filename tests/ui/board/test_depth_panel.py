"""Depth and last trades beside the ticket: follow the ticket's symbol, update in place."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPersistentModelIndex, Qt
from tests.ui.board.market import T0, quote

from tradingtools_desktop.domain.market.quotes import QuoteSource, Trade
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.market.quote_service import QuoteService
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.board.depth import TAPE_ROWS, DepthPanel
from tradingtools_desktop.ui.main_window import MainWindow
from tradingtools_desktop.ui.theme import BOARD_DOWN, BOARD_REFERENCE


def _trade(price: int, n: int) -> Trade:
    return Trade("FPT", price, 100 * (n + 1), T0 + timedelta(seconds=n), QuoteSource.SSI_STREAM)


def _book(panel: DepthPanel) -> list[list[str]]:
    return [[panel.book.item(r, c).text() for c in range(4)] for r in range(3)]


def test_depth_follows_the_symbol_and_updates_in_place(qtbot):
    quotes = QuoteService()
    quotes.on_quote(quote("FPT"))
    quotes.on_trade(_trade(99_600, 0))
    panel = DepthPanel()
    qtbot.addWidget(panel)
    panel.attach(quotes)
    panel.set_symbol("fpt")
    qtbot.waitUntil(lambda: panel.symbol == "FPT", timeout=2000)
    assert _book(panel) == [["1,200", "99.50", "99.60", "800"],
                            ["3,000", "99.40", "99.70", "2,100"],
                            ["500", "99.30", "99.80", "4,000"]]
    assert panel.book.item(0, 1).foreground().color().name() == BOARD_DOWN
    assert panel.book.item(0, 2).foreground().color().name() == BOARD_REFERENCE
    assert panel.tape.rowCount() == 1 and panel.tape.item(0, 1).text() == "99.60"
    cell = QPersistentModelIndex(panel.book.index(0, 1))
    resets: list[int] = []
    panel.book.modelReset.connect(lambda: resets.append(1))

    quotes.on_quote(quote("FPT", bids=((99_600, 5_000),)))
    qtbot.waitUntil(lambda: panel.book.item(0, 1).text() == "99.60", timeout=2000)
    assert _book(panel)[1] == ["", "", "99.70", "2,100"]
    assert cell.isValid() and resets == []
    quotes.on_quote(quote("VCB", bids=((1_000, 1),)))  # another symbol: not shown
    for n in range(1, TAPE_ROWS + 5):
        quotes.on_trade(_trade(99_700, n))
    # the window's trades go on the tape together (one repaint), within ~100 ms
    qtbot.waitUntil(lambda: panel.tape.rowCount() == TAPE_ROWS
                    and panel.tape.item(0, 2).text() == f"{100 * (TAPE_ROWS + 5):,}",
                    timeout=2000)
    assert panel.tape.rowCount() == TAPE_ROWS
    assert panel.tape.item(0, 2).text() == f"{100 * (TAPE_ROWS + 5):,}"  # newest on top


def test_clicking_a_depth_price_puts_it_on_the_ticket(qtbot, arun, tt_home):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("d1", tt_home)))
    window.attach(services)
    window.tabs.setCurrentWidget(window.orders_tab)
    window.show()
    qtbot.waitUntil(lambda: window.quotes.quote("FPT") is not None, timeout=5000)
    ticket, depth = window.orders_tab.ticket, window.orders_tab.depth_panel
    qtbot.keyClicks(ticket.symbol, "FPT")
    qtbot.waitUntil(lambda: depth.symbol == "FPT", timeout=2000)
    # the bundled bars have no book: the panel says so and what to do
    assert "No order book" in depth.note.text() and "old" in depth.headline.text()
    assert "No trades yet" in depth.tape_note.text()
    window.quotes.on_quote(quote("FPT"))
    qtbot.waitUntil(lambda: depth.book.item(0, 2).text() == "99.60", timeout=2000)
    # a book now; the quote (25/11/2026) is of a session before the app clock's: said old
    assert "No order book" not in depth.note.text()
    assert depth.old and "This book is old (prices from 25/11/2026" in depth.note.text()
    view = depth.book_view
    rect = view.visualRect(depth.book.index(1, 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ticket.price.text() == "99.70"
    window.detach()
    arun(services.stop())
