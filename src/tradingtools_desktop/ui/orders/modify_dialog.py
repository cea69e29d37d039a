"""Modify an open order: a new price (thousands of VND) and/or quantity, checked as it is
typed; the change goes through the OMS (``orders.modify``: the pre-trade checks, then the
broker's ModifyOrder, or the dry-run broker's)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.orders import Order
from ...i18n import tr
from ..localise import localise_buttons
from .format import order_summary, thousands
from .price_input import parse_price_input


class ModifyDialog(QDialog):
    def __init__(self, order: Order, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modifyDialog")
        self.setWindowTitle(tr("Modify order"))
        self.order = order
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{order_summary(order.request)}</b>"))
        form = QFormLayout()
        self.price = QLineEdit(thousands(order.request.price) if order.request.price else "")
        self.price.setObjectName("modifyPrice")
        self.price.setEnabled(order.request.price is not None)
        self.qty = QSpinBox()
        self.qty.setObjectName("modifyQty")
        self.qty.setRange(100, 10_000_000)
        self.qty.setSingleStep(100)
        self.qty.setGroupSeparatorShown(True)
        self.qty.setValue(order.request.quantity)
        form.addRow(tr("Price (thousand VND)"), self.price)
        form.addRow(tr("Quantity"), self.qty)
        layout.addLayout(form)
        self.problem = QLabel("")
        self.problem.setObjectName("modifyProblem")
        self.problem.setStyleSheet("color: #dc2626")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(tr("Send the change"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("modifySend")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        localise_buttons(self)
        self.price.textChanged.connect(self._validate)
        self.qty.valueChanged.connect(self._validate)
        self._validate()

    def values(self) -> tuple[int | None, int | None]:
        """(new price or None = unchanged, new quantity or None = unchanged)."""
        price, _ = parse_price_input(self.price.text())
        req = self.order.request
        return (None if price in (None, req.price) else price,
                None if self.qty.value() == req.quantity else self.qty.value())

    def _validate(self) -> None:
        why = ""
        if self.price.isEnabled():
            _, why = parse_price_input(self.price.text())
        price, qty = self.values()
        if not why and price is None and qty is None:
            why = tr("Change the price or the quantity first.")
        self.problem.setText(why)
        self.send.setEnabled(not why)
