"""e2e: the setup wizard with SSI keys and the SSI simulator's address typed in its "SSI
server address" field (no TRADINGTOOLS_SSI_URL) -> the profile keeps that address -> the
app connects and reconciles -> Trading > Go live (every guardrail healthy, acknowledged)
-> a LIVE order from the ticket with its two-step confirm -> the exchange fills it -> the
live portfolio (from SSI) shows the position and the books reconcile. The real poller
runs throughout; nothing of ours is patched. Time is the one input we set: a real clock
shifted into Wednesday's continuous session (the guardrails accept only real, moving
clocks)."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "brokers"))
from live_env import FPT_REF, WED_10AM, make_sim

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import SystemClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.settings import load_settings
from tradingtools_desktop.ui.main_window import MainWindow
from tradingtools_desktop.ui.orders.confirm import LiveConfirmDialog

PASSPHRASE = "correct horse battery staple 42"
DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


class SessionClock(SystemClock):
    """Real time, moving at real speed, starting at Wednesday 10:00 in Vietnam."""

    def __init__(self) -> None:
        self._start = time.monotonic()

    def now(self) -> datetime:
        from datetime import timedelta

        return WED_10AM + timedelta(seconds=time.monotonic() - self._start)


def _fill(wizard, name: str, value: str) -> None:
    edit = wizard.keys.fields[name]
    (edit.setPlainText if hasattr(edit, "setPlainText") else edit.setText)(value)


def _confirm_live_order_when_asked(qtbot) -> None:
    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LiveConfirmDialog):
            QTimer.singleShot(50, confirm)
            return
        assert not dialog.send.isEnabled()  # step two needs the tick first
        dialog.ack.setChecked(True)
        dialog.send.click()

    QTimer.singleShot(50, confirm)


def test_wizard_to_live_order_to_filled_position(qtbot, arun, tt_home, monkeypatch) -> None:
    clock = SessionClock()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sim = make_sim(clock, key)
    monkeypatch.delenv("TRADINGTOOLS_SSI_URL", raising=False)  # the wizard names the server
    for name, value in DEAD.items():
        monkeypatch.setenv(name, value)
    services = arun(AppServices.open(profile_paths("e2e", tt_home), clock=clock))
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(services)
    window.show()
    services.start_background()
    try:
        # 1. the wizard: a passphrase vault, the SSI keys, the checks, dry-run to start
        window.open_wizard()
        wizard = window.wizard
        qtbot.waitExposed(wizard)
        wizard.profile.pass1.setText(PASSPHRASE)
        wizard.profile.pass2.setText(PASSPHRASE)
        wizard.next()
        # the wizard -> SSI simulator profile: the simulator's address, typed
        qtbot.keyClicks(wizard.keys.ssi_url, sim.url)
        assert wizard.keys.isComplete()
        for name, value in {"ssi.consumer_id": "968d7b5940f5437583021aea2b038f35",
                            "ssi.consumer_secret": "11ab3fc6af954c59ba646fac016f30cb",
                            "ssi.private_key": private_key_to_ssi_xml(key),
                            "ssi.account": "0901351", "ssi.two_factor": "PIN",
                            "ssi.pin": "123456"}.items():
            _fill(wizard, name, value)
        wizard.next()
        qtbot.waitUntil(lambda: wizard.checks.done, timeout=60_000)
        assert "OK" in wizard.checks.results["SSI FastConnect"].text()
        wizard.next()
        assert wizard.mode.dry.isChecked()
        wizard.next()
        wizard.accept()
        qtbot.waitUntil(lambda: "Setup saved" in window.status.message_label.text(),
                        timeout=30_000)
        assert services.trading.mode is TradingMode.DRY_RUN
        assert arun(load_settings(services.app_state)).ssi_url == sim.url  # this profile's
        assert services.live is not None and services.reconciliation is not None
        assert services.live.url == sim.url
        qtbot.waitUntil(lambda: services.live.connected, timeout=30_000)
        qtbot.waitUntil(lambda: services.reconciliation.probe().healthy, timeout=30_000)

        # 2. Trading > Go live: every guardrail healthy, the acknowledgement, LIVE
        window.go_live_action.trigger()
        dialog = window.go_live
        qtbot.waitUntil(lambda: dialog.list.count() > 0 and dialog.healthy, timeout=10_000)
        assert not dialog.arm.isEnabled()
        dialog.ack.setChecked(True)
        dialog.arm.click()
        qtbot.waitUntil(lambda: services.trading.mode is TradingMode.LIVE, timeout=10_000)
        assert "LIVE" in window.status.mode_badge.text()

        # 3. a LIVE order from the ticket, with the two-step confirm
        window.prefill_ticket(f"FPT,BUY,100,{FPT_REF / 1000:g}")  # prices typed in thousands
        ticket = window.orders_tab.ticket
        try:
            qtbot.waitUntil(lambda: ticket.place.isEnabled(), timeout=10_000)
        except Exception:
            raise AssertionError(ticket.verdict.text()) from None
        _confirm_live_order_when_asked(qtbot)
        ticket.place.click()
        qtbot.waitUntil(lambda: len(sim.state.orders) == 1, timeout=10_000)
        order_id = sim.state.orders[0].order_id

        # 4. the exchange fills it; the poller brings the fill home
        sim.scenario.fill(order_id, 100, FPT_REF)

        def filled() -> bool:
            history = arun(services.orders.history(10))
            return bool(history) and history[0].status is OrderStatus.FILLED

        qtbot.waitUntil(filled, timeout=15_000)
        order = arun(services.orders.history(10))[0]
        assert order.filled_qty == 100 and order.broker_order_id == order_id

        # 5. the live portfolio comes from SSI and shows the position; books reconcile
        portfolio = services.active_portfolio()
        assert portfolio is services.live_portfolio
        summary = arun(portfolio.refresh())
        fpt = next(p for p in summary.positions if p.symbol == "FPT")
        assert fpt.total_qty == 300 and fpt.pending_qty == 100  # 200 held + 100 bought, T+2
        assert summary.source == "SSI FastConnect"
        result = arun(services.reconciliation.run())
        assert result.ok and result.mismatches == [], result
        assert services.reconciliation.probe().healthy
        window.select_tab("Portfolio")
        window.portfolio_tab.refresh()
        qtbot.waitUntil(lambda: any(
            window.portfolio_tab.table.item(r, 0) is not None
            and window.portfolio_tab.table.item(r, 0).text() == "FPT"
            for r in range(window.portfolio_tab.table.rowCount())), timeout=10_000)
    finally:
        window.detach()
        arun(services.stop())
        sim.stop()
