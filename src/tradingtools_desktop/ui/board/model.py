"""The price board's table model: one row per symbol, updated in place by key.

Contract:
- A row is keyed by its symbol; an update never inserts, removes or rebuilds rows, it
  changes the cells of that row. Rows change only when the user adds, removes or moves a
  symbol (row insert / remove signals, so the other rows' selection and scroll survive).
- ``on_quote`` is cheap (store the quote, mark the key dirty) and may be called thousands of
  times a second. The model renders dirty rows at most ``FLUSH_MS`` apart (~10 Hz): each
  dirty row's cells are formatted once, compared with what is shown, and only the changed
  cells are written (one ``dataChanged`` per changed cell, with all its roles).
- A row whose quote is older than the current session (given an :class:`AgeJudge`, see
  :meth:`set_ages`) reads old: its cells grey and italic, its symbol and last-price cells
  carry the age in words as a tooltip ("prices from 13/11/2025, 1 year old"). A quote of
  the current session turns the row normal in place, at the next flush. Judging is one
  comparison per quote against the session's start; :meth:`refresh_ages` re-judges the
  rows when the clock moves on (a new session makes yesterday's rows old).
- A changed value flashes: its background is tinted (green up, red down, grey otherwise) for
  ``FLASH_MS``, then cleared by the same timer. The timer stops when nothing is pending.
- The cells live in C++ (QStandardItem): painting reads them without calling Python, so
  formatting happens once per change, never while painting, and never with I/O.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from ...domain.market.quotes import Quote
from ...i18n import tr
from ..quote_words import AgeJudge
from ..theme import (
    BOARD_CEILING,
    BOARD_DOWN,
    BOARD_FLOOR,
    BOARD_OLD,
    BOARD_REFERENCE,
    BOARD_UP,
)
from .columns import COLUMNS, INDEX, Kind, Tone, row_cells

FLUSH_MS = 100
FLASH_MS = 600
SLICE_S = 0.008  # the most one flush slice works before letting Qt paint and take input
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value (VND, shares, bps) to sort on
MIME = "application/x-tradingtools-board-rows"

D = Qt.ItemDataRole.DisplayRole
FG = Qt.ItemDataRole.ForegroundRole
BG = Qt.ItemDataRole.BackgroundRole
FONT = Qt.ItemDataRole.FontRole
TIP = Qt.ItemDataRole.ToolTipRole
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
OLD_BRUSH = QBrush(QColor(BOARD_OLD))
OLD_FONT = QFont()
OLD_FONT.setItalic(True)
NCOL = len(COLUMNS)
TIP_COLUMNS = (INDEX["symbol"], INDEX["last"])  # where an old row says its age
_CELL_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemIsDragEnabled)
_ROOT_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemIsDropEnabled)


class _Row:
    """What one row shows, kept to diff against (the cells themselves live in Qt)."""

    __slots__ = ("old", "quote", "symbol", "texts", "tip", "tones", "values")

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.quote: Quote | None = None
        self.values: list[int | str | None] = [symbol] + [None] * (NCOL - 1)
        self.texts: list[str] = [symbol] + [""] * (NCOL - 1)
        self.tones: list[Tone] = [Tone.NONE] * NCOL
        self.old = False  # the quote is older than the current session
        self.tip = ""  # the age in words while old ("" otherwise)


class BoardModel(QStandardItemModel):
    """A table model (QStandardItemModel: the cells are stored in C++, so painting calls no
    Python — a Python ``data()`` costs ~10x the paint time, see benchmarks/board.py) whose
    rows are keyed by symbol and written in place by :meth:`flush`."""

    symbols_changed = Signal(list)  # the user's order after an add / remove / move
    flushed = Signal(object)  # frozenset of the columns that changed in this flush

    def __init__(self, parent: QObject | None = None, *, flush_ms: int = FLUSH_MS,
                 flash_ms: int = FLASH_MS) -> None:
        super().__init__(0, NCOL, parent)
        self._rows: list[_Row] = []
        self._index: dict[str, int] = {}
        self._pending: dict[str, Quote] = {}  # newest quote per dirty key, not yet shown
        self._flash: dict[tuple[str, int], float] = {}  # (symbol, column) -> until
        self._flash_s = flash_ms / 1000
        self._timer = QTimer(self)
        self._timer.setInterval(flush_ms)
        self._timer.timeout.connect(self._tick)
        self._slicing = False
        self._ages: AgeJudge | None = None
        self._cutoff: datetime | None = None  # the current session's start, when judged
        for c, col in enumerate(COLUMNS):
            title = tr(col.title)
            head = QStandardItem(f"{tr(col.group)}\n{title}" if col.group else title)
            head.setToolTip(tr(TOOLTIPS[col.kind]))
            self.setHorizontalHeaderItem(c, head)
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
        if self._ages is not None:
            self._cutoff = self._ages.cutoff()
        self.beginResetModel()
        self.blockSignals(True)
        self.setRowCount(0)
        self._rows, self._index, self._pending, self._flash = [], {}, {}, {}
        for sym in _unique(symbols):
            row = _Row(sym)
            q = (quotes or {}).get(sym)
            if q is not None:
                _render(row, q)
                self._judge(row)
            self._index[sym] = len(self._rows)
            self._rows.append(row)
            self.appendRow(_items(row))
        self.blockSignals(False)
        self.endResetModel()

    def add_symbol(self, symbol: str, quote: Quote | None = None, at: int | None = None
                   ) -> bool:
        sym = symbol.strip().upper()
        if not sym or sym in self._index:
            return False
        pos = len(self._rows) if at is None else max(0, min(at, len(self._rows)))
        row = _Row(sym)
        if quote is not None:
            _render(row, quote)
            if self._ages is not None:
                self._cutoff = self._ages.cutoff()
            self._judge(row)
        self._rows.insert(pos, row)
        self._reindex()
        self.insertRow(pos, _items(row))
        self.symbols_changed.emit(self.symbols())
        return True

    def remove_symbol(self, symbol: str) -> bool:
        sym = symbol.upper()
        pos = self._index.get(sym)
        if pos is None:
            return False
        del self._rows[pos]
        self._pending.pop(sym, None)
        for key in [k for k in self._flash if k[0] == sym]:
            del self._flash[key]
        self._reindex()
        self.removeRow(pos)
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
        row = self._rows.pop(src)
        self._rows.insert(to, row)
        self._reindex()
        items = self.takeRow(src)
        self.insertRow(to, items)
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

    def _tick(self) -> None:
        """The timer's flush, in slices of at most ``SLICE_S`` of work: what is left runs in
        the next turn of the event loop, after the paint and input events queued meanwhile,
        so a burst never stalls the Qt thread for longer than one slice."""
        self._slicing = False
        self.flush(budget_s=SLICE_S)
        if self._pending and not self._slicing:
            self._slicing = True
            QTimer.singleShot(0, self._tick)

    def flush(self, now: float | None = None, budget_s: float | None = None) -> None:
        """Render dirty rows (all of them, or as many as fit in ``budget_s``), write the
        changed cells, end expired flashes."""
        now = time.monotonic() if now is None else now
        started = time.perf_counter()
        self.flushes += 1
        if self._ages is not None and self._pending:  # once per flush, not per quote
            self._cutoff = self._ages.cutoff()
        pending, self._pending = self._pending, {}
        changed: set[int] = set()
        items = iter(pending.items())
        for sym, quote in items:
            i = self._index.get(sym)
            if i is not None:
                self._apply(i, self._rows[i], quote, now, changed)
            if budget_s is not None and time.perf_counter() - started > budget_s:
                for rest, q in items:  # keep the rest for the next slice (newer wins)
                    self._pending.setdefault(rest, q)
                break
        if self._flash:
            expired = [k for k, until in self._flash.items() if until <= now]
            for key in expired:
                del self._flash[key]
                i = self._index.get(key[0])
                if i is not None:
                    self._write(i, key[1], {BG: None})
                if budget_s is not None and time.perf_counter() - started > budget_s:
                    break  # the rest end at the next slice, a few ms late
        if not self._pending and not self._flash:
            self._timer.stop()
        if changed:
            self.flushed.emit(frozenset(changed))

    def _apply(self, i: int, row: _Row, quote: Quote, now: float, changed: set[int]) -> None:
        old_values, old_tones, old_texts = row.values, row.tones, row.texts
        before = row.quote
        flash = self.flashing and before is not None  # the first paint is not a change
        row.quote = quote
        row.values, row.texts, row.tones = row_cells(quote, before,
                                                     (old_values, old_texts, old_tones))
        was_old, old_tip = row.old, row.tip
        self._judge(row)
        restyle = row.old != was_old  # every cell's colour and font change
        tips = set(TIP_COLUMNS) if row.tip != old_tip else set()
        for c in range(NCOL):
            text, tone = row.texts[c], row.tones[c]
            if not restyle and text == old_texts[c] and tone == old_tones[c]:
                continue
            changed.add(c)
            roles: dict[int, object] = {D: text, FG: _fg(row, tone), SORT_ROLE: _sort(row, c)}
            if restyle:
                roles[FONT] = OLD_FONT if row.old else None
            if c in tips:  # the tooltip rides on the cell's one signal
                roles[TIP] = row.tip or None
                tips.discard(c)
            if flash and COLUMNS[c].flashes and text != old_texts[c] and text:
                self._flash[(row.symbol, c)] = now + self._flash_s
                roles[BG] = _flash_brush(old_values[c], row.values[c])
            self._write(i, c, roles)
        for c in tips:
            self._write(i, c, {TIP: row.tip or None})

    # -- how old the prices are ------------------------------------------------------------
    def set_ages(self, ages: AgeJudge | None) -> None:
        """Judge rows against ``ages``' clock and calendar (None: never mark old, the default,
        for a model with no clock) and re-judge every row now."""
        self._ages = ages
        self.refresh_ages()

    def refresh_ages(self) -> None:
        """Re-judge every shown row against the clock now (the session moved on, or the
        ages in words grew): only the rows whose look or tooltip changes are written."""
        self._cutoff = self._ages.cutoff() if self._ages is not None else None
        for i, row in enumerate(self._rows):
            was_old, old_tip = row.old, row.tip
            self._judge(row)
            if row.old != was_old:
                for c in range(NCOL):
                    self._write(i, c, {FG: _fg(row, row.tones[c]),
                                       FONT: OLD_FONT if row.old else None})
            if row.tip != old_tip:
                for c in TIP_COLUMNS:
                    self._write(i, c, {TIP: row.tip or None})

    def is_old(self, symbol: str) -> bool:
        """Whether ``symbol``'s row is shown as old."""
        i = self._index.get(symbol.upper())
        return i is not None and self._rows[i].old

    def _judge(self, row: _Row) -> None:
        """Set ``row.old`` and ``row.tip`` from its quote: one comparison for a current
        quote; the words (and the calendar) only for an old one."""
        q, ages = row.quote, self._ages
        if q is None or ages is None:
            row.old, row.tip = False, ""
            return
        if self._cutoff is None:
            self._cutoff = ages.cutoff()
        row.old = q.at < self._cutoff
        row.tip = ages.words(q)[0] if row.old else ""

    def _write(self, row: int, column: int, roles: dict[int, object]) -> None:
        """One cell, its roles at once: one ``dataChanged`` for that cell."""
        self.setItemData(self.index(row, column), roles)
        self.signals_emitted += 1
        self.cells_signalled += 1

    # -- drag a row to reorder (the view turns drag off while a sort is on) -------------------
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else _ROOT_FLAGS

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


def _fg(row: _Row, tone: Tone) -> QBrush | None:
    return OLD_BRUSH if row.old else TONES[tone]


def _sort(row: _Row, column: int) -> int | str:
    v = row.values[column]
    return MISSING if v is None else v


def _items(row: _Row) -> list[QStandardItem]:
    items = []
    for c in range(NCOL):
        item = QStandardItem(row.texts[c])
        item.setData(LEFT if c == 0 else RIGHT, Qt.ItemDataRole.TextAlignmentRole)
        item.setData(_sort(row, c), SORT_ROLE)
        brush = _fg(row, row.tones[c])
        if brush is not None:
            item.setData(brush, FG)
        if row.old:
            item.setData(OLD_FONT, FONT)
        if row.tip and c in TIP_COLUMNS:
            item.setToolTip(row.tip)
        items.append(item)
    return items


def _render(row: _Row, quote: Quote) -> None:
    row.quote = quote
    row.values, row.texts, row.tones = row_cells(quote)


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
