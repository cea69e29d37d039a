"""Connection checks speak each service's real protocol to local servers; they never raise
and a failure says why."""

from __future__ import annotations

import asyncio

from tests.servers.openai_stub import OpenAIStub
from tests.servers.telegram_stub import TelegramStub

from tradingtools_desktop.services.connection_checks import CheckState, Endpoints, run_checks
from tradingtools_desktop.services.notify.telegram import TelegramBot, TelegramError

TOKEN = "123456:AAE-test-token-canary-xyz"
DEAD = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def test_checks_report_ok_failed_and_skipped_with_reasons(tmp_path) -> None:
    with OpenAIStub() as ai, TelegramStub(TOKEN) as tg:
        values = {"ai.base_url": ai.url, "ai.model": "qwen2.5:1.5b",
                  "telegram.bot_token": TOKEN, "telegram.chat_id": "777"}
        results = asyncio.run(run_checks(values, tmp_path, Endpoints(
            telegram_api=tg.url, vnstock_env=DEAD), timeout_s=60))
    by = {r.service: r for r in results}
    assert by["AI provider"].state is CheckState.OK and "qwen2.5:1.5b" in by["AI provider"].detail
    assert by["Telegram"].state is CheckState.OK and "@tt_test_bot" in by["Telegram"].detail
    assert by["SSI FastConnect"].state is CheckState.SKIPPED
    assert by["vnstock"].state is CheckState.FAILED and by["vnstock"].detail  # offline
    assert all(r.latency_ms is not None for r in results if r.state is not CheckState.SKIPPED)
    assert all(TOKEN not in r.detail for r in results)


def test_wrong_model_and_wrong_token_fail_clearly(tmp_path) -> None:
    with OpenAIStub() as ai, TelegramStub(TOKEN) as tg:
        values = {"ai.base_url": ai.url, "ai.model": "gpt-9", "telegram.bot_token": "1:bad"}
        results = asyncio.run(run_checks(values, tmp_path, Endpoints(
            telegram_api=tg.url, vnstock_env=DEAD), timeout_s=60))
    by = {r.service: r for r in results}
    assert "no model 'gpt-9'" in by["AI provider"].detail
    assert "Unauthorized" in by["Telegram"].detail and "1:bad" not in by["Telegram"].detail


def test_telegram_send_goes_to_the_configured_chat_redacted(tmp_path) -> None:
    with TelegramStub(TOKEN) as tg:
        bot = TelegramBot(TOKEN, "777", api=tg.url)
        asyncio.run(bot.send("Fill: FPT 100 @ 95,300. Refund to STK 0071000123456 Vietcombank"))
        sent = tg.sent[-1]
    assert sent["chat_id"] == "777" and "95,300" in sent["text"]
    assert "0071000123456" not in sent["text"]
    bad = TelegramBot("1:bad", "777", api="http://127.0.0.1:9", timeout_s=0.5, retries=2)
    try:
        asyncio.run(bad.send("x"))
    except TelegramError as exc:
        assert "1:bad" not in str(exc)
    else:
        raise AssertionError("a dead endpoint must raise")
