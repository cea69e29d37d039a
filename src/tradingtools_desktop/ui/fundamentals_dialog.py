""""Update fundamentals…": a progress dialog with Cancel over the fundamentals refresh.

Same pattern as market_update_dialog.py: the refresh runs as an asyncio task on the qasync
loop (its DuckDB work on the DB thread, its vnstock calls in the worker process), so the
window never waits on it. Cancel stops between two symbols: what was written stays.
Offline, refused or rate-limited: the one plain sentence of the result, never a traceback.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr
from .async_tools import spawn

if TYPE_CHECKING:
    from ..services.fundamentals_refresh import FundamentalsRefresh, FundamentalsResult
    from ..services.history_refresh import RefreshProgress


def fundamentals_text(result: FundamentalsResult) -> str:
    """The one sentence the user reads after a fundamentals update (translated)."""
    from ..services.fundamentals_refresh import MEASURE_NAMES, NONE_STORED, PROBLEM_TEXT

    as_of = result.as_of or tr(NONE_STORED)
    if result.problem is not None:
        return tr(PROBLEM_TEXT[result.problem]).format(as_of=as_of)
    if result.cancelled:
        text = tr("Cancelled: fundamentals of {done} of {total} stocks updated.").format(
            done=result.done, total=result.total)
    elif result.total == 0:
        return tr("No stocks to update: add some to the watchlist or update market data "
                  "first.")
    else:
        text = tr("Fundamentals updated: {rows} periods of {done} stocks ({source}).").format(
            rows=result.rows_written, done=result.done, source=result.source)
    failed = len(result.symbol_errors)
    if failed:
        text += " " + tr("{n} stocks could not be read.").format(n=failed)
    if result.left_out:
        text += " " + tr("Not stored, their unit is not stated by the source: "
                         "{measures}.").format(measures=", ".join(
                             tr(MEASURE_NAMES.get(c, c)) for c in sorted(result.left_out)))
    return text


class FundamentalsDialog(QDialog):
    def __init__(self, refresh: FundamentalsRefresh, parent: QWidget | None = None,
                 symbols: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fundamentalsDialog")
        self.setWindowTitle(tr("Update fundamentals"))
        self.setMinimumWidth(420)
        self._refresh = refresh
        self._symbols = symbols
        self._cancel = asyncio.Event()
        self.outcome: FundamentalsResult | None = None
        self.message = QLabel(tr("Updating fundamentals") + "…")
        self.message.setObjectName("fundamentalsMessage")
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("fundamentalsProgress")
        self.bar.setRange(0, 0)  # busy until the first stock says how many there are
        self.button = QPushButton(tr("Cancel"))
        self.button.setObjectName("fundamentalsCancel")
        self.button.clicked.connect(self._button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.button)
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = spawn(self._run(), on_error=self._failed)

    @property
    def finished_update(self) -> bool:
        return self.outcome is not None or (self.task is not None and self.task.done())

    async def _run(self) -> None:
        result = await self._refresh.update(self._symbols, progress=self._progress,
                                            cancel=self._cancel)
        self.outcome = result
        self.bar.setRange(0, max(1, result.total))
        self.bar.setValue(result.done if result.total else 1)
        self.message.setText(fundamentals_text(result))
        self.button.setText(tr("Close"))
        self.button.setEnabled(True)

    def _progress(self, p: RefreshProgress) -> None:
        self.bar.setRange(0, p.total)
        self.bar.setValue(p.done)
        self.message.setText(f"{tr('Updating fundamentals')}: {p.done}/{p.total} ({p.label})")

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(tr("The fundamentals could not be updated: {why}").format(
            why=type(exc).__name__))
        self.button.setText(tr("Close"))
        self.button.setEnabled(True)

    def _button(self) -> None:
        if self.finished_update:
            self.accept()
            return
        self._cancel.set()
        self.button.setEnabled(False)
        self.message.setText(tr("Cancelling after the current stock…"))
