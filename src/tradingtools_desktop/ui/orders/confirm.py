"""The live-order confirmation: the pre-check summary and a deliberate second action."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...domain.orders import OrderRequest
from ...i18n import tr
from ..localise import localise_buttons
from .format import money, order_summary


class LiveConfirmDialog(QDialog):
    """Step two of a live order: nothing is sent until the box is ticked AND Send pressed."""

    def __init__(self, request: OrderRequest, value: int | None, fee: int | None,
                 checks_summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Confirm LIVE order"))
        layout = QVBoxLayout(self)
        r = request
        text = (f"<h3 style='color:#c62828'>{tr('LIVE order — real money')}</h3>"
                f"<p><b>{order_summary(r)}</b></p>"
                f"<p>{tr('Value')}: {money(value)} &nbsp; {tr('Fee')}: {money(fee)}</p>"
                f"<p>{checks_summary}</p>")
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.ack = QCheckBox(tr("I have checked this order and want to send it to my broker"))
        self.ack.setObjectName("liveAck")
        layout.addWidget(self.ack)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(tr("Send LIVE order"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("liveSend")
        self.send.setEnabled(False)
        self.ack.toggled.connect(self.send.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        localise_buttons(self)


class DryRunConfirmDialog(QDialog):
    """The optional confirm step of a dry-run order: its summary, value and the checks, then
    Place or Cancel (Enter places: nothing real is at stake)."""

    def __init__(self, request: OrderRequest, value: int | None, fee: int | None,
                 checks_summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dryRunConfirm")
        self.setWindowTitle(tr("Confirm dry-run order"))
        layout = QVBoxLayout(self)
        label = QLabel(f"<h3>{tr('Dry-run order (simulated, nothing is sent)')}</h3>"
                       f"<p><b>{order_summary(request)}</b></p>"
                       f"<p>{tr('Value')}: {money(value)} &nbsp; {tr('Fee')}: {money(fee)}</p>"
                       f"<p>{checks_summary}</p>")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(tr("Place order"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("dryRunSend")
        self.send.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        localise_buttons(self)
