""""Update market data": a progress dialog with Cancel over the services' updater.

The update runs as an asyncio task on the qasync loop (its DuckDB work on the DB thread, its
network calls async or in the vnstock worker process), so the window never waits on it.
Cancel stops between two batches: what was written stays, whole.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr
from .async_tools import spawn

if TYPE_CHECKING:
    from ..services.history_refresh import RefreshProgress, RefreshResult
    from ..services.market_updater import MarketDataUpdater


def result_text(result: RefreshResult) -> str:
    """The one sentence the user reads after an update (translated)."""
    from ..services.history_refresh import PROBLEM_TEXT, as_of_text

    as_of = as_of_text(result.data_as_of) if result.data_as_of else tr(as_of_text(None))
    if result.problem is not None:
        return tr(PROBLEM_TEXT[result.problem]).format(as_of=as_of)
    if result.cancelled:
        return tr("Cancelled: prices are from {as_of}.").format(as_of=as_of)
    return tr("Market data updated to {as_of}: {bars} bars written ({source}).").format(
        as_of=as_of, bars=result.bars_written, source=result.source)


class MarketUpdateDialog(QDialog):
    def __init__(self, updater: MarketDataUpdater, parent: QWidget | None = None,
                 universe: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marketUpdateDialog")
        self.setWindowTitle(tr("Update market data"))
        self.setMinimumWidth(420)
        self._updater = updater
        self._universe = universe
        self._cancel = asyncio.Event()
        self.outcome: RefreshResult | None = None
        self.message = QLabel(tr("Updating market data") + "…")
        self.message.setObjectName("updateMessage")
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("updateProgress")
        self.bar.setRange(0, 0)  # busy until the first batch says how many there are
        self.button = QPushButton(tr("Cancel"))
        self.button.setObjectName("updateCancel")
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
        result = await self._updater.update(self._universe, progress=self._progress,
                                            cancel=self._cancel)
        self.outcome = result
        self.bar.setRange(0, max(1, result.batches_total))
        self.bar.setValue(result.batches_done if result.batches_total else 1)
        self.message.setText(result_text(result))
        self.button.setText(tr("Close"))
        self.button.setEnabled(True)

    def _progress(self, p: RefreshProgress) -> None:
        self.bar.setRange(0, p.total)
        self.bar.setValue(p.done)
        self.message.setText(f"{tr('Updating market data')}: {p.done}/{p.total} ({p.label})")

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(tr("The market data could not be updated: {why}").format(
            why=type(exc).__name__))
        self.button.setText(tr("Close"))
        self.button.setEnabled(True)

    def _button(self) -> None:
        if self.finished_update:
            self.accept()
            return
        self._cancel.set()
        self.button.setEnabled(False)
        self.message.setText(tr("Cancelling after the current batch…"))
