"""Issue 11: a row older than the current session reads old (grey, italic, its age in words
on the symbol and last price), and turns normal in place when a quote of today arrives."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QPersistentModelIndex, Qt
from tests.ui.board.market import T0, VN, quote

from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.quotes import QuoteSource
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.services.market.quote_service import QuoteService
from tradingtools_desktop.ui.board.columns import INDEX
from tradingtools_desktop.ui.board.depth import DepthPanel
from tradingtools_desktop.ui.board.model import FG, BoardModel
from tradingtools_desktop.ui.quote_words import AgeJudge
from tradingtools_desktop.ui.theme import BOARD_OLD, BOARD_REFERENCE

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=VN)  # a Wednesday, in the morning session
TIP = Qt.ItemDataRole.ToolTipRole
FONT = Qt.ItemDataRole.FontRole


def _bars(symbol: str = "FPT"):
    """The newest daily bar in the cache, a year before NOW (no book, as bars have)."""
    return replace(quote(symbol, bids=(), asks=()), source=QuoteSource.BARS,
                   at=datetime(2025, 11, 13, 15, 0, tzinfo=VN))


def _ages(now: list[datetime]) -> AgeJudge:
    return AgeJudge(lambda: now[0], TradingCalendar())


def _cell(model: BoardModel, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole):
    return model.index(row, INDEX[key]).data(role)


def _looks_old(model: BoardModel, row: int) -> bool:
    fg = _cell(model, row, "last", FG)
    font = _cell(model, row, "last", FONT)
    return (fg is not None and fg.color().name() == BOARD_OLD
            and font is not None and font.italic())


def test_a_row_from_bars_is_marked_old_with_its_age_and_a_live_quote_clears_it(qtbot):
    model = BoardModel()
    model.set_ages(_ages([NOW]))
    model.set_symbols(["FPT", "VCB"], {"FPT": _bars("FPT"), "VCB": quote("VCB")})
    assert model.is_old("FPT") and not model.is_old("VCB")
    assert _looks_old(model, 0) and not _looks_old(model, 1)
    tip = "prices from 13/11/2025, 1 year old"
    assert _cell(model, 0, "symbol", TIP) == tip and _cell(model, 0, "last", TIP) == tip
    assert _cell(model, 1, "symbol", TIP) is None
    assert _cell(model, 1, "last", FG).color().name() == BOARD_REFERENCE

    resets: list[int] = []
    for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        sig.connect(lambda *_: resets.append(1))
    kept = QPersistentModelIndex(model.index(0, INDEX["last"]))
    model.on_quote(quote("FPT", seconds=1200))  # today's session, live
    model.flush()

    assert not model.is_old("FPT") and not _looks_old(model, 0)
    assert _cell(model, 0, "symbol", TIP) is None and _cell(model, 0, "last", TIP) is None
    assert _cell(model, 0, "last", FG).color().name() == BOARD_REFERENCE  # its band colour
    assert _cell(model, 0, "last", FONT) is None
    assert resets == [] and kept.row() == 0 and kept.data() == "99.60"
    assert model.symbols() == ["FPT", "VCB"]


def test_a_quote_of_an_earlier_day_is_old_even_from_a_live_source_in_vietnamese(qtbot):
    set_language("vi")
    try:
        model = BoardModel()
        model.set_ages(_ages([datetime(2026, 11, 26, 9, 5, tzinfo=VN)]))  # Thursday's session
        model.set_symbols(["FPT"], {"FPT": quote("FPT")})  # Wednesday's stream quote
        assert model.is_old("FPT") and _looks_old(model, 0)
        assert _cell(model, 0, "last", TIP) == "giá ngày 25/11/2026, 23 giờ trước"
    finally:
        set_language(None)


def test_a_new_session_turns_yesterdays_rows_old_only_touching_those_cells(qtbot):
    now = [NOW]
    model = BoardModel()
    model.set_ages(_ages(now))
    model.set_symbols(["FPT", "VCB"], {"FPT": quote("FPT"), "VCB": _bars("VCB")})
    assert not model.is_old("FPT")
    spy: list[int] = []
    model.dataChanged.connect(lambda a, _b, _r=None: spy.append(a.row()))
    now[0] = datetime(2026, 11, 25, 14, 0, tzinfo=VN)
    model.refresh_ages()  # same session, same ages in words: nothing written
    assert spy == []
    now[0] = datetime(2026, 11, 26, 9, 1, tzinfo=VN)  # next morning, the session has begun
    model.refresh_ages()
    assert model.is_old("FPT") and _looks_old(model, 0)
    assert _cell(model, 0, "symbol", TIP).startswith("prices from 25/11/2026")
    assert set(spy) == {0}  # VCB was old already and its age in words did not change


def test_without_a_clock_the_model_marks_nothing_old(qtbot):
    model = BoardModel()
    model.set_symbols(["FPT"], {"FPT": _bars()})
    assert not model.is_old("FPT") and not _looks_old(model, 0)


def test_the_depth_panel_says_its_book_is_old(qtbot):
    quotes = QuoteService()
    quotes.on_quote(replace(quote("FPT"), at=T0.replace(day=24)))  # yesterday's book
    panel = DepthPanel()
    qtbot.addWidget(panel)
    now = [NOW]
    panel.attach(quotes, _ages(now))
    panel.show_symbol("FPT")
    assert panel.old
    assert "(old: prices from 24/11/2026, 1 day old)" in panel.headline.text()
    assert "This book is old (prices from 24/11/2026, 1 day old)" in panel.note.text()
    assert panel.book.item(0, 1).foreground().color().name() == BOARD_OLD

    quotes.on_quote(quote("FPT", seconds=600))  # a live quote of today's session
    qtbot.waitUntil(lambda: not panel.old, timeout=2000)
    assert "old" not in panel.headline.text() and panel.note.text() == ""
    assert panel.book.item(0, 1).foreground().color().name() != BOARD_OLD


def test_the_depth_panel_turns_old_when_a_new_session_begins(qtbot):
    quotes = QuoteService()
    quotes.on_quote(quote("FPT"))
    panel = DepthPanel()
    qtbot.addWidget(panel)
    now = [NOW]
    panel.attach(quotes, _ages(now))
    panel.show_symbol("FPT")
    assert not panel.old and panel.note.text() == ""
    now[0] = datetime(2026, 11, 26, 9, 30, tzinfo=VN)
    panel.refresh_age()
    assert panel.old and "prices from 25/11/2026" in panel.note.text()
