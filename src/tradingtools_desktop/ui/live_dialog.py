"""Go live: every guardrail with its state, the user's explicit acknowledgement, then the
guardrails decide. Nothing here can switch to LIVE by itself; ``Guardrails.arm_live``
refuses with the reasons when anything is unhealthy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from .async_tools import spawn
from .localise import localise_buttons
from .theme import BOARD_DOWN, BOARD_UP

if TYPE_CHECKING:
    from ..services.guardrails import Guardrails, GuardrailStatus


class GoLiveDialog(QDialog):
    def __init__(self, guardrails: Guardrails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goLiveDialog")
        self.setWindowTitle(tr("Go live"))
        self.resize(560, 380)
        self._guardrails = guardrails
        layout = QVBoxLayout(self)
        intro = QLabel(f"<h3 style='color:#c62828'>{tr('Live trading — real money')}</h3>"
                       f"<p>{tr('Orders will go to your SSI account. Every guardrail must be '
                                'healthy; each live order still needs its own confirmation.')}"
                       "</p>")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("guardrailList")
        layout.addWidget(self.list)
        self.recheck = QPushButton(tr("Check again"))
        self.recheck.clicked.connect(self.load)
        layout.addWidget(self.recheck)
        self.ack = QCheckBox(tr("I understand that live orders use real money and that I am "
                                "responsible for them"))
        self.ack.setObjectName("goLiveAck")
        layout.addWidget(self.ack)
        self.message = QLabel("")
        self.message.setObjectName("goLiveMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.arm = self.buttons.addButton(tr("Switch to LIVE"),
                                          QDialogButtonBox.ButtonRole.AcceptRole)
        self.arm.setObjectName("goLiveArm")
        self.arm.setEnabled(False)
        self.buttons.accepted.connect(self._arm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        localise_buttons(self)
        self.healthy = False
        self.ack.toggled.connect(self._update)
        self.load()

    def load(self) -> None:
        spawn(self._load(), self._failed)

    async def _load(self) -> None:
        self.show_status(await self._guardrails.status())

    def show_status(self, status: list[GuardrailStatus]) -> None:
        self.list.clear()
        for g in status:
            item = QListWidgetItem(f"{'✔' if g.healthy else '✘'}  {g.name}: {g.detail}")
            item.setForeground(QColor(BOARD_UP if g.healthy else BOARD_DOWN))
            self.list.addItem(item)
        self.healthy = all(g.healthy for g in status)
        self.message.setText("" if self.healthy else
                             tr("Live trading stays off until every guardrail is healthy."))
        self._update()

    def _update(self) -> None:
        self.arm.setEnabled(self.healthy and self.ack.isChecked())

    def _arm(self) -> None:
        spawn(self._arm_now(), self._failed)

    async def _arm_now(self) -> None:
        from ..services.guardrails import LiveRefused

        try:
            await self._guardrails.arm_live(acknowledged=self.ack.isChecked())
        except LiveRefused as exc:
            self.message.setText(str(exc))
            await self._load()
            return
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(tr("Could not complete: {why}").format(why=str(exc)))
