"""The chart under the board: the selected symbol daily (with volume), or 1- / 5-minute
bars built from the feed's trades, or an index's daily bars (click it in the strip). A
daily chart during a session ends with today's bar forming from the live quote (redrawn at
most once a second as quotes of its symbol arrive), so it is as current as the ticket.

Daily bars come from the cache (the DB thread), index days from the bundled file (read once
in an executor), intraday bars from the quote service's trades in memory; an intraday chart
redraws at most once a second while trades of its symbol arrive. pyqtgraph loads on the
first chart drawn.

Given an :class:`AgeJudge`, a chart whose newest bar is older than the current session says
so above it, grey and italic: "FPT — prices from 13/11/2025, 1 year old" (the tooltip says
it is not today's session); :meth:`BoardChart.refresh_age` re-judges as the clock moves on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.market.calendar import VN_TZ
from ...domain.market.intraday import bars_from_trades
from ...domain.market.quotes import Quote, Trade
from ...i18n import tr
from ...market.bundled_indices import IndexDay, read_index_days
from ...services.market.quote_service import QuoteEvent, QuoteService
from ..async_tools import spawn
from ..charts.price_chart import PriceChart
from ..charts.series import daily_series, index_series, intraday_series, live_day
from ..quote_words import AgeJudge
from ..theme import BOARD_OLD
from .index_strip import NAMES

if TYPE_CHECKING:
    from ...services.runtime import AppServices
    from ...store.market_repo import BarRow

DAILY, ONE, FIVE = "daily", "1m", "5m"
DAILY_BARS = 250
REDRAW_MS = 1000
CLOSE = time(15, 0)  # a daily bar's data is of its day's close


class BoardChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardChart")
        self.services: AppServices | None = None
        self.quotes: QuoteService | None = None
        self._stop: Callable[[], None] | None = None
        self._index_days: dict[str, list[IndexDay]] | None = None
        self.symbol = ""
        self.index_id = ""
        self.mode = DAILY
        self.ages: AgeJudge | None = None
        self.old = False  # the chart's newest bar is older than the current session
        self._name = ""  # what the caption names (symbol or index)
        self._newest: datetime | None = None  # the instant of the chart's newest data
        self._daily_rows: list[BarRow] = []  # the shown daily chart's stored bars
        self.chart = PriceChart()
        self.caption = QLabel(tr("Pick a row of the board, or an index above, to chart it."))
        self.caption.setObjectName("chartCaption")
        self.buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        bar = QHBoxLayout()
        bar.addWidget(self.caption, 1)
        for mode, text in ((DAILY, tr("Daily")), (ONE, tr("1 min")), (FIVE, tr("5 min"))):
            button = QPushButton(text)
            button.setObjectName(f"chart_{mode}")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            group.addButton(button)
            bar.addWidget(button)
            self.buttons[mode] = button
        self.buttons[DAILY].setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.chart, 1)
        self.chart.show_empty(tr("Pick a row of the board, or an index above, to chart it."))
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._on_redraw)

    def attach(self, services: AppServices, quotes: QuoteService,
               ages: AgeJudge | None = None) -> None:
        """Chart from ``services``' cache and ``quotes``' trades; with ``ages`` (the app's
        clock and calendar) an old chart says so."""
        self.detach()
        self.services, self.quotes, self.ages = services, quotes, ages
        self._stop = quotes.listen(self._on_market)

    def detach(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None
        self.services = None

    # -- what to chart ---------------------------------------------------------------------------
    def show_symbol(self, symbol: str) -> None:
        self.symbol, self.index_id = symbol.upper(), ""
        self._draw()

    def show_index(self, index_id: str) -> None:
        self.index_id, self.symbol = index_id, ""
        self.set_mode(DAILY)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.buttons[mode].setChecked(True)
        self._draw()

    def _draw(self) -> None:
        if self.index_id:
            spawn(self._draw_index(self.index_id), self._error)
        elif not self.symbol:
            return
        elif self.mode == DAILY:
            spawn(self._draw_daily(self.symbol), self._error)
        else:
            self._draw_intraday()

    async def _draw_daily(self, symbol: str) -> None:
        if self.services is None:
            return
        rows = await self.services.market.bars(symbol, DAILY_BARS)
        if symbol == self.symbol and self.mode == DAILY:  # still what the user wants
            self._daily_rows = rows
            self._show_daily()

    def _show_daily(self) -> None:
        """The stored bars, and today's forming from the live quote when there is one."""
        rows, symbol = self._daily_rows, self.symbol
        quote = self.quotes.quote(symbol) if self.quotes is not None else None
        forming = live_day(rows, quote, self.ages.cutoff() if self.ages is not None else None)
        if forming is not None and quote is not None:
            self._label(symbol, quote.at)
        else:
            self._label(symbol, datetime.combine(rows[-1].day, CLOSE, tzinfo=VN_TZ)
                        if rows else None)
        self.chart.show_series(daily_series(symbol, rows, forming=forming))

    async def _draw_index(self, index_id: str) -> None:
        if self._index_days is None:
            self._index_days = await asyncio.to_thread(read_index_days)
        if index_id == self.index_id:
            name = NAMES.get(index_id, index_id)
            days = self._index_days.get(index_id, [])
            self._label(name, datetime.combine(days[-1].day, CLOSE, tzinfo=VN_TZ)
                        if days else None)
            self.chart.show_series(index_series(name, days))

    def _draw_intraday(self) -> None:
        if not self.symbol or self.mode == DAILY:
            return
        minutes = 1 if self.mode == ONE else 5
        trades = self.quotes.trades(self.symbol) if self.quotes is not None else []
        self._label(self.symbol, max((t.at for t in trades), default=None))
        self.chart.show_series(intraday_series(self.symbol, bars_from_trades(trades, minutes),
                                               minutes))

    # -- how old the chart is ------------------------------------------------------------
    def _label(self, name: str, newest: datetime | None) -> None:
        """The caption: the name, and the data's age when it is older than the session."""
        self._name, self._newest = name, newest
        self.refresh_age()

    def refresh_age(self) -> None:
        """Re-judge the shown chart's age against the clock now."""
        words, old = (self.ages.words_at(self._newest)
                      if self.ages is not None and self._newest is not None else ("", False))
        self.old = old
        if old:
            self.caption.setText(tr("{name} — {age}").format(name=self._name, age=words))
            self.caption.setStyleSheet(f"color: {BOARD_OLD}; font-style: italic;")
            self.caption.setToolTip(tr("These prices are not today's session: the newest "
                                       "bar is of {day}.").format(
                day=self._newest.astimezone(VN_TZ).strftime("%d/%m/%Y")
                if self._newest is not None else ""))
        else:
            self.caption.setText(self._name)
            self.caption.setStyleSheet("")
            self.caption.setToolTip("")

    def _on_market(self, kind: str, payload: object) -> None:
        if self._redraw.isActive() or self.index_id or not self.symbol:
            return
        trade = kind == QuoteEvent.TRADE and isinstance(payload, Trade) and self.mode != DAILY
        quote = kind == QuoteEvent.QUOTE and isinstance(payload, Quote) \
            and self.mode == DAILY and bool(self._daily_rows)
        if (trade or quote) and getattr(payload, "symbol", "").upper() == self.symbol:
            self._redraw.start()

    def _on_redraw(self) -> None:
        if self.index_id or not self.symbol:
            return
        if self.mode == DAILY:
            if self._daily_rows and self._daily_rows[-1].symbol == self.symbol:
                self._show_daily()
        else:
            self._draw_intraday()

    def _error(self, exc: BaseException) -> None:
        self.chart.show_empty(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
