"""Issue 11: the index strip and the board's charts read old when their data is older than
the current session (grey, italic, the age in words), as the board's rows do; a live index
value puts the cell back in place."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.ui.board.market import VN

from tradingtools_desktop.domain.market.calendar import TradingCalendar
from tradingtools_desktop.domain.market.quotes import IndexQuote, QuoteSource, Trade
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.board.index_strip import IndexStrip
from tradingtools_desktop.ui.main_window import MainWindow
from tradingtools_desktop.ui.quote_words import AgeJudge
from tradingtools_desktop.ui.theme import BOARD_OLD

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=VN)  # a Wednesday, in the morning session
BUNDLED_DAY = datetime(2025, 11, 13, 15, 0, tzinfo=VN)


def _index(at: datetime, value: float = 1629.24,
           source: QuoteSource = QuoteSource.BARS) -> IndexQuote:
    return IndexQuote("VNINDEX", value, at, source, change=-2.62, change_pct=-0.16)


def test_an_old_index_value_is_grey_with_its_age_and_a_live_one_clears_it_in_place(qtbot):
    strip = IndexStrip()
    qtbot.addWidget(strip)
    now = [NOW]
    strip.set_ages(AgeJudge(lambda: now[0], TradingCalendar()))
    cell = strip.cells["VNINDEX"]
    strip.on_index(_index(BUNDLED_DAY))
    assert strip.is_old("VNINDEX")
    assert cell.text().startswith("<i>") and BOARD_OLD in cell.text()
    assert "1,629.24" in cell.text()
    assert cell.toolTip() == ("VN-Index: prices from 13/11/2025, 1 year old. Not today's "
                              "session: it turns current when a live value arrives.")
    strip.on_index(_index(NOW - timedelta(seconds=5), 1631.0, QuoteSource.SSI_STREAM))
    assert strip.cells["VNINDEX"] is cell and not strip.is_old("VNINDEX")
    assert "<i>" not in cell.text() and BOARD_OLD not in cell.text()
    assert "1,631.00" in cell.text() and cell.toolTip() == ""
    # the next session's morning: this morning's value is old now
    now[0] = NOW + timedelta(days=1)
    strip.refresh_ages()
    assert strip.is_old("VNINDEX") and "prices from 25/11/2026, 1 day old" in cell.toolTip()
    assert not strip.is_old("VN30")  # no value yet: nothing to call old


def test_the_strip_says_the_age_in_vietnamese(qtbot):
    set_language("vi")
    try:
        strip = IndexStrip()
        qtbot.addWidget(strip)
        strip.set_ages(AgeJudge(lambda: NOW, TradingCalendar()))
        strip.on_index(_index(BUNDLED_DAY))
        assert strip.cells["VNINDEX"].toolTip().startswith(
            "VN-Index: giá ngày 13/11/2025, 1 năm trước.")
    finally:
        set_language(None)


def test_without_a_clock_the_strip_marks_nothing_old(qtbot):
    strip = IndexStrip()
    qtbot.addWidget(strip)
    strip.on_index(_index(BUNDLED_DAY))
    assert not strip.is_old("VNINDEX") and strip.cells["VNINDEX"].toolTip() == ""


def _open(qtbot, arun, tt_home, name):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home)))
    window.attach(services)
    window.tabs.setCurrentWidget(window.board_tab)
    window.show()
    qtbot.waitUntil(lambda: window.board_tab.current is not None, timeout=5000)
    return window, services, window.board_tab


def test_the_board_strip_and_charts_of_the_bundled_day_read_old(qtbot, arun, tt_home):
    window, services, tab = _open(qtbot, arun, tt_home, "old-strip")
    now = services.clock.now()
    bundled_age = AgeJudge(services.clock.now, services.risk.calendar).words_at(BUNDLED_DAY)[0]
    # the strip, filled from the bundled index days
    qtbot.waitUntil(lambda: tab.strip.cells["VNINDEX"].quote is not None, timeout=5000)
    assert tab.strip.is_old("VNINDEX")
    assert bundled_age in tab.strip.cells["VNINDEX"].toolTip()
    # the daily chart of a stock from the cache's bundled bars
    tab.view.select_symbol("FPT")
    qtbot.waitUntil(lambda: tab.chart.chart.shown is not None, timeout=10_000)
    assert tab.chart.old
    assert tab.chart.caption.text() == f"FPT — {bundled_age}"
    assert bundled_age.startswith("prices from 13/11/2025")
    assert BOARD_OLD in tab.chart.caption.styleSheet() and "italic" in \
        tab.chart.caption.styleSheet()
    assert "newest bar is of 13/11/2025" in tab.chart.caption.toolTip()
    # an index chart
    tab.chart.chart.shown = None
    tab.strip.index_clicked.emit("VNINDEX")
    qtbot.waitUntil(lambda: tab.chart.chart.shown is not None, timeout=5000)
    assert tab.chart.caption.text().startswith("VN-Index — prices from ")
    # an intraday chart from trades of now: current, plain caption
    tab.chart.show_symbol("FPT")
    tab.chart.set_mode("1m")
    window.quotes.on_trade(Trade("FPT", 99_600, 100, now, QuoteSource.SSI_STREAM))
    qtbot.waitUntil(lambda: tab.chart.chart.shown is not None
                    and tab.chart.caption.text() == "FPT", timeout=3000)
    assert not tab.chart.old and tab.chart.caption.styleSheet() == ""
    assert tab.chart.caption.toolTip() == ""
    window.detach()
    arun(services.stop())


def test_a_daily_chart_in_session_ends_with_todays_bar_from_the_live_quote(qtbot, arun,
                                                                             tt_home):
    from tradingtools_desktop.domain.market.quotes import Quote

    window, services, tab = _open(qtbot, arun, tt_home, "forming-bar")
    now = services.clock.now()
    tab.view.select_symbol("FPT")
    qtbot.waitUntil(lambda: tab.chart.chart.shown is not None and tab.chart.old,
                    timeout=10_000)
    stored = len(tab.chart.chart.shown.close)
    tab.chart.chart.shown = None
    window.quotes.on_quote(Quote("FPT", now, QuoteSource.SSI_STREAM, reference=99_600,
                                 open=99_800, high=101_200, low=99_500, last=100_900,
                                 total_volume=1_234_500))
    qtbot.waitUntil(lambda: tab.chart.chart.shown is not None, timeout=3000)
    shown = tab.chart.chart.shown
    assert len(shown.close) == stored + 1  # today's bar after the stored ones
    assert (shown.open[-1], shown.high[-1], shown.low[-1], shown.close[-1]) == \
        (99.8, 101.2, 99.5, 100.9)
    assert shown.volume[-1] == 1_234_500.0
    assert "today's bar forms from the live quote" in shown.title
    assert not tab.chart.old and tab.chart.caption.text() == "FPT"
    # a quote of the cache's own bars is no new day
    tab.chart.chart.shown = None
    tab.chart.show_symbol("VCB")
    qtbot.waitUntil(lambda: tab.chart.chart.shown is not None, timeout=10_000)
    assert "live quote" not in tab.chart.chart.shown.title and tab.chart.old
    window.detach()
    arun(services.stop())


def test_a_live_quote_of_an_earlier_session_makes_no_bar_of_today() -> None:
    from datetime import date

    from tradingtools_desktop.domain.market.quotes import Quote
    from tradingtools_desktop.store.market_repo import BarRow
    from tradingtools_desktop.ui.charts.series import live_day

    rows = [BarRow("FPT", date(2025, 11, 13), 99_000, 100_000, 98_000, 99_600, 10, "", "b")]
    began = datetime(2026, 11, 25, tzinfo=VN)
    quote = Quote("FPT", datetime(2026, 4, 14, 14, 45, tzinfo=VN), QuoteSource.SSI_STREAM,
                  last=76_400)
    assert live_day(rows, quote, began) is None  # April's stream quote is not today's
    today = Quote("FPT", NOW, QuoteSource.SSI_STREAM, last=100_900, total_volume=5)
    bar = live_day(rows, today, began)
    assert bar is not None and (bar.day, bar.open, bar.high, bar.low, bar.close) == \
        (NOW.date(), 100_900, 100_900, 100_900, 100_900)
    assert live_day(rows, today, None) is None  # no clock: nothing is called today
