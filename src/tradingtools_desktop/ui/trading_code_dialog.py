"""The trading-code dialog: SSI asks for an OTP (or a PIN the vault does not hold) before a
LIVE order can go out.

The broker awaits :func:`dialog_code_provider`'s coroutine; the dialog is shown modal with
``show()`` (never ``exec()``: no nested event loop) and its answer comes back through a
future, so the asyncio loop keeps running while the user reads the SMS. Cancel, closing
the window or the broker giving up (the wait is cancelled) all mean "no code": nothing is
sent. "Send a new code" asks SSI for another OTP (rate-limited by the adapter).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QCloseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..brokers.trading_code import CodeKind, CodeProvider, CodeRequest, headline, sent_note
from ..i18n import tr
from .async_tools import spawn
from .localise import localise_buttons


class TradingCodeDialog(QDialog):
    def __init__(self, request: CodeRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tradingCodeDialog")
        self.setWindowTitle(tr("Trading code"))
        self.setModal(True)
        self._request = request
        self._future: asyncio.Future[str | None] = \
            asyncio.get_running_loop().create_future()
        layout = QVBoxLayout(self)
        self.headline = QLabel(f"<b>{tr(headline(request))}</b>")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        note, fields = sent_note(request)
        self.note = QLabel(tr(note).format(**fields) if note else "")
        self.note.setObjectName("tradingCodeNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.error = QLabel(tr("SSI refused the code: {why}").format(why=request.error)
                            if request.error else "")
        self.error.setObjectName("tradingCodeError")
        self.error.setStyleSheet("color: #dc2626")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(request.error))
        layout.addWidget(self.error)
        self.code = QLineEdit()
        self.code.setObjectName("tradingCode")
        self.code.setPlaceholderText(tr("Trading PIN") if request.kind is CodeKind.PIN
                                     else tr("OTP code"))
        if request.kind is CodeKind.PIN:
            self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setValidator(QRegularExpressionValidator(
            QRegularExpression("^[0-9A-Za-z]{0,16}$"), self.code))
        layout.addWidget(self.code)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(tr("Send order with this code"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("tradingCodeSend")
        self.send.setEnabled(False)
        self.resend = QPushButton(tr("Send me a new code"))
        self.resend.setObjectName("tradingCodeResend")
        self.resend.setVisible(request.resend is not None)
        self.resend.clicked.connect(self._resend)
        layout.addWidget(self.resend)
        self.code.textChanged.connect(lambda text: self.send.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        localise_buttons(self)
        self.finished.connect(self._finished)
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    async def answer(self) -> str | None:
        """The code typed, or None (cancelled / closed)."""
        return await self._future

    def _finished(self, result: int) -> None:
        if not self._future.done():
            accepted = result == QDialog.DialogCode.Accepted.value
            self._future.set_result((self.code.text().strip() or None) if accepted else None)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._future.done():
            self._future.set_result(None)

    def _resend(self) -> None:
        resend = self._request.resend
        if resend is None:
            return
        self.resend.setEnabled(False)

        async def run() -> None:
            result = await resend()
            if result.sent:
                self.note.setText(tr("A new code is on its way."))
            elif result.wait_s:
                self.note.setText(tr("You can ask for a new code in {s} s.").format(
                    s=result.wait_s))
            else:
                self.note.setText(tr("SSI did not send a code: {why}").format(
                    why=result.error))
            self.resend.setEnabled(True)

        spawn(run(), lambda exc: self.resend.setEnabled(True))


def dialog_code_provider(parent: Callable[[], QWidget | None]) -> CodeProvider:
    """A provider that asks with :class:`TradingCodeDialog` over ``parent()``."""

    async def ask(request: CodeRequest) -> str | None:
        dialog = TradingCodeDialog(request, parent())
        dialog.show()
        dialog.raise_()
        try:
            return await dialog.answer()
        finally:  # answered, or the broker stopped waiting: the dialog goes either way
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected.value)
            dialog.deleteLater()

    return ask
