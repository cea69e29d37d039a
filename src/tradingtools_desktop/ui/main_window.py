"""The main window: four tabs, the status bar, the Trading menu and the tray.

Thin by design: it shows what the services publish and forwards the user's actions to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from ..domain.orders import Side
from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from ..services.events import Alert, ModeChanged, TradingStateChanged
from .async_tools import spawn
from .board.tab import BoardTab
from .bridge import EventBridge
from .icons import status_icon
from .market_bridge import MarketBridge
from .status_bar import AppStatusBar
from .tabs.orders_tab import OrdersTab
from .tabs.portfolio_tab import PortfolioTab
from .tabs.screener_tab import ScreenerTab
from .tabs.setup_tab import SetupTab
from .tray import TrayController

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ..services.connection_checks import Endpoints
    from ..services.market.replay import ReplaySession
    from ..services.runtime import AppServices
    from ..services.setup import SetupResult
    from .replay_control import ReplayControl
    from .setup.wizard import SetupWizard



class MainWindow(QMainWindow):
    closing = Signal()  # the app stops the services and closes the DB on this
    switch_profile_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("TradingTools Desktop")
        self.resize(1200, 760)
        self.services: AppServices | None = None
        self.bridge = EventBridge(self)
        self.market = MarketBridge(self)  # quote changes, coalesced (~10 signals a second)
        self.tray = TrayController(self)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.setup_tab = SetupTab()
        self.tabs.addTab(self.setup_tab, tr("Setup"))
        self.board_tab = BoardTab()
        self.tabs.addTab(self.board_tab, tr("Price board"))
        self.portfolio_tab = PortfolioTab()
        self.tabs.addTab(self.portfolio_tab, tr("Portfolio"))
        self.orders_tab = OrdersTab()
        self.tabs.addTab(self.orders_tab, tr("Orders"))
        self.screener_tab = ScreenerTab()
        self.tabs.addTab(self.screener_tab, tr("Screener"))
        self.setCentralWidget(self.tabs)

        self.status = AppStatusBar(self)
        self.setStatusBar(self.status)
        self._build_menu()

        self.tray.show_requested.connect(self.bring_to_front)
        self.tray.kill_requested.connect(self.kill_switch)
        self.tray.resume_requested.connect(self.resume)
        self.tray.quit_requested.connect(self.close)
        self.bridge.trading_state_changed.connect(self._on_state)
        self.bridge.mode_changed.connect(self._on_mode)
        self.bridge.alert.connect(self._on_alert)
        self.bridge.order_updated.connect(self.orders_tab.on_order_updated)
        self.bridge.portfolio_synced.connect(self.portfolio_tab.on_synced)
        self.bridge.fill_received.connect(lambda _e: self.portfolio_tab.refresh())
        self.bridge.screener_progress.connect(self.screener_tab.on_progress)
        self.bridge.screener_finished.connect(self.screener_tab.on_finished)
        self.market.quotes_changed.connect(self.orders_tab.on_quotes)
        self.market.quotes_changed.connect(self.portfolio_tab.on_quotes)
        self.screener_tab.send_to_ticket.connect(self._ticket_from_screener)
        self.board_tab.order_requested.connect(self._ticket_from_board)
        self.setup_tab.wizard_requested.connect(self.open_wizard)
        self.setup_tab.language_chosen.connect(self._language_chosen)
        self.wizard: SetupWizard | None = None
        self._stop_updates: Callable[[], None] | None = None
        self.wizard_endpoints: Endpoints | None = None  # tests point checks at local servers
        self.replay_control: ReplayControl | None = None
        self._practice: AppServices | None = None  # the profile's services during a replay
        self._refresh_switches(TradingMode.DRY_RUN, TradingState.ACTIVE)
        self.tray.show()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&File"))
        quit_action = QAction(tr("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.update_data_action = QAction(tr("&Update market data…"), self)
        self.update_data_action.setObjectName("updateMarketData")
        self.update_data_action.triggered.connect(self.update_market_data)
        self.menuBar().addMenu(tr("&Data")).addAction(self.update_data_action)
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

    # -- services ----------------------------------------------------------------------
    def attach(self, services: AppServices) -> None:
        self.services = services
        self.bridge.attach(services.bus)
        quotes = getattr(services, "quotes", None)
        if quotes is not None:
            self.market.attach(quotes)
        self.status.set_profile(services.profile_name)
        self.status.set_message(tr("Ready."))
        data_dir = str(services.paths.dir) if services.paths else tr("(in memory)")
        self.setup_tab.show_profile(services.profile_name, data_dir,
                                    services.migration.to_version)
        self._refresh_switches(services.trading.mode, services.trading.state)
        # the one quote service of the profile: the feed fills it (the board seeds what the
        # feed has not yet, from the newest bars, labelled old); the ticket's depth reads it
        self.quotes = services.quotes
        self.board_tab.attach(services, self.quotes)
        self.orders_tab.depth_panel.attach(self.quotes)
        self.orders_tab.attach(services)
        self.screener_tab.attach(services)
        self.portfolio_tab.attach(services)
        if services.updater is not None:  # each market-data update says how it went
            from .market_update_dialog import result_text

            self._stop_updates = services.updater.listen(
                lambda r: self.status.set_message(result_text(r)))
        if services.live is not None:  # SSI asks for an OTP / PIN through this dialog
            from .trading_code_dialog import dialog_code_provider

            services.live.code_provider = dialog_code_provider(lambda: self)

    def detach(self) -> None:
        if self._stop_updates is not None:
            self._stop_updates()
            self._stop_updates = None
        if self.services is not None and self.services.live is not None:
            self.services.live.code_provider = None
        self.board_tab.detach()
        self.orders_tab.depth_panel.detach()
        self.orders_tab.detach()
        self.screener_tab.detach()
        self.portfolio_tab.detach()
        self.bridge.detach()
        self.market.detach()
        self.services = None

    # -- user actions ------------------------------------------------------------------
    def kill_switch(self) -> None:
        if self.services is not None:
            spawn(self.services.trading.kill_switch(source="ui"), self._on_error)

    def resume(self) -> None:
        if self.services is not None:
            spawn(self.services.trading.resume(source="ui"), self._on_error)

    def open_go_live(self) -> None:
        if self.services is None:
            return
        from .live_dialog import GoLiveDialog

        self.go_live = GoLiveDialog(self.services.guardrails, self)
        self.go_live.show()

    def back_to_dry_run(self) -> None:
        if self.services is not None:
            spawn(self.services.guardrails.disarm(), self._on_error)

    # -- market replay (ui/replay_control.py) -------------------------------------------
    def open_replay(self) -> None:
        services = self._practice or self.services
        if services is None:
            return
        if self.replay_control is None:
            from ..store.intraday_repo import IntradayRepository
            from .replay_control import ReplayControl

            self.replay_control = ReplayControl(self, services.paths,
                                                IntradayRepository(services.db), self)
            self.closing.connect(self.replay_control.stop)
        self.replay_control.show()
        self.replay_control.raise_()

    def begin_replay(self, session: ReplaySession) -> None:
        """Show the replay's own services (its ticket, orders, portfolio) until it ends."""
        if self._practice is None:
            self._practice = self.services
        self.detach()
        self.attach(session.services)
        self.status.set_replay(tr("Replay of {day}").format(day=f"{session.source.day:%d/%m/%Y}"))
        session.services.start_background()

    def end_replay(self, session: ReplaySession) -> None:
        practice, self._practice = self._practice, None
        self.detach()
        self.status.set_replay(None)
        if practice is not None:
            self.attach(practice)
    def update_market_data(self) -> None:
        if self.services is None or self.services.updater is None:
            return
        from .market_update_dialog import MarketUpdateDialog

        self.market_update = MarketUpdateDialog(self.services.updater, self)
        self.market_update.show()
        self.market_update.start()

    def select_tab(self, name: str) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i).lower() == name.lower():
                self.tabs.setCurrentIndex(i)

    def open_wizard(self) -> None:
        if self.services is None:
            return
        from ..vault import OSKeychain
        from .setup.wizard import SetupWizard

        self.wizard = SetupWizard(self.services, OSKeychain().status(),
                                  endpoints=self.wizard_endpoints, parent=self)
        self.wizard.finished_setup.connect(self._setup_done)
        self.wizard.profile_requested.connect(self.switch_profile_requested)
        self.wizard.show()

    def _setup_done(self, result: SetupResult) -> None:
        text = tr("Setup saved: {n} key(s) stored; mode {mode}.").format(
            n=len(result.stored), mode=result.mode)
        if result.live_refused:
            text += " " + result.live_refused
        self.status.set_message(text)
        if self.services is not None:
            self._refresh_switches(self.services.trading.mode, self.services.trading.state)
            feed = getattr(self.services, "feed", None)
            if feed is not None and any(n.startswith(("ssi_data.", "vnstock."))
                                        for n in result.stored):
                spawn(feed.restart(), self._on_error)  # a new price key: pick the source again

    def _language_chosen(self, lang: str) -> None:
        if self.services is not None:
            spawn(self.services.app_state.set("ui.language", lang, reason="chosen in Setup",
                                              source="ui"), self._on_error)

    def _ticket_from_screener(self, symbol: str, qty: int) -> None:
        self.select_tab("Orders")
        self.orders_tab.ticket.prefill(symbol, Side.BUY, qty)

    def _ticket_from_board(self, symbol: str, side: Side, price: int | None) -> None:
        """A board row -> the ticket: symbol, side, one lot, the row's price; focus on the
        quantity so the next keys are the size and Enter."""
        from ..domain.money import format_thousands

        self.tabs.setCurrentWidget(self.orders_tab)
        ticket = self.orders_tab.ticket
        ticket.prefill(symbol, side, 100)
        ticket.price.setText(format_thousands(price) if price else "")
        ticket.qty.setFocus()
        ticket.qty.selectAll()

    def prefill_ticket(self, spec: str) -> None:
        """'FPT,BUY,100,95.3' -> the Orders tab with that ticket typed in."""
        parts = [p.strip() for p in spec.split(",")]
        if len(parts) < 3:
            return
        self.select_tab("Orders")
        ticket = self.orders_tab.ticket
        ticket.prefill(parts[0].upper(), Side(parts[1].upper()), int(parts[2]))
        if len(parts) > 3:
            ticket.price.setText(parts[3])

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # -- events ------------------------------------------------------------------------
    def _refresh_switches(self, mode: TradingMode, state: TradingState) -> None:
        self.status.set_mode(mode)
        self.status.set_state(state)
        self.tray.update(mode, state)
        self.setup_tab.show_switches(mode, state)
        self.setWindowIcon(status_icon(mode, state))
        self.go_live_action.setEnabled(mode is not TradingMode.LIVE)
        self.dry_run_action.setEnabled(mode is TradingMode.LIVE)

    def _on_state(self, event: TradingStateChanged) -> None:
        mode = self.services.trading.mode if self.services else TradingMode.DRY_RUN
        self._refresh_switches(mode, event.new)
        if event.new is TradingState.HALTED:
            self.status.set_message(tr("Trading HALTED ({reason}).").format(reason=event.reason))
            self.tray.notify(tr("Trading halted"), event.reason, critical=True)
        else:
            self.status.set_message(tr("Trading {state}.").format(state=event.new.value))

    def _on_mode(self, event: ModeChanged) -> None:
        state = self.services.trading.state if self.services else TradingState.ACTIVE
        self._refresh_switches(event.new, state)

    def _on_alert(self, event: Alert) -> None:
        self.status.set_message(f"{event.title}: {event.text}")
        self.tray.notify(event.title, event.text, critical=event.level == "critical")

    def _on_error(self, exc: BaseException) -> None:
        text = tr("Action failed: {why}").format(why=str(exc) or type(exc).__name__)
        self.status.set_message(text)
        self.tray.notify(tr("Action failed"), text, critical=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tray.hide()
        self.closing.emit()
        super().closeEvent(event)
