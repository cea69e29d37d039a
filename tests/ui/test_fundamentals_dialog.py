"""Data > Update fundamentals…: the dialog runs the fundamentals refresh off the Qt thread
(qasync), shows progress, Cancel stops it between two stocks, offline says one sentence;
in Vietnamese too. vnstock's replies: the recorded FPT / ACB ratio output at the worker's
process boundary (tests/services/test_fundamentals_refresh.py), or the real worker behind
a dead local proxy."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path

import pytest
from tests.ui.vi_walk import english_words

from tradingtools_desktop.i18n import set_language
from tradingtools_desktop.market.vnstock_worker import VnstockProvider
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.fundamentals_refresh import FundamentalsRefresh
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures" / "vnstock"


class _Recorded:
    def __init__(self, hold: asyncio.Event | None = None) -> None:
        self.asked: list[str] = []
        self.hold = hold

    async def call(self, method: str, **params: object) -> list[dict]:
        sym = str(params["symbol"])
        self.asked.append(sym)
        if self.hold is not None and len(self.asked) > 1:
            await self.hold.wait()
        path = FIXTURES / f"ratio_{sym}.json"
        return json.loads(path.read_text("utf-8"))["sample"] if path.exists() else []


def _open(qtbot, arun, tt_home, name, provider):
    window = MainWindow()
    qtbot.addWidget(window)
    services = arun(AppServices.open(profile_paths(name, tt_home)))
    # the refresh universe (cached bars and the watchlist) cut to three stocks; HPG has no
    # recorded reply: vnstock's empty table, nothing stored
    arun(services.db.execute("DELETE FROM daily_bars WHERE symbol NOT IN ('FPT', 'ACB', "
                             "'HPG')"))
    services.updater.fundamentals = FundamentalsRefresh(
        services.db, services.clock.now, cache_dir=None, vault=None, provider=provider)
    window.attach(services)
    window.show()
    return window, services


def test_update_fundamentals_shows_progress_and_the_result(qtbot, arun, tt_home) -> None:
    provider = _Recorded()
    window, services = _open(qtbot, arun, tt_home, "fd1", provider)
    assert window.update_fundamentals_action.text() == "Update &fundamentals…"
    window.update_fundamentals_action.trigger()
    dialog = window.fundamentals_update
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    assert provider.asked == ["ACB", "FPT", "HPG"]
    assert dialog.bar.maximum() == 3 and dialog.bar.value() == 3
    assert dialog.message.text() == "Fundamentals updated: 6 periods of 3 stocks (vnstock:KBS)."
    assert dialog.button.text() == "Close"
    dialog.button.click()
    assert not dialog.isVisible()
    window.detach()
    arun(services.stop())


def test_cancel_stops_between_two_stocks(qtbot, arun, tt_home) -> None:
    hold = asyncio.Event()
    provider = _Recorded(hold)
    window, services = _open(qtbot, arun, tt_home, "fd2", provider)
    window.update_fundamentals_action.trigger()
    dialog = window.fundamentals_update
    qtbot.waitUntil(lambda: dialog.bar.value() >= 1, timeout=30_000)  # ACB in, FPT held
    dialog.button.click()
    assert not dialog.button.isEnabled()
    assert dialog.message.text() == "Cancelling after the current stock…"
    hold.set()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30_000)
    result = dialog.outcome
    assert result.cancelled and result.done == 2 and result.total == 3  # FPT was asked
    assert "HPG" not in provider.asked
    assert dialog.message.text() == "Cancelled: fundamentals of 2 of 3 stocks updated."
    window.detach()
    arun(services.stop())


@pytest.mark.skipif(importlib.util.find_spec("vnstock") is None, reason="no vnstock")
def test_offline_says_one_sentence_in_both_languages(qtbot, arun, tt_home, tmp_path) -> None:
    dead = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": ""}
    provider = VnstockProvider(tmp_path / "cache", timeout_s=60, extra_env=dead)
    window, services = _open(qtbot, arun, tt_home, "fd3", provider)
    window.update_fundamentals_action.trigger()
    dialog = window.fundamentals_update
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=90_000)
    assert dialog.message.text() == ("No internet: the fundamentals are unchanged (newest "
                                     "stored period: 2026Q2).")
    from tradingtools_desktop.ui.fundamentals_dialog import fundamentals_text

    try:
        set_language("vi")
        text = fundamentals_text(dialog.outcome)
    finally:
        set_language(None)
    assert text.startswith("Không có kết nối internet: chỉ số cơ bản giữ nguyên")
    assert english_words(text) == []
    window.detach()
    arun(services.stop())
