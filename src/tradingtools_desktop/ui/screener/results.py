"""Results table (sortable) and the detail pane."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ...i18n import tr
from ..theme import BOARD_DOWN, BOARD_REFERENCE, BOARD_UP

AGENT_NAMES = {"technical": "technical", "fundamental": "fundamental", "news": "news",
               "risk": "risk", "llm": "AI"}
HEAD = ("Symbol", "Score", "Confidence", "Size (shares)", "Value (m VND)", "Agents used")


class NumberItem(QTableWidgetItem):
    """Sorts by the number it shows, not by the text."""

    def __init__(self, text: str, value: float) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, NumberItem):
            return self.value < other.value
        return super().__lt__(other)


class ResultsTable(QTableWidget):
    symbol_selected = Signal(str)

    def __init__(self) -> None:
        super().__init__(0, len(HEAD))
        self.setObjectName("screenerResults")
        self.setHorizontalHeaderLabels([tr(h) for h in HEAD])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        # the arrow is drawn in the header's text ("▼" = largest first), the same on every
        # style (Qt's own indicator points the other way on some of them)
        header.setSortIndicatorShown(False)
        header.sortIndicatorChanged.connect(self._label_headers)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.rows: dict[str, dict[str, Any]] = {}
        self.itemSelectionChanged.connect(self._selected)

    def show_results(self, verdicts: list[dict[str, Any]]) -> None:
        self.setSortingEnabled(False)
        self.rows = {v["symbol"]: v for v in verdicts}
        self.setRowCount(len(verdicts))
        for row, v in enumerate(verdicts):
            score = v["score"]
            used = [k for k, a in v["agents"].items() if not a["abstained"]]
            items = [
                QTableWidgetItem(v["symbol"]),
                NumberItem(tr("abstained") if score is None else f"{score:+.2f}",
                           -9.0 if score is None else score),
                NumberItem(f"{v['confidence']:.0%}", v["confidence"]),
                NumberItem(f"{v['suggested_qty']:,}", v["suggested_qty"]),
                NumberItem(f"{v['suggested_value'] / 1e6:,.1f}", v["suggested_value"]),
                QTableWidgetItem(", ".join(tr(AGENT_NAMES.get(k, k)) for k in used)),
            ]
            colour = (BOARD_REFERENCE if score is None or abs(score) < 0.15
                      else BOARD_UP if score > 0 else BOARD_DOWN)
            items[1].setForeground(QColor(colour))
            for col, item in enumerate(items):
                self.setItem(row, col, item)
        self.setSortingEnabled(True)
        self.sortItems(1, Qt.SortOrder.DescendingOrder)
        self.resizeColumnsToContents()

    def _label_headers(self, column: int, order: Qt.SortOrder) -> None:
        for i, head in enumerate(HEAD):
            arrow = ("" if i != column else
                     " ▼" if order is Qt.SortOrder.DescendingOrder else " ▲")
            self.setHorizontalHeaderItem(i, QTableWidgetItem(tr(head) + arrow))

    def current_symbol(self) -> str | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def _selected(self) -> None:
        symbol = self.current_symbol()
        if symbol:
            self.symbol_selected.emit(symbol)
