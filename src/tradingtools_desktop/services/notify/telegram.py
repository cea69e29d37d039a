"""Telegram Bot API client (getMe, sendMessage) over httpx.

Contract: messages go only to the configured chat; every text passes the redaction
guardrail first; sends are retried a bounded number of times; the bot token (it is part of
the URL path) never appears in errors, and httpx's request logging is kept below INFO so
the URL is never written to a log.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from ...domain.redaction_hook import register_secret, scrub

API = "https://api.telegram.org"
logging.getLogger("httpx").setLevel(logging.WARNING)


class TelegramError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class BotInfo:
    id: int
    username: str


class TelegramBot:
    def __init__(self, token: str, chat_id: str, *, api: str = API, timeout_s: float = 10.0,
                 retries: int = 3) -> None:
        register_secret(token)
        self._token = token
        self.chat_id = chat_id
        self._api = api.rstrip("/")
        self._timeout = timeout_s
        self._retries = retries

    def __repr__(self) -> str:
        return f"TelegramBot(chat={self.chat_id})"

    async def _call(self, method: str, payload: dict[str, Any] | None = None) -> Any:
        url = f"{self._api}/bot{self._token}/{method}"
        try:
            async with httpx.AsyncClient(timeout=self._timeout, trust_env=False) as http:
                reply = await (http.post(url, json=payload) if payload is not None
                               else http.get(url))
        except httpx.TimeoutException:
            raise TelegramError(f"Telegram did not answer within {self._timeout:g} s") \
                from None
        except httpx.HTTPError as exc:
            raise TelegramError(f"Telegram is not reachable ({type(exc).__name__})") from None
        try:
            body = reply.json()
        except ValueError:
            raise TelegramError(f"Telegram answered HTTP {reply.status_code} without JSON") \
                from None
        if not body.get("ok"):
            raise TelegramError(f"Telegram refused: {scrub(str(body.get('description')))} "
                                f"(HTTP {reply.status_code})")
        return body["result"]

    async def get_me(self) -> BotInfo:
        result = await self._call("getMe")
        return BotInfo(int(result["id"]), str(result.get("username", "")))

    async def send(self, text: str) -> None:
        """Send to the configured chat, with bounded retries; the last error is raised."""
        payload = {"chat_id": self.chat_id, "text": scrub(text)[:4000]}
        for attempt in range(self._retries):
            try:
                await self._call("sendMessage", payload)
                return
            except TelegramError:
                if attempt == self._retries - 1:
                    raise
                await asyncio.sleep(0.2 * 2 ** attempt)
