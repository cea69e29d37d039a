"""A progress dialog with Cancel over one long-running service task (the market-data update,
the fundamentals update).

The task runs as an asyncio task on the qasync loop (its DuckDB work on the DB thread, its
network calls async or in the vnstock worker process), so the window never waits on it.
Cancel sets the event the task checks between two steps (what was written stays) and the
button then waits for the step under way; once the task ends, the button closes the dialog.
A subclass gives its words (``Texts``), runs the task in :meth:`work` and says how it ended
in :meth:`finish`; a failure of the task is one sentence, never a traceback.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr
from .async_tools import spawn

if TYPE_CHECKING:
    from ..services.history_refresh import RefreshProgress


@dataclass(frozen=True, slots=True)
class Texts:
    """English source text (translated here) and the widgets' object-name prefix."""

    dialog: str  # the dialog's object name
    parts: str  # its widgets' object names: <parts>Message / <parts>Progress / <parts>Cancel
    title: str  # "Update market data"
    working: str  # "Updating market data" (then "…" or ": 3/10 (FPT)")
    failed: str  # "The market data could not be updated: {why}"
    cancelling: str  # "Cancelling after the current batch…"


class ProgressDialog(QDialog):
    texts: Texts

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        t = self.texts
        self.setObjectName(t.dialog)
        self.setWindowTitle(tr(t.title))
        self.setMinimumWidth(420)
        self._cancel = asyncio.Event()
        self.message = QLabel(tr(t.working) + "…")
        self.message.setObjectName(f"{t.parts}Message")
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName(f"{t.parts}Progress")
        self.bar.setRange(0, 0)  # busy until the first step says how many there are
        self.button = QPushButton(tr("Cancel"))
        self.button.setObjectName(f"{t.parts}Cancel")
        self.button.clicked.connect(self._button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.button)
        self.task: asyncio.Task[None] | None = None
        self.ended = False

    def start(self) -> None:
        self.task = spawn(self._run(), on_error=self._failed)

    @property
    def finished_update(self) -> bool:
        return self.ended or (self.task is not None and self.task.done())

    async def work(self, cancel: asyncio.Event) -> tuple[str, int, int]:
        """Run the task; return (the sentence to show, steps in all, steps done)."""
        raise NotImplementedError

    async def _run(self) -> None:
        text, total, done = await self.work(self._cancel)
        self.ended = True
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done if total else 1)
        self.message.setText(text)
        self._closable()

    def _progress(self, p: RefreshProgress) -> None:
        self.bar.setRange(0, p.total)
        self.bar.setValue(p.done)
        self.message.setText(f"{tr(self.texts.working)}: {p.done}/{p.total} ({p.label})")

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(tr(self.texts.failed).format(why=type(exc).__name__))
        self._closable()

    def _closable(self) -> None:
        self.button.setText(tr("Close"))
        self.button.setEnabled(True)

    def _button(self) -> None:
        if self.finished_update:
            self.accept()
            return
        self._cancel.set()
        self.button.setEnabled(False)
        self.message.setText(tr(self.texts.cancelling))
