"""The index strip above the board: VN-Index, VN30, HNX-Index, UPCOM-Index with the change
(points and percent), coloured up green / down red / unchanged yellow. Click one to chart it.

Given an :class:`AgeJudge` (:meth:`IndexStrip.set_ages`), an index value older than the
current session reads old, as the board's rows do: grey and italic, its age in words as the
cell's tooltip ("VN-Index: prices from 13/11/2025, 1 year old"); a value of today puts the
cell back in place. :meth:`IndexStrip.refresh_ages` re-judges when the clock moves on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ...domain.market.quotes import IndexQuote
from ...i18n import tr
from ..quote_words import AgeJudge
from ..theme import BOARD_DOWN, BOARD_OLD, BOARD_REFERENCE, BOARD_UP

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
        self.quote: IndexQuote | None = None
        self.old = False  # the shown value is older than the current session
        self.ages: AgeJudge | None = None
        self.show_value(None)

    def show_value(self, q: IndexQuote | None) -> None:
        """Show ``q`` (None: no value yet), judged old or current; the same label changes."""
        self.quote = q
        name = NAMES[self.index_id]
        if q is None:
            self.old = False
            self.setToolTip("")
            self.setText(f"<b>{name}</b> —")
            return
        text, colour = index_text(q)
        words, self.old = self.ages.words(q) if self.ages is not None else ("", False)
        if self.old:
            self.setText(f"<i><b>{name}</b> <span style='color:{BOARD_OLD}'>{text}</span></i>")
            self.setToolTip(tr("{name}: {age}. Not today's session: it turns current when a "
                               "live value arrives.").format(name=name, age=words))
        else:
            self.setText(f"<b>{name}</b> <span style='color:{colour or '#e5e7eb'}'>{text}"
                         f"</span>")
            self.setToolTip("")

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

    def set_ages(self, ages: AgeJudge | None) -> None:
        """Judge values against ``ages``' clock and calendar (None: never old) from now on."""
        for cell in self.cells.values():
            cell.ages = ages
        self.refresh_ages()

    def refresh_ages(self) -> None:
        """Re-judge the shown values (a new session makes yesterday's values old)."""
        for cell in self.cells.values():
            if cell.quote is not None:
                cell.show_value(cell.quote)

    def is_old(self, index_id: str) -> bool:
        return self.cells[index_id].old
