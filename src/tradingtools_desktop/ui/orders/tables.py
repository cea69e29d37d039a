"""Order tables (open orders, history) and the audit trail, declared by their columns.

The order tables are models keyed by order id and updated in place from the order events
(``OrderUpdated`` carries the order as committed), never rebuilt from the DB on an update;
the DB is read once when the tab attaches."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

from ...domain.orders import Order, OrderStatus
from ...i18n import tr
from .format import side_colour, side_text, status_text, status_word, thousands, vn_time

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.oms import AuditEntry


S = OrderStatus
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
STATUS_COLOURS = {S.FILLED: "#16a34a", S.DENIED: "#dc2626", S.REJECTED: "#dc2626",
                  S.FAILED: "#dc2626", S.CANCELLED: "#6b7280", S.EXPIRED: "#6b7280",
                  S.UNKNOWN: "#d97706"}

Column = tuple[str, Callable[[Order], str]]
ORDER_COLUMNS: list[Column] = [
    ("Time", lambda o: vn_time(o.created_at)),
    ("Symbol", lambda o: o.request.symbol),
    ("Side", lambda o: side_text(o.request.side)),
    ("Type", lambda o: o.request.order_type.value),
    ("Qty", lambda o: f"{o.request.quantity:,}"),
    ("Price", lambda o: thousands(o.request.price) if o.request.price else "—"),
    ("Filled", lambda o: f"{o.filled_qty:,}"),
    ("Avg", lambda o: thousands(o.avg_price)),
    ("Status", status_text),
    ("Reason", lambda o: tr(o.reason)),
]
NUMBER_COLS = frozenset({4, 5, 6, 7})
STATUS_COL = 8
SIDE_COL = 2


class OrderTableModel(QStandardItemModel):
    """Orders keyed by id, written in place: an order's change rewrites the cells that
    changed in its row (no reset, no read from the DB); a new order is one inserted row
    (newest first or oldest first, as the table keeps them)."""

    def __init__(self, parent: QObject | None = None, *, newest_first: bool) -> None:
        super().__init__(0, len(ORDER_COLUMNS), parent)
        self.setHorizontalHeaderLabels([tr(c[0]) for c in ORDER_COLUMNS])
        self.newest_first = newest_first
        self._orders: list[Order] = []
        self._row: dict[str, int] = {}

    @property
    def orders(self) -> list[Order]:
        return list(self._orders)

    def order_at(self, row: int) -> Order | None:
        return self._orders[row] if 0 <= row < len(self._orders) else None

    def upsert(self, order: Order) -> bool:
        """Show ``order``: its row updated in place, or a new row; True when it was new."""
        row = self._row.get(order.id)
        if row is not None:
            self._orders[row] = order
            for col, (_, cell) in enumerate(ORDER_COLUMNS):
                item = self.item(row, col)
                text = cell(order)
                if item.text() != text:
                    item.setText(text)
                if col == STATUS_COL:
                    _colour(item, order)
            return False
        pos = self._insert_at(order)
        self._orders.insert(pos, order)
        self.insertRow(pos, _items(order))
        self._reindex()
        return True

    def discard(self, order_id: str) -> bool:
        row = self._row.pop(order_id, None)
        if row is None:
            return False
        del self._orders[row]
        self.removeRow(row)
        self._reindex()
        return True

    def show_orders(self, orders: list[Order]) -> None:
        """Make the table these orders (a load): rows kept by id, changed in place, the
        missing removed, the new inserted where their time puts them."""
        keep = {o.id for o in orders}
        for gone in [o.id for o in self._orders if o.id not in keep]:
            self.discard(gone)
        for order in orders:
            self.upsert(order)

    def _insert_at(self, order: Order) -> int:
        for i, other in enumerate(self._orders):
            if (order.created_at > other.created_at) == self.newest_first and \
                    order.created_at != other.created_at:
                return i
        return len(self._orders)

    def _reindex(self) -> None:
        self._row = {o.id: i for i, o in enumerate(self._orders)}


def _items(order: Order) -> list[QStandardItem]:
    items = []
    for col, (_, cell) in enumerate(ORDER_COLUMNS):
        item = QStandardItem(cell(order))
        item.setEditable(False)
        if col in NUMBER_COLS:
            item.setTextAlignment(RIGHT)
        if col == STATUS_COL:
            _colour(item, order)
        if col == SIDE_COL:  # Buy green, Sell red, as on the boards
            item.setForeground(QColor(side_colour(order.request.side)))
        items.append(item)
    return items


def _colour(item: QStandardItem, order: Order) -> None:
    colour = STATUS_COLOURS.get(order.status)
    item.setData(QBrush(QColor(colour)) if colour else None, Qt.ItemDataRole.ForegroundRole)


class OrdersTable(QTableView):
    """A table of orders on an :class:`OrderTableModel` (updated in place by order id)."""

    selected_order = Signal(str)

    def __init__(self, object_name: str, *, newest_first: bool = False) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.table = OrderTableModel(self, newest_first=newest_first)
        self.setModel(self.table)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(len(ORDER_COLUMNS) - 1,
                                                     QHeaderView.ResizeMode.Stretch)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.rowsInserted.connect(lambda *_: self._fit())

    @property
    def orders(self) -> list[Order]:
        return self.table.orders

    def rowCount(self) -> int:
        return self.table.rowCount()

    def show_orders(self, orders: list[Order]) -> None:
        self.table.show_orders(orders)

    def upsert(self, order: Order) -> None:
        self.table.upsert(order)

    def discard(self, order_id: str) -> None:
        self.table.discard(order_id)

    def current_order(self) -> Order | None:
        index = self.currentIndex()
        return self.table.order_at(index.row()) if index.isValid() else None

    def _fit(self) -> None:
        if self.table.rowCount() <= 50:  # beyond, the first rows already set the widths
            self.resizeColumnsToContents()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        order = self.table.order_at(current.row()) if current.isValid() else None
        if order is not None:
            self.selected_order.emit(order.id)


class AuditTable(QTableWidget):
    HEAD = ("Time", "From", "To", "Reason", "Source")

    def __init__(self) -> None:
        super().__init__(0, len(self.HEAD))
        self.setObjectName("auditTable")
        self.setHorizontalHeaderLabels([tr(h) for h in self.HEAD])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = (vn_time(e.at), status_word(e.from_status or ""), status_word(e.to_status),
                     e.reason,
                     tr(e.source))
            for col, text in enumerate(cells):
                self.setItem(row, col, QTableWidgetItem(text))
        self.resizeColumnsToContents()
