"""The board model: rows keyed by symbol, updated in place, only changed cells signalled,
repaints coalesced, colours by band, flashes that end."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPersistentModelIndex, Qt
from tests.ui.board.market import quote

from tradingtools_desktop.domain.market.quotes import BookLevel
from tradingtools_desktop.ui.board.columns import INDEX
from tradingtools_desktop.ui.board.model import BG, FG, SORT_ROLE, BoardModel
from tradingtools_desktop.ui.theme import (
    BOARD_CEILING,
    BOARD_DOWN,
    BOARD_FLOOR,
    BOARD_REFERENCE,
    BOARD_UP,
)


def _cells(spy: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    return {(r, c) for r0, c0, r1, c1 in spy for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)}


def _model(qtbot, symbols=("FPT", "VCB", "HPG")) -> tuple[BoardModel, list]:
    model = BoardModel()
    model.set_symbols(symbols, {s: quote(s) for s in symbols})
    spy: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: spy.append(
        (a.row(), a.column(), b.row(), b.column())))
    return model, spy


def _text(model: BoardModel, row: int, key: str) -> str:
    return model.index(row, INDEX[key]).data()


def test_an_update_changes_its_row_in_place_and_signals_only_the_changed_cells(qtbot):
    model, spy = _model(qtbot)
    resets: list[int] = []
    for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        sig.connect(lambda *_: resets.append(1))
    kept = QPersistentModelIndex(model.index(1, 0))

    model.on_quote(replace(quote("VCB"), last=99_800, last_volume=300))
    assert spy == []  # nothing before the coalescing flush
    model.flush()

    assert _text(model, 1, "last") == "99.80"
    assert _text(model, 1, "change") == "+0.20" and _text(model, 1, "change_pct") == "+0.20%"
    changed = _cells(spy)
    # symbol (its colour), last price, its volume, change and %: nothing else, no other row
    assert changed == {(1, INDEX[k]) for k in ("symbol", "last", "last_vol", "change",
                                               "change_pct")}
    assert resets == [] and kept.row() == 1 and kept.data() == "VCB"
    assert model.symbols() == ["FPT", "VCB", "HPG"]


def test_many_updates_between_flushes_are_rendered_once(qtbot):
    model, spy = _model(qtbot)
    for n in range(50):
        model.on_quote(replace(quote("FPT"), total_volume=1_000_000 + n * 100))
    model.flush()
    assert _cells(spy) == {(0, INDEX["total_vol"])}
    assert len(spy) == 1 and _text(model, 0, "total_vol") == "1,004,900"


def test_an_unchanged_quote_signals_nothing_and_an_unknown_symbol_is_ignored(qtbot):
    model, spy = _model(qtbot)
    model.on_quote(quote("FPT", seconds=5))  # same values, newer time
    model.on_quote(quote("MWG"))
    model.flush()
    assert spy == [] and model.rowCount() == 3


def test_prices_read_in_thousands_and_book_levels_best_next_to_the_match(qtbot):
    model, _ = _model(qtbot, ("FPT",))
    row = {k: _text(model, 0, k) for k in INDEX}
    assert (row["reference"], row["ceiling"], row["floor"]) == ("99.60", "106.50", "92.70")
    assert (row["bid1"], row["bid1_vol"], row["bid3"]) == ("99.50", "1,200", "99.30")
    assert (row["ask1"], row["ask3_vol"]) == ("99.60", "4,000")
    assert INDEX["bid1"] < INDEX["last"] < INDEX["ask1"]  # Dư mua | Khớp | Dư bán
    assert row["foreign_room"] == "50,000,000"
    assert model.index(0, INDEX["last"]).data(SORT_ROLE) == 99_600


def test_colours_follow_the_band(qtbot):
    model, _ = _model(qtbot, ("AAA", "BBB", "CCC", "DDD", "EEE"))
    for sym, last in (("AAA", 106_500), ("BBB", 92_700), ("CCC", 99_600), ("DDD", 101_000),
                      ("EEE", 98_000)):
        model.on_quote(quote(sym, last=last))
    model.flush()
    colours = [model.index(r, INDEX["last"]).data(FG).color().name() for r in range(5)]
    assert colours == [BOARD_CEILING, BOARD_FLOOR, BOARD_REFERENCE, BOARD_UP, BOARD_DOWN]
    # the symbol takes its last price's colour; TC / Trần / Sàn are always theirs
    assert model.index(0, INDEX["symbol"]).data(FG).color().name() == BOARD_CEILING
    assert model.index(3, INDEX["reference"]).data(FG).color().name() == BOARD_REFERENCE
    assert model.index(3, INDEX["ceiling"]).data(FG).color().name() == BOARD_CEILING
    assert model.index(3, INDEX["floor"]).data(FG).color().name() == BOARD_FLOOR
    # a bid's volume takes that bid's colour
    assert model.index(3, INDEX["bid1_vol"]).data(FG).color().name() == BOARD_DOWN


def test_a_changed_cell_flashes_then_clears(qtbot):
    model, spy = _model(qtbot, ("FPT",))
    cell = model.index(0, INDEX["ask1"])
    assert cell.data(BG) is None
    model.on_quote(quote("FPT", asks=((99_700, 800),)))
    model.flush(now=100.0)
    up = cell.data(BG)
    assert up is not None and up.color().green() > up.color().red()
    spy.clear()
    model.flush(now=100.3)
    assert cell.data(BG) is not None and spy == []  # still flashing
    model.flush(now=101.0)
    assert cell.data(BG) is None
    assert (0, INDEX["ask1"]) in _cells(spy)  # the end of the flash is signalled too
    model.on_quote(quote("FPT", asks=((99_600, 800),)))
    model.flush(now=102.0)
    down = cell.data(BG).color()
    assert down.red() > down.green()


def test_the_coalescing_timer_flushes_by_itself_and_stops_when_idle(qtbot):
    model, _ = _model(qtbot, ("FPT",))
    model.on_quote(quote("FPT", last=100_000))
    qtbot.waitUntil(lambda: _text(model, 0, "last") == "100.00", timeout=2000)
    qtbot.waitUntil(lambda: not model._timer.isActive(), timeout=3000)


def test_add_remove_and_move_keep_row_identity(qtbot):
    model, _ = _model(qtbot)
    hpg = QPersistentModelIndex(model.index(2, 0))
    changes: list[list[str]] = []
    model.symbols_changed.connect(changes.append)

    assert model.add_symbol("mwg", quote("MWG"))
    assert not model.add_symbol("FPT")  # already there
    assert model.symbols() == ["FPT", "VCB", "HPG", "MWG"]
    assert model.move_symbol("MWG", 0)
    assert model.symbols() == ["MWG", "FPT", "VCB", "HPG"] and hpg.row() == 3
    assert model.move_symbol("MWG", 2)
    assert model.symbols() == ["FPT", "VCB", "MWG", "HPG"]
    assert model.remove_symbol("VCB") and not model.remove_symbol("VCB")
    assert model.symbols() == ["FPT", "MWG", "HPG"] and hpg.data() == "HPG"
    assert changes[-1] == ["FPT", "MWG", "HPG"] and len(changes) == 4
    # an update after the moves lands on the right row
    model.on_quote(quote("HPG", last=101_000))
    model.flush()
    assert _text(model, 2, "last") == "101.00" and _text(model, 0, "last") == "99.60"


def test_drag_and_drop_moves_a_row(qtbot):
    model, _ = _model(qtbot)
    data = model.mimeData([model.index(2, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1))
    assert model.symbols() == ["HPG", "FPT", "VCB"]
    data = model.mimeData([model.index(0, 3)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, model.index(-1, -1))
    assert model.symbols() == ["FPT", "VCB", "HPG"]


def test_a_quote_without_a_book_leaves_the_levels_blank(qtbot):
    model = BoardModel()
    q = replace(quote("FPT"), bids=None, asks=(BookLevel(99_700, 10),))
    model.set_symbols(["FPT"], {"FPT": q})
    assert _text(model, 0, "bid1") == "" and _text(model, 0, "ask1") == "99.70"
    assert _text(model, 0, "ask2") == ""
