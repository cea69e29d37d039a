"""The wizard a new user meets: language on the first page (the wizard re-opens in it and
the profile keeps it for the next start), a failed check as a plain sentence with what to
do (the raw words only in the tooltip), skipped checks said plainly, and the dry-run
starting cash chosen there."""

from __future__ import annotations

import pytest

from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.paths import profile_paths, read_ui_language
from tradingtools_desktop.services.connection_checks import Endpoints
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow
from tradingtools_desktop.ui.setup.check_text import plain_detail

DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
RAW = ("HTTPSConnectionPool(host='api.vnstock.site', port=443): Max retries exceeded with "
       "url: /x (Caused by ProxyError('Unable to connect to proxy'))")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def test_raw_failures_become_a_sentence_with_what_to_do() -> None:
    text = plain_detail("vnstock", "FAILED", RAW, "2025-11-13")
    assert text == ("No internet connection to vnstock: prices stay at the bundled data of "
                    "2025-11-13. Check the network, then run the checks again.")
    assert "SSI refused the key" in plain_detail("SSI FastConnect", "FAILED",
                                                 "401 Unauthorized", "")
    assert plain_detail("Telegram", "SKIPPED", "no bot token entered") == (
        "No bot token entered: alerts show in the window only.")


def test_language_first_then_checks_in_plain_words_and_starting_cash(
        qtbot, arun, tt_home) -> None:
    paths = profile_paths("wizplain", tt_home)
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(paths))
    window.attach(services)
    window.show()
    window.wizard_endpoints = Endpoints(vnstock_env=DEAD)
    window.open_wizard()
    first = window.wizard
    assert first.currentPage() is first.profile and first.profile.language.count() == 2
    first.profile.language.setCurrentIndex(0)  # Tiếng Việt
    first.profile.language.activated.emit(0)
    assert window.wizard is not first and window.wizard.windowTitle() != "TradingTools setup"
    assert read_ui_language(paths) == "vi"
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    wizard.profile.pass1.setText("correct horse battery staple 42")
    wizard.profile.pass2.setText("correct horse battery staple 42")
    wizard.next()
    wizard.next()  # checks: no keys, offline
    results = wizard.checks.results
    qtbot.waitUntil(lambda: wizard.checks.done, timeout=60_000)
    assert "Chưa nhập khóa SSI" in results["SSI FastConnect"].text()
    vnstock = results["vnstock"].text()
    assert "KHÔNG ĐẠT" in vnstock and "HTTPSConnectionPool" not in vnstock
    assert "Max retries" not in vnstock
    wizard.next()
    wizard.mode.starting_cash.setValue(200_000_000)
    wizard.next()
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.result_ is not None, timeout=20_000)
    summary = arun(services.portfolio.refresh())
    assert summary.cash == 200_000_000
    window.detach()
    arun(services.stop())
