"""Order tables (open orders, history) and the audit trail, declared by their columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

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


class OrdersTable(QTableWidget):
    selected_order = Signal(str)

    def __init__(self, object_name: str) -> None:
        super().__init__(0, len(ORDER_COLUMNS))
        self.setObjectName(object_name)
        self.setHorizontalHeaderLabels([tr(c[0]) for c in ORDER_COLUMNS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(len(ORDER_COLUMNS) - 1,
                                                     QHeaderView.ResizeMode.Stretch)
        self.orders: list[Order] = []
        self.itemSelectionChanged.connect(self._on_selection)

    def show_orders(self, orders: list[Order]) -> None:
        self.orders = orders
        self.setRowCount(len(orders))
        for row, order in enumerate(orders):
            for col, (_, cell) in enumerate(ORDER_COLUMNS):
                item = QTableWidgetItem(cell(order))
                if col in (4, 5, 6, 7):
                    item.setTextAlignment(RIGHT)
                colour = STATUS_COLOURS.get(order.status)
                if col == 8 and colour:
                    item.setForeground(QColor(colour))
                if col == 2:  # Buy green, Sell red, as on the boards
                    item.setForeground(QColor(side_colour(order.request.side)))
                self.setItem(row, col, item)
        self.resizeColumnsToContents()

    def current_order(self) -> Order | None:
        row = self.currentRow()
        return self.orders[row] if 0 <= row < len(self.orders) else None

    def _on_selection(self) -> None:
        order = self.current_order()
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
