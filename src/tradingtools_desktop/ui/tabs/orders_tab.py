"""Orders tab: ticket on the left; open orders, history, audit and dead letters on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
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

from ...domain.market.quotes import Quote, QuoteSource
from ...domain.money import format_thousands
from ...domain.orders import OrderRequest
from ...domain.trading_state import TradingMode
from ...i18n import tr
from ...services.events import OrderUpdated
from ..async_tools import spawn
from ..board.depth import DepthPanel
from ..orders.confirm import LiveConfirmDialog
from ..orders.dlq_view import DlqView, tab_title
from ..orders.tables import AuditTable, OrdersTable
from ..orders.ticket import OrderTicket
from ..quote_words import quote_age

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.runtime import AppServices



class OrdersTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersTab")
        self.services: AppServices | None = None
        self.ticket = OrderTicket()
        self.depth_panel = DepthPanel()  # follows the ticket's symbol; attached to the quotes
        self.open_table = OrdersTable("openOrdersTable")
        self.history_table = OrdersTable("historyTable", newest_first=True)
        self.audit_table = AuditTable()
        self.cancel_button = QPushButton(tr("Cancel selected order"))
        self.cancel_button.setObjectName("cancelButton")
        self.message = QLabel("")
        self.message.setObjectName("ordersMessage")
        self.message.setWordWrap(True)

        open_page = QWidget()
        ol = QVBoxLayout(open_page)
        ol.addWidget(self.open_table)
        ol.addWidget(self.cancel_button)
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
        self._shown: tuple[object, ...] | None = None  # band and status the checks last saw
        self.ticket.symbol.textChanged.connect(self.depth_panel.set_symbol)
        self.depth_panel.price_clicked.connect(
            lambda price: self.ticket.price.setText(format_thousands(price)))
        self.ticket.preview_requested.connect(self._preview)
        self.ticket.place_requested.connect(self._place)
        self.cancel_button.clicked.connect(self._cancel_selected)
        self.open_table.selected_order.connect(self._show_audit)
        self.history_table.selected_order.connect(self._show_audit)

    def attach(self, services: AppServices) -> None:
        self.services = services
        self.dlq_view.attach(services)
        spawn(self._load_symbols())
        self.refresh()
        self._age_timer.start()

    def detach(self) -> None:
        self._age_timer.stop()
        feed = getattr(self.services, "feed", None)
        if feed is not None:
            feed.want("ticket", [])
        self.dlq_view.detach()
        self.services = None

    # -- the market ----------------------------------------------------------------------
    def on_quotes(self, changed: frozenset[str]) -> None:
        """The market bridge's coalesced signal: refresh the ticket's quote when its symbol
        changed; re-run the checks only when the band or the status moved."""
        symbol = self.ticket.symbol.text().strip().upper()
        if symbol and symbol in changed:
            self.show_quote()
            services = self.services
            quote = services.quotes.quote(symbol) if services is not None else None
            if quote is not None:
                seen = (symbol, quote.reference, quote.ceiling, quote.floor,
                        services.quotes.status_of(symbol) if services else None)
                if self._shown is not None and seen != self._shown:
                    self.ticket.recheck()
                self._shown = seen

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
                self._shown = (request.symbol, quote.reference, quote.ceiling, quote.floor,
                               services.quotes.status_of(request.symbol)) if quote else None
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

    def _place(self, request: OrderRequest) -> None:
        services = self.services
        if services is None:
            return
        if services.trading.mode is TradingMode.LIVE:
            preview = getattr(self.ticket, "_preview", None)
            costs = preview.costs if preview is not None else None
            dialog = LiveConfirmDialog(
                request, costs.value if costs else None, costs.fee if costs else None,
                preview.decision.summary() if preview else "", self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.ticket.place.setEnabled(True)
                return

        async def run() -> None:
            result = await services.orders.place(request, source="ui")
            self.ticket.placed()
            o = result.order
            self.message.setStyleSheet("")
            self.message.setText(tr("{side} {qty} {sym}: {status} {reason}").format(
                side=o.request.side.value, qty=f"{o.request.quantity:,}", sym=o.request.symbol,
                status=tr(o.status_text), reason=o.reason))

        spawn(run(), self._error)

    def _cancel_selected(self) -> None:
        order = self.open_table.current_order()
        if order is None or self.services is None:
            self.message.setText(tr("Select an open order to cancel."))
            return
        services = self.services

        async def run() -> None:
            after = await services.orders.cancel(order.id, source="ui")
            self.message.setText(tr("Order {id}: {status}").format(
                id=after.id[:8], status=tr(after.status_text)))

        spawn(run(), self._error)

    def refresh(self) -> None:
        if self.services is None:
            return
        services = self.services

        async def run() -> None:
            self.open_table.show_orders(await services.orders.open_orders())
            self.history_table.show_orders(await services.orders.history())

        spawn(run(), self._error)

    def _show_audit(self, order_id: str) -> None:
        if self.services is None:
            return
        services = self.services

        async def run() -> None:
            self.audit_table.show_entries(await services.orders.audit(order_id))

        spawn(run(), self._error)

    def _error(self, exc: BaseException) -> None:
        # shown in place, never a modal box: the ticket stays usable
        self.message.setStyleSheet("color: #dc2626")
        self.message.setText(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
