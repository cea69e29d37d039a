"""The price board's table model: one row per symbol, updated in place by key.

Contract:
- A row is keyed by its symbol; an update never inserts, removes or rebuilds rows, it
  changes the cells of that row. Rows change only when the user adds, removes or moves a
  symbol (begin/end Insert/Remove/MoveRows, so selection and scroll position survive).
- ``on_quote`` is cheap (store the quote, mark the key dirty) and may be called thousands of
  times a second. The model renders dirty rows at most ``FLUSH_MS`` apart (~10 Hz): each
  dirty row's cells are formatted once, compared with what is shown, and ``dataChanged`` is
  emitted for the changed cells only (a run of adjacent changed cells is one signal).
- A changed value flashes: its background is tinted (green up, red down, grey otherwise) for
  ``FLASH_MS``, then cleared by the same timer. The timer stops when nothing is pending.
- ``data`` only reads what ``flush`` prepared (no formatting, no I/O while painting).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from ...domain.market.quotes import Quote
from ...i18n import tr
from ..theme import BOARD_CEILING, BOARD_DOWN, BOARD_FLOOR, BOARD_REFERENCE, BOARD_UP
from .columns import COLUMNS, Kind, Tone, cell_text, cell_tone

FLUSH_MS = 100
FLASH_MS = 600
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value (VND, shares, bps) to sort on
SYMBOL_ROLE = Qt.ItemDataRole.UserRole + 2
MIME = "application/x-tradingtools-board-rows"

D = Qt.ItemDataRole.DisplayRole
FG = Qt.ItemDataRole.ForegroundRole
BG = Qt.ItemDataRole.BackgroundRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# a number column with no value sorts below every value, whichever the direction's meaning
MISSING = -(2**62)

TONES: dict[Tone, QBrush | None] = {
    Tone.NONE: None,
    Tone.CEILING: QBrush(QColor(BOARD_CEILING)),
    Tone.FLOOR: QBrush(QColor(BOARD_FLOOR)),
    Tone.REFERENCE: QBrush(QColor(BOARD_REFERENCE)),
    Tone.UP: QBrush(QColor(BOARD_UP)),
    Tone.DOWN: QBrush(QColor(BOARD_DOWN)),
}
FLASH_UP = QBrush(QColor(22, 163, 74, 110))
FLASH_DOWN = QBrush(QColor(220, 38, 38, 110))
FLASH_SAME = QBrush(QColor(148, 163, 184, 90))
NCOL = len(COLUMNS)
_DISPLAY_ROLES = [D, FG, BG, SORT_ROLE]
_ROOT = QModelIndex()


class _Row:
    """What one row shows: formatted once per flush, read by ``data``."""

    __slots__ = ("quote", "symbol", "texts", "tones", "values")

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.quote: Quote | None = None
        self.values: list[int | str | None] = [symbol] + [None] * (NCOL - 1)
        self.texts: list[str] = [symbol] + [""] * (NCOL - 1)
        self.tones: list[Tone] = [Tone.NONE] * NCOL


class BoardModel(QAbstractTableModel):
    symbols_changed = Signal(list)  # the user's order after an add / remove / move

    def __init__(self, parent: QObject | None = None, *, flush_ms: int = FLUSH_MS,
                 flash_ms: int = FLASH_MS) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._index: dict[str, int] = {}
        self._pending: dict[str, Quote] = {}  # newest quote per dirty key, not yet shown
        self._flash: dict[tuple[str, int], tuple[float, QBrush]] = {}
        self._flash_s = flash_ms / 1000
        self._timer = QTimer(self)
        self._timer.setInterval(flush_ms)
        self._timer.timeout.connect(self.flush)
        # counters (the benchmark and the tests read them)
        self.flushes = 0
        self.cells_signalled = 0
        self.signals_emitted = 0
        self.flashing = True

    # -- rows: the user's actions ------------------------------------------------------------
    def symbols(self) -> list[str]:
        return [r.symbol for r in self._rows]

    def row_of(self, symbol: str) -> int | None:
        return self._index.get(symbol.upper())

    def quote(self, symbol: str) -> Quote | None:
        i = self._index.get(symbol.upper())
        if i is None:
            return None
        return self._pending.get(self._rows[i].symbol) or self._rows[i].quote

    def set_symbols(self, symbols: Iterable[str], quotes: dict[str, Quote] | None = None
                    ) -> None:
        """Show a new list (a watchlist switch): the one place rows are replaced."""
        self.beginResetModel()
        self._rows = []
        self._index = {}
        self._pending = {}
        self._flash = {}
        for sym in _unique(symbols):
            self._index[sym] = len(self._rows)
            row = _Row(sym)
            q = (quotes or {}).get(sym)
            if q is not None:
                _render(row, q)
            self._rows.append(row)
        self.endResetModel()

    def add_symbol(self, symbol: str, quote: Quote | None = None, at: int | None = None
                   ) -> bool:
        sym = symbol.strip().upper()
        if not sym or sym in self._index:
            return False
        pos = len(self._rows) if at is None else max(0, min(at, len(self._rows)))
        self.beginInsertRows(QModelIndex(), pos, pos)
        row = _Row(sym)
        if quote is not None:
            _render(row, quote)
        self._rows.insert(pos, row)
        self._reindex()
        self.endInsertRows()
        self.symbols_changed.emit(self.symbols())
        return True

    def remove_symbol(self, symbol: str) -> bool:
        sym = symbol.upper()
        pos = self._index.get(sym)
        if pos is None:
            return False
        self.beginRemoveRows(QModelIndex(), pos, pos)
        del self._rows[pos]
        self._pending.pop(sym, None)
        for key in [k for k in self._flash if k[0] == sym]:
            del self._flash[key]
        self._reindex()
        self.endRemoveRows()
        self.symbols_changed.emit(self.symbols())
        return True

    def move_symbol(self, symbol: str, to: int) -> bool:
        """Move ``symbol`` so that it ends at row ``to`` (clamped)."""
        src = self._index.get(symbol.upper())
        if src is None:
            return False
        to = max(0, min(to, len(self._rows) - 1))
        if to == src:
            return False
        # Qt's destination is "before which row, counted before the move"
        dest = to + 1 if to > src else to
        if not self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dest):
            return False
        row = self._rows.pop(src)
        self._rows.insert(to, row)
        self._reindex()
        self.endMoveRows()
        self.symbols_changed.emit(self.symbols())
        return True

    def _reindex(self) -> None:
        self._index = {r.symbol: i for i, r in enumerate(self._rows)}

    # -- market updates ------------------------------------------------------------------------
    def on_quote(self, quote: Quote) -> None:
        """A merged quote from the quote service; shown at the next flush (cheap)."""
        sym = quote.symbol
        if sym in self._index:
            self._pending[sym] = quote
            if not self._timer.isActive():
                self._timer.start()

    def flush(self, now: float | None = None) -> None:
        """Render dirty rows, signal the changed cells, end expired flashes."""
        now = time.monotonic() if now is None else now
        self.flushes += 1
        pending, self._pending = self._pending, {}
        for sym, quote in pending.items():
            i = self._index.get(sym)
            if i is not None:
                self._apply(i, self._rows[i], quote, now)
        if self._flash:
            expired = [k for k, (until, _) in self._flash.items() if until <= now]
            for key in expired:
                del self._flash[key]
                i = self._index.get(key[0])
                if i is not None:
                    cell = self.index(i, key[1])
                    self._signal(cell, cell, [BG])
        if not self._pending and not self._flash:
            self._timer.stop()

    def _apply(self, i: int, row: _Row, quote: Quote, now: float) -> None:
        old_values, old_tones, old_texts = row.values, row.tones, row.texts
        flash = self.flashing and row.quote is not None  # the first paint is not a change
        _render(row, quote)
        start = -1
        for c in range(NCOL + 1):
            changed = c < NCOL and (row.texts[c] != old_texts[c] or row.tones[c] != old_tones[c])
            if changed:
                if start < 0:
                    start = c
                if flash and COLUMNS[c].flashes and row.texts[c] != old_texts[c] \
                        and row.texts[c]:
                    self._flash[(row.symbol, c)] = (now + self._flash_s,
                                                    _flash_brush(old_values[c], row.values[c]))
            elif start >= 0:
                self._signal(self.index(i, start), self.index(i, c - 1), _DISPLAY_ROLES)
                start = -1

    def _signal(self, top: QModelIndex, bottom: QModelIndex, roles: list[int]
                ) -> None:
        self.signals_emitted += 1
        self.cells_signalled += bottom.column() - top.column() + 1
        self.dataChanged.emit(top, bottom, roles)

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else NCOL

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        r, c = index.row(), index.column()
        if not 0 <= r < len(self._rows):
            return None
        row = self._rows[r]
        if role == D:
            return row.texts[c]
        if role == FG:
            return TONES[row.tones[c]]
        if role == BG:
            flash = self._flash.get((row.symbol, c))
            return flash[1] if flash is not None else None
        if role == SORT_ROLE:
            v = row.values[c]
            return MISSING if v is None else v
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if c == 0 else RIGHT
        if role == SYMBOL_ROLE:
            return row.symbol
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < NCOL:
            return None
        col = COLUMNS[section]
        if role == D:
            title = tr(col.title)
            return f"{tr(col.group)}\n{title}" if col.group else title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(TOOLTIPS[col.kind])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    # drag a row to reorder (the view turns drag off while a sort is on)
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(MIME, QByteArray(",".join(self._rows[r].symbol for r in rows).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        sym = bytes(data.data(MIME).data()).decode().split(",")[0]
        src = self._index.get(sym)
        if src is not None:  # dropped before row ``target``
            self.move_symbol(sym, target - 1 if target > src else target)
        return False  # we moved the row ourselves: the view must not remove the source


TOOLTIPS = {Kind.SYMBOL: "Ticker",
            Kind.PRICE: "Price in thousands of VND (95.30 = 95,300 VND)",
            Kind.VOLUME: "Shares",
            Kind.CHANGE: "Change against the reference price, thousands of VND",
            Kind.PERCENT: "Change against the reference price, percent"}


def _render(row: _Row, quote: Quote) -> None:
    row.quote = quote
    values: list[int | str | None] = []
    texts: list[str] = []
    tones: list[Tone] = []
    for col in COLUMNS:
        v = col.value(quote)
        values.append(v)
        texts.append(cell_text(col, v))
        tones.append(cell_tone(col, quote))
    row.values, row.texts, row.tones = values, texts, tones


def _flash_brush(old: int | str | None, new: int | str | None) -> QBrush:
    if isinstance(old, int) and isinstance(new, int):
        if new > old:
            return FLASH_UP
        if new < old:
            return FLASH_DOWN
    return FLASH_SAME


def _unique(symbols: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for s in symbols:
        s = s.strip().upper()
        if s:
            seen.setdefault(s, None)
    return list(seen)
