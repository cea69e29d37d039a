"""The order ticket's market rows: the price band and the symbol's quote (a mixin of
``OrderTicket``).

Contract: ``_build_market_rows()`` makes the labels the ticket shows the market with -
``ref`` / ``ceiling`` / ``floor`` (the band), ``last`` ("ticketLast"), ``bid`` ("ticketBid"),
``ask`` ("ticketAsk") and ``asof`` ("ticketFreshness") - and returns the band row and the
book row for the ticket's layout. The price labels have a fixed size (``_hold_size``) and
their style sheets change only when the colour does (``_style``), so a live quote repaints
only the label, never the window. ``_show_band(band)`` shows and remembers the band (or
"—"); ``show_quote(quote, freshness, old)`` shows last, best bid / ask and where the price
came from and how old it is, in orange when ``old``. Prices are in thousands of VND.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel

from ...i18n import tr
from .format import board_colour, thousands

if TYPE_CHECKING:
    from ...domain.market.bands import PriceBand
    from ...domain.market.quotes import Quote

    _Base = QGroupBox
else:
    _Base = object  # a plain mixin at run time: OrderTicket is the one QGroupBox

# where a quote came from, as the ticket says it (tr() at display)
SOURCE_WORDS = {"ssi-stream": "SSI live stream", "ssi-rest": "SSI (polled)",
                "vnstock": "vnstock (polled)", "replay": "replay", "bars": "daily bars"}


def _hold_size(label: QLabel, sample: str) -> None:
    """A fixed size that fits ``sample`` in bold, for a label a live quote rewrites: any
    QLabel.setText re-lays its parents out up to the window (Qt's layouts do not check that
    the size hint moved), and every QTabWidget on the way then repaints itself whole - at
    a few quotes a second that was the whole window each time. A fixed-size label's new
    text repaints only the label."""
    font = QFont(label.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    label.setFixedSize(metrics.horizontalAdvance(sample) + 6,
                       max(label.sizeHint().height(), metrics.height()))


def _style(label: QLabel, css: str) -> None:
    """Set ``label``'s style sheet only when it changes: every setStyleSheet re-polishes the
    widget and re-lays its row out, which the live quote would otherwise do ~10 times a
    second on the Qt thread for the same colour."""
    if label.styleSheet() != css:
        label.setStyleSheet(css)


class TicketMarketMixin(_Base):
    """The band and quote labels of the order ticket."""

    _band: PriceBand | None
    _quote: Quote | None

    def _build_market_rows(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The band row (Ref / Ceiling / Floor) and the book row (Last / Best bid / Best ask)."""
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
        for label in (self.ref, self.ceiling, self.floor, self.last):
            _hold_size(label, "9,999.99")
        for label in (self.bid, self.ask):
            _hold_size(label, "9,999.99 x 99,999,999")
        return band, book

    def _show_band(self, band: PriceBand | None) -> None:
        self._band = band
        self.ref.setText(thousands(band.reference) if band else "—")
        self.ceiling.setText(thousands(band.ceiling) if band else "—")
        self.floor.setText(thousands(band.floor) if band else "—")
        for label, price in ((self.ref, band.reference if band else None),
                             (self.ceiling, band.ceiling if band else None),
                             (self.floor, band.floor if band else None)):
            _style(label, f"color: {board_colour(price, band)}; font-weight: bold")
        _style(self.last,
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
        _style(self.last, f"color: {board_colour(quote.last, self._band)}; font-weight: bold")
        for label, level in ((self.bid, quote.best_bid), (self.ask, quote.best_ask)):
            label.setText(f"{thousands(level.price)} x {level.volume:,}" if level else "—")
        source = tr(SOURCE_WORDS.get(quote.source.value, quote.source.value))
        self.asof.setText(tr("Prices: {source} · {age}").format(source=source, age=freshness))
        _style(self.asof, "color: #ef6c00; font-weight: bold" if old else "")
