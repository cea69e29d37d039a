"""The dead-letter queue in the Orders tab (Fix-01): orders the broker could not confirm.

A table of entries (open ones by default), a detail pane with the request, the error
chain, the resolution and the order's audit trail, and two actions: Replay (the service
asks the broker and re-sends only when it has no such order) and Resolve… (the user's note
is required). Refreshes on order events and alerts, and on Refresh. Every decision is the
service's; this widget only shows and forwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.dlq import OPEN_DLQ_STATES, DlqEntry, DlqState
from ...domain.orders import Order
from ...i18n import tr
from ..async_tools import spawn
from ..bridge import EventBridge
from ..localise import localise_buttons
from .format import status_text, thousands, vn_time

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.oms import AuditEntry
    from ...services.runtime import AppServices

STATE_COLOURS = {DlqState.RETRYING: "#d97706", DlqState.PERMANENT_FAILURE: "#dc2626",
                 DlqState.RESOLVED: "#6b7280", DlqState.MANUALLY_RESOLVED: "#6b7280"}
HEAD = ("ID", "State", "Attempts", "Order", "Request", "Next attempt", "Last error")
LAST_ERROR_CHARS = 70  # the full text is in the tooltip and the detail pane


def _time(when: datetime | None) -> str:
    return vn_time(when)


def describe(request: dict[str, object]) -> str:
    """'BUY 100 FPT @ 95.00' (board convention), or '@ ATC' for a market type."""
    price = request.get("price")
    qty = request.get("quantity")
    at = thousands(price) if isinstance(price, int) else str(request.get("order_type", ""))
    qty_text = f"{qty:,}" if isinstance(qty, int) else str(qty)
    return f"{request.get('side', '?')} {qty_text} {request.get('symbol', '?')} @ {at}"


def tab_title(open_count: int) -> str:
    """The sub-tab's title: 'Dead letters (2)' while entries are open."""
    title = tr("Dead letters")
    return f"{title} ({open_count})" if open_count else title


