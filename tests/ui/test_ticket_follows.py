"""The ticket's pre-check follows the market and the account, not only the keyboard: the
kill switch, Resume and a session change (lunch on a frozen clock) each re-run it, and Place
is enabled only while the current decision allows the order. The keys: F1 / F2 open the
ticket on a side, Enter places (with the dry-run confirm step when asked for), Esc clears;
the price buttons and Max quantity fill the ticket from the band and the account."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tradingtools_desktop.domain.orders import Side
from tradingtools_desktop.domain.trading_state import TradingState
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

VN = timezone(timedelta(hours=7))
WED_1129 = datetime(2025, 11, 19, 11, 29, 50, tzinfo=VN)  # continuous, 10 s before lunch


def _open(qtbot, arun, tt_home, name, clock):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home), clock=clock))
    window.attach(services)
    window.show()
    return window, services


def _verdict_has(ticket, code: str) -> bool:
    return any(ticket.checks.item(i).data(Qt.ItemDataRole.UserRole) == code
               and ticket.checks.item(i).text().startswith("✗")
               for i in range(ticket.checks.count()))


def test_kill_switch_resume_and_lunch_re_run_the_checks(qtbot, arun, tt_home) -> None:
    clock = ManualClock(WED_1129)
    window, services = _open(qtbot, arun, tt_home, "follow1", clock)
    ticket = window.orders_tab.ticket
    ticket.prefill("FPT", Side.BUY, 100, 99_600)
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)

    window.kill_switch()  # nothing typed since: the ticket follows the state by itself
    qtbot.waitUntil(lambda: _verdict_has(ticket, "TRADING_HALTED"), timeout=5000)
    assert not ticket.place.isEnabled()
    assert "HALTED" in ticket.verdict.text()

    window.resume()
    qtbot.waitUntil(lambda: services.trading.state is TradingState.ACTIVE)
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)
    assert not _verdict_has(ticket, "TRADING_HALTED")

    clock.advance(seconds=20)  # 11:30:10: the lunch break; the one-second tick notices
    qtbot.waitUntil(lambda: _verdict_has(ticket, "SESSION_CLOSED"), timeout=5000)
    assert not ticket.place.isEnabled()
    assert "Lunch break" in window.status.session_label.text()
    window.detach()
    arun(services.stop())


def test_f1_enter_places_f2_opens_a_sell_and_esc_clears(qtbot, arun, tt_home) -> None:
    window, services = _open(qtbot, arun, tt_home, "keys1",
                             ManualClock(datetime(2025, 11, 19, 10, 0, tzinfo=VN)))
    ticket = window.orders_tab.ticket
    window.tabs.setCurrentWidget(window.setup_tab)
    window.activateWindow()
    window.shortcut_buy.activated.emit()  # F1
    assert window.tabs.currentWidget() is window.orders_tab
    assert ticket.side.currentIndex() == 0 and window.focusWidget() is ticket.symbol
    qtbot.keyClicks(ticket.symbol, "FPT")
    ticket.qty.setValue(100)
    ticket.price_buttons["ref"].click()  # TC before the band is known: a sentence
    qtbot.waitUntil(lambda: ticket.ref.text() == "99.60", timeout=5000)
    ticket.price_buttons["ref"].click()
    assert ticket.price.text() == "99.60"
    ticket.price_buttons["up"].click()
    assert ticket.price.text() == "99.70"
    ticket.price_buttons["ceiling"].click()
    assert ticket.price.text() == "106.50"
    ticket.price_buttons["floor"].click()
    ticket.price_buttons["down"].click()  # never below the floor
    assert ticket.price.text() == "92.70"
    ticket.price_buttons["ref"].click()
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)
    qtbot.keyClick(ticket.qty, Qt.Key.Key_Return)  # Enter places
    qtbot.waitUntil(lambda: "filled" in window.orders_tab.message.text(), timeout=5000)

    window.shortcut_sell.activated.emit()  # F2
    assert ticket.side.currentIndex() == 1
    qtbot.keyClick(ticket.qty, Qt.Key.Key_Escape)
    assert ticket.symbol.text() == "" and ticket.qty.value() == 0
    assert not ticket.place.isEnabled()
    window.detach()
    arun(services.stop())


def test_dry_run_confirm_step_and_max_quantity(qtbot, arun, tt_home) -> None:
    window, services = _open(qtbot, arun, tt_home, "keys2",
                             ManualClock(datetime(2025, 11, 19, 10, 0, tzinfo=VN)))
    ticket = window.orders_tab.ticket
    ticket.prefill("FPT", Side.BUY, 0, 99_600)
    ticket.max_qty.click()
    # 1,000,000,000 VND of dry-run cash at 99,600 + 0.15 % fee: 10,000 shares (100 lots)
    qtbot.waitUntil(lambda: ticket.qty.value() > 0, timeout=5000)
    qty = ticket.qty.value()
    assert qty % 100 == 0 and qty * 99_600 * 10_015 // 10_000 <= 1_000_000_000
    assert (qty + 100) * 99_600 * 10_015 // 10_000 > 1_000_000_000
    ticket.qty.setValue(100)
    ticket.confirm_dry_run.setChecked(True)
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)

    seen: list[str] = []

    def answer(accept: bool) -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName() if dialog else "")
        if dialog is not None:
            (dialog.accept if accept else dialog.reject)()

    QTimer.singleShot(200, lambda: answer(False))
    ticket.place.click()
    assert seen == ["dryRunConfirm"]
    qtbot.waitUntil(ticket.place.isEnabled, timeout=5000)  # back, nothing placed
    assert window.orders_tab.message.text() == ""
    QTimer.singleShot(200, lambda: answer(True))
    ticket.place.click()
    qtbot.waitUntil(lambda: "filled" in window.orders_tab.message.text(), timeout=5000)
    assert seen == ["dryRunConfirm", "dryRunConfirm"]
    window.detach()
    arun(services.stop())
