"""The main window: the tabs, the status bar, the menus, the keyboard and the tray.

Thin by design: it shows what the services publish and forwards the user's actions to them.
Tabs are found by a stable id (``TAB_IDS``: setup, portfolio, orders, screener), never by
their translated text, so ``--tab``, ``--ticket`` and "Send to order ticket" work in every
language. The ticket's pre-check is re-run whenever what it judged may have changed: the
trading state, the mode, the session (a one-second tick on the services' clock), an order
or fill (the account), and a quote of the ticket's symbol when a quote service runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from ..domain.orders import Side
from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from ..services.events import Alert, ModeChanged, TradingStateChanged
from .async_tools import spawn
from .board.tab import BoardTab
from .bridge import EventBridge
from .help import about_dialog, glossary_dialog, shortcuts_dialog
from .icons import status_icon
from .market_bridge import MarketBridge
from .notices import NoticeStrip
from .orders.format import order_summary, side_text, status_text
from .quote_words import AgeJudge
from .status_bar import AppStatusBar
from .tabs.orders_tab import OrdersTab
from .tabs.portfolio_tab import PortfolioTab
from .tabs.screener_tab import ScreenerTab
from .tabs.setup_tab import SetupTab
from .theme import mode_label, state_label
from .tray import TrayController

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from datetime import date

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

    def open_ticket(self, side: Side) -> None:
        """F1 / F2: the Orders tab, the ticket on that side, ready to type."""
        self.select_tab("orders")
        self.orders_tab.ticket.start(side)

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

    def start_replay(self, day: date, speed: float | None = None) -> None:
        """The replay control, started on the session of ``day`` (the desktop app's
        ``--replay DATE [--speed N]``)."""
        self.open_replay()
        if self.replay_control is not None:
            self.replay_control.start_day(day, speed)

    def begin_replay(self, session: ReplaySession) -> None:
        """Show the replay's own services (its ticket, orders, portfolio) until it ends."""
        if self._practice is None:
            self._practice = self.services
        self.detach()
        self.attach(session.services)
        from .replay_control import replay_badge

        self.status.set_replay(replay_badge(session.source.day))
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
        self.orders_tab.ticket.recheck()  # the checks judged the old state
        if event.new is TradingState.HALTED:
            text = tr("Trading HALTED ({reason}).").format(reason=tr(event.reason))
            self.status.set_message(text)
            self.notices.notify(text, "critical", getattr(event, "at", None))
            self.tray.notify(tr("Trading halted"), tr(event.reason), critical=True)
        else:
            text = tr("Trading {state}.").format(state=state_label(event.new))
            self.status.set_message(text)
            self.notices.notify(text, "good", getattr(event, "at", None))

    def _on_mode(self, event: ModeChanged) -> None:
        state = self.services.trading.state if self.services else TradingState.ACTIVE
        self._refresh_switches(event.new, state)
        self.orders_tab.ticket.recheck()

    def _on_alert(self, event: Alert) -> None:
        title, text = tr(event.title), tr(event.text)
        self.status.set_message(f"{title}: {text}")
        level = event.level if event.level in ("info", "warning", "critical") else "info"
        self.notices.notify(f"{title}: {text}", level, event.at)
        self.tray.notify(title, text, critical=event.level == "critical")

    def _on_order_updated(self, event: object) -> None:
        self.orders_tab.on_order_updated(event)  # type: ignore[arg-type]  # rows in place
        self._account_changed()
        order = getattr(event, "order", None)
        if order is not None and order.status.value in ("REJECTED", "FAILED", "DENIED"):
            self.notices.notify(tr("{order}: {status}. {reason}").format(
                order=order_summary(order.request), status=status_text(order),
                reason=tr(order.reason)).strip(), "warning", order.updated_at)

    def _on_fill(self, event: object) -> None:
        self._account_changed()
        order, fill = getattr(event, "order", None), getattr(event, "fill", None)
        if order is not None and fill is not None:
            from .orders.format import thousands

            self.notices.notify(tr("Filled: {side} {qty} {sym} @ {price}").format(
                side=side_text(order.request.side), qty=f"{fill.quantity:,}",
                sym=order.request.symbol, price=thousands(fill.price)), "good", fill.at)

    def _account_changed(self) -> None:
        """An order or fill moved cash or shares: buying power and the checks follow."""
        self._portfolio_timer.start()
        self.orders_tab.ticket.recheck()

    def _tick(self) -> None:
        """Every second: the clock, the session and the feed; a new session re-checks."""
        services = self.services
        if services is None:
            return
        try:
            from ..domain.market.exchange import Exchange

            ticket = self.orders_tab.ticket
            exchange = Exchange(ticket.exchange.currentText())
            before = self.status.phase
            now = services.clock.now()
            phase = self.status.show_time(now, services.risk.calendar, exchange)
            quotes = getattr(services, "quotes", None)
            self.status.show_feed(getattr(quotes, "feed_status", None), now)
        except Exception:  # a clock or calendar problem must not stop the window
            return
        if before is not None and phase is not before:
            ticket.recheck()

    def _on_error(self, exc: BaseException) -> None:
        text = tr("Action failed: {why}").format(why=str(exc) or type(exc).__name__)
        self.status.set_message(text)
        self.tray.notify(tr("Action failed"), text, critical=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tray.hide()
        self.closing.emit()
        super().closeEvent(event)
