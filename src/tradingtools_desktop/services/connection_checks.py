"""Connection checks for the setup wizard and ``tradingtools doctor``.

Each check uses the service's real protocol with the values the user typed (or the vault
holds), runs concurrently with the others under a timeout, and never raises: it returns OK
or FAILED with the reason and the latency. A failed check never blocks a dry-run start.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..agents.llm.client import LLMClient, LLMError
from .notify.telegram import API as TELEGRAM_API
from .notify.telegram import TelegramBot, TelegramError


class CheckState(StrEnum):
    OK = "OK"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"


@dataclass(frozen=True, slots=True)
class ConnectionResult:
    service: str
    state: CheckState
    detail: str
    latency_ms: int | None


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where each service lives; tests point these at local servers on 127.0.0.1."""

    telegram_api: str = field(default_factory=lambda: os.environ.get(
        "TRADINGTOOLS_TELEGRAM_API", TELEGRAM_API))
    # None: the SSI adapter's own default; TRADINGTOOLS_SSI_URL points at a simulator
    ssi_url: str | None = field(default_factory=lambda: os.environ.get("TRADINGTOOLS_SSI_URL"))
    # None: SSI's FastConnect Data host; TRADINGTOOLS_SSI_DATA_URL points at its simulator
    ssi_data_url: str | None = field(
        default_factory=lambda: os.environ.get("TRADINGTOOLS_SSI_DATA_URL"))
    vnstock_env: Mapping[str, str] | None = None


Check = Callable[[], Awaitable[str]]


async def _timed(service: str, check: Check | None, why_skipped: str,
                 timeout_s: float) -> ConnectionResult:
    if check is None:
        return ConnectionResult(service, CheckState.SKIPPED, why_skipped, None)
    start = time.perf_counter()
    try:
        detail = await asyncio.wait_for(check(), timeout_s)
    except TimeoutError:
        return ConnectionResult(service, CheckState.FAILED, f"no answer within {timeout_s:g} s",
                                int((time.perf_counter() - start) * 1000))
    except Exception as exc:  # a check reports; it never breaks the wizard
        text = str(exc) or type(exc).__name__
        short = text if len(text) <= 180 else text[:177] + "…"
        return ConnectionResult(service, CheckState.FAILED, short,
                                int((time.perf_counter() - start) * 1000))
    return ConnectionResult(service, CheckState.OK, detail,
                            int((time.perf_counter() - start) * 1000))


async def run_checks(values: Mapping[str, str], cache_dir: Path,
                     endpoints: Endpoints | None = None,
                     timeout_s: float = 15.0,
                     on_result: Callable[[ConnectionResult], None] | None = None,
                     ) -> list[ConnectionResult]:
    """Every check at once; ``on_result`` hears each one as it ends (a check without its
    key ends at once as SKIPPED), the list comes back when all have."""
    ep = endpoints or Endpoints()
    v = {k: s for k, s in values.items() if s}

    async def vnstock() -> str:
        from ..market.vnstock_worker import VnstockProvider

        provider = VnstockProvider(cache_dir, timeout_s=timeout_s,
                                   extra_env=dict(ep.vnstock_env or {}))
        rows = await provider.call("price_board", symbols=["FPT"])
        if not rows:  # vnstock's board source answers an empty table when it is not reached
            raise RuntimeError("no quote for FPT came back: no internet, or vnstock refused")
        return f"quote for FPT received ({len(rows)} row)"

    async def ai() -> str:
        client = LLMClient(v["ai.base_url"], v.get("ai.model", ""),
                           api_key=v.get("ai.api_key"), timeout_s=timeout_s)
        try:
            models = await client.list_models()
        except LLMError as exc:
            raise RuntimeError(str(exc)) from None
        model = v.get("ai.model")
        if model and model not in models:
            raise RuntimeError(f"the server is up but has no model {model!r} "
                               f"(it has: {', '.join(models[:5]) or 'none'})")
        return f"{len(models)} model(s) available" + (f", {model} among them" if model else "")

    async def telegram() -> str:
        bot = TelegramBot(v["telegram.bot_token"], v.get("telegram.chat_id", ""),
                          api=ep.telegram_api, timeout_s=timeout_s)
        try:
            me = await bot.get_me()
        except TelegramError as exc:
            raise RuntimeError(str(exc)) from None
        return f"bot @{me.username} is reachable"

    async def ssi() -> str:
        from ..brokers.ssi.check import connection_check  # loads the SSI client on use

        return await connection_check(v, ep.ssi_url, timeout_s)

    async def ssi_data() -> str:
        from ..market.ssi_data.check import connection_check as data_check

        return await data_check(v, ep.ssi_data_url, timeout_s)

    ssi_keys = ("ssi.consumer_id", "ssi.consumer_secret", "ssi.private_key", "ssi.account")
    data_keys = ("ssi_data.consumer_id", "ssi_data.consumer_secret")

    async def told(check: Awaitable[ConnectionResult]) -> ConnectionResult:
        result = await check
        if on_result is not None:
            on_result(result)
        return result

    return list(await asyncio.gather(*(told(c) for c in (
        _timed("vnstock", vnstock, "", timeout_s),
        _timed("SSI FastConnect", ssi if all(k in v for k in ssi_keys) else None,
               "ConsumerID, ConsumerSecret, private key and account are needed", timeout_s),
        _timed("SSI FastConnect Data", ssi_data if all(k in v for k in data_keys) else None,
               "no FastConnect Data key entered", timeout_s),
        _timed("AI provider", ai if "ai.base_url" in v else None, "no AI endpoint entered",
               timeout_s),
        _timed("Telegram", telegram if "telegram.bot_token" in v else None,
               "no bot token entered", timeout_s),
    ))))


async def configured_values(vault: object) -> tuple[dict[str, str], str | None]:
    """The profile's stored values for the checks, or why they cannot be read now."""
    from ..vault import NAMES, Vault, VaultError

    if not isinstance(vault, Vault):
        return {}, "this profile has no vault"
    values: dict[str, str] = {}
    try:
        for name in NAMES:
            value = await vault.get(name)
            if value:
                values[name] = value
    except VaultError as exc:
        return values, str(exc)
    return values, None
