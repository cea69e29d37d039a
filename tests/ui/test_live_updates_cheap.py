"""A busy market costs the Qt thread little: a new price on the ticket or the depth headline
repaints that label, not the whole window (no re-layout climbing to the tabs), and the
ticket's checks re-run when what they read moved, never on every pushed quote, so Place
stays usable while prices stream in."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget
from tests.ui.board.market import quote

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import BookLevel, Quote, QuoteSource
from tradingtools_desktop.domain.orders import Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.live_text import LiveText
from tradingtools_desktop.ui.main_window import MainWindow
from tradingtools_desktop.ui.orders.ticket import OrderTicket

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


class _Layouts(QObject):
    """Counts the re-layouts a widget is asked for."""

    def __init__(self, watched: QWidget) -> None:
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _settle() -> None:
    """Let each level's posted re-layout run (each posts the next one up)."""
    for _ in range(6):
        QApplication.processEvents()


def _in_tabs(qtbot, child: QWidget) -> tuple[QTabWidget, _Layouts]:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    page = QWidget()
    QVBoxLayout(page).addWidget(child)
    tabs.addTab(page, "page")
    tabs.resize(400, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    _settle()
    return tabs, _Layouts(tabs)


def test_a_new_price_in_live_text_does_not_re_lay_out_the_tabs(qtbot):
    label = QLabel("FPT 99.60")
    label.setWordWrap(True)
    box = LiveText(label)
    _, layouts = _in_tabs(qtbot, box)
    one_line = box.height()
    for n in range(20):
        box.setText(f"FPT {99.60 + n / 100:.2f} +0.{n:02d} (+0.{n:02d}%)")
        _settle()
    assert layouts.count == 0 and box.height() == one_line
    assert box.text() == label.text() == "FPT 99.79 +0.19 (+0.19%)"
    # a text that needs more lines: the holder grows, and only then the parents re-lay out
    box.setText(" ".join(["a long sentence that wraps"] * 12))
    _settle()
    assert box.height() > one_line and label.height() == box.height()
    assert layouts.count > 0


def test_the_same_price_change_in_a_plain_label_does_re_lay_out_the_tabs(qtbot):
    """The control: what LiveText saves (Qt re-lays out on every QLabel.setText)."""
    label = QLabel("FPT 99.60")
    label.setWordWrap(True)
    _, layouts = _in_tabs(qtbot, label)
    label.setText("FPT 99.70")
    _settle()
    assert layouts.count > 0


def test_ticket_prices_repaint_the_ticket_only(qtbot):
    ticket = OrderTicket()
    _, layouts = _in_tabs(qtbot, ticket)
    ticket.show_quote(quote("FPT"), "live")  # the first quote: source and age words appear
    _settle()
    layouts.count = 0
    for n in range(20):
        last = 99_600 + 100 * (n % 7)
        ticket.show_quote(quote("FPT", last=last, bids=((last - 100, 1_000 + 37 * n),),
                                asks=((last, 20_000 + n),)), "live")
        _settle()
    assert ticket.last.text() == "100.10" and ticket.bid.text() == "100.00 x 1,703"
    assert layouts.count == 0


def _live(last: int) -> Quote:
    return Quote("FPT", WED_10AM - timedelta(seconds=3), QuoteSource.SSI_STREAM,
                 exchange=Exchange.HOSE, reference=100_000, ceiling=107_000, floor=93_000,
                 last=last, bids=(BookLevel(last - 100, 1_000),),
                 asks=(BookLevel(last, 2_000),))


def test_place_stays_enabled_while_quotes_of_the_same_band_stream_in(qtbot, arun, tt_home):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("cheap1", tt_home),
                                     clock=ManualClock(WED_10AM)))
    window.attach(services)
    window.select_tab("Orders")
    window.show()
    ticket = window.orders_tab.ticket
    ticket.prefill("FPT", Side.BUY, 100, 101_500)
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)
    services.quotes.on_quote(_live(101_500))  # the first live quote: a new band, re-checked
    qtbot.waitUntil(lambda: ticket.ref.text() == "100.00" and ticket.place.isEnabled(),
                    timeout=5000)
    for n in range(58):  # the market moves within the same band
        services.quotes.on_quote(_live(101_000 + (n % 9) * 100))
        QApplication.processEvents()
        assert ticket.place.isEnabled()
    qtbot.waitUntil(lambda: ticket.last.text() == "101.30", timeout=5000)
    qtbot.wait(300)  # a few of the bridge's windows pass: still no re-check
    assert ticket.place.isEnabled()
    window.detach()
    arun(services.stop())