class ResolveDialog(QDialog):
    """Asks for the note that closes an entry; OK stays disabled while the note is empty."""

    def __init__(self, entry: DlqEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(tr("Resolve dead-letter entry"))
        layout = QVBoxLayout(self)
        text = QLabel(tr("Entry {id}: {request}. Check the order in your broker's order book, "
                         "then say what you found or did. A still-pending order is closed as "
                         "FAILED and never sent.").format(id=entry.id,
                                                          request=describe(entry.request)))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.note = QPlainTextEdit()
        self.note.setObjectName("dlqNote")
        self.note.setPlaceholderText(tr("Note (required)"))
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        localise_buttons(self.buttons)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Mark as resolved"))
        self.ok.setEnabled(False)
        self.note.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.note.toPlainText().strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        return self.note.toPlainText().strip()


class DlqView(QWidget):
    """Emits ``open_count_changed`` after each refresh (the sub-tab's badge)."""

    open_count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dlqView")
        self.services: AppServices | None = None
        self.entries: list[DlqEntry] = []
        self.open_count = 0
        self.resolve_dialog: ResolveDialog | None = None
        self._bridge = EventBridge(self)

        self.filter = QComboBox()
        self.filter.setObjectName("dlqFilter")
        self.filter.addItem(tr("Open entries"), "open")
        self.filter.addItem(tr("All entries"), "all")
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setObjectName("dlqRefresh")
        self.replay_button = QPushButton(tr("Replay"))
        self.replay_button.setObjectName("dlqReplay")
        self.replay_button.setToolTip(tr("Ask the broker now; re-send only if it has no such "
                                         "order"))
        self.resolve_button = QPushButton(tr("Resolve…"))
        self.resolve_button.setObjectName("dlqResolve")
        self.message = QLabel("")
        self.message.setObjectName("dlqMessage")
        self.message.setWordWrap(True)

        self.table = QTableWidget(0, len(HEAD))
        self.table.setObjectName("dlqTable")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEAD])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("dlqDetail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(tr("Select an entry to see its request, errors and "
                                          "resolution."))

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Show")))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        for button in (self.refresh_button, self.replay_button, self.resolve_button):
            bar.addWidget(button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([200, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.refresh)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.replay_button.clicked.connect(self._replay_selected)
        self.resolve_button.clicked.connect(self._resolve_selected)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self._bridge.order_updated.connect(lambda _e: self.schedule_refresh())
        self._bridge.alert.connect(lambda _e: self.schedule_refresh())
        self._update_buttons()

    # -- lifecycle ---------------------------------------------------------------------
    def attach(self, services: AppServices) -> None:
        self.services = services
        self._bridge.attach(services.bus)
        self.refresh()

    def detach(self) -> None:
        self._bridge.detach()
        self.services = None

    def schedule_refresh(self) -> None:
        self._refresh_timer.start()

    # -- reads -------------------------------------------------------------------------
    def refresh(self) -> None:
        services = self.services
        if services is None or services.dlq is None:
            return
        dlq = services.dlq
        states = sorted(OPEN_DLQ_STATES) if self.filter.currentData() == "open" else None

        async def run() -> None:
            entries = await dlq.entries(states)
            count = await dlq.count_open()
            self.show_entries(entries, count)

        spawn(run(), self._error)

    def show_entries(self, entries: list[DlqEntry], open_count: int) -> None:
        selected = self.current_entry()
        self.entries = entries
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(entries))
        bold = QFont()
        bold.setBold(True)
        for row, e in enumerate(entries):
            error = e.last_error
            cells = (str(e.id), e.state.value, str(e.attempts), e.order_id[:8],
                     describe(e.request), _time(e.next_attempt_at) if e.is_open else "—",
                     error if len(error) <= LAST_ERROR_CHARS
                     else error[:LAST_ERROR_CHARS - 1] + "…")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setForeground(QColor(STATE_COLOURS[e.state]))
                    item.setFont(bold)
                elif not e.is_open:
                    item.setForeground(QColor(STATE_COLOURS[e.state]))
                if col == 6:
                    item.setToolTip(error)
                self.table.setItem(row, col, item)
        for col in range(len(HEAD) - 1):  # the last error stretches, elided to fit
            self.table.resizeColumnToContents(col)
        self.table.blockSignals(False)
        keep = next((i for i, e in enumerate(entries) if selected and e.id == selected.id), None)
        if keep is not None:
            self.table.selectRow(keep)
        else:
            self.detail.clear()
            self._update_buttons()
        self.open_count = open_count
        self.open_count_changed.emit(open_count)

    def current_entry(self) -> DlqEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        row = rows[0].row() if rows else -1
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select_entry(self, entry_id: int) -> None:
        for row, e in enumerate(self.entries):
            if e.id == entry_id:
                self.table.selectRow(row)

    def _on_selection(self) -> None:
        self._update_buttons()
        entry = self.current_entry()
        services = self.services
        if entry is None or services is None:
            self.detail.clear()
            return

        async def run() -> None:
            order: Order | None = None
            audit: list[AuditEntry] = []
            try:
                order = await services.orders.status(entry.order_id)
                audit = await services.orders.audit(entry.order_id)
            except LookupError:
                pass
            if self.current_entry() is entry:  # still the one selected
                self.detail.setPlainText(self._details(entry, order, audit))

        self.detail.setPlainText(self._details(entry, None, []))
        spawn(run(), self._error)

    @staticmethod
    def _details(entry: DlqEntry, order: Order | None, audit: list[AuditEntry]) -> str:
        lines = [tr("Entry {id}: {state} after {n} attempt(s)").format(
                     id=entry.id, state=entry.state.value, n=entry.attempts),
                 f"{tr('Order')}: {entry.order_id} ({entry.mode})"]
        if order is not None:
            lines.append(f"{tr('Order status')}: {status_text(order)}"
                         + (f" — {order.reason}" if order.reason else ""))
        r = entry.request
        placed = r.get("placed_at")
        lines += [f"{tr('Request')}: {describe(r)} ({r.get('order_type', '')}, "
                  f"{r.get('exchange', '')}"
                  + (f", {_time(datetime.fromisoformat(placed))}" if isinstance(placed, str)
                     else "") + ")",
                  f"{tr('Idempotency key')}: {entry.idempotency_key}   "
                  f"{tr('Request ID')}: {entry.request_id or '—'}",
                  f"{tr('Next attempt')}: {_time(entry.next_attempt_at) if entry.is_open else '—'}",
                  "", f"{tr('Errors')}:"]
        lines += [f"  #{e.attempt} {_time(e.at)}  {e.kind}: {e.message}" for e in entry.errors]
        lines += ["", f"{tr('Resolution')}: {entry.resolution or '—'}"
                  + (f" ({_time(entry.resolved_at)})" if entry.resolved_at else "")]
        if audit:
            lines += ["", f"{tr('Audit trail')}:"]
            for a in reversed(audit):
                lines.append(f"  {_time(a.at)}  {a.from_status or ''} → {a.to_status}  "
                             f"{a.reason}")
        return "\n".join(lines)

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        usable = entry is not None and entry.is_open
        self.replay_button.setEnabled(usable)
        self.resolve_button.setEnabled(usable)

    # -- actions -----------------------------------------------------------------------
    def _replay_selected(self) -> None:
        entry = self.current_entry()
        services = self.services
        if entry is None or services is None or services.dlq is None:
            self._say(tr("Select an open entry first."))
            return
        dlq = services.dlq
        self.replay_button.setEnabled(False)

        async def run() -> None:
            after = await dlq.replay(entry.id)
            self._say(tr("Entry {id}: {state} {note}").format(
                id=after.id, state=after.state.value, note=after.resolution))
            self.refresh()

        spawn(run(), self._error)

    def _resolve_selected(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.is_open:
            self._say(tr("Select an open entry first."))
            return
        dialog = ResolveDialog(entry, self)
        self.resolve_dialog = dialog
        dialog.accepted.connect(lambda: self.resolve_with_note(entry.id, dialog.text()))
        dialog.open()

    def resolve_with_note(self, entry_id: int, note: str) -> None:
        """Resolve ``entry_id`` with ``note``; an empty note is refused before any call."""
        services = self.services
        if services is None or services.dlq is None:
            return
        if not note.strip():
            self._error(ValueError(tr("A note is required to resolve an entry.")))
            return
        dlq = services.dlq

        async def run() -> None:
            after = await dlq.resolve(entry_id, note)
            self._say(tr("Entry {id}: {state} {note}").format(
                id=after.id, state=after.state.value, note=after.resolution))
            self.refresh()

        spawn(run(), self._error)

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _error(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color: #dc2626")
        self.message.setText(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
