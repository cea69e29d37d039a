"""The order ticket: the pre-check summary updates as the user types.

Prices are typed in thousands of VND as VN boards show them ("95.3" = 95,300 VND). Every
edit schedules one pre-check (debounced) on the service layer; a stale answer (the user
typed again meanwhile) is dropped. Place is enabled only when every check passes.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
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
from ...domain.money import parse_price_thousands
from ...domain.orders import OrderRequest, OrderType, Side
from ...i18n import tr
from .format import board_colour, thousands, vnd

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...domain.market.quotes import Quote
    from ...services.oms import TicketPreview

# where a quote came from, as the ticket says it (tr() at display)
SOURCE_WORDS = {"ssi-stream": "SSI live stream", "ssi-rest": "SSI (polled)",
                "vnstock": "vnstock (polled)", "replay": "replay", "bars": "daily bars"}

TYPES = {Exchange.HOSE: ["LO", "ATO", "ATC", "MP"],
         Exchange.HNX: ["LO", "ATC", "MTL", "MOK", "MAK", "PLO"],
         Exchange.UPCOM: ["LO"]}


class OrderTicket(QGroupBox):
    preview_requested = Signal(object)  # OrderRequest
    place_requested = Signal(object)  # OrderRequest

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
        self.side.addItems([tr("BUY"), tr("SELL")])
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
        form.addRow(tr("Price (x1,000 VND)"), self.price)

        self.ref = QLabel("—")
        self.ceiling = QLabel("—")
        self.floor = QLabel("—")
        self.asof = QLabel("—")
        self.asof.setObjectName("ticketFreshness")
        self.asof.setWordWrap(True)
        self.last = QLabel("—")
        self.last.setObjectName("ticketLast")
        self.bid = QLabel("—")
        self.bid.setObjectName("ticketBid")
        self.ask = QLabel("—")
        self.ask.setObjectName("ticketAsk")
        band = QHBoxLayout()
        for title, label in ((tr("Ref"), self.ref), (tr("Ceiling"), self.ceiling),
                             (tr("Floor"), self.floor)):
            band.addWidget(QLabel(title))
            band.addWidget(label)
        band.addStretch(1)
        book = QHBoxLayout()
        for title, label in ((tr("Last"), self.last), (tr("Best bid"), self.bid),
                             (tr("Best ask"), self.ask)):
            book.addWidget(QLabel(title))
            book.addWidget(label)
        book.addStretch(1)
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

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(band)
        layout.addLayout(book)
        layout.addWidget(self.asof)
        layout.addWidget(self.costs)
        layout.addWidget(self.verdict)
        layout.addWidget(self.checks, 1)
        layout.addWidget(self.place)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._emit_preview)
        for signal in (self.symbol.textChanged, self.price.textChanged):
            signal.connect(self._changed)
        for combo in (self.side, self.type):
            combo.currentIndexChanged.connect(self._changed)
        self.qty.valueChanged.connect(self._changed)
        self.exchange.currentTextChanged.connect(self._exchange_changed)
        self.place.clicked.connect(self._on_place)
        self._exchange_changed(self.exchange.currentText())
        self._last: OrderRequest | None = None
        self._quote: Quote | None = None
        self._band: PriceBand | None = None

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
            try:
                price = parse_price_thousands(self.price.text()) if self.price.text() else 0
            except ValueError as exc:
                return None, str(exc)
        side = Side.BUY if self.side.currentIndex() == 0 else Side.SELL
        return OrderRequest(symbol, Exchange(self.exchange.currentText()), side, otype,
                            self.qty.value(), price, self._key), ""

    def _changed(self) -> None:
        self.place.setEnabled(False)
        self._timer.start()

    def _emit_preview(self) -> None:
        req, why = self.request()
        if req is None:
            self.verdict.setText(why)
            self.checks.clear()
            return
        self._seq += 1
        self._last = req
        self.preview_requested.emit((self._seq, req))

    # -- results -------------------------------------------------------------------------
    def show_preview(self, seq: int, preview: TicketPreview) -> None:
        if seq != self._seq:
            return  # the user typed again since: a newer preview is on its way
        band = preview.band
        m = preview.market
        if m.exchange is not None and m.exchange.value != self.exchange.currentText():
            self.set_exchange(m.exchange)  # the symbol's exchange wins; re-check follows
            return
        self._show_band(band)
        if m.last_day is None and self._quote is None:
            self.asof.setText(tr("No price data for this symbol."))
        c = preview.costs
        self.costs.setText(tr("Value {v} + fee {f} + tax {t} VND").format(
            v=vnd(c.value), f=vnd(c.fee), t=vnd(c.tax)) if c else "—")
        self.checks.clear()
        for check in preview.decision.checks:
            item = QListWidgetItem(("✓ " if check.passed else "✗ ") + check.message)
            item.setData(Qt.ItemDataRole.UserRole, check.code.value)
            item.setForeground(Qt.GlobalColor.darkGreen if check.passed else Qt.GlobalColor.red)
            self.checks.addItem(item)
        failed = preview.decision.failed
        self.verdict.setText(tr("All pre-trade checks passed.") if not failed else
                             tr("{n} check(s) failed: {first}").format(
                                 n=len(failed), first=failed[0].message))
        self.place.setEnabled(not failed)
        self._preview = preview

    # -- the market --------------------------------------------------------------------
    def _show_band(self, band: PriceBand | None) -> None:
        self._band = band
        self.ref.setText(thousands(band.reference) if band else "—")
        self.ceiling.setText(thousands(band.ceiling) if band else "—")
        self.floor.setText(thousands(band.floor) if band else "—")
        for label, price in ((self.ref, band.reference if band else None),
                             (self.ceiling, band.ceiling if band else None),
                             (self.floor, band.floor if band else None)):
            label.setStyleSheet(f"color: {board_colour(price, band)}; font-weight: bold")
        self.last.setStyleSheet(
            f"color: {board_colour(self._quote.last if self._quote else None, band)}; "
            "font-weight: bold")

    def show_quote(self, quote: Quote | None, freshness: str, old: bool = False) -> None:
        """The symbol's quote from the quote service: last, best bid / ask, and where it
        came from and how old it is in plain words ("daily bars · prices from 13/11/2025,
        1 year old" / "SSI live stream · live"), in orange when ``old`` (older than the
        current session). ``None``: nothing known."""
        self._quote = quote
        if quote is None:
            for label in (self.last, self.bid, self.ask):
                label.setText("—")
            self.asof.setText(tr("No price data for this symbol."))
            return
        self.last.setText(thousands(quote.last))
        self.last.setStyleSheet(f"color: {board_colour(quote.last, self._band)}; "
                                "font-weight: bold")
        for label, level in ((self.bid, quote.best_bid), (self.ask, quote.best_ask)):
            label.setText(f"{thousands(level.price)} x {level.volume:,}" if level else "—")
        source = tr(SOURCE_WORDS.get(quote.source.value, quote.source.value))
        self.asof.setText(tr("Prices: {source} · {age}").format(source=source, age=freshness))
        self.asof.setStyleSheet("color: #ef6c00; font-weight: bold" if old else "")

    def _on_place(self) -> None:
        req, _ = self.request()
        if req is not None:
            self.place.setEnabled(False)
            self.place_requested.emit(req)

    def recheck(self) -> None:
        """Run the checks again (the market moved under the same ticket)."""
        self._timer.start()

    def placed(self) -> None:
        """A new idempotency key for the next order; this one is spent."""
        self._key = uuid.uuid4().hex
        self._changed()

    def prefill(self, symbol: str, side: Side, qty: int) -> None:
        self.symbol.setText(symbol)
        self.side.setCurrentIndex(0 if side is Side.BUY else 1)
        self.qty.setValue(qty)
