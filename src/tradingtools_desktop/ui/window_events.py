"""The main window's answers to the services' events (a mixin of ``MainWindow``).

Contract: trading state and mode changes refresh every switch that shows them (status bar,
tray, Setup tab, window icon, Go live / Back to dry-run enabled) and re-check the ticket;
a halt, an alert, a rejected / failed / denied order and a fill each become a notice (and a
tray message where it matters) in the user's language; an order or fill re-reads the
portfolio (debounced by the window's ``_portfolio_timer``) and re-checks the ticket; the
one-second ``_tick`` shows the clock, the session and the feed, and re-checks the ticket
when the session changes; a failed action says why in the status bar and the tray.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from ..domain.trading_state import TradingMode, TradingState
from ..i18n import tr
from .icons import status_icon
from .orders.format import order_summary, side_text, status_text
from .theme import state_label

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction

    from ..services.events import Alert, ModeChanged, TradingStateChanged
    from ..services.runtime import AppServices
    from .notices import NoticeStrip
    from .status_bar import AppStatusBar
    from .tabs.orders_tab import OrdersTab
    from .tabs.setup_tab import SetupTab
    from .tray import TrayController

    _Base = QMainWindow
else:
    _Base = object  # a plain mixin at run time: MainWindow is the one QMainWindow


class WindowEventsMixin(_Base):
    """State, mode, alert, order, fill and clock events shown in the window."""

    if TYPE_CHECKING:  # what the window provides
        services: AppServices | None
        status: AppStatusBar
        tray: TrayController
        notices: NoticeStrip
        setup_tab: SetupTab
        orders_tab: OrdersTab
        go_live_action: QAction
        dry_run_action: QAction
        _portfolio_timer: QTimer

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
