"""The OpenAI-compatible client against a local endpoint: success, malformed replies,
schema violations, timeouts, server errors, storage and offline replay."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tests.servers.openai_stub import OpenAIStub

from tradingtools_desktop.agents.llm.client import (
    SENTIMENT,
    LLMClient,
    LLMError,
    LLMMalformed,
    LLMTimeout,
    LLMUnavailable,
)
from tradingtools_desktop.agents.llm.providers import pick_model


class MemoryStore:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[str | None, str | None]] = {}

    async def get(self, key: str) -> tuple[str | None, str | None] | None:
        return self.rows.get(key)

    async def put(self, key: str, provider: str, model: str, request: dict[str, Any],
                  response: str | None, error: str | None) -> None:
        self.rows[key] = (response, error)


def ask(client: LLMClient, text: str = "Cổ phiếu FPT tăng mạnh") -> dict[str, Any]:
    return asyncio.run(client.chat_json("system", text, SENTIMENT))


def test_models_and_a_cpu_friendly_default() -> None:
    with OpenAIStub() as stub:
        models = asyncio.run(LLMClient(stub.url, "").list_models())
    assert models == ["qwen2.5:1.5b", "llama3.1:8b"]
    assert pick_model(models) == "qwen2.5:1.5b"


def test_reply_is_validated_and_requests_are_deterministic() -> None:
    with OpenAIStub() as stub:
        client = LLMClient(stub.url, "qwen2.5:1.5b", api_key="sk-test-SECRET-123456")
        assert ask(client) == {"sentiment": "positive", "score": 0.8}
        sent = stub.requests[-1]
        assert sent["temperature"] == 0 and sent["seed"] == 7
        stub.mode = "malformed"
        with pytest.raises(LLMMalformed, match="not valid JSON"):
            ask(client)
        stub.mode = "bad_schema"
        with pytest.raises(LLMMalformed, match="lacks"):
            ask(client)
        stub.mode = "error"
        with pytest.raises(LLMUnavailable, match="500") as err:
            ask(client)
        assert "SECRET" not in str(err.value) and "SECRET" not in repr(client)


def test_timeout_is_reported_as_such() -> None:
    with OpenAIStub() as stub:
        stub.mode = "slow"
        with pytest.raises(LLMTimeout):
            ask(LLMClient(stub.url, "m", timeout_s=0.3))


def test_prompts_pass_the_redaction_guardrail() -> None:
    with OpenAIStub() as stub:
        ask(LLMClient(stub.url, "m"), "Chuyển khoản STK 0071000123456 Vietcombank, FPT tăng")
        text = stub.requests[-1]["messages"][1]["content"]
    assert "0071000123456" not in text and "FPT" in text


def test_stored_replies_replay_without_the_server() -> None:
    store = MemoryStore()
    with OpenAIStub() as stub:
        first = ask(LLMClient(stub.url, "m", store=store))
    offline = LLMClient("http://127.0.0.1:9/v1", "m", store=store, replay_only=True)
    assert ask(offline) == first
    with pytest.raises(LLMError, match="no stored reply"):
        ask(offline, "another headline")
