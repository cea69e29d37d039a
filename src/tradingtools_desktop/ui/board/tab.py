"""The "Price board" tab (Bảng giá): the index strip, a list picker, the board, a chart.

Reads the market only from the :class:`QuoteService` it is attached to (listening, never
polling), and the lists from :class:`WatchlistService` (DB thread). With no live feed the
quote service is filled from the cache's newest daily bars and the tab says so: those are
old prices, labelled with their day; any row whose quote is older than the current
session reads old (grey, italic, its age as a tooltip) until a quote of today arrives; so
does an index value in the strip, and the chart says when its newest bar is of an old day.
The user's lists are edited here (add, remove, move, drag) and saved a moment after the
last change; built-in lists (VN30, HNX30, an exchange, an industry) are read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.market.calendar import to_vn_time
from ...domain.market.quotes import FeedState, IndexQuote, Quote
from ...i18n import tr
from ...services.market.quote_service import FeedStatus, QuoteEvent, QuoteService
from ...services.watchlists import (
    DEFAULT_LIST,
    ListKind,
    Watchlist,
    WatchlistError,
    WatchlistService,
)
from ..async_tools import spawn
from ..quote_words import AgeJudge
from .chart_pane import BoardChart
from .index_strip import IndexStrip
from .model import BoardModel
from .view import BoardView

if TYPE_CHECKING:  # annotations only: the window shows before the services load
    from ...services.runtime import AppServices

SAVE_DELAY_MS = 400
AGES_MS = 60_000  # how often old rows' ages (and a new session) are re-judged
LIST_SETTING = "board.list"


def list_label(wl: Watchlist) -> str:
    match wl.kind:
        case ListKind.USER:
            return tr("My watchlist") if wl.name == DEFAULT_LIST else wl.name
        case ListKind.INDUSTRY:
            return tr("Industry: {name}").format(name=tr(wl.name))
        case ListKind.EXCHANGE:
            return tr("Exchange: {name}").format(name=wl.name)
    return wl.name


def feed_text(status: FeedStatus) -> str:
    """One plain sentence on where the board's prices come from now."""
    match status.state:
        case FeedState.LIVE:
            return tr("Live prices.")
        case FeedState.POLLING:
            return tr("Prices polled every few seconds (no live stream).")
        case FeedState.CONNECTING:
            return tr("Connecting to the price feed…")
        case FeedState.REPLAY:
            return tr("Replaying a past session.")
    if status.since is not None:
        return tr("Old prices: the newest daily bars, of {day}. Not live.").format(
            day=to_vn_time(status.since).strftime("%d/%m/%Y"))
    return tr("No prices yet.")


