"""OpenAI-compatible chat completions over httpx, made reproducible and safe.

Contract:
- temperature 0 and a fixed seed on every call; JSON replies are parsed and validated
  against a small schema; every prompt passes the redaction guardrail before it leaves.
- Every request is keyed by the SHA-256 of its canonical JSON; request and response (or
  error) are stored through ``CallStore``, and a replay answers from the store without any
  network call — so a screener run can be replayed exactly.
- Failures raise :class:`LLMError` subclasses (timeout, unavailable, malformed reply); the
  callers (agents) turn them into abstentions. The API key never appears in errors.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from ...domain.redaction_hook import scrub

SEED = 7


class LLMError(Exception):
    pass


class LLMTimeout(LLMError):
    pass


class LLMUnavailable(LLMError):
    pass


class LLMMalformed(LLMError):
    pass


class CallStore(Protocol):
    async def get(self, key: str) -> tuple[str | None, str | None] | None: ...

    async def put(self, key: str, provider: str, model: str, request: dict[str, Any],
                  response: str | None, error: str | None) -> None: ...


@dataclass(frozen=True)
class Schema:
    """Required keys with their types, and numeric ranges: enough to refuse a bad reply."""

    fields: dict[str, type | tuple[type, ...]]
    ranges: dict[str, tuple[float, float]]
    choices: dict[str, tuple[str, ...]]

    def validate(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise LLMMalformed("the reply is not a JSON object")
        for key, kind in self.fields.items():
            if key not in data:
                raise LLMMalformed(f"the reply lacks {key!r}")
            if not isinstance(data[key], kind) or isinstance(data[key], bool):
                raise LLMMalformed(f"{key!r} has the wrong type")
        for key, (lo, hi) in self.ranges.items():
            if not lo <= float(data[key]) <= hi:
                raise LLMMalformed(f"{key!r} = {data[key]} is outside [{lo}, {hi}]")
        for key, allowed in self.choices.items():
            if data[key] not in allowed:
                raise LLMMalformed(f"{key!r} = {data[key]!r} is not one of {allowed}")
        return data


class LLMClient:
    def __init__(self, base_url: str, model: str, *, provider: str = "custom",
                 api_key: str | None = None, timeout_s: float = 20.0,
                 store: CallStore | None = None, replay_only: bool = False) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.provider = provider
        self._key = api_key
        self._timeout = timeout_s
        self._store = store
        self.replay_only = replay_only
        self.keys_used: list[str] = []

    def __repr__(self) -> str:
        return f"LLMClient({self.provider}, {self.base_url}, {self.model})"

    def _client(self) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        return httpx.AsyncClient(timeout=self._timeout, headers=headers, trust_env=False)

    async def _http(self, method: str, path: str, body: dict[str, Any] | None = None
                    ) -> httpx.Response:
        """One HTTP exchange; transport failures become typed errors, non-200 too."""
        try:
            async with self._client() as http:
                reply = await http.request(method, f"{self.base_url}{path}", json=body)
        except httpx.TimeoutException:
            raise LLMTimeout(f"{self.provider} did not answer within {self._timeout:g} s") \
                from None
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"{self.provider} is not reachable ({type(exc).__name__})") \
                from None
        if reply.status_code != 200:
            raise LLMUnavailable(f"{self.provider} answered HTTP {reply.status_code}")
        return reply

    async def list_models(self) -> list[str]:
        reply = await self._http("GET", "/models")
        try:
            return [str(m["id"]) for m in reply.json()["data"]]
        except (ValueError, KeyError, TypeError):
            raise LLMMalformed("the model list is not OpenAI-shaped") from None

    async def chat_json(self, system: str, user: str, schema: Schema) -> dict[str, Any]:
        """One chat completion whose reply must be a JSON object matching ``schema``."""
        request = {"model": self.model, "temperature": 0, "seed": SEED,
                   "response_format": {"type": "json_object"},
                   "messages": [{"role": "system", "content": scrub(system)},
                                {"role": "user", "content": scrub(user)}]}
        key = hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False)
                             .encode("utf-8")).hexdigest()
        self.keys_used.append(key)
        text = await self._send(key, request)
        try:
            data = json.loads(text)
        except ValueError:
            raise LLMMalformed("the reply is not valid JSON") from None
        return schema.validate(data)

    async def _send(self, key: str, request: dict[str, Any]) -> str:
        if self._store is not None:
            stored = await self._store.get(key)
            if stored is not None:
                response, error = stored
                if response is not None:
                    return response
                if self.replay_only:
                    raise LLMError(f"replayed failure: {error}")
        if self.replay_only:
            raise LLMError("replay has no stored reply for this prompt")
        try:
            text = await self._post(request)
        except LLMError as exc:
            if self._store is not None:
                await self._store.put(key, self.provider, self.model, request, None,
                                      f"{type(exc).__name__}: {exc}")
            raise
        if self._store is not None:
            await self._store.put(key, self.provider, self.model, request, text, None)
        return text

    async def _post(self, request: dict[str, Any]) -> str:
        reply = await self._http("POST", "/chat/completions", request)
        try:
            content = reply.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMMalformed("the reply is not an OpenAI chat completion") from None
        if not isinstance(content, str):
            raise LLMMalformed("the reply has no text content")
        return content


SENTIMENT = Schema({"sentiment": str, "score": (int, float)}, {"score": (-1.0, 1.0)},
                   {"sentiment": ("positive", "negative", "neutral")})
SENTIMENT_SYSTEM = (
    "You classify the sentiment of one Vietnamese financial headline for the stock it "
    "names. Answer only with JSON: {\"sentiment\": \"positive\"|\"negative\"|\"neutral\", "
    "\"score\": number from -1 to 1}.")


SYNTHESIS = Schema({"rationale": str}, {}, {})
SYNTHESIS_SYSTEM = (
    "You are an equity analyst. From the JSON evidence of several analysis agents for one "
    "Vietnamese stock, write two plain sentences for a retail investor explaining the "
    "overall view. Use only numbers that appear in the evidence. Answer only with JSON: "
    "{\"rationale\": \"...\"}.")


async def detect_local(
    timeout_s: float = 0.5, candidates: dict[str, str] | None = None
) -> dict[str, tuple[str, list[str]]]:
    """Which local servers are up: name -> (base URL, models). Loopback only, no key."""
    from .providers import PROVIDERS

    urls = candidates or {p.name: p.base_url for p in PROVIDERS.values() if p.local}
    found: dict[str, tuple[str, list[str]]] = {}
    for name, url in urls.items():
        try:
            found[name] = (url, await LLMClient(url, "", provider=name,
                                                timeout_s=timeout_s).list_models())
        except LLMError:
            continue
    return found
