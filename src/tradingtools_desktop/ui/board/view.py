"""The board's table view: dark like the boards VN traders know, sortable by any column
(click: ascending, again: descending, a third time: the user's own order back), rows
reordered by drag or Move up / down while no sort is on, and a row sent to the order ticket
by double-click, Enter, F1 (buy) or F2 (sell).

Which price goes on the ticket: a double-click on a bid cell sells at that bid, on an ask
cell buys at that ask; anywhere else (and F1 / F2) buys at the best ask or sells at the best
bid, falling back to the last price, then the reference.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...domain.market.quotes import Quote
from ...domain.orders import Side
from .columns import ASK_COLUMNS, BID_COLUMNS, COLUMNS, Kind
from .model import SORT_ROLE, BoardModel

RESORT_MS = 1000
ORDER_KEYS = {Qt.Key.Key_F1: Side.BUY, Qt.Key.Key_F2: Side.SELL}


def ticket_price(quote: Quote | None, side: Side, column: int | None = None) -> int | None:
    """The price a row puts on the ticket (VND), or None when the row has no price."""
    if quote is None:
        return None
    if column is not None and column in BID_COLUMNS | ASK_COLUMNS:
        level = COLUMNS[column].level
        book = quote.bids if column in BID_COLUMNS else quote.asks
        if book and len(book) >= level:
            return book[level - 1].price
    best = quote.best_ask if side is Side.BUY else quote.best_bid
    if best is not None:
        return best.price
    return quote.last or quote.reference


def side_for_column(column: int | None, default: Side = Side.BUY) -> Side:
    """Hitting a bid sells to it; lifting an ask buys from it."""
    if column in BID_COLUMNS:
        return Side.SELL
    if column in ASK_COLUMNS:
        return Side.BUY
    return default


class BoardView(QTableView):
    order_requested = Signal(str, object, object)  # symbol, Side, price VND or None
    symbol_selected = Signal(str)
    sort_changed = Signal(int)  # the sorted column, -1 for the user's order

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardTable")
        self.board = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        # re-sorted once per flush of the model (below), not on each changed cell
        self.proxy.setDynamicSortFilter(False)
        self.setModel(self.proxy)
        self._sort_col = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        head = self.horizontalHeader()
        head.setSectionsClickable(True)
        head.setSortIndicatorShown(False)
        head.setHighlightSections(False)
        head.setMinimumSectionSize(38)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        head.sectionClicked.connect(self._header_clicked)
        self._fit_columns()
        self._dark()
        self.doubleClicked.connect(self._double_clicked)
        model.flushed.connect(self._resort)
        self._resort_timer = QTimer(self)
        self._resort_timer.setSingleShot(True)
        self._resort_timer.setInterval(RESORT_MS)
        self._resort_timer.timeout.connect(self._sort_again)
        self.selectionModel().currentRowChanged.connect(self._row_changed)

    def _fit_columns(self) -> None:
        """Widths from the font, for the widest value each column shows on a real board."""
        font = self.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))  # boards are dense: 26 columns
        self.setFont(font)
        head_font = self.horizontalHeader().font()
        head_font.setPointSizeF(max(7.0, font.pointSizeF() - 0.5))
        self.horizontalHeader().setFont(head_font)
        fm = self.fontMetrics()
        pad = 8
        widest = {Kind.SYMBOL: "WWWW", Kind.PRICE: "888.88", Kind.VOLUME: "8,888,888",
                  Kind.CHANGE: "+88.88", Kind.PERCENT: "+88.88%"}
        for c, col in enumerate(COLUMNS):
            sample = "888,888,888" if col.key in ("total_vol", "foreign_room") else \
                widest[col.kind]
            self.setColumnWidth(c, fm.horizontalAdvance(sample) + pad)

    def _dark(self) -> None:
        pal = self.palette()
        for role, colour in ((QPalette.ColorRole.Base, "#0b0f14"),
                             (QPalette.ColorRole.Text, "#e5e7eb"),
                             (QPalette.ColorRole.Highlight, "#334155"),
                             (QPalette.ColorRole.HighlightedText, "#ffffff")):
            pal.setColor(role, QColor(colour))
        self.setPalette(pal)
        # no style sheet on the table: it sends every cell through QStyleSheetStyle, ~10x
        # the paint cost (benchmarks/board.py); the grid takes the palette's colours

    # -- sorting -------------------------------------------------------------------------------
    @property
    def sorted_column(self) -> int:
        return self._sort_col

    def _header_clicked(self, column: int) -> None:
        if column != self._sort_col:
            self.sort_by(column, Qt.SortOrder.AscendingOrder)
        elif self._sort_order == Qt.SortOrder.AscendingOrder:
            self.sort_by(column, Qt.SortOrder.DescendingOrder)
        else:
            self.sort_by(-1)

    def sort_by(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on ``column``; -1 gives the user's own order back (and drag to reorder)."""
        self._sort_col, self._sort_order = column, order
        head = self.horizontalHeader()
        self.proxy.sort(column, order)
        head.setSortIndicatorShown(column >= 0)
        if column >= 0:
            head.setSortIndicator(column, order)
        self.setDragEnabled(column < 0)
        self.sort_changed.emit(column)

    def _resort(self, columns: frozenset[int]) -> None:
        """Live values moved the sorted column: re-sort, at most once every ``RESORT_MS``
        (rows that jump ten times a second cannot be read, and each re-sort is a layout)."""
        if self._sort_col >= 0 and self._sort_col in columns and \
                not self._resort_timer.isActive():
            self._resort_timer.start()

    def _sort_again(self) -> None:
        if self._sort_col >= 0:
            self.proxy.sort(self._sort_col, self._sort_order)

    # -- rows ------------------------------------------------------------------------------------
    def current_symbol(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return str(self.proxy.index(index.row(), 0).data())

    def select_symbol(self, symbol: str) -> None:
        row = self.board.row_of(symbol)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.board.index(row, 0))
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def request_order(self, side: Side | None = None, column: int | None = None) -> bool:
        """Send the current row to the ticket; False when no row is selected."""
        symbol = self.current_symbol()
        if symbol is None:
            return False
        chosen = side or side_for_column(column)
        self.order_requested.emit(symbol, chosen,
                                  ticket_price(self.board.quote(symbol), chosen, column))
        return True

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.request_order(column=index.column())

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.symbol_selected.emit(str(self.proxy.index(current.row(), 0).data()))

    # -- keyboard: F1 buy, F2 sell, Enter as a double-click ------------------------------------
    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) \
                and (e.key() in ORDER_KEYS or e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)) \
                and self.currentIndex().isValid():
            e.accept()  # a row is picked: F1 / F2 / Enter are the board's, not the window's
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = Qt.Key(e.key())
        if key in ORDER_KEYS and self.request_order(ORDER_KEYS[key]):
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.request_order(column=self.currentIndex().column()):
            return
        super().keyPressEvent(e)
