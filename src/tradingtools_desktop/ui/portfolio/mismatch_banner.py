"""The reconciliation banner: every open mismatch with our side and the broker's, and the
two ways out — accept the broker's side, or mark it resolved — each with a note.

The widget only shows rows and emits ``accept_requested(id, note)`` /
``resolve_requested(id, note)``; the Portfolio tab calls the service off the Qt thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...i18n import tr
from ..orders.format import vn_time

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...store.reconciliation_repo import MismatchRow

COLUMNS = ("#", "Kind", "Key", "Ours", "Broker", "Why", "Since")
KIND_TEXT = {"POSITION": "Position", "CASH": "Cash", "OPEN_ORDER": "Open order"}


class MismatchBanner(QFrame):
    accept_requested = Signal(int, str)
    resolve_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mismatchBanner")
        self.setStyleSheet("#mismatchBanner { background: #fdecea; border: 2px solid #c62828; "
                           "border-radius: 4px; }")
        self.title = QLabel("")
        self.title.setObjectName("mismatchTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("mismatchTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(150)
        self.note = QLineEdit()
        self.note.setObjectName("mismatchNote")
        self.note.setPlaceholderText(tr("Note: why this is right (kept in the history)"))
        self.accept_button = QPushButton(tr("Accept the broker's side"))
        self.accept_button.setObjectName("mismatchAccept")
        self.accept_button.setToolTip(tr("The broker's account becomes the new baseline of our "
                                         "books; every open mismatch is accepted with it."))
        self.resolve_button = QPushButton(tr("Mark resolved"))
        self.resolve_button.setObjectName("mismatchResolve")
        self.resolve_button.setToolTip(tr("You fixed the cause; if the difference is still "
                                          "there, the next reconciliation raises it again."))
        self.status = QLabel("")
        self.status.setObjectName("mismatchStatus")
        actions = QHBoxLayout()
        actions.addWidget(self.note, 1)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self._ids: list[int] = []
        self.accept_button.clicked.connect(lambda: self._emit(self.accept_requested))
        self.resolve_button.clicked.connect(lambda: self._emit(self.resolve_requested))
        self.setVisible(False)

    def show_mismatches(self, rows: Sequence[MismatchRow]) -> None:
        self._ids = [m.id for m in rows]
        self.table.setRowCount(len(rows))
        for r, m in enumerate(rows):
            since = vn_time(m.at, "%d/%m %H:%M") if m.at else ""
            cells = (f"{m.id}", tr(KIND_TEXT.get(m.kind.value, m.kind.value)), m.key,
                     m.local_value, m.broker_value, m.detail, since)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setForeground(QColor("#b71c1c"))
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(0)
        n = len(rows)
        self.title.setText(tr("{n} reconciliation mismatch(es) with the broker: live orders are "
                              "blocked until each is accepted or resolved.").format(n=n))
        self.status.setText("")
        self.setVisible(bool(rows))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0].row() if rows else 0
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def set_busy(self, busy: bool) -> None:
        self.accept_button.setEnabled(not busy)
        self.resolve_button.setEnabled(not busy)

    def _emit(self, signal: SignalInstance) -> None:
        mid = self.selected_id()
        if mid is not None:
            signal.emit(mid, self.note.text())
