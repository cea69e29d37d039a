"""The order ticket: the pre-check summary follows the ticket and the market.

Prices are typed in thousands of VND as VN boards show them ("95.3" = 95,300 VND); a
mistyped price gets a sentence saying what to type (``price_input``). Every edit, and every
``recheck()`` (the owner calls it when trading state, mode, session, the account or the
quote changes), schedules one pre-check (debounced) on the service layer; Place is disabled
at once and enabled again only by a fresh decision that allows the order, and a stale
answer (the ticket or the market changed meanwhile) is dropped.

Keys: Enter places (the owner adds the confirm step), Esc clears; the price buttons set TC /
Trần / Sàn or move the price one tick (the exchange's tick rules); Max asks the owner for
the largest quantity the account allows (``max_requested``).

The band and quote rows (``ref`` / ``ceiling`` / ``floor``, ``last``, ``bid``, ``ask``,
``asof``; ``show_quote``) are in ``ticket_market.py``; this module holds the inputs, the
pre-check display and Place.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.market.bands import PriceBand
from ...domain.market.exchange import Exchange
from ...domain.market.sessions import MARKET_TYPES
from ...domain.market.ticks import step_price
from ...domain.orders import OrderRequest, OrderType, Side
from ...i18n import tr
from ...i18n.risk_text import check_text
from .format import money, thousands
from .price_input import parse_price_input
from .ticket_market import SOURCE_WORDS, TicketMarketMixin

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...domain.market.quotes import Quote
    from ...domain.risk_rules import RiskCheck
    from ...services.oms import TicketPreview

__all__ = ["SOURCE_WORDS", "TYPES", "OrderTicket"]

TYPES = {Exchange.HOSE: ["LO", "ATO", "ATC", "MP"],
         Exchange.HNX: ["LO", "ATC", "MTL", "MOK", "MAK", "PLO"],
         Exchange.UPCOM: ["LO"]}


class OrderTicket(TicketMarketMixin, QGroupBox):
    preview_requested = Signal(object)  # OrderRequest
    place_requested = Signal(object)  # OrderRequest
    max_requested = Signal(object)  # OrderRequest: the owner sets the largest quantity

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Order ticket"), parent)
        self.setObjectName("orderTicket")
        self._key = uuid.uuid4().hex
        self._seq = 0
        form = QFormLayout()
        self.symbol = QLineEdit()
        self.symbol.setObjectName("ticketSymbol")
        self.symbol.setPlaceholderText("FPT")
        self._symbols = QStringListModel()
        completer = QCompleter(self._symbols, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.symbol.setCompleter(completer)
        self.exchange = QComboBox()
        self.exchange.addItems([e.value for e in Exchange])
        self.side = QComboBox()
        self.side.setObjectName("ticketSide")
        self.side.addItems([tr("Buy"), tr("Sell")])
        self.type = QComboBox()
        self.type.setObjectName("ticketType")
        self.qty = QSpinBox()
        self.qty.setObjectName("ticketQty")
        self.qty.setRange(0, 10_000_000)
        self.qty.setSingleStep(100)
        self.qty.setGroupSeparatorShown(True)
        self.price = QLineEdit()
        self.price.setObjectName("ticketPrice")
        self.price.setPlaceholderText(tr("in thousands of VND, e.g. 95.3"))
        form.addRow(tr("Symbol"), self.symbol)
        form.addRow(tr("Exchange"), self.exchange)
        form.addRow(tr("Side"), self.side)
        form.addRow(tr("Type"), self.type)
        form.addRow(tr("Quantity"), self.qty)
        form.addRow(tr("Price (thousand VND)"), self.price)
        price_row = QHBoxLayout()
        self.price_buttons: dict[str, QPushButton] = {}
        for key, title, tip in (("ref", "Ref", "Set the price to the reference price"),
                                ("ceiling", "Ceiling", "Set the price to the ceiling"),
                                ("floor", "Floor", "Set the price to the floor"),
                                ("down", "−", "One tick lower"),
                                ("up", "+", "One tick higher")):
            button = QPushButton(tr(title))
            button.setObjectName(f"price_{key}")
            button.setToolTip(tr(tip))
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self._price_button(k))
            price_row.addWidget(button)
            self.price_buttons[key] = button
        self.max_qty = QPushButton(tr("Max quantity"))
        self.max_qty.setObjectName("maxQty")
        self.max_qty.setToolTip(tr("The largest quantity, in board lots, that your buying "
                                   "power (buys) or sellable shares (sells) allow"))
        self.max_qty.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.max_qty.clicked.connect(self._ask_max)
        price_row.addStretch(1)
        price_row.addWidget(self.max_qty)
        form.addRow("", price_row)

        band, book = self._build_market_rows()  # ticket_market.py
        self.costs = QLabel("—")
        self.costs.setObjectName("ticketCosts")
        self.checks = QListWidget()
        self.checks.setObjectName("precheckList")
        self.checks.setWordWrap(True)
        self.verdict = QLabel(tr("Type an order to see the pre-trade checks."))
        self.verdict.setObjectName("precheckVerdict")
        self.verdict.setWordWrap(True)
        self.place = QPushButton(tr("Place order"))
        self.place.setObjectName("placeButton")
        self.place.setEnabled(False)
        self.place.setToolTip(tr("Enter places the order; Esc clears the ticket"))
        self.confirm_dry_run = QCheckBox(tr("Ask me to confirm each dry-run order"))
        self.confirm_dry_run.setObjectName("confirmDryRun")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(band)
        layout.addLayout(book)
        layout.addWidget(self.asof)
        layout.addWidget(self.costs)
        layout.addWidget(self.verdict)
        layout.addWidget(self.checks, 1)
        layout.addWidget(self.confirm_dry_run)
        layout.addWidget(self.place)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._emit_preview)
        for signal in (self.symbol.textChanged, self.price.textChanged):
            signal.connect(self._edited)
        for combo in (self.side, self.type):
            combo.currentIndexChanged.connect(self._edited)
        self.qty.valueChanged.connect(self._edited)
        self.exchange.currentTextChanged.connect(self._exchange_changed)
        self.place.clicked.connect(self._on_place)
        self._exchange_changed(self.exchange.currentText())
        self._last: OrderRequest | None = None
        self._quote: Quote | None = None
        self._band: PriceBand | None = None
        self._preview: TicketPreview | None = None

    # -- inputs --------------------------------------------------------------------------
    def set_symbols(self, symbols: list[str]) -> None:
        self._symbols.setStringList(symbols)

    def set_exchange(self, exchange: Exchange) -> None:
        self.exchange.setCurrentText(exchange.value)

    def _exchange_changed(self, text: str) -> None:
        current = self.type.currentText()
        self.type.blockSignals(True)
        self.type.clear()
        self.type.addItems(TYPES[Exchange(text)])
        if current in TYPES[Exchange(text)]:
            self.type.setCurrentText(current)
        self.type.blockSignals(False)
        self._changed()

    def request(self) -> tuple[OrderRequest | None, str]:
        """The ticket as an OrderRequest, or None and why not."""
        symbol = self.symbol.text().strip().upper()
        if not symbol:
            return None, tr("Enter a symbol.")
        otype = OrderType(self.type.currentText())
        price: int | None = None
        market = otype in MARKET_TYPES
        self.price.setEnabled(not market)
        if not market:
            parsed, why = parse_price_input(self.price.text(), self._band)
            if why:
                return None, why
            price = parsed or 0
        side = Side.BUY if self.side.currentIndex() == 0 else Side.SELL
        return OrderRequest(symbol, Exchange(self.exchange.currentText()), side, otype,
                            self.qty.value(), price, self._key), ""

    def _changed(self) -> None:
        self.place.setEnabled(False)
        self._seq += 1  # an answer to an older ticket is stale from now on
        self._timer.start()

    def _edited(self) -> None:
        """A field signalled a change; one that leaves the ticket as checked (a spin box
        re-emitting its value on Enter) keeps the current decision."""
        req, _ = self.request()
        if req is not None and req == self._last and self.place.isEnabled():
            return
        self._changed()

    def recheck(self) -> None:
        """The market or the account changed: the shown decision may be stale. Place is off
        until a fresh decision allows the order."""
        self._changed()

    def _price_button(self, key: str) -> None:
        band = self._band
        exchange = Exchange(self.exchange.currentText())
        if key in ("ref", "ceiling", "floor"):
            if band is None:
                self.verdict.setText(tr("No reference price is known yet for this symbol."))
                return
            price = {"ref": band.reference, "ceiling": band.ceiling, "floor": band.floor}[key]
        else:
            current, why = parse_price_input(self.price.text(), band)
            if current is None:
                current = band.reference if band is not None else None
            if current is None:
                self.verdict.setText(why or tr("Type a price first."))
                return
            price = step_price(exchange, current, 1 if key == "up" else -1)
            if band is not None:
                price = min(max(price, band.floor), band.ceiling)
        self.price.setText(thousands(price))

    def _ask_max(self) -> None:
        req, why = self.request()
        if req is None:
            self.verdict.setText(why)
            return
        self.max_requested.emit(req)

    def set_quantity(self, qty: int, why: str) -> None:
        """The owner's answer to ``max_requested``: the quantity and a sentence about it."""
        self.qty.setValue(qty)
        self.costs.setText(why)

    def clear(self) -> None:
        """Esc: an empty ticket (the exchange stays), the checks gone, Place off."""
        self.symbol.clear()
        self.price.clear()
        self.qty.setValue(0)
        self.side.setCurrentIndex(0)
        self.checks.clear()
        self.verdict.setText(tr("Type an order to see the pre-trade checks."))
        self._band = None
        for label in (self.ref, self.ceiling, self.floor):
            label.setText("—")
        self.place.setEnabled(False)

    def start(self, side: Side) -> None:
        """F1 / F2: this side, the cursor in the symbol (or the quantity once a symbol is
        there) so the trader can type straight away."""
        self.side.setCurrentIndex(0 if side is Side.BUY else 1)
        target: QLineEdit | QSpinBox = self.qty if self.symbol.text().strip() else self.symbol
        target.setFocus()
        target.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.place.isEnabled():
                self._on_place()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def _emit_preview(self) -> None:
        req, why = self.request()
        if req is None:
            self.verdict.setText(why)
            self.checks.clear()
            return
        self._last = req
        self.preview_requested.emit((self._seq, req))

    # -- results -------------------------------------------------------------------------
    def show_preview(self, seq: int, preview: TicketPreview) -> None:
        if seq != self._seq:
            return  # the user typed again since: a newer preview is on its way
        band = preview.band
        self._band = band
        m = preview.market
        if m.exchange is not None and m.exchange.value != self.exchange.currentText():
            self.set_exchange(m.exchange)  # the symbol's exchange wins; re-check follows
            return
        self._show_band(band)
        if m.last_day is None and self._quote is None:
            self.asof.setText(tr("No price data for this symbol."))
        c = preview.costs
        self.costs.setText(tr("Value {v} + fee {f} + tax {t}").format(
            v=money(c.value), f=money(c.fee), t=money(c.tax)) if c else "—")
        self._show_checks(preview.decision.checks)
        failed = preview.decision.failed
        self.verdict.setText(tr("All pre-trade checks passed.") if not failed else
                             tr("{n} check(s) failed: {first}").format(
                                 n=len(failed), first=check_text(failed[0])))
        self._preview = preview
        self.place.setEnabled(not failed)

    def _show_checks(self, checks: Iterable[RiskCheck]) -> None:
        """The checks' rows updated in place: a re-check on a live quote (the band moved)
        mostly rewords nothing, and rebuilding the list re-lays the ticket out each time."""
        wanted = [(("✓ " if c.passed else "✗ ") + check_text(c), c.code.value,
                   Qt.GlobalColor.darkGreen if c.passed else Qt.GlobalColor.red)
                  for c in checks]
        while self.checks.count() > len(wanted):
            self.checks.takeItem(self.checks.count() - 1)
        for row, (text, code, colour) in enumerate(wanted):
            item = self.checks.item(row)
            if item is None:
                item = QListWidgetItem(text)
                self.checks.addItem(item)
            elif item.text() != text:
                item.setText(text)
            if item.data(Qt.ItemDataRole.UserRole) != code:
                item.setData(Qt.ItemDataRole.UserRole, code)
            if item.foreground().color() != QColor(colour):
                item.setForeground(colour)

    def _on_place(self) -> None:
        req, _ = self.request()
        if req is not None and self.place.isEnabled() and req == self._last:
            self.place.setEnabled(False)
            self.place_requested.emit(req)

    def placed(self) -> None:
        """A new idempotency key for the next order; this one is spent."""
        self._key = uuid.uuid4().hex
        self._changed()

    def prefill(self, symbol: str, side: Side, qty: int, price: int | None = None) -> None:
        """The ticket typed in; ``price`` (VND) replaces the previous ticket's price, and
        None clears it (a new symbol never keeps another's price)."""
        if symbol != self.symbol.text().strip().upper():
            self._band = None
        self.symbol.setText(symbol)
        self.side.setCurrentIndex(0 if side is Side.BUY else 1)
        self.qty.setValue(qty)
        self.price.setText(thousands(price) if price else "")
