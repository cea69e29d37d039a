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
from .format import thousands, vnd


class LiveConfirmDialog(QDialog):
    """Step two of a live order: nothing is sent until the box is ticked AND Send pressed."""

    def __init__(self, request: OrderRequest, value: int | None, fee: int | None,
                 checks_summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Confirm LIVE order"))
        layout = QVBoxLayout(self)
        r = request
        text = (f"<h3 style='color:#c62828'>{tr('LIVE order — real money')}</h3>"
                f"<p><b>{r.side.value} {r.quantity:,} {r.symbol}</b> on {r.exchange.value}, "
                f"{r.order_type.value} {thousands(r.price) if r.price else ''}</p>"
                f"<p>{tr('Value')}: {vnd(value)} VND &nbsp; {tr('Fee')}: {vnd(fee)} VND</p>"
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
