"""Measuring a sentiment scorer on labelled sentences: accuracy and macro-F1 against the
majority-class baseline, for the lexicon and for the LLM through our real client.

- ``metrics(gold, pred)``: accuracy, macro-F1 over positive / negative / neutral, per-class
  F1. A prediction outside the three classes (``FAILED``: the model did not answer, or
  answered off-schema) counts as wrong, so a scorer cannot look better by failing on the
  hard sentences; ``answered`` reports the metrics on the answered ones separately.
- ``provider_from_env(env)``: the OpenAI-compatible provider to measure, from environment
  variables only (never argv): ``TRADINGTOOLS_AI_BASE_URL`` / ``TRADINGTOOLS_AI_MODEL`` /
  ``TRADINGTOOLS_AI_API_KEY``, or the aliases ``OPENAI_BASE_URL`` (``OPENAI_API_BASE``),
  ``OPENAI_MODEL``, ``OPENAI_API_KEY``; the ``TRADINGTOOLS_`` name wins. None when no base
  URL or no model is set. The key is held, never reported.
- ``llm_labels(client, texts)``: each text classified with the screener's own prompt and
  schema (``SENTIMENT_SYSTEM``, ``SENTIMENT``: what a run sends for a headline).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .llm.client import SENTIMENT, SENTIMENT_SYSTEM, LLMClient, LLMError

CLASSES = ("positive", "negative", "neutral")
FAILED = "failed"
NOT_MEASURED = "LLM not measured: no provider configured"


def metrics(gold: list[str], pred: list[str]) -> dict[str, Any]:
    pairs = list(zip(gold, pred, strict=True))
    f1: dict[str, float] = {}
    for label in CLASSES:
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label != g for g, p in pairs)
        fn = sum(g == label != p for g, p in pairs)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1[label] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    n = len(pairs)
    return {"n": n, "accuracy": round(sum(g == p for g, p in pairs) / n, 4) if n else None,
            "macro_f1": round(sum(f1.values()) / 3, 4), "f1": f1}


def with_baseline(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Metrics, the majority-class baseline on the same rows, and the answered subset."""
    majority = Counter(gold).most_common(1)[0][0]
    answered = [(g, p) for g, p in zip(gold, pred, strict=True) if p in CLASSES]
    return {**metrics(gold, pred), "majority_label": majority,
            "majority_baseline": metrics(gold, [majority] * len(gold)),
            "failed": len(gold) - len(answered),
            "answered": metrics([g for g, _ in answered], [p for _, p in answered])}


@dataclass(frozen=True)
class ProviderConfig:
    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)

    def describe(self) -> dict[str, str]:
        """What a report may say about the provider: host and model, never the key."""
        parts = urlsplit(self.base_url)
        return {"host": parts.hostname or "?", "model": self.model,
                "local": str(parts.hostname in ("127.0.0.1", "localhost", "::1")).lower()}


def provider_from_env(env: Mapping[str, str]) -> ProviderConfig | None:
    def pick(*names: str) -> str | None:
        for n in names:
            if (v := env.get(n, "").strip()):
                return v
        return None

    base = pick("TRADINGTOOLS_AI_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_BASE")
    model = pick("TRADINGTOOLS_AI_MODEL", "OPENAI_MODEL")
    if not base or not model:
        return None
    return ProviderConfig(base, model, pick("TRADINGTOOLS_AI_API_KEY", "OPENAI_API_KEY"))


def client_for(cfg: ProviderConfig, timeout_s: float = 60.0) -> LLMClient:
    return LLMClient(cfg.base_url, cfg.model, provider="eval", api_key=cfg.api_key,
                     timeout_s=timeout_s)


async def llm_labels(client: LLMClient, texts: list[str], concurrency: int = 2
                     ) -> tuple[list[str], Counter[str]]:
    """(a label per text, FAILED where the model failed; failure kinds counted)."""
    gate = asyncio.Semaphore(concurrency)
    errors: Counter[str] = Counter()

    async def one(text: str) -> str:
        async with gate:
            try:
                reply = await client.chat_json(SENTIMENT_SYSTEM, text, SENTIMENT)
            except LLMError as exc:
                errors[type(exc).__name__] += 1
                return FAILED
            return str(reply["sentiment"])

    labels = await asyncio.gather(*(one(t) for t in texts))
    return list(labels), errors
