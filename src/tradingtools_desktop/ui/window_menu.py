"""The main window's menu bar and window-wide keys (a mixin of ``MainWindow``).

Contract: ``_build_menu()`` adds File / Data / Trading / Help with the same object names
("updateMarketData", "updateFundamentals", "goLive", "backToDryRun", "openReplay",
"cancelAllAction", "helpShortcuts", "helpGlossary", "helpAbout") and keeps the actions the
window enables and disables as attributes (``update_data_action``, ``go_live_action``,
``dry_run_action``, ``replay_action``...). ``_shortcuts()`` binds F1 / F2 (ticket on that
side), Ctrl+Shift+K (kill switch) and Ctrl+1..4 (tabs by stable id) to the window. The
slots they call live on the window; this module only wires them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from ..domain.orders import Side
from ..i18n import tr
from .help import about_dialog, glossary_dialog, shortcuts_dialog

if TYPE_CHECKING:
    from ..services.runtime import AppServices
    from .tabs.orders_tab import OrdersTab
    from .tray import TrayController

    _Base = QMainWindow
else:
    _Base = object  # a plain mixin at run time: MainWindow is the one QMainWindow


class WindowMenuMixin(_Base):
    """Menus, help dialogs and shortcuts of the main window."""

    if TYPE_CHECKING:  # what the window provides (MainWindow and its other mixins)
        services: AppServices | None
        tray: TrayController
        orders_tab: OrdersTab

        def open_ticket(self, side: Side) -> None: ...
        def kill_switch(self) -> None: ...
        def select_tab(self, name: str) -> None: ...
        def update_market_data(self) -> None: ...
        def update_fundamentals(self) -> None: ...
        def open_go_live(self) -> None: ...
        def back_to_dry_run(self) -> None: ...
        def open_replay(self) -> None: ...

    def _shortcuts(self) -> None:
        def key(seq: str | QKeySequence, slot: object) -> QShortcut:
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcut_buy = key("F1", lambda: self.open_ticket(Side.BUY))
        self.shortcut_sell = key("F2", lambda: self.open_ticket(Side.SELL))
        self.shortcut_kill = key("Ctrl+Shift+K", self.kill_switch)
        for i, tab_id in enumerate(("setup", "portfolio", "orders", "screener"), start=1):
            key(f"Ctrl+{i}", lambda t=tab_id: self.select_tab(t))

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        quit_action = QAction(tr("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.update_data_action = QAction(tr("&Update market data…"), self)
        self.update_data_action.setObjectName("updateMarketData")
        self.update_data_action.triggered.connect(self.update_market_data)
        data_menu = self.menuBar().addMenu(tr("&Data"))
        data_menu.addAction(self.update_data_action)
        self.update_fundamentals_action = QAction(tr("Update &fundamentals…"), self)
        self.update_fundamentals_action.setObjectName("updateFundamentals")
        self.update_fundamentals_action.triggered.connect(self.update_fundamentals)
        data_menu.addAction(self.update_fundamentals_action)
        trading = self.menuBar().addMenu(tr("&Trading"))
        trading.addAction(self.tray.kill_action)
        trading.addAction(self.tray.resume_action)
        trading.addSeparator()
        self.go_live_action = QAction(tr("Go &live…"), self)
        self.go_live_action.setObjectName("goLive")
        self.go_live_action.triggered.connect(self.open_go_live)
        trading.addAction(self.go_live_action)
        self.dry_run_action = QAction(tr("Back to &dry-run"), self)
        self.dry_run_action.setObjectName("backToDryRun")
        self.dry_run_action.triggered.connect(self.back_to_dry_run)
        trading.addAction(self.dry_run_action)
        trading.addSeparator()
        self.replay_action = QAction(tr("Practise on a past session (&replay)…"), self)
        self.replay_action.setObjectName("openReplay")
        self.replay_action.triggered.connect(self.open_replay)
        trading.addAction(self.replay_action)
        cancel_all = QAction(tr("Cancel &all open orders"), self)
        cancel_all.setObjectName("cancelAllAction")
        cancel_all.triggered.connect(self.orders_tab.cancel_all)
        trading.addAction(cancel_all)
        self.tray.kill_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.tray.kill_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        help_menu = self.menuBar().addMenu(tr("&Help"))
        for title, name, slot in ((tr("Keyboard &shortcuts"), "helpShortcuts",
                                   lambda: self._show(shortcuts_dialog(self))),
                                  (tr("&Glossary"), "helpGlossary",
                                   lambda: self._show(glossary_dialog(self))),
                                  (tr("&About TradingTools"), "helpAbout",
                                   lambda: self._show(about_dialog(self._data_dir(), self)))):
            action = QAction(title, self)
            action.setObjectName(name)
            action.triggered.connect(slot)
            help_menu.addAction(action)

    def _show(self, dialog: QWidget) -> None:
        self.help_dialog = dialog
        dialog.show()

    def _data_dir(self) -> str:
        if self.services is not None and self.services.paths is not None:
            return str(self.services.paths.dir)
        from ..paths import app_root

        return str(app_root())
