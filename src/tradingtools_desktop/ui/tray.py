"""Tray icon carrying the kill switch.

The actions exist whether or not the desktop has a tray (offscreen and Xvfb have none):
the main window's Trading menu shows the same QAction objects, so the kill switch is always
one click away.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from .icons import status_icon
from .theme import mode_label, state_label


class TrayController(QObject):
    show_requested = Signal()
    kill_requested = Signal()
    resume_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_action = QAction(tr("Show window"), self)
        self.kill_action = QAction(tr("Kill switch: halt trading and cancel open orders"), self)
        self.kill_action.setObjectName("killSwitchAction")
        self.resume_action = QAction(tr("Resume trading"), self)
        self.quit_action = QAction(tr("Quit"), self)
        self.show_action.triggered.connect(self.show_requested)
        self.kill_action.triggered.connect(self.kill_requested)
        self.resume_action.triggered.connect(self.resume_requested)
        self.quit_action.triggered.connect(self.quit_requested)

        self.menu = QMenu()
        for action in (self.show_action, self.kill_action, self.resume_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)

        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(lambda _reason: self.show_requested.emit())
        self.update(TradingMode.DRY_RUN, TradingState.ACTIVE)

    def update(self, mode: TradingMode, state: TradingState) -> None:
        self.kill_action.setEnabled(state is not TradingState.HALTED)
        self.resume_action.setEnabled(state is not TradingState.ACTIVE)
        self.tooltip = tr("TradingTools — {mode}, trading {state}").format(
            mode=mode_label(mode), state=state_label(state)
        )
        if self.icon is not None:
            self.icon.setIcon(status_icon(mode, state))
            self.icon.setToolTip(self.tooltip)

    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()

    def notify(self, title: str, text: str, critical: bool = False) -> None:
        if self.icon is not None and self.icon.supportsMessages():
            icon = (QSystemTrayIcon.MessageIcon.Critical if critical
                    else QSystemTrayIcon.MessageIcon.Information)
            self.icon.showMessage(title, text, icon)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
