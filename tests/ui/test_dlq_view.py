"""The dead-letter view in the Orders tab (pytest-qt, offscreen), on entries made by the real
OMS path (a dry-run placement whose broker call failed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.cli.test_cli_dlq import WED_10AM, seed_dlq

from tradingtools_desktop.domain.dlq import DlqState
from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.events import Alert
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.orders.dlq_view import STATE_COLOURS
from tradingtools_desktop.ui.tabs.orders_tab import OrdersTab


def _open(qtbot, arun, tt_home, name):
    tab = OrdersTab()
    qtbot.addWidget(tab)
    services = arun(AppServices.open(profile_paths(name, tt_home), clock=ManualClock(WED_10AM)))
    tab.attach(services)
    tab.right.setCurrentWidget(tab.dlq_view)
    tab.show()
    return tab, services


def _title(tab: OrdersTab) -> str:
    return tab.right.tabText(tab.right.indexOf(tab.dlq_view))


def _row_of(view, order_id: str) -> int:
    return next(i for i, e in enumerate(view.entries) if e.order_id == order_id)


def test_entries_show_and_replay_goes_through_the_service(qtbot, arun, tt_home):
    tab, services = _open(qtbot, arun, tt_home, "dlq1")
    view = tab.dlq_view
    assert _title(tab) == "Dead letters"
    # the entries appear on the OMS's own events: no Refresh click needed
    retrying, failed = arun(seed_dlq(services))
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: _title(tab) == "Dead letters (2)", timeout=5000)
    states = {view.table.item(r, 1).text(): view.table.item(r, 1).foreground().color().name()
              for r in range(2)}
    assert states == {"RETRYING": STATE_COLOURS[DlqState.RETRYING],
                      "PERMANENT_FAILURE": STATE_COLOURS[DlqState.PERMANENT_FAILURE]}
    assert not view.replay_button.isEnabled()  # nothing selected yet

    view.table.selectRow(_row_of(view, retrying))
    qtbot.waitUntil(lambda: "Audit trail" in view.detail.toPlainText(), timeout=5000)
    detail = view.detail.toPlainText()
    assert "OutcomeUnknown: connection dropped" in detail and "BUY 100 FPT @ 95.00" in detail
    assert view.replay_button.isEnabled()
    qtbot.mouseClick(view.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "RESOLVED" in view.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=5000)
    assert _title(tab) == "Dead letters (1)"
    order = arun(services.orders.status(retrying))
    assert order.status is OrderStatus.SUBMITTED  # the broker had none: sent once, accepted

    # "All entries" shows the resolved one too, greyed
    view.filter.setCurrentIndex(view.filter.findData("all"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    row = _row_of(view, retrying)
    assert view.table.item(row, 1).text() == "RESOLVED"
    assert view.table.item(row, 1).foreground().color().name() == STATE_COLOURS[
        DlqState.RESOLVED]
    view.table.selectRow(row)
    assert not view.replay_button.isEnabled() and not view.resolve_button.isEnabled()
    assert failed in {e.order_id for e in view.entries}
    tab.detach()
    arun(services.stop())


def test_resolve_asks_for_a_note_and_refuses_an_empty_one(qtbot, arun, tt_home):
    tab, services = _open(qtbot, arun, tt_home, "dlq2")
    view = tab.dlq_view
    _, failed = arun(seed_dlq(services))
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    view.table.selectRow(_row_of(view, failed))
    entry = view.current_entry()
    assert entry is not None and entry.order_id == failed

    # an empty note is refused before the service is called
    view.resolve_with_note(entry.id, "   ")
    assert "note is required" in view.message.text()
    assert arun(services.dlq.get(entry.id)).state is DlqState.PERMANENT_FAILURE

    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    dialog = view.resolve_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.note, "  ")
    assert not dialog.ok.isEnabled()  # blanks are no note
    qtbot.keyClicks(dialog.note, "not in the SSI order book")
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "MANUALLY_RESOLVED" in view.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=5000)
    after = arun(services.dlq.get(entry.id))
    assert after.state is DlqState.MANUALLY_RESOLVED
    assert after.resolution == "not in the SSI order book"
    assert _title(tab) == "Dead letters (1)"
    tab.detach()
    arun(services.stop())


def test_refresh_button_and_alerts_reload_the_table(qtbot, arun, tt_home):
    tab, services = _open(qtbot, arun, tt_home, "dlq3")
    view = tab.dlq_view
    view.detach()  # no bus events: only Refresh can bring the entries in
    retrying, _ = arun(seed_dlq(services))
    assert view.table.rowCount() == 0
    view.attach(services)  # attaching loads them too
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    entry = view.entries[_row_of(view, retrying)]
    # a change that publishes no order event shows after Refresh...
    arun(services.dlq.repo.set_state(entry.id, DlqState.RESOLVED, WED_10AM, "seen"))
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=5000)
    # ... and after an alert (the worker's permanent failure announces itself with one)
    arun(services.dlq.repo.set_state(entry.id, DlqState.RETRYING, WED_10AM, ""))
    services.bus.publish(Alert("critical", "Dead-letter queue", "test", WED_10AM))
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    tab.detach()
    arun(services.stop())
