"""The screener's chart: daily candles on a date axis with volume and EMA20 / EMA50
(pyqtgraph and the indicator code imported on first use)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QWidget

from ...i18n import tr
from ..charts.price_chart import DAY, PriceChart, Series
from ..charts.series import day_start


class CandleChart(PriceChart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candleChart")
        self.shown_symbol = ""
        self.show_empty(tr("Pick a result to see its chart."))

    def show_bars(self, symbol: str, opens: list[float], highs: list[float],
                  lows: list[float], closes: list[float], days: list[str],
                  volumes: list[float] | None = None, age: str = "") -> None:
        """Daily bars (VND) on their days (ISO dates), drawn in thousands of VND; ``age``
        (the bars' age in words when they are older than the session) ends the title."""
        import numpy as np

        from ...agents.indicators import panel as ta

        if not closes:
            self.show_empty(tr("No daily bars for {symbol}. Import them with `tradingtools "
                               "data import` or fetch them with `tradingtools data fetch`."
                               ).format(symbol=symbol))
            return
        arr = np.array(closes, dtype=np.float64)[:, None]
        overlays: dict[str, tuple[str, Sequence[float]]] = {
            f"EMA{n}": (colour, list(ta.ema(arr, n)[:, 0] / 1000))
            for n, colour in ((20, "#1565c0"), (50, "#ef6c00"))}
        title = tr("{symbol} — daily, {n} bars to {day} (x1,000 VND)").format(
            symbol=symbol, n=len(closes), day=date.fromisoformat(days[-1]).strftime("%d/%m/%Y"))
        if age:
            title = tr("{title} — {age}").format(title=title, age=age)
        self.show_series(Series(
            title, [day_start(date.fromisoformat(d)) for d in days],
            [v / 1000 for v in opens], [v / 1000 for v in highs], [v / 1000 for v in lows],
            [v / 1000 for v in closes], list(volumes or [0.0] * len(closes)), DAY, overlays))
        self.shown_symbol = symbol
