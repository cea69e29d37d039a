"""The index strip above the board: VN-Index, VN30, HNX-Index, UPCOM-Index with the change
(points and percent), coloured up green / down red / unchanged yellow. Click one to chart it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ...domain.market.quotes import IndexQuote
from ..theme import BOARD_DOWN, BOARD_REFERENCE, BOARD_UP

# feed ids (FastConnect sends HNXIndex / HNXUpcomIndex; the bundled data VNINDEX...) -> ours
ALIASES = {"VNINDEX": "VNINDEX", "VN30": "VN30", "HNXINDEX": "HNXINDEX",
           "UPCOMINDEX": "UPCOMINDEX", "HNXUPCOMINDEX": "UPCOMINDEX"}
NAMES = {"VNINDEX": "VN-Index", "VN30": "VN30", "HNXINDEX": "HNX-Index",
         "UPCOMINDEX": "UPCOM-Index"}


def index_text(q: IndexQuote) -> tuple[str, str]:
    """('1,629.24  -2.62 (-0.16%)', colour) for one index value."""
    value = f"{q.value:,.2f}"
    if q.change is None:
        return value, ""
    arrow = "▲" if q.change > 0 else "▼" if q.change < 0 else "■"
    pct = f" ({q.change_pct:+.2f}%)" if q.change_pct is not None else ""
    colour = BOARD_UP if q.change > 0 else BOARD_DOWN if q.change < 0 else BOARD_REFERENCE
    return f"{value}  {arrow} {q.change:+,.2f}{pct}", colour


class _IndexCell(QLabel):
    clicked = Signal(str)

    def __init__(self, index_id: str) -> None:
        super().__init__()
        self.index_id = index_id
        self.setObjectName(f"index_{index_id}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.show_value(None)

    def show_value(self, q: IndexQuote | None) -> None:
        name = NAMES[self.index_id]
        if q is None:
            self.setText(f"<b>{name}</b> —")
            return
        text, colour = index_text(q)
        self.setText(f"<b>{name}</b> <span style='color:{colour or '#e5e7eb'}'>{text}</span>")

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        self.clicked.emit(self.index_id)
        super().mousePressEvent(ev)


class IndexStrip(QFrame):
    index_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexStrip")
        self.setStyleSheet("QFrame#indexStrip { background: #0b0f14; } "
                           "QFrame#indexStrip QLabel { color: #e5e7eb; padding: 3px 10px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.cells: dict[str, _IndexCell] = {}
        for index_id in NAMES:
            cell = _IndexCell(index_id)
            cell.clicked.connect(self.index_clicked)
            self.cells[index_id] = cell
            layout.addWidget(cell)
        layout.addStretch(1)

    def on_index(self, q: IndexQuote) -> None:
        key = ALIASES.get(q.index_id.upper())
        if key is not None:
            self.cells[key].show_value(q)