class BoardTab(QWidget):
    order_requested = Signal(str, object, object)  # symbol, Side, price VND or None
    symbol_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardTab")
        self.services: AppServices | None = None
        self.quotes: QuoteService | None = None
        self.watchlists: WatchlistService | None = None
        self.current: Watchlist | None = None
        self._lists: list[Watchlist] = []
        self._known: set[str] = set()
        self._stop_listening: Callable[[], None] | None = None

        self.strip = IndexStrip()
        self.model = BoardModel(self)
        self.view = BoardView(self.model)
        self.picker = QComboBox()
        self.picker.setObjectName("boardListPicker")
        self.picker.setMinimumWidth(200)
        self.entry = QLineEdit()
        self.entry.setObjectName("boardAddSymbol")
        self.entry.setPlaceholderText(tr("Add a symbol, e.g. FPT"))
        self.entry.setMaximumWidth(160)
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.entry.setCompleter(self._completer)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.setObjectName("boardAdd")
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setObjectName("boardRemove")
        self.up_button = QPushButton(tr("Move up"))
        self.up_button.setObjectName("boardUp")
        self.down_button = QPushButton(tr("Move down"))
        self.down_button.setObjectName("boardDown")
        self.new_list_button = QPushButton(tr("New list…"))
        self.new_list_button.setObjectName("boardNewList")
        self.source = QLabel(tr("No prices yet."))
        self.source.setObjectName("boardSource")
        self.message = QLabel("")
        self.message.setObjectName("boardMessage")
        self.message.setWordWrap(True)
        self.empty = QLabel(tr("This list is empty: type a symbol above and press Add, "
                               "or pick another list."))
        self.empty.setObjectName("boardEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("List")))
        for w in (self.picker, self.entry, self.add_button, self.remove_button, self.up_button,
                  self.down_button, self.new_list_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.source)
        board_box = QWidget()
        bl = QVBoxLayout(board_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.empty)
        bl.addWidget(self.view, 1)
        self.chart = BoardChart()
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(board_box)
        self.split.addWidget(self.chart)
        self.split.setSizes([520, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(self.strip)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._save)
        self._ages_timer = QTimer(self)
        self._ages_timer.setInterval(AGES_MS)
        self._ages_timer.timeout.connect(self.refresh_ages)
        self.picker.activated.connect(self._picked)
        self.add_button.clicked.connect(self._add_typed)
        self.entry.returnPressed.connect(self._add_typed)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.new_list_button.clicked.connect(self._ask_new_list)
        self.model.symbols_changed.connect(lambda _s: self._save_timer.start())
        self.model.modelReset.connect(self._show_empty)
        self.model.rowsInserted.connect(self._show_empty)
        self.model.rowsRemoved.connect(self._show_empty)
        self.view.order_requested.connect(self.order_requested)
        self.view.symbol_selected.connect(self.symbol_selected)
        self.view.symbol_selected.connect(self.chart.show_symbol)
        self.strip.index_clicked.connect(self.chart.show_index)
        self._editable(False)

    # -- wiring ----------------------------------------------------------------------------------
    def attach(self, services: AppServices, quotes: QuoteService) -> None:
        """Show ``quotes`` and the profile's lists. With an empty quote service (no feed yet)
        it is filled from the newest bars first, labelled old."""
        self.detach()
        self.services = services
        self.quotes = quotes
        self.watchlists = WatchlistService(services.db)
        self._stop_listening = quotes.listen(self._on_market)
        ages = AgeJudge(services.clock.now, services.risk.calendar)
        self.chart.attach(services, quotes, ages)
        self.model.set_ages(ages)
        self.strip.set_ages(ages)
        self._ages_timer.start()
        self.source.setText(feed_text(quotes.feed_status))
        spawn(self._load(services, quotes), self._error)

    def refresh_ages(self) -> None:
        """Re-judge every shown price's age (rows, index strip, chart) against the clock."""
        self.model.refresh_ages()
        self.strip.refresh_ages()
        self.chart.refresh_age()

    def detach(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        self.chart.detach()
        self._ages_timer.stop()
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save()
        self.services = None

    async def _load(self, services: AppServices, quotes: QuoteService) -> None:
        if not quotes.quotes():
            from ...services.market.bar_quotes import seed_quote_service

            await seed_quote_service(quotes, services.db)
        for index_id in ("VNINDEX", "VN30", "HNXINDEX", "UPCOMINDEX", "HNXUPCOMINDEX"):
            iq = quotes.index(index_id)
            if iq is not None:
                self.strip.on_index(iq)
        symbols = await services.market.symbols()
        self._known = set(symbols)
        self._completer.model().setStringList(symbols)  # type: ignore[attr-defined]
        saved = await services.app_state.get(LIST_SETTING)
        await self.reload_lists(Watchlist.parse(saved or "") or
                                Watchlist(ListKind.BASKET, "VN30"))

    def _on_market(self, kind: str, payload: object) -> None:
        if kind == QuoteEvent.QUOTE and isinstance(payload, Quote):
            self.model.on_quote(payload)
        elif kind == QuoteEvent.INDEX and isinstance(payload, IndexQuote):
            self.strip.on_index(payload)
        elif kind == QuoteEvent.FEED and isinstance(payload, FeedStatus):
            self.source.setText(feed_text(payload))

    # -- lists -------------------------------------------------------------------------------------
    async def reload_lists(self, select: Watchlist | None = None) -> None:
        if self.watchlists is None:
            return
        self._lists = await self.watchlists.lists()
        self.picker.clear()
        for wl in self._lists:
            self.picker.addItem(list_label(wl), wl.id)
        target = select or self.current or self._lists[0]
        if target not in self._lists:
            target = self._lists[0]
        self.picker.setCurrentIndex(self._lists.index(target))
        await self.show_list(target)

    def _picked(self, index: int) -> None:
        if 0 <= index < len(self._lists):
            wl = self._lists[index]
            spawn(self.show_list(wl), self._error)
            if self.services is not None:
                spawn(self.services.app_state.set(LIST_SETTING, wl.id, reason="board list",
                                                  source="ui"), self._error)

    async def show_list(self, wl: Watchlist) -> None:
        if self.watchlists is None:
            return
        if self._save_timer.isActive():  # the previous list's edits first
            self._save_timer.stop()
            await self._save_now()
        members = await self.watchlists.members(wl)
        self.current = wl
        quotes = self.quotes.quotes(members) if self.quotes is not None else {}
        self.view.sort_by(-1)
        self.model.set_symbols(members, quotes)
        self._editable(wl.editable)
        self.message.setText(tr("HNX30 members are not in the bundled listing: add them "
                                "with `tradingtools universe add HNX30 SYMBOLS`.")
                             if wl == Watchlist(ListKind.BASKET, "HNX30") and not members
                             else "")
        self._show_empty()

    def _editable(self, on: bool) -> None:
        why = "" if on else tr("Built-in lists cannot be edited: pick one of your lists.")
        for w in (self.entry, self.add_button, self.remove_button, self.up_button,
                  self.down_button):
            w.setEnabled(on)
            w.setToolTip(why)

    def _show_empty(self, *_: object) -> None:
        self.empty.setVisible(self.model.rowCount() == 0)

    # -- the user's edits ----------------------------------------------------------------------
    def add_symbol(self, symbol: str) -> bool:
        sym = symbol.strip().upper()
        if not sym or self.current is None or not self.current.editable:
            return False
        if self._known and sym not in self._known:
            self.message.setText(tr("{symbol} is not in the listing.").format(symbol=sym))
            return False
        quote = self.quotes.quote(sym) if self.quotes is not None else None
        if not self.model.add_symbol(sym, quote):
            self.message.setText(tr("{symbol} is already on this list.").format(symbol=sym))
            return False
        self.message.setText("")
        self.view.select_symbol(sym)
        return True

    def _add_typed(self) -> None:
        if self.add_symbol(self.entry.text()):
            self.entry.clear()

    def remove_current(self) -> None:
        symbol = self.view.current_symbol()
        if symbol and self.current is not None and self.current.editable:
            self.model.remove_symbol(symbol)

    def move_current(self, step: int) -> None:
        symbol = self.view.current_symbol()
        if not symbol or self.current is None or not self.current.editable:
            return
        if self.view.sorted_column >= 0:
            self.view.sort_by(-1)  # moving means the user's order
        row = self.model.row_of(symbol)
        if row is not None and self.model.move_symbol(symbol, row + step):
            self.view.select_symbol(symbol)

    def _ask_new_list(self) -> None:
        name, ok = QInputDialog.getText(self, tr("New list"), tr("Name of the new list"))
        if ok and name.strip():
            spawn(self.new_list(name), self._error)

    async def new_list(self, name: str) -> None:
        if self.watchlists is None:
            return
        key = name.strip().upper()
        try:
            await self.watchlists.save(key, [], datetime.now(UTC))
        except WatchlistError as exc:
            self.message.setText(tr(str(exc)))
            return
        await self.reload_lists(Watchlist(ListKind.USER, key))

    def _save(self) -> None:
        spawn(self._save_now(), self._error)

    async def _save_now(self) -> None:
        wl, svc = self.current, self.watchlists
        if wl is None or svc is None or not wl.editable:
            return
        await svc.save(wl.name, self.model.symbols(), datetime.now(UTC))

    def _error(self, exc: BaseException) -> None:
        self.message.setText(tr("Could not complete: {why}").format(
            why=str(exc) or type(exc).__name__))
