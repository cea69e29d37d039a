"""A candlestick chart with a date / time axis and a volume pane (pyqtgraph on first use).

The x axis is time (seconds since the epoch, shown in Vietnam time whatever the machine's
zone), never a bar index: daily bars sit on their day, intraday bars on their minute.
Prices are drawn in the unit a person reads (thousands of VND for stocks, points for an
index); the caller converts. With nothing to draw the chart shows a sentence saying what to
do instead of empty axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from ...domain.market.calendar import VN_TZ
from ...i18n import tr
from ..theme import BOARD_DOWN, BOARD_UP

VN_UTC_OFFSET = -7 * 3600  # pyqtgraph counts seconds *west* of UTC
DAY = 86_400


@dataclass(frozen=True)
class Series:
    """What one chart draws: bars on a time axis, in display units."""

    title: str
    times: Sequence[float]  # bar start, epoch seconds
    open: Sequence[float]
    high: Sequence[float]
    low: Sequence[float]
    close: Sequence[float]
    volume: Sequence[float]
    width_s: float  # a bar's span in seconds (86,400 daily; 60 or 300 intraday)
    overlays: dict[str, tuple[str, Sequence[float]]] = field(default_factory=dict)


def time_label(ts: float, spacing: float) -> str:
    """A tick's label in numbers only (dd/mm as VN writes dates), so it reads the same in
    both languages: years, months (mm/yyyy), days (dd/mm), minutes (HH:MM)."""
    at = datetime.fromtimestamp(ts, VN_TZ)
    if spacing >= 360 * DAY:
        return at.strftime("%Y")
    if spacing >= 28 * DAY:
        return at.strftime("%m/%Y")
    if spacing >= DAY:
        return at.strftime("%d/%m")
    return at.strftime("%H:%M")


def volume_label(v: float) -> str:
    if abs(v) >= 1e6:
        return f"{v / 1e6:g} " + tr("M")
    if abs(v) >= 1e3:
        return f"{v / 1e3:g} " + tr("K")
    return f"{v:g}"


def _axes(pg: Any) -> tuple[Any, Any]:
    class VnDateAxis(pg.DateAxisItem):  # type: ignore[misc]
        def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
            return [time_label(v, spacing) for v in values]

    class VolumeAxis(pg.AxisItem):  # type: ignore[misc]
        def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
            return [volume_label(v * scale) for v in values]

    return (lambda: VnDateAxis(utcOffset=VN_UTC_OFFSET),
            lambda: VolumeAxis(orientation="left"))


class PriceChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceChart")
        self._stack = QStackedLayout(self)
        self.empty = QLabel("")
        self.empty.setObjectName("chartEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self._stack.addWidget(self.empty)
        self._plots: Any = None
        self.shown: Series | None = None

    def show_empty(self, text: str) -> None:
        self.shown = None
        self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def _ensure(self) -> Any:
        if self._plots is None:
            import pyqtgraph as pg

            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            win = pg.GraphicsLayoutWidget()
            win.setObjectName("chartCanvas")
            dates, volumes = _axes(pg)
            price = win.addPlot(row=0, col=0, axisItems={"bottom": dates()})
            volume = win.addPlot(row=1, col=0, axisItems={"bottom": dates(),
                                                          "left": volumes()})
            volume.setXLink(price)
            win.ci.layout.setRowStretchFactor(0, 3)
            win.ci.layout.setRowStretchFactor(1, 1)
            for p in (price, volume):
                p.showGrid(x=True, y=True, alpha=0.2)
            price.addLegend(offset=(10, 10))
            self._stack.addWidget(win)
            self._plots = (win, price, volume)
        return self._plots

    def show_series(self, s: Series) -> None:
        if not s.times:
            self.show_empty(s.title)
            return
        import pyqtgraph as pg
        from PySide6.QtCore import QPointF, QRectF
        from PySide6.QtGui import QPainter, QPicture

        win, price, volume = self._ensure()
        price.clear()
        volume.clear()
        price.setTitle(s.title)
        half = s.width_s * 0.35
        picture = QPicture()
        painter = QPainter(picture)
        up, down = pg.mkColor(BOARD_UP), pg.mkColor(BOARD_DOWN)
        for t, o, h, lo, c in zip(s.times, s.open, s.high, s.low, s.close, strict=True):
            colour = up if c >= o else down
            painter.setPen(pg.mkPen(colour))
            painter.drawLine(QPointF(t, lo), QPointF(t, h))
            painter.setBrush(pg.mkBrush(colour))
            painter.drawRect(QRectF(t - half, o, 2 * half, (c - o) or (h - lo) * 0.002 or 1e-6))
        painter.end()

        class Candles(pg.GraphicsObject):  # type: ignore[misc]
            def paint(self, p: QPainter, *_: object) -> None:
                p.drawPicture(0, 0, picture)

            def boundingRect(self) -> QRectF:
                return QRectF(picture.boundingRect())

        price.addItem(Candles())
        for name, (colour, values) in s.overlays.items():
            price.plot(list(s.times), list(values), pen=pg.mkPen(colour, width=1.5), name=name)
        brushes = [pg.mkBrush(BOARD_UP if c >= o else BOARD_DOWN)
                   for o, c in zip(s.open, s.close, strict=True)]
        volume.addItem(pg.BarGraphItem(x=list(s.times), height=list(s.volume),
                                       width=s.width_s * 0.7, brushes=brushes, pen=None))
        price.enableAutoRange()
        volume.enableAutoRange()
        self._stack.setCurrentWidget(win)
        self.shown = s
