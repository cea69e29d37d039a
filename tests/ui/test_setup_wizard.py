"""The setup wizard end to end (pytest-qt, offscreen) against local SSI FastConnect (the
simulator), AI and Telegram endpoints: a new user enters keys, sees the checks, keeps
dry-run and reaches the main window; the keys land encrypted in the vault and nowhere
else (canary search)."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from PySide6.QtWidgets import QWizard
from simulators.ssi_fastconnect import SsiSimulator, seed_demo
from tests.servers.openai_stub import OpenAIStub
from tests.servers.telegram_stub import TelegramStub

from tradingtools_desktop.brokers.ssi.signing import private_key_to_ssi_xml
from tradingtools_desktop.domain.trading_state import TradingMode
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.connection_checks import Endpoints
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.services.settings import load_settings
from tradingtools_desktop.ui.main_window import MainWindow

CANARY = {
    "ssi.consumer_id": "CANARYconsumer7f3a91c0ffee",
    "ssi.consumer_secret": "CANARYsecret4b8e27d1c9beef",
    "ssi.pin": "CANARY-pin-735",
    "ai.api_key": "sk-CANARY-aikey-5d2f8e1b",
    "telegram.bot_token": "123456:CANARY-bot-token-9c1e",
}
PASSPHRASE = "correct horse battery staple 42"
DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def _fill(wizard, name: str, value: str) -> None:
    edit = wizard.keys.fields[name]
    (edit.setPlainText if hasattr(edit, "setPlainText") else edit.setText)(value)


def test_new_user_walks_the_wizard_and_reaches_the_window_in_dry_run(
    qtbot, arun, tt_home, caplog
) -> None:
    paths = profile_paths("wiz", tt_home)
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(paths))
    window.attach(services)
    window.show()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ssi = SsiSimulator()
    seed_demo(ssi.state, key.public_key(), consumer_id=CANARY["ssi.consumer_id"],
              consumer_secret=CANARY["ssi.consumer_secret"], pin=CANARY["ssi.pin"],
              account="0901351")
    ssi.start()
    with OpenAIStub() as ai, TelegramStub(CANARY["telegram.bot_token"]) as tg:
        window.wizard_endpoints = Endpoints(telegram_api=tg.url, vnstock_env=DEAD,
                                            ssi_url=ssi.url)
        window.open_wizard()
        wizard = window.wizard
        qtbot.waitExposed(wizard)
        # 1. profile: no keychain in tests, so the passphrase path is preselected
        assert wizard.profile.passphrase_mode.isChecked()
        wizard.profile.pass1.setText("short")
        assert not wizard.profile.isComplete()
        wizard.profile.pass1.setText(PASSPHRASE)
        wizard.profile.pass2.setText(PASSPHRASE)
        assert wizard.profile.isComplete()
        wizard.next()
        # 2. keys, each with where to get it
        for name, value in CANARY.items():
            _fill(wizard, name, value)
        # capability detection finds the local server and picks a CPU-friendly model
        wizard.local_ai_candidates = {"ollama": ai.url}
        wizard.keys.detect.click()
        qtbot.waitUntil(lambda: "chose" in wizard.keys.detect_result.text(), timeout=10_000)
        assert wizard.keys.fields["ai.base_url"].text() == ai.url
        assert wizard.keys.fields["ai.model"].text() == "qwen2.5:1.5b"
        _fill(wizard, "telegram.chat_id", "777")
        _fill(wizard, "ssi.private_key", private_key_to_ssi_xml(key))
        _fill(wizard, "ssi.account", "0901351")
        _fill(wizard, "ssi.two_factor", "PIN")
        wizard.next()
        # 3. checks run concurrently against the local endpoints
        qtbot.waitUntil(lambda: wizard.checks.done, timeout=60_000)
        assert "OK" in wizard.checks.results["AI provider"].text()
        assert "OK" in wizard.checks.results["Telegram"].text()
        assert "OK" in wizard.checks.results["SSI FastConnect"].text()
        assert "purchasing power" in wizard.checks.results["SSI FastConnect"].text()
        assert "FAILED" in wizard.checks.results["vnstock"].text()  # offline, and it says so
        assert "ms" in wizard.checks.results["AI provider"].text()
        wizard.next()
        # 4. dry-run is preselected; live needs the acknowledgement
        assert wizard.mode.dry.isChecked() and wizard.mode.isComplete()
        wizard.mode.live.setChecked(True)
        assert not wizard.mode.isComplete()
        wizard.mode.dry.setChecked(True)
        wizard.next()
        # 5. summary shows masked keys only
        summary = wizard.summary.text.text()
        assert "wiz" in summary and "DRY-RUN" in summary
        assert all(v not in summary for v in CANARY.values())
        wizard.accept()
        qtbot.waitUntil(lambda: "Setup saved" in window.status.message_label.text(),
                        timeout=30_000)
    ssi.stop()
    assert services.trading.mode is TradingMode.DRY_RUN
    assert "DRY-RUN" in window.status.mode_badge.text()
    infos = {i.name for i in arun(services.vault.list_secrets()) if i.source == "vault"}
    assert set(CANARY) <= infos
    assert arun(services.vault.get("ai.model")) == "qwen2.5:1.5b"
    window.detach()
    arun(services.stop())
    # canary: no typed secret anywhere in the profile's files (DB, WAL, logs) or log records
    hits = [p for p in Path(tt_home).rglob("*") if p.is_file()
            and any(v.encode() in p.read_bytes() for v in CANARY.values())]
    assert hits == []
    assert all(v not in caplog.text for v in CANARY.values())


def test_the_ssi_server_address_typed_in_the_wizard_is_checked_saved_and_used(
    qtbot, arun, tt_home, monkeypatch
) -> None:
    """No TRADINGTOOLS_SSI_URL: the user types the simulator's address in the keys page's
    SSI section; the SSI check goes there, Finish saves it in the profile's settings and
    the live link connects to it. An address that is neither https nor this machine is
    refused with a message and Next stays disabled."""
    monkeypatch.delenv("TRADINGTOOLS_SSI_URL", raising=False)
    paths = profile_paths("simwiz", tt_home)
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(paths))
    window.attach(services)
    window.show()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ssi = SsiSimulator()
    seed_demo(ssi.state, key.public_key(), consumer_id=CANARY["ssi.consumer_id"],
              consumer_secret=CANARY["ssi.consumer_secret"], pin=CANARY["ssi.pin"],
              account="0901351")
    ssi.start()
    try:
        window.wizard_endpoints = Endpoints(vnstock_env=DEAD)  # no SSI address here
        window.open_wizard()
        wizard = window.wizard
        qtbot.waitExposed(wizard)
        wizard.profile.pass1.setText(PASSPHRASE)
        wizard.profile.pass2.setText(PASSPHRASE)
        wizard.next()
        field = wizard.findChild(type(wizard.keys.ssi_url), "wizSsiUrl")
        # under Advanced, at the end of the SSI block: closed until opened
        assert field is wizard.keys.ssi_url and not field.isVisible()
        wizard.keys.ssi_advanced.click()
        assert field.isVisible()
        assert field.text() == "" and "fc-tradeapi.ssi.com.vn" in field.placeholderText()
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        for bad in ("http://example.com", "ftp://127.0.0.1:8765", "http://localhost.evil.com",
                    "127.0.0.1:8765"):
            qtbot.keyClicks(field, bad)
            assert not wizard.keys.isComplete()
            assert not next_button.isEnabled()
            assert "https://" in wizard.keys.ssi_url_problem.text(), bad
            field.clear()
        assert wizard.keys.isComplete() and next_button.isEnabled()
        assert wizard.keys.ssi_url_problem.text() == ""
        qtbot.keyClicks(field, ssi.url + "/")
        assert wizard.keys.isComplete() and next_button.isEnabled()
        for name in ("ssi.consumer_id", "ssi.consumer_secret", "ssi.pin"):
            _fill(wizard, name, CANARY[name])
        _fill(wizard, "ssi.private_key", private_key_to_ssi_xml(key))
        _fill(wizard, "ssi.account", "0901351")
        assert "ssi_url" not in str(wizard.keys.values())  # a setting, not a vault secret
        wizard.next()
        assert wizard.check_endpoints().ssi_url == ssi.url
        qtbot.waitUntil(lambda: wizard.checks.done, timeout=60_000)
        assert "OK" in wizard.checks.results["SSI FastConnect"].text()
        assert "purchasing power" in wizard.checks.results["SSI FastConnect"].text()
        wizard.next()
        wizard.next()
        assert ssi.url in wizard.summary.text.text()
        wizard.accept()
        qtbot.waitUntil(lambda: "Setup saved" in window.status.message_label.text(),
                        timeout=30_000)
        assert arun(load_settings(services.app_state)).ssi_url == ssi.url
        assert services.live is not None and services.live.url == ssi.url
        assert services.live.connected  # apply_setup connected it to the simulator
        assert arun(services.vault.get("ssi.account")) == "0901351"

        # re-opened, the wizard shows the profile's address
        window.open_wizard()
        again = window.wizard
        qtbot.waitUntil(lambda: again.keys.ssi_url.text() == ssi.url, timeout=5_000)
        assert not again.keys.ssi_url.isReadOnly()
        again.reject()
    finally:
        window.detach()
        arun(services.stop())
        ssi.stop()


def test_the_environment_override_is_shown_read_only_and_not_saved(
    qtbot, arun, tt_home, monkeypatch
) -> None:
    monkeypatch.setenv("TRADINGTOOLS_SSI_URL", "http://127.0.0.1:9")
    services = arun(AppServices.open(profile_paths("envwiz", tt_home)))
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(services)
    try:
        window.open_wizard()
        wizard = window.wizard
        assert wizard.keys.ssi_url.text() == "http://127.0.0.1:9"
        assert wizard.keys.ssi_url.isReadOnly()
        assert "TRADINGTOOLS_SSI_URL" in wizard.keys.ssi_url_problem.text()
        assert wizard.keys.isComplete()
        assert wizard.request().ssi_url is None  # the profile's setting is left alone
        assert wizard.check_endpoints().ssi_url == "http://127.0.0.1:9"
        wizard.reject()
    finally:
        window.detach()
        arun(services.stop())
