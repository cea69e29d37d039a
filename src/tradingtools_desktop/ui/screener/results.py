"""Results table (sortable) and the detail pane.

The Last column is the quote the run counted its suggested size at (the quote service's
price, kept with the run) with its age now in words; an old one is grey and italic, its
source and time in the tooltip.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ...i18n import tr
from ..theme import BOARD_DOWN, BOARD_OLD, BOARD_REFERENCE, BOARD_UP

if TYPE_CHECKING:
    from ...domain.market.calendar import TradingCalendar

AGENT_NAMES = {"technical": "technical", "fundamental": "fundamental", "news": "news",
               "risk": "risk", "llm": "AI"}
HEAD = ("Symbol", "Score", "Measured hit rate", "Risk-budget size (shares)", "Value (m VND)",
        "Last", "Agents used")
LAST = HEAD.index("Last")


class NumberItem(QTableWidgetItem):
    """Sorts by the number it shows, not by the text."""

    def __init__(self, text: str, value: float) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, NumberItem):
            return self.value < other.value
        return super().__lt__(other)


class ResultsTable(QTableWidget):
    symbol_selected = Signal(str)

    def __init__(self) -> None:
        super().__init__(0, len(HEAD))
        self.setObjectName("screenerResults")
        self.setHorizontalHeaderLabels([tr(h) for h in HEAD])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        # the arrow is drawn in the header's text ("▼" = largest first), the same on every
        # style (Qt's own indicator points the other way on some of them)
        header.setSortIndicatorShown(False)
        header.sortIndicatorChanged.connect(self._label_headers)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.rows: dict[str, dict[str, Any]] = {}
        self.itemSelectionChanged.connect(self._selected)

    def show_results(self, verdicts: list[dict[str, Any]],
                     measured: dict[str, Any] | None = None,
                     quotes: dict[str, dict[str, Any]] | None = None,
                     now: datetime | None = None,
                     calendar: TradingCalendar | None = None) -> None:
        """``measured``: the run's track-record calibration; the confidence column shows the
        out-of-sample hit rate of similar scores with its observations, or "no history".
        ``quotes``: the run's quotes (metadata ``prices.quotes``), aged at ``now``."""
        from ...services.screener import measured_hit

        self.setSortingEnabled(False)
        self.rows = {v["symbol"]: v for v in verdicts}
        self.setRowCount(len(verdicts))
        for row, v in enumerate(verdicts):
            score = v["score"]
            used = [k for k, a in v["agents"].items() if not a["abstained"]]
            items = [
                QTableWidgetItem(v["symbol"]),
                NumberItem(tr("abstained") if score is None else f"{score:+.2f}",
                           -9.0 if score is None else score),
                _measured_item(measured_hit(score, measured)),
                NumberItem(f"{v['suggested_qty']:,}", v["suggested_qty"]),
                NumberItem(f"{v['suggested_value'] / 1e6:,.1f}", v["suggested_value"]),
                _last_item((quotes or {}).get(v["symbol"]), now, calendar),
                QTableWidgetItem(", ".join(tr(AGENT_NAMES.get(k, k)) for k in used)),
            ]
            colour = (BOARD_REFERENCE if score is None or abs(score) < 0.15
                      else BOARD_UP if score > 0 else BOARD_DOWN)
            items[1].setForeground(QColor(colour))
            for col, item in enumerate(items):
                self.setItem(row, col, item)
        self.setSortingEnabled(True)
        self.sortItems(1, Qt.SortOrder.DescendingOrder)
        self.resizeColumnsToContents()

        header = self.horizontalHeaderItem(3)
        if header is not None:
            header.setToolTip(tr(
                "A clamp on what to risk (1 % of equity at a 2 x ATR stop, board lot, order "
                "and liquidity caps), not a forecast."))

    def _label_headers(self, column: int, order: Qt.SortOrder) -> None:
        for i, head in enumerate(HEAD):
            arrow = ("" if i != column else
                     " ▼" if order is Qt.SortOrder.DescendingOrder else " ▲")
            item = QTableWidgetItem(tr(head) + arrow)
            if i == 3:
                item.setToolTip(tr(
                    "A clamp on what to risk (1 % of equity at a 2 x ATR stop, board lot, "
                    "order and liquidity caps), not a forecast."))
            self.setHorizontalHeaderItem(i, item)

    def current_symbol(self) -> str | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def _selected(self) -> None:
        symbol = self.current_symbol()
        if symbol:
            self.symbol_selected.emit(symbol)


def _measured_item(hit: dict[str, Any] | None) -> NumberItem:
    if hit is None:
        item = NumberItem(tr("no history"), -1.0)
        item.setToolTip(tr("No track record has scores like this one: confidence is not "
                           "measured."))
        return item
    item = NumberItem(tr("{rate:.0%} (n {n:,})").format(rate=hit["hit_rate"], n=hit["n"]),
                      float(hit["hit_rate"]))
    item.setToolTip(tr("Out of {n:,} past scores between {lo:+.1f} and {hi:+.1f} ({start} to "
                       "{end}), {rate:.0%} picked the right side of the median {h}-session "
                       "return.").format(n=hit["n"], lo=hit["lo"], hi=hit["hi"],
                                         start=hit["period"][0], end=hit["period"][1],
                                         rate=hit["hit_rate"], h=hit["horizon"]))
    return item


def _last_item(used: dict[str, Any] | None, now: datetime | None,
               calendar: TradingCalendar | None) -> NumberItem:
    """"99.60 (live)" / "99.60 (prices from 13/11/2025, 1 year old)", grey when old."""
    if not used:
        item = NumberItem("—", -1.0)
        item.setToolTip(tr("This run kept no quote: its sizes are at the daily close."))
        return item
    from ...domain.market.calendar import TradingCalendar, to_vn_time
    from ...domain.money import format_thousands
    from ...i18n.market_notes import SOURCES
    from ...services.screener_prices import age_of

    price = int(used["price_vnd"])
    words, old = age_of(used, now or datetime.now().astimezone(), calendar or TradingCalendar())
    item = NumberItem(f"{format_thousands(price)} ({words})", float(price))
    at = to_vn_time(datetime.fromisoformat(str(used["at"])))
    kind = tr("last match") if used.get("kind") == "last" else tr("reference")
    item.setToolTip(tr("{kind} from {source} at {at} Vietnam time: the price this run's "
                       "size is counted at, kept with the run.").format(
        kind=kind, source=tr(SOURCES.get(str(used.get("source")), str(used.get("source")))),
        at=f"{at:%d/%m/%Y %H:%M:%S}"))
    if old:
        item.setForeground(QColor(BOARD_OLD))
        font = QFont()
        font.setItalic(True)
        item.setFont(font)
    return item
