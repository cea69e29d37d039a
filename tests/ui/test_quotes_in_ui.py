"""The ticket and the portfolio read the quote service: the cache's year-old bar is shown as
old with its age; a live quote arriving through the coalescing bridge updates the ticket's
last / bid / ask / band and the portfolio's marks in place, and says "live"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.market.quotes import BookLevel, Quote, QuoteSource
from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

VN = timezone(timedelta(hours=7))
WED_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=VN)


def live_fpt(last: int = 101_500) -> Quote:
    return Quote("FPT", WED_10AM - timedelta(seconds=3), QuoteSource.SSI_STREAM,
                 exchange=Exchange.HOSE, reference=100_000, ceiling=107_000, floor=93_000,
                 last=last, bids=(BookLevel(last - 100, 1_000),),
                 asks=(BookLevel(last, 2_000),))


def _open(qtbot, arun, tt_home, name, tab):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home), clock=ManualClock(WED_10AM)))
    window.attach(services)
    services.start_feed()  # bars only under the tests (TRADINGTOOLS_PRICE_SOURCE=bars)
    window.select_tab(tab)
    window.show()
    return window, services


def test_the_ticket_shows_the_old_bar_then_follows_a_live_quote(qtbot, arun, tt_home):
    window, services = _open(qtbot, arun, tt_home, "q1", "Orders")
    ticket = window.orders_tab.ticket
    qtbot.keyClicks(ticket.symbol, "FPT")
    ticket.qty.setValue(100)
    qtbot.keyClicks(ticket.price, "101.5")
    qtbot.waitUntil(lambda: "13/11/2025" in ticket.asof.text()
                    and ticket.ref.text() == "99.60", timeout=5000)
    assert ticket.asof.text() == "Prices: daily bars · prices from 13/11/2025, 1 year old"
    assert ticket.bid.text() == "—" and ticket.ref.text() == "99.60"
    assert services.feed.wanted == {"FPT"}  # the ticket's symbol is wanted live
    emitted = window.market.emissions
    for n in range(50):  # a burst: one coalesced update, not fifty
        services.quotes.on_quote(live_fpt(101_000 + (n % 6) * 100))
    services.quotes.on_quote(live_fpt())
    qtbot.waitUntil(lambda: ticket.last.text() == "101.50", timeout=5000)
    assert ticket.asof.text() == "Prices: SSI live stream · live"
    assert (ticket.bid.text(), ticket.ask.text()) == ("101.40 x 1,000", "101.50 x 2,000")
    # the band moved with the live reference: the checks ran again on it
    qtbot.waitUntil(lambda: ticket.ref.text() == "100.00", timeout=5000)
    assert (ticket.ceiling.text(), ticket.floor.text()) == ("107.00", "93.00")
    assert window.market.emissions - emitted <= 2
    window.detach()
    arun(services.stop())


def test_portfolio_marks_use_the_quote_and_fall_back_to_the_bar_labelled_old(
        qtbot, arun, tt_home):
    window, services = _open(qtbot, arun, tt_home, "q2", "Portfolio")
    tab = window.portfolio_tab
    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 1_000, 99_600, "q-pf")
    arun(services.orders.place(req))
    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10_000)
    last = tab.table.item(0, 5)
    assert last.text() == "99.60" and last.font().italic()
    assert last.toolTip() == "prices from 13/11/2025, 1 year old"
    assert "prices from 13/11/2025, 1 year old" in tab.updated.text()
    services.quotes.on_quote(live_fpt(101_000))
    qtbot.waitUntil(lambda: tab.table.item(0, 5).text() == "101.00", timeout=10_000)
    assert tab.table.item(0, 5) is last  # the row was updated in place, not rebuilt
    assert not last.font().italic() and last.toolTip() == "live"
    assert tab.table.item(0, 10).text() == "+1,000,000"  # 1,000 x (101,000 - 100,000)
    assert "live" in tab.updated.text()
    summary = services.portfolio.last
    assert summary.positions[0].price_source == "ssi-stream"
    assert summary.market_value == 101_000_000
    window.detach()
    arun(services.stop())
