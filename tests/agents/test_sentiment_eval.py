"""The sentiment benchmark's LLM harness against the local OpenAI-compatible endpoint
(tests/servers/openai_stub.py): it proves the HARNESS computes accuracy, macro-F1, the
majority baseline and failures correctly from what a model answers through our real
client; it says nothing about any model's skill (the replies are scripted)."""

from __future__ import annotations

import json

import pytest
from benchmarks.news_lexicon_eval import llm_section
from tests.servers.openai_stub import OpenAIStub

from tradingtools_desktop.agents.sentiment_eval import (
    NOT_MEASURED,
    metrics,
    provider_from_env,
)

# (text, gold label, what the scripted model answers; None = not JSON)
CASES = [
    ("Cổ phiếu HPG tăng trần", "positive", "positive"),
    ("Lợi nhuận VNM vượt kế hoạch", "positive", "positive"),
    ("Thanh khoản cải thiện", "positive", "neutral"),
    ("Khối ngoại mua ròng", "positive", None),
    ("VN-Index giảm sâu", "negative", "negative"),
    ("Nợ xấu tăng mạnh", "negative", "positive"),
    ("Thị trường đi ngang", "neutral", "neutral"),
    ("Phiên giao dịch kết thúc", "neutral", "negative"),
]


def _script(user: str) -> str:
    for text, _, answer in CASES:
        if text in user:
            return "no idea" if answer is None else json.dumps(
                {"sentiment": answer, "score": 0.0})
    raise AssertionError(f"unexpected prompt {user!r}")


def test_metrics_from_the_endpoints_replies_are_computed_by_hand() -> None:
    with OpenAIStub() as stub:
        stub.responder = _script
        env = {"TRADINGTOOLS_AI_BASE_URL": stub.url, "TRADINGTOOLS_AI_MODEL": "scripted",
               "TRADINGTOOLS_AI_API_KEY": "sk-eval-SECRET-987654",
               "OPENAI_MODEL": "alias-loses"}
        out = llm_section(env, {"held": [(t, g) for t, g, _ in CASES]})
        assert len(stub.requests) == len(CASES)
        assert {r["model"] for r in stub.requests} == {"scripted"}
        assert stub.auth[0] == "Bearer sk-eval-SECRET-987654"  # sent as a header only
    h = out["held"]
    # 4 of 8 right (HPG, VNM, VN-Index, đi ngang); the non-JSON reply counts as wrong
    assert out["measured"] and h["n"] == 8 and h["accuracy"] == 0.5 and h["failed"] == 1
    # positive P 2/3 R 2/4 -> F1 4/7; negative P 1/2 R 1/2 -> 1/2; neutral P 1/2 R 1/2
    assert h["f1"] == {"positive": round(4 / 7, 4), "negative": 0.5, "neutral": 0.5}
    assert h["macro_f1"] == round((round(4 / 7, 4) + 0.5 + 0.5) / 3, 4)
    assert h["majority_label"] == "positive" and h["majority_baseline"]["accuracy"] == 0.5
    assert h["answered"]["n"] == 7 and h["answered"]["accuracy"] == round(4 / 7, 4)
    assert h["errors"] == {"LLMMalformed": 1}
    assert h["confusion_gold_by_pred"]["negative"]["positive"] == 1
    assert out["provider"] == {"host": "127.0.0.1", "model": "scripted", "local": "true"}
    assert "SECRET" not in json.dumps(out)


def test_without_a_provider_it_says_the_llm_was_not_measured() -> None:
    assert llm_section({}, {"held": [("x", "neutral")]}) == {
        "measured": False, "reason": "LLM not measured: no provider configured"}
    assert NOT_MEASURED == "LLM not measured: no provider configured"
    assert provider_from_env({"OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}) is None  # no model
    cfg = provider_from_env({"OPENAI_BASE_URL": "http://h/v1", "OPENAI_MODEL": "m",
                             "OPENAI_API_KEY": "sk-x-SECRET"})
    assert cfg is not None and cfg.model == "m" and "SECRET" not in repr(cfg)


def test_an_unreachable_provider_fails_every_sentence_and_scores_zero() -> None:
    with OpenAIStub() as stub:
        url = stub.url
    out = llm_section({"TRADINGTOOLS_AI_BASE_URL": url, "TRADINGTOOLS_AI_MODEL": "m"},
                      {"held": [(t, g) for t, g, _ in CASES]})
    assert out["held"]["failed"] == 8 and out["held"]["accuracy"] == 0.0
    assert out["held"]["errors"] == {"LLMUnavailable": 8}


@pytest.mark.parametrize(("gold", "pred", "acc"), [(["positive"], ["positive"], 1.0),
                                                   (["neutral"], ["failed"], 0.0)])
def test_metrics_edges(gold: list[str], pred: list[str], acc: float) -> None:
    assert metrics(gold, pred)["accuracy"] == acc
