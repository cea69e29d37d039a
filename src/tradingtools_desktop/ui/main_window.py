"""The main window: the tabs, the status bar, the menus, the keyboard and the tray.

Thin by design: it shows what the services publish and forwards the user's actions to them.
Tabs are found by a stable id (``TAB_IDS``: setup, portfolio, orders, screener), never by
their translated text, so ``--tab``, ``--ticket`` and "Send to order ticket" work in every
language. The ticket's pre-check is re-run whenever what it judged may have changed: the
trading state, the mode, the session (a one-second tick on the services' clock), an order
or fill (the account), and a quote of the ticket's symbol when a quote service runs.

Split by idea: the menus and keys are in ``window_menu.py``, the answers to the services'
events (switches, notices, the one-second tick) in ``window_events.py``, the market-replay
hooks in ``window_replay.py``; this module builds the window, attaches the services and
holds the user's actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from ..domain.orders import Side
from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from .async_tools import spawn
from .board.tab import BoardTab
from .bridge import EventBridge
from .market_bridge import MarketBridge
from .notices import NoticeStrip
from .quote_words import AgeJudge
from .status_bar import AppStatusBar
from .tabs.orders_tab import OrdersTab
from .tabs.portfolio_tab import PortfolioTab
from .tabs.screener_tab import ScreenerTab
from .tabs.setup_tab import SetupTab
from .theme import mode_label
from .tray import TrayController
from .window_events import WindowEventsMixin
from .window_menu import WindowMenuMixin
from .window_replay import WindowReplayMixin

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ..services.connection_checks import Endpoints
    from ..services.runtime import AppServices
    from ..services.setup import SetupResult
    from .replay_control import ReplayControl
    from .setup.wizard import SetupWizard



class MainWindow(WindowMenuMixin, WindowReplayMixin, WindowEventsMixin, QMainWindow):
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
        # stable ids -> widgets; another tab registers itself with register_tab()
        self.tab_ids: dict[str, QWidget] = {"setup": self.setup_tab,
                                            "portfolio": self.portfolio_tab,
                                            "orders": self.orders_tab,
                                            "screener": self.screener_tab}
        self.notices = NoticeStrip()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 0)
        column.addWidget(self.notices)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

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
        self.bridge.order_updated.connect(self._on_order_updated)
        self.bridge.portfolio_synced.connect(self.portfolio_tab.on_synced)
        self.bridge.fill_received.connect(self._on_fill)
        self.orders_tab.orders_changed.connect(self._account_changed)
        self.portfolio_tab.ticket_requested.connect(self._ticket_from_portfolio)
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
        self._stop_quotes: list[object] = []
        self._portfolio_timer = QTimer(self)
        self._portfolio_timer.setSingleShot(True)
        self._portfolio_timer.setInterval(200)
        self._portfolio_timer.timeout.connect(self.portfolio_tab.refresh)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._shortcuts()

    # -- tabs and keys -----------------------------------------------------------------
    def register_tab(self, tab_id: str, widget: QWidget) -> None:
        """A tab added by another part of the window, found by ``tab_id`` from now on."""
        self.tab_ids[tab_id.lower()] = widget

    def open_ticket(self, side: Side) -> None:
        """F1 / F2: the Orders tab, the ticket on that side, ready to type."""
        self.select_tab("orders")
        self.orders_tab.ticket.start(side)

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
        self.orders_tab.depth_panel.attach(self.quotes,
                                           AgeJudge(services.clock.now, services.risk.calendar))
        self.orders_tab.attach(services)
        self.screener_tab.attach(services)
        self.portfolio_tab.attach(services)
        if services.updater is not None:  # each market-data update says how it went
            from .market_update_dialog import result_text

            self._stop_updates = services.updater.listen(
                lambda r: self.status.set_message(result_text(r)))
        # the ticket follows the market through the bridge's coalesced signal
        # (OrdersTab.on_quotes), never with a re-check per pushed message
        self.notices.clock = services.clock
        self._tick()
        self._clock.start()
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
        self._clock.stop()
        for stop in self._stop_quotes:
            if callable(stop):
                stop()
        self._stop_quotes = []
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

    # -- market data, tabs, setup and the ticket ------------------------------------------
    def update_market_data(self) -> None:
        if self.services is None or self.services.updater is None:
            return
        from .market_update_dialog import MarketUpdateDialog

        self.market_update = MarketUpdateDialog(self.services.updater, self)
        self.market_update.show()
        self.market_update.start()

    def update_fundamentals(self) -> None:
        """Data > Update fundamentals…: the refresh universe's vnstock ratios, with
        progress and Cancel (ui/fundamentals_dialog.py)."""
        if self.services is None or self.services.updater is None:
            return
        from .fundamentals_dialog import FundamentalsDialog

        self.fundamentals_update = FundamentalsDialog(self.services.updater.fundamentals, self)
        self.fundamentals_update.show()
        self.fundamentals_update.start()

    def select_tab(self, name: str) -> None:
        """By stable id ("orders"), or by the tab's English or shown title."""
        key = name.strip().lower()
        widget = self.tab_ids.get(key)
        if widget is None:
            for tab_id, candidate in self.tab_ids.items():
                index = self.tabs.indexOf(candidate)
                if key in (tab_id, self.tabs.tabText(index).lower().replace("&", "")):
                    widget = candidate
        if widget is not None and self.tabs.indexOf(widget) >= 0:
            self.tabs.setCurrentWidget(widget)

    def open_wizard(self) -> None:
        if self.services is None:
            return
        from ..vault import OSKeychain
        from .setup.wizard import SetupWizard

        self.wizard = SetupWizard(self.services, OSKeychain().status(),
                                  endpoints=self.wizard_endpoints, parent=self)
        self.wizard.finished_setup.connect(self._setup_done)
        self.wizard.profile_requested.connect(self.switch_profile_requested)
        self.wizard.language_requested.connect(self._wizard_language)
        self.wizard.show()

    def _setup_done(self, result: SetupResult) -> None:
        text = tr("Setup saved: {n} key(s) stored; mode {mode}.").format(
            n=len(result.stored), mode=mode_label(result.mode))
        if result.live_refused:
            text += " " + result.live_refused
        self.status.set_message(text)
        if self.services is not None:
            self._refresh_switches(self.services.trading.mode, self.services.trading.state)
            feed = getattr(self.services, "feed", None)
            if feed is not None and any(n.startswith(("ssi_data.", "vnstock."))
                                        for n in result.stored):
                spawn(feed.restart(), self._on_error)  # a new price key: pick the source again

    def _wizard_language(self, lang: str) -> None:
        """The wizard's first page chose a language: saved for the profile, and the wizard
        opens again in it (the window follows at the next start)."""
        from ..i18n import set_language

        if self.wizard is not None:
            self.wizard.close()
            self.wizard = None
        set_language(lang)
        self._language_chosen(lang)
        self.open_wizard()

    def _language_chosen(self, lang: str) -> None:
        if self.services is None:
            return
        if self.services.paths is not None:
            from ..paths import write_ui_language

            write_ui_language(self.services.paths, lang)
        spawn(self.services.app_state.set("ui.language", lang, reason="chosen in Setup",
                                          source="ui"), self._on_error)
        self.status.set_message(tr("The language changes at the next start."))

    def _ticket_from_screener(self, symbol: str, qty: int, price: int = 0) -> None:
        self.select_tab("orders")
        self.orders_tab.ticket.prefill(symbol, Side.BUY, qty, price or None)

    def _ticket_from_portfolio(self, symbol: str, side: Side, qty: int, price: int) -> None:
        self.select_tab("orders")
        self.orders_tab.ticket.prefill(symbol, side, qty, price or None)
        self.orders_tab.ticket.start(side)

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
        self.select_tab("orders")
        ticket = self.orders_tab.ticket
        ticket.prefill(parts[0].upper(), Side(parts[1].upper()), int(parts[2]))
        if len(parts) > 3:
            ticket.price.setText(parts[3])

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tray.hide()
        self.closing.emit()
        super().closeEvent(event)
