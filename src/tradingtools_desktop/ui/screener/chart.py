"""A candlestick chart with EMA20 / EMA50 (pyqtgraph, imported on first use)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...i18n import tr
from ..theme import BOARD_DOWN, BOARD_UP


class CandleChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candleChart")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._plot: Any = None
        self.shown_symbol = ""

    def _ensure(self) -> Any:
        if self._plot is None:
            import pyqtgraph as pg

            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            self._plot = pg.PlotWidget()
            self._plot.showGrid(x=True, y=True, alpha=0.2)
            self._layout.addWidget(self._plot)
        return self._plot

    def show_bars(self, symbol: str, opens: list[float], highs: list[float],
                  lows: list[float], closes: list[float], days: list[str]) -> None:
        import numpy as np
        import pyqtgraph as pg
        from PySide6.QtCore import QPointF, QRectF
        from PySide6.QtGui import QPainter, QPicture

        from ...agents.indicators import panel as ta

        plot = self._ensure()
        plot.clear()
        plot.setTitle(tr("{symbol} — daily, last {n} sessions to {day} (thousand VND)").format(
            symbol=symbol, n=len(closes), day=days[-1] if days else "?"))
        picture = QPicture()
        p = QPainter(picture)
        for i, (o, h, lo, c) in enumerate(zip(opens, highs, lows, closes, strict=True)):
            colour = pg.mkColor(BOARD_UP if c >= o else BOARD_DOWN)
            p.setPen(pg.mkPen(colour))
            p.drawLine(QPointF(i, lo / 1000), QPointF(i, h / 1000))
            p.setBrush(pg.mkBrush(colour))
            p.drawRect(QRectF(i - 0.3, o / 1000, 0.6, (c - o) / 1000 or 0.001))
        p.end()

        class Candles(pg.GraphicsObject):  # type: ignore[misc]
            def paint(self, painter: QPainter, *_: object) -> None:
                painter.drawPicture(0, 0, picture)

            def boundingRect(self) -> QRectF:
                return QRectF(picture.boundingRect())

        plot.addItem(Candles())
        arr = np.array(closes, dtype=np.float64)[:, None]
        x = list(range(len(closes)))
        for n, colour in ((20, "#1565c0"), (50, "#ef6c00")):
            line = ta.ema(arr, n)[:, 0] / 1000
            plot.plot(x, line, pen=pg.mkPen(colour, width=1.5), name=f"EMA{n}")
        self.shown_symbol = symbol
