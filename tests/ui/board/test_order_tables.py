"""The order tables are keyed models: an order event changes its row in place."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QPersistentModelIndex
from tests.ui.board.market import T0

from tradingtools_desktop.domain.market.exchange import Exchange
from tradingtools_desktop.domain.orders import (
    Order,
    OrderRequest,
    OrderStatus,
    OrderType,
    Side,
)
from tradingtools_desktop.services.events import OrderUpdated
from tradingtools_desktop.ui.orders.tables import ORDER_COLUMNS, OrderTableModel
from tradingtools_desktop.ui.tabs.orders_tab import OrdersTab

COL = {name: i for i, (name, _) in enumerate(ORDER_COLUMNS)}


def _order(n: int, status: OrderStatus = OrderStatus.NEW, **more) -> Order:
    req = OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO, 100, 99_600, f"k{n}")
    at = T0 + timedelta(minutes=n)
    return replace(Order(f"id{n}", req, status, at, at), **more)


def test_an_order_change_rewrites_its_row_in_place(qtbot):
    model = OrderTableModel(newest_first=True)
    model.show_orders([_order(2), _order(1)])
    kept = QPersistentModelIndex(model.index(1, 0))
    cells: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: cells.extend(
        (r, c) for r in range(a.row(), b.row() + 1) for c in range(a.column(), b.column() + 1)))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    assert not model.upsert(_order(1, OrderStatus.PARTIALLY_FILLED, filled_qty=50,
                                   filled_value=50 * 99_600))
    assert {c for _, c in cells} >= {COL["Filled"], COL["Avg"], COL["Status"]}
    assert {r for r, _ in cells} == {1} and COL["Symbol"] not in {c for _, c in cells}
    assert model.item(1, COL["Filled"]).text() == "50"
    assert kept.row() == 1 and resets == []
    # a new order goes on top of a newest-first table
    assert model.upsert(_order(3))
    assert [o.id for o in model.orders] == ["id3", "id2", "id1"] and kept.row() == 2
    # a load keeps rows by id and drops the missing
    model.show_orders([_order(3), _order(1)])
    assert [o.id for o in model.orders] == ["id3", "id1"] and kept.row() == 1 and resets == []


def test_orders_tab_moves_a_finished_order_from_open_to_history(qtbot):
    tab = OrdersTab()
    qtbot.addWidget(tab)
    tab.on_order_updated(OrderUpdated(_order(1)))
    assert tab.open_table.rowCount() == 1 and tab.history_table.rowCount() == 1
    tab.on_order_updated(OrderUpdated(_order(1, OrderStatus.FILLED, filled_qty=100,
                                             filled_value=100 * 99_600)))
    assert tab.open_table.rowCount() == 0
    assert [o.status for o in tab.history_table.orders] == [OrderStatus.FILLED]
