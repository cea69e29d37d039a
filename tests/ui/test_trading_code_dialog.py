"""The trading-code dialog: shown while the broker waits (the loop keeps running), takes a
code, resends, cancels; and end to end, a LIVE order from the ticket for an OTP user: the
confirm, the OTP dialog, the code SSI's simulator "sent", the order at SSI."""

from __future__ import annotations

import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "brokers"))
from live_env import FPT_REF, WED_10AM, make_sim

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.brokers.trading_code import (
    CodeKind,
    CodeReason,
    CodeRequest,
    ResendResult,
)
from tradingtools_desktop.domain.orders import OrderStatus
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.clock import ManualClock
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow
from tradingtools_desktop.ui.orders.confirm import LiveConfirmDialog
from tradingtools_desktop.ui.trading_code_dialog import TradingCodeDialog, dialog_code_provider

CID = "968d7b5940f5437583021aea2b038f35"


def _dialog() -> TradingCodeDialog | None:
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, TradingCodeDialog) and w.isVisible()]
    return found[0] if found else None


def test_dialog_when_code_typed_then_the_waiting_broker_gets_it(qtbot, qloop) -> None:
    resends: list[int] = []

    async def resend() -> ResendResult:
        resends.append(1)
        return ResendResult(False, wait_s=42)

    ask = dialog_code_provider(lambda: None)
    request = CodeRequest("SSI FastConnect", CodeKind.OTP, CodeReason.EXPIRED, 2,
                          "Invalid login ID or password", True, 0, resend)
    task = qloop.create_task(ask(request))
    qtbot.waitUntil(lambda: _dialog() is not None)
    dialog = _dialog()
    assert dialog is not None and dialog.isModal()
    assert "expired" in dialog.headline.text() and dialog.error.isVisible()
    assert "Invalid login ID" in dialog.error.text()
    assert not dialog.send.isEnabled()  # nothing typed yet
    dialog.resend.click()
    qtbot.waitUntil(lambda: "42" in dialog.note.text())
    assert resends == [1] and not task.done()  # the loop ran while the dialog is open
    qtbot.keyClicks(dialog.code, "12 34x56")  # the validator keeps letters and digits
    assert dialog.code.text() == "1234x56"
    dialog.code.setText("123456")
    dialog.send.click()
    qtbot.waitUntil(task.done)
    assert task.result() == "123456"
    qtbot.waitUntil(lambda: _dialog() is None)


def test_dialog_when_cancelled_or_closed_then_no_code(qtbot, qloop) -> None:
    ask = dialog_code_provider(lambda: None)
    pin = CodeRequest("SSI FastConnect", CodeKind.PIN, CodeReason.NEEDED)
    task = qloop.create_task(ask(pin))
    qtbot.waitUntil(lambda: _dialog() is not None)
    dialog = _dialog()
    assert dialog is not None and not dialog.resend.isVisibleTo(dialog)  # PIN: no resend
    assert dialog.code.echoMode() is dialog.code.EchoMode.Password
    dialog.code.setText("123456")
    dialog.buttons.rejected.emit()
    qtbot.waitUntil(task.done)
    assert task.result() is None
    task = qloop.create_task(ask(pin))
    qtbot.waitUntil(lambda: _dialog() is not None)
    _dialog().close()  # type: ignore[union-attr]
    qtbot.waitUntil(task.done)
    assert task.result() is None


def test_dialog_when_vietnamese_then_every_line_is_vietnamese(qtbot, qloop) -> None:
    set_language("vi")
    try:
        request = CodeRequest("SSI FastConnect", CodeKind.OTP, CodeReason.NEEDED, 1, "",
                              True, 0, None)

        async def build() -> TradingCodeDialog:
            return TradingCodeDialog(request)

        task = qloop.create_task(build())
        qtbot.waitUntil(task.done)
        dialog = task.result()
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Mã giao dịch"
        assert "OTP" in dialog.headline.text() and "lệnh" in dialog.headline.text()
        assert "Smart OTP" in dialog.note.text() and "đã gửi" in dialog.note.text()
        assert dialog.send.text() == "Gửi lệnh với mã này"
        assert dialog.resend.text() == "Gửi cho tôi mã mới"
    finally:
        set_language(None)


def test_live_order_when_otp_user_then_code_dialog_and_the_order_reaches_ssi(
        qtbot, arun, tt_home, monkeypatch) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    clock = ManualClock(WED_10AM)
    sim = make_sim(clock, key)
    sim.state.consumers[CID].two_factor_type = 1  # OTP by SMS
    monkeypatch.delenv("TRADINGTOOLS_SSI_PIN", raising=False)  # an OTP user has no PIN
    for name, value in {"TRADINGTOOLS_SSI_URL": sim.url, "TRADINGTOOLS_SSI_CONSUMER_ID": CID,
                        "TRADINGTOOLS_SSI_CONSUMER_SECRET": "11ab3fc6af954c59ba646fac016f30cb",
                        "TRADINGTOOLS_SSI_PRIVATE_KEY": private_key_to_ssi_xml(key),
                        "TRADINGTOOLS_SSI_ACCOUNT": "0901351",
                        "TRADINGTOOLS_SSI_TWO_FACTOR": "OTP"}.items():
        monkeypatch.setenv(name, value)
    services = arun(AppServices.open(profile_paths("otp", tt_home), clock=clock))
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(services)
    window.show()
    try:
        assert services.live is not None
        arun(services.live.connect())  # reads need no code: a read-only token
        assert sim.calls.get("getotp") is None
        arun(services.trading.set_mode(TradingMode.LIVE, reason="test: armed"))
        services.guardrails.gate.arm()  # as the Go live dialog does, without its checks
        window.prefill_ticket(f"FPT,BUY,100,{FPT_REF / 1000:g}")
        ticket = window.orders_tab.ticket
        qtbot.waitUntil(lambda: ticket.place.isEnabled(), timeout=10_000)
        seen: list[str] = []

        def answer_dialogs() -> None:
            modal = QApplication.activeModalWidget()
            if isinstance(modal, LiveConfirmDialog):
                seen.append("confirm")
                modal.ack.setChecked(True)
                modal.send.click()
            code_dialog = _dialog()
            if code_dialog is not None and "otp" not in seen:
                seen.append("otp")
                assert "OTP" in code_dialog.headline.text()
                assert "SMS" in code_dialog.note.text()
                code = sim.state.last_otp(CID)  # what the SMS says
                assert code is not None
                qtbot.keyClicks(code_dialog.code, code)
                code_dialog.send.click()
            if "otp" not in seen:
                QTimer.singleShot(30, answer_dialogs)

        QTimer.singleShot(30, answer_dialogs)
        ticket.place.click()
        qtbot.waitUntil(lambda: len(sim.state.orders) == 1, timeout=15_000)
        assert seen == ["confirm", "otp"] and sim.calls["getotp"] == 1

        def sent() -> bool:
            history = arun(services.orders.history(5))
            return bool(history) and history[0].status is OrderStatus.SUBMITTED

        qtbot.waitUntil(sent, timeout=10_000)
        tokens = list(sim.state.tokens.values())
        assert [t.code_saved for t in tokens] == [False, True]  # read, then trading
    finally:
        window.detach()
        arun(services.stop())
        sim.stop()
