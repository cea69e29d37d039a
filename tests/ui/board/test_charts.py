"""Charts: dates on the x axis (not bar numbers), volume, intraday from the feed's trades,
indices, and a sentence instead of empty axes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tests.ui.board.market import T0

from tradingtools_desktop.domain.market.calendar import VN_TZ
from tradingtools_desktop.domain.market.quotes import QuoteSource, Trade
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow


def _open(qtbot, arun, tt_home, name):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home)))
    window.attach(services)
    window.tabs.setCurrentWidget(window.board_tab)
    window.show()
    qtbot.waitUntil(lambda: window.board_tab.current is not None, timeout=5000)
    return window, services, window.board_tab.chart


def test_daily_chart_sits_on_dates_with_volume(qtbot, arun, tt_home):
    window, services, chart = _open(qtbot, arun, tt_home, "c1")
    window.board_tab.view.select_symbol("FPT")
    qtbot.waitUntil(lambda: chart.chart.shown is not None, timeout=10_000)
    s = chart.chart.shown
    first = datetime.fromtimestamp(s.times[0], VN_TZ).date()
    last = datetime.fromtimestamp(s.times[-1], VN_TZ).date()
    assert last == date(2025, 11, 13) and (last - first).days > 300  # dates, not 0..n
    assert s.close[-1] == 99.6 and len(s.volume) == len(s.times) and max(s.volume) > 0
    assert "13/11/2025" in s.title
    _, price, _ = chart.chart._plots
    import pyqtgraph as pg

    assert isinstance(price.getAxis("bottom"), pg.DateAxisItem)
    window.detach()
    arun(services.stop())


def test_intraday_from_trades_and_an_empty_state_that_says_what_to_do(qtbot, arun, tt_home):
    window, services, chart = _open(qtbot, arun, tt_home, "c2")
    chart.show_symbol("FPT")
    chart.set_mode("1m")
    assert chart.chart.shown is None and "Connect a price feed" in chart.chart.empty.text()
    for n, price in enumerate((99_600, 99_700, 99_500, 99_800)):
        window.quotes.on_trade(Trade("FPT", price, 100, T0 + timedelta(seconds=40 * n),
                                     QuoteSource.SSI_STREAM))
    qtbot.waitUntil(lambda: chart.chart.shown is not None, timeout=3000)
    s = chart.chart.shown
    assert [datetime.fromtimestamp(t, VN_TZ).strftime("%H:%M") for t in s.times] == [
        "10:00", "10:01", "10:02"]
    chart.set_mode("5m")
    assert len(chart.chart.shown.times) == 1 and chart.chart.shown.high[0] == 99.8
    window.detach()
    arun(services.stop())


def test_an_index_charts_from_the_strip(qtbot, arun, tt_home):
    window, services, chart = _open(qtbot, arun, tt_home, "c3")
    window.board_tab.strip.index_clicked.emit("VNINDEX")
    qtbot.waitUntil(lambda: chart.chart.shown is not None, timeout=5000)
    assert chart.chart.shown.close[-1] == 1629.24 and "points" in chart.chart.shown.title
    window.detach()
    arun(services.stop())


def test_axis_labels_are_numbers_in_vietnam_time():
    from tradingtools_desktop.ui.charts.price_chart import DAY, time_label, volume_label

    ts = datetime(2025, 11, 13, 9, 15, tzinfo=VN_TZ).timestamp()
    assert time_label(ts, 30 * DAY) == "11/2025" and time_label(ts, 2 * DAY) == "13/11"
    assert time_label(ts, 300) == "09:15" and time_label(ts, 400 * DAY) == "2025"
    assert volume_label(20_000_000) == "20 M" and volume_label(1_500) == "1.5 K"
