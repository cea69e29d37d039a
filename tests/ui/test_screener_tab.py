"""The Screener tab end to end (pytest-qt, offscreen): run, progress, results, detail,
chart, past runs and "Send to order ticket"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow


def test_run_vn30_then_detail_chart_and_send_to_ticket(qtbot, arun, tt_home) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("scr", tt_home)))
    window.attach(services)
    window.select_tab("Screener")
    window.show()
    tab = window.screener_tab
    tab.universe.setCurrentText("VN30")
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 30, timeout=20_000)
    assert tab.progress.value() == tab.progress.maximum()
    assert "prices as of 2025-11-13" in tab.summary.text()
    # run metadata behind Details, not in the header
    assert "hash" not in tab.summary.text().lower() and not tab.meta.isVisible()
    tab.details_button.click()
    assert tab.meta.isVisible() and "Data hash" in tab.meta.toPlainText()
    # the Score column says its order in its own text: largest first
    assert tab.table.horizontalHeaderItem(1).text() == "Score ▼"
    qtbot.waitUntil(lambda: tab.chart.shown_symbol != "", timeout=10_000)
    # the scored bars are the bundled day's: the chart says how old they are
    assert tab.chart.shown is not None
    assert " — prices from 13/11/2025, " in tab.chart.shown.title
    symbol = tab.table.current_symbol()
    assert symbol and symbol in tab.detail.toPlainText()
    detail = tab.detail.toPlainText()
    assert "The technical agent" in detail and "Evidence" in detail
    assert "=" not in detail  # sentences and a table, not key=value dumps
    qtbot.waitUntil(lambda: tab.past.count() == 1)
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Orders"
    assert window.orders_tab.ticket.symbol.text() == symbol
    # the ticket carries a price: the symbol's last close, never the previous ticket's
    close = tab.last_close[symbol]
    assert window.orders_tab.ticket.price.text() == f"{close / 1000:.2f}"
    window.detach()
    arun(services.stop())


def test_the_last_column_is_the_runs_quote_with_its_age_and_send_uses_the_quote_now(
        qtbot, arun, tt_home) -> None:
    from datetime import datetime, timedelta, timezone

    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.market.quotes import Quote, QuoteSource
    from tradingtools_desktop.services.clock import ManualClock
    from tradingtools_desktop.ui.screener.results import HEAD, LAST
    from tradingtools_desktop.ui.theme import BOARD_OLD

    now = datetime(2026, 11, 25, 10, 30, tzinfo=timezone(timedelta(hours=7)))
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths("scr-last", tt_home), clock=ManualClock(now)))
    services.quotes.on_quote(Quote("FPT", now, QuoteSource.SSI_STREAM, exchange=Exchange.HOSE,
                                   reference=99_600, last=101_000))
    window.attach(services)
    window.select_tab("Screener")
    window.show()
    tab = window.screener_tab
    tab.universe.setCurrentText("FPT,VCB")
    tab.start_run()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=20_000)
    assert HEAD[LAST] == "Last" and tab.table.horizontalHeaderItem(LAST).text() == "Last"
    cells = {tab.table.item(r, 0).text(): tab.table.item(r, LAST) for r in range(2)}
    assert cells["FPT"].text() == "101.00 (live)"
    assert not cells["FPT"].font().italic()
    assert cells["FPT"].toolTip().startswith("last match from SSI stream at 25/11/2026 "
                                             "10:30:00 Vietnam time")
    assert cells["VCB"].text() == "59.50 (prices from 13/11/2025, 1 year old)"
    assert cells["VCB"].foreground().color().name() == BOARD_OLD and \
        cells["VCB"].font().italic()
    assert "the suggested sizes and the Last column use the quote service's current price " \
           "(newest daily bars, SSI stream)" in tab.summary.text()
    # the market moves: "Send to order ticket" proposes the quote service's price now
    services.quotes.on_quote(Quote("FPT", now + timedelta(minutes=1), QuoteSource.SSI_STREAM,
                                   exchange=Exchange.HOSE, reference=99_600, last=101_500))
    tab.table.selectRow(next(r for r in range(2) if tab.table.item(r, 0).text() == "FPT"))
    tab.send_button.click()
    assert window.orders_tab.ticket.symbol.text() == "FPT"
    assert window.orders_tab.ticket.price.text() == "101.50"
    window.detach()
    arun(services.stop())
