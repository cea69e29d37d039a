"""Depth (three best bids and asks) and the last trades of one symbol, beside the ticket.

Reads only the :class:`QuoteService` it is attached to, by listening: a quote of the shown
symbol rewrites the depth cells in place, and its trades are rows inserted at the top of the
tape (kept to ``TAPE_ROWS``), both at most ~10 times a second (the trades of one 100 ms
window go in together, so a busy symbol costs one repaint per window, not one per print);
nothing is rebuilt on an update.
Switching symbol fills both from the service's memory (no I/O). Clicking a price in the
depth puts it on the ticket. With no book (the newest daily bars have none) the panel says
what to do instead of showing empty rows. Given an :class:`AgeJudge`, a book older than the
current session says so (headline and note, with its age in words) and its cells are grey.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.market.calendar import to_vn_time
from ...domain.market.quotes import Quote, QuoteSource, Trade
from ...i18n import tr
from ...services.market.quote_service import QuoteEvent, QuoteService
from ..live_text import LiveText
from ..quote_words import AgeJudge
from .columns import price_text, price_tone, volume_text
from .model import OLD_BRUSH, TONES

LEVELS = 3
TAPE_ROWS = 30
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PRICE_ROLE = Qt.ItemDataRole.UserRole + 1


def _table(model: QStandardItemModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setDefaultSectionSize(22)
    return view


class DepthPanel(QGroupBox):
    price_clicked = Signal(int)  # VND

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Depth and trades"), parent)
        self.setObjectName("depthPanel")
        self.symbol = ""
        self.quotes: QuoteService | None = None
        self._stop: Callable[[], None] | None = None
        self._quote: Quote | None = None
        self._ages: AgeJudge | None = None
        self.old = False  # the shown quote is older than the current session
        self.headline = QLabel(tr("Type a symbol on the ticket to see its depth."))
        self.headline.setObjectName("depthTitle")
        self.headline.setWordWrap(True)
        self.book = QStandardItemModel(LEVELS, 4, self)
        self.book.setHorizontalHeaderLabels([tr("Bid vol"), tr("Bid"), tr("Ask"),
                                             tr("Ask vol")])
        for r in range(LEVELS):
            for c in range(4):
                item = QStandardItem("")
                item.setTextAlignment(RIGHT)
                self.book.setItem(r, c, item)
        self.book_view = _table(self.book, "depthTable")
        self.book_view.setFixedHeight(22 * (LEVELS + 1) + 8)
        self.book_view.clicked.connect(self._clicked)
        self.note = QLabel("")
        self.note.setObjectName("depthNote")
        self.note.setWordWrap(True)
        self.tape = QStandardItemModel(0, 3, self)
        self.tape.setHorizontalHeaderLabels([tr("Time"), tr("Price"), tr("Vol")])
        self.tape_view = _table(self.tape, "tradesTable")
        self.tape_note = QLabel("")
        self.tape_note.setObjectName("tradesNote")
        self.tape_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        self._headline_box = LiveText(self.headline)  # a new price repaints only it
        layout.addWidget(self._headline_box)
        layout.addWidget(self.book_view)
        layout.addWidget(self.note)
        layout.addWidget(QLabel(tr("Last trades")))
        layout.addWidget(self.tape_note)
        layout.addWidget(self.tape_view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._flush)
        self._quote_dirty = False
        self._pending: list[Trade] = []  # the shown symbol's trades not yet on the tape
        self._symbol_timer = QTimer(self)
        self._symbol_timer.setSingleShot(True)
        self._symbol_timer.setInterval(150)  # the user is typing the symbol
        self._symbol_timer.timeout.connect(self._switch)
        self._wanted = ""

    # -- wiring ----------------------------------------------------------------------------------
    def attach(self, quotes: QuoteService, ages: AgeJudge | None = None) -> None:
        """Read ``quotes``; with ``ages`` (the app's clock and calendar), an old book says
        so. Without, only a book from daily bars is called old."""
        self.detach()
        self.quotes = quotes
        self._ages = ages
        self._stop = quotes.listen(self._on_market)
        if self.symbol:
            self.show_symbol(self.symbol)

    def detach(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None
        self.quotes = None

    def set_symbol(self, text: str) -> None:
        """Follow the ticket's symbol field (debounced while typing)."""
        self._wanted = text.strip().upper()
        self._symbol_timer.start()

    def _switch(self) -> None:
        if self._wanted != self.symbol:
            self.show_symbol(self._wanted)

    def show_symbol(self, symbol: str) -> None:
        self.symbol = symbol.strip().upper()
        self._pending.clear()
        self._quote_dirty = False
        self._quote = self.quotes.quote(self.symbol) if self.quotes and self.symbol else None
        self._render_quote()
        self.tape.removeRows(0, self.tape.rowCount())
        trades = self.quotes.trades(self.symbol, last=TAPE_ROWS) if self.quotes else []
        for t in trades:  # oldest first, each goes on top
            self._add_trade(t)
        self._tape_state()

    # -- updates ---------------------------------------------------------------------------------
    def _on_market(self, kind: str, payload: object) -> None:
        if kind == QuoteEvent.QUOTE and isinstance(payload, Quote):
            if payload.symbol == self.symbol:
                self._quote = payload
                self._quote_dirty = True
                if not self._timer.isActive():
                    self._timer.start()
        elif kind == QuoteEvent.TRADE and isinstance(payload, Trade) \
                and payload.symbol.upper() == self.symbol:
            self._pending.append(payload)
            if not self._timer.isActive():
                self._timer.start()

    def _flush(self) -> None:
        """The window's changes: the book once, then its trades (oldest first, on top)."""
        if self._quote_dirty:
            self._quote_dirty = False
            self._render_quote()
        pending, self._pending = self._pending[-TAPE_ROWS:], []
        if pending:
            for t in pending:
                self._add_trade(t)
            self._tape_state()

    def refresh_age(self) -> None:
        """Re-judge the shown book against the clock now (its age moved on, or a new
        session made it old) without waiting for a quote."""
        if self.symbol and not self._timer.isActive():
            self._render_quote()

    def _render_quote(self) -> None:
        q = self._quote
        age = ""
        if q is None:
            self.old = False
        elif self._ages is not None:
            age, self.old = self._ages.words(q)
        else:
            self.old = q.source is QuoteSource.BARS
        if not self.symbol:
            self._headline_box.setText(tr("Type a symbol on the ticket to see its depth."))
        elif q is None:
            self._headline_box.setText(tr("No prices for {symbol}.").format(symbol=self.symbol))
        else:
            self._headline_box.setText(self._headline(q, age))
        bids = (q.bids or ()) if q else ()
        asks = (q.asks or ()) if q else ()
        for r in range(LEVELS):
            bid = bids[r] if r < len(bids) else None
            ask = asks[r] if r < len(asks) else None
            self._cell(r, 0, volume_text(bid.volume) if bid else "", bid.price if bid else None)
            self._cell(r, 1, price_text(bid.price) if bid else "", bid.price if bid else None)
            self._cell(r, 2, price_text(ask.price) if ask else "", ask.price if ask else None)
            self._cell(r, 3, volume_text(ask.volume) if ask else "", ask.price if ask else None)
        if q is not None and not bids and not asks:
            self.note.setText(tr("No order book: the newest daily bars have none. Depth shows "
                                 "when a live price feed is connected (SSI FastConnect Data "
                                 "key in Setup).") if q.source is QuoteSource.BARS else
                              tr("The order book is empty."))
        elif q is not None and self.old and age:
            self.note.setText(tr("This book is old ({age}): it is not today's session. It "
                                 "turns current when a live price arrives.").format(age=age))
        else:
            self.note.setText("")

    def _headline(self, q: Quote, age: str = "") -> str:
        parts = [f"<b>{q.symbol}</b>"]
        if q.last is not None:
            colour = TONES[price_tone(q.last, q)]
            css = f" style='color:{colour.color().name()}'" if colour is not None else ""
            change = ""
            if q.change is not None and q.change_bps is not None:
                sign = "+" if q.change > 0 else ""
                change = f" {sign}{price_text(q.change)} ({sign}{q.change_bps / 100:.2f}%)"
            parts.append(f"<span{css}>{price_text(q.last)}{change}</span>")
        if self.old and age:
            parts.append(tr("(old: {age})").format(age=age))
        elif q.source is QuoteSource.BARS:
            parts.append(tr("(old: daily bar of {day})").format(
                day=to_vn_time(q.at).strftime("%d/%m/%Y")))
        return " ".join(parts)

    def _cell(self, row: int, col: int, text: str, price: int | None) -> None:
        item = self.book.item(row, col)
        q = self._quote
        brush = TONES[price_tone(price, q)] if q is not None and price else None
        if brush is not None and self.old:
            brush = OLD_BRUSH
        if item.text() != text:
            item.setText(text)
        item.setData(brush, Qt.ItemDataRole.ForegroundRole)
        item.setData(price, PRICE_ROLE)

    def _add_trade(self, t: Trade) -> None:
        q = self._quote
        brush = TONES[price_tone(t.price, q)] if q is not None else None
        row = [QStandardItem(to_vn_time(t.at).strftime("%H:%M:%S")),
               QStandardItem(price_text(t.price)), QStandardItem(volume_text(t.volume))]
        for item in row:
            item.setTextAlignment(RIGHT)
            if brush is not None:
                item.setForeground(brush)
        self.tape.insertRow(0, row)
        if self.tape.rowCount() > TAPE_ROWS:
            self.tape.removeRows(TAPE_ROWS, self.tape.rowCount() - TAPE_ROWS)

    def _tape_state(self) -> None:
        if self.tape.rowCount() or not self.symbol:
            self.tape_note.setText("")
        else:
            self.tape_note.setText(tr("No trades yet for {symbol}: matched trades show here "
                                      "while a live feed runs.").format(symbol=self.symbol))

    def _clicked(self, index: QModelIndex) -> None:
        price = index.data(PRICE_ROLE)
        if isinstance(price, int) and price > 0:
            self.price_clicked.emit(price)
