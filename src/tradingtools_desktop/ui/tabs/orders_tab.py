"""Orders tab: ticket on the left; open orders, history, audit and dead letters on the right."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.market.calendar import to_vn_time
from ...domain.market.exchange import BOARD_LOT
from ...domain.market.quotes import Quote, QuoteSource
from ...domain.money import format_thousands
from ...domain.orders import Order, OrderRequest
from ...domain.trading_state import TradingMode
from ...i18n import tr
from ...i18n.risk_text import decision_summary
from ...services.events import OrderUpdated
from ..async_tools import spawn
from ..board.depth import DepthPanel
from ..orders.confirm import DryRunConfirmDialog, LiveConfirmDialog
from ..orders.dlq_view import DlqView, tab_title
from ..orders.format import order_summary, side_colour, status_text
from ..orders.max_qty import max_quantity
from ..orders.modify_dialog import ModifyDialog
from ..orders.tables import AuditTable, OrdersTable
from ..orders.ticket import OrderTicket
from ..quote_words import quote_age

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.runtime import AppServices



CONFIRM_KEY = "ui.confirm_dry_run"


class OrdersTab(QWidget):
    orders_changed = Signal()  # a cancel went through: the account (buying power) moved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersTab")
        self.services: AppServices | None = None
        self._audit_of: str | None = None  # the order the user picked for the Audit tab
        self.ticket = OrderTicket()
        self.depth_panel = DepthPanel()  # follows the ticket's symbol; attached to the quotes
        self.open_table = OrdersTable("openOrdersTable")
        self.history_table = OrdersTable("historyTable", newest_first=True)
        self.audit_table = AuditTable()
        self.cancel_button = QPushButton(tr("Cancel selected order"))
        self.cancel_button.setObjectName("cancelButton")
        self.modify_button = QPushButton(tr("Modify selected order…"))
        self.modify_button.setObjectName("modifyButton")
        self.modify_button.clicked.connect(self._modify_selected)
        self.cancel_all_button = QPushButton(tr("Cancel all open orders"))
        self.cancel_all_button.setObjectName("cancelAllButton")
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.message = QLabel("")
        self.message.setObjectName("ordersMessage")
        self.message.setWordWrap(True)

        open_page = QWidget()
        ol = QVBoxLayout(open_page)
        ol.addWidget(self.open_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.modify_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.cancel_all_button)
        ol.addLayout(buttons)
        self.right = QTabWidget()
        self.right.addTab(open_page, tr("Open orders"))
        self.right.addTab(self.history_table, tr("History"))
        self.right.addTab(self.audit_table, tr("Audit trail"))
        self.dlq_view = DlqView()
        dlq_index = self.right.addTab(self.dlq_view, tab_title(0))
        self.dlq_view.open_count_changed.connect(
            lambda n: self.right.setTabText(dlq_index, tab_title(n)))
        right_box = QWidget()
        rl = QVBoxLayout(right_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.message)
        rl.addWidget(self.right)
        split = QSplitter()
        split.addWidget(self.ticket)
        split.addWidget(self.depth_panel)
        split.addWidget(right_box)
        split.setStretchFactor(2, 2)
        split.setSizes([420, 300, 600])
        layout = QHBoxLayout(self)
        layout.addWidget(split)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.refresh)
        self._age_timer = QTimer(self)  # the age in words moves on even when prices do not
        self._age_timer.setInterval(15_000)
        self._age_timer.timeout.connect(self.show_quote)
        self._age_timer.timeout.connect(self.depth_panel.refresh_age)
        self._shown: tuple[object, ...] | None = None  # band and status the checks last saw
        self.ticket.symbol.textChanged.connect(self.depth_panel.set_symbol)
        self.depth_panel.price_clicked.connect(
            lambda price: self.ticket.price.setText(format_thousands(price)))
        self.ticket.preview_requested.connect(self._preview)
        self.ticket.place_requested.connect(self._place)
        self.ticket.max_requested.connect(self._max_quantity)
        self.ticket.confirm_dry_run.toggled.connect(self._save_confirm_choice)
        self.cancel_button.clicked.connect(self._cancel_selected)
        self.open_table.selected_order.connect(self._show_audit)
        self.history_table.selected_order.connect(self._show_audit)

    def attach(self, services: AppServices) -> None:
        self.services = services
        self.dlq_view.attach(services)
        spawn(self._load_symbols())
        spawn(self._load_confirm_choice())
        self.refresh()
        self._age_timer.start()

    def detach(self) -> None:
        self._age_timer.stop()
        feed = getattr(self.services, "feed", None)
        if feed is not None:
            feed.want("ticket", [])
        self.dlq_view.detach()
        self.services = None
        self._audit_of = None

    # -- the market ----------------------------------------------------------------------
    def on_quotes(self, changed: frozenset[str]) -> None:
        """The market bridge's coalesced signal (at most ~10 a second, however busy the
        market): refresh the ticket's quote when its symbol changed; re-run the checks only
        when what they read moved - the band, the status, the quote's session day (a first
        live quote after the bars, or after none). This is the ticket's only market-driven
        re-check: never one per pushed message."""
        symbol = self.ticket.symbol.text().strip().upper()
        if symbol and symbol in changed:
            self.show_quote()
            services = self.services
            quote = services.quotes.quote(symbol) if services is not None else None
            if quote is not None and services is not None:
                seen = self._seen(symbol, quote)
                if self._shown is not None and seen != self._shown:
                    self.ticket.recheck()
                self._shown = seen

    def _seen(self, symbol: str, quote: Quote | None) -> tuple[object, ...]:
        """What the checks last read of the market for ``symbol`` (None: no quote)."""
        services = self.services
        status = services.quotes.status_of(symbol) if services is not None else None
        if quote is None:
            return (symbol, None, None, None, status, None)
        return (symbol, quote.reference, quote.ceiling, quote.floor, status,
                to_vn_time(quote.at).date())

    def show_quote(self) -> None:
        services = self.services
        quotes = getattr(services, "quotes", None)
        symbol = self.ticket.symbol.text().strip().upper()
        if services is None or quotes is None or not symbol:
            return
        quote = quotes.quote(symbol)
        if quote is None:
            self.ticket.show_quote(None, "")
            return
        words, old = quote_age(quote, services.clock.now(), services.risk.calendar)
        self.ticket.show_quote(quote, words, old)

    def schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def on_order_updated(self, event: OrderUpdated) -> None:
        """One order changed (as committed): its rows change in place, no DB read."""
        order = event.order
        if order.is_open:
            self.open_table.upsert(order)
        else:
            self.open_table.discard(order.id)
        self.history_table.upsert(order)

    # -- service calls (async, off the UI's critical path) -----------------------------
    async def _load_symbols(self) -> None:
        if self.services is not None:
            self.ticket.set_symbols(await self.services.market.symbols())

    def _preview(self, payload: tuple[int, OrderRequest]) -> None:
        seq, request = payload
        if self.services is not None:
            services = self.services
            feed = getattr(services, "feed", None)
            if feed is not None:  # the ticket's symbol is wanted live
                feed.want("ticket", [request.symbol])
            self.show_quote()

            async def run() -> None:
                preview = await services.orders.preview(request)
                self.ticket.show_preview(seq, preview)
                quote = preview.market.quote
                self._shown = self._seen(request.symbol, quote)
                m = preview.market
                if quote is None and m.last_day is not None and m.last_price is not None:
                    from ...services.market.bar_quotes import close_of
                    # the feed has not seeded this symbol yet: the cache's bar, with its age
                    bar = Quote(request.symbol, close_of(m.last_day), QuoteSource.BARS,
                                last=m.last_price)
                    words, old = quote_age(bar, services.clock.now(), services.risk.calendar)
                    self.ticket.show_quote(bar, words, old)
                else:
                    self.show_quote()

            spawn(run(), self._error)

    def confirm_dialog(self, request: OrderRequest) -> QDialog | None:
        """The confirm step this order needs: always in live, in dry-run when asked for."""
        services = self.services
        live = services is not None and services.trading.mode is TradingMode.LIVE
        if not live and not self.ticket.confirm_dry_run.isChecked():
            return None
        preview = self.ticket._preview
        costs = preview.costs if preview is not None else None
        summary = decision_summary(preview.decision.checks) if preview else ""
        kind = LiveConfirmDialog if live else DryRunConfirmDialog
        return kind(request, costs.value if costs else None, costs.fee if costs else None,
                    summary, self)

    def _place(self, request: OrderRequest) -> None:
        services = self.services
        if services is None:
            return
        dialog = self.confirm_dialog(request)
        if dialog is not None and dialog.exec() != QDialog.DialogCode.Accepted:
            self.ticket.recheck()  # Place comes back with a fresh decision
            return

        async def run() -> None:
            result = await services.orders.place(request, source="ui")
            self.ticket.placed()
            o = result.order
            self.message.setStyleSheet(f"color: {side_colour(o.request.side)}")
            self.message.setText(tr("{order}: {status}. {reason}").format(
                order=order_summary(o.request), status=status_text(o),
                reason=tr(o.reason)).strip())

        spawn(run(), self._error)

    def _max_quantity(self, request: OrderRequest) -> None:
        services = self.services
        if services is None:
            return

        async def run() -> None:
            probe = replace(request, quantity=BOARD_LOT)
            preview = await services.orders.preview(probe)
            qty, why = max_quantity(probe, preview.decision, services.risk.fees.broker_fee_bps)
            self.ticket.set_quantity(qty, why)

        spawn(run(), self._error)

    async def _load_confirm_choice(self) -> None:
        if self.services is not None:
            value = await self.services.app_state.get(CONFIRM_KEY)
            self.ticket.confirm_dry_run.blockSignals(True)
            self.ticket.confirm_dry_run.setChecked(value in (True, "true", "1", 1))
            self.ticket.confirm_dry_run.blockSignals(False)

    def _save_confirm_choice(self, on: bool) -> None:
        if self.services is not None:
            spawn(self.services.app_state.set(CONFIRM_KEY, "true" if on else "false",
                                              reason="chosen on the ticket", source="ui"),
                  self._error)

    def _cancel_selected(self) -> None:
        order = self.open_table.current_order()
        if order is None or self.services is None:
            self.message.setText(tr("Select an open order to cancel."))
            return
        services = self.services

        async def run() -> None:
            after = await services.orders.cancel(order.id, source="ui")
            self.message.setStyleSheet("")
            self.message.setText(tr("{order}: {status}.").format(
                order=order_summary(after.request), status=status_text(after)))
            self.orders_changed.emit()

        spawn(run(), self._error)

    def modify_dialog(self, order: Order) -> ModifyDialog:
        return ModifyDialog(order, self)

    def _modify_selected(self) -> None:
        order = self.open_table.current_order()
        services = self.services
        if order is None or services is None:
            self.message.setText(tr("Select an open order to modify."))
            return
        dialog = self.modify_dialog(order)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        price, qty = dialog.values()

        async def run() -> None:
            result = await services.orders.modify(order.id, price=price, quantity=qty,
                                                  source="ui")
            o = result.order
            if result.refused:
                self.message.setStyleSheet("color: #dc2626")
                text = tr("{order}: change refused. {why}").format(
                    order=order_summary(o.request), why=tr(result.refused))
            elif result.pending:
                self.message.setStyleSheet("")
                text = tr("{order}: change sent, waiting for the broker.").format(
                    order=order_summary(o.request))
            else:
                self.message.setStyleSheet("")
                text = tr("{order}: changed.").format(order=order_summary(o.request))
            self.message.setText(text)
            self.orders_changed.emit()

        spawn(run(), self._error)

    def cancel_all(self) -> None:
        """Cancel every open order (the ticket's "Cancel all" button and menu entry)."""
        services = self.services
        if services is None:
            return

        async def run() -> None:
            orders = await services.orders.open_orders()
            done = 0
            for order in orders:
                after = await services.orders.cancel(order.id, source="ui: cancel all")
                done += not after.is_open
            self.message.setStyleSheet("")
            self.message.setText(tr("Cancel all: {done} of {n} open order(s) cancelled.").format(
                done=done, n=len(orders)) if orders else tr("No open orders to cancel."))
            self.orders_changed.emit()

        spawn(run(), self._error)

    def refresh(self) -> None:
        if self.services is None:
            return
        services = self.services

        async def run() -> None:
            open_orders = await services.orders.open_orders()
            history = await services.orders.history()
            self.open_table.show_orders(open_orders)
            self.history_table.show_orders(history)
            if self._audit_of is None and history:
                # the Audit tab is never blank: the newest order until the user picks one
                await self._load_audit(history[0].id, picked=False)

        spawn(run(), self._error)

    def _show_audit(self, order_id: str) -> None:
        if self.services is not None:
            spawn(self._load_audit(order_id, picked=True), self._error)

    async def _load_audit(self, order_id: str, *, picked: bool) -> None:
        if self.services is None:
            return
        entries = await self.services.orders.audit(order_id)
        if picked:
            self._audit_of = order_id
        self.audit_table.show_entries(entries)

    def _error(self, exc: BaseException) -> None:
        # shown in place, never a modal box: the ticket stays usable
        self.message.setStyleSheet("color: #dc2626")
        self.message.setText(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
