"""The AI provider the screener uses, from the vault (or TRADINGTOOLS_AI_* overrides).

Read on first use, not at start-up; a passphrase-protected vault that is still locked means
"no AI provider" for this run (the run metadata says so). Revoking any ``ai.*`` secret drops
the client at once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..agents.llm.client import LLMClient
from ..agents.llm.providers import PROVIDERS
from ..store.db import Database
from ..store.llm_calls import DuckDBCallStore
from ..vault import Vault
from ..vault.errors import VaultError, VaultLocked


def provider_name(base_url: str) -> str:
    for p in PROVIDERS.values():
        if urlsplit(p.base_url).netloc == urlsplit(base_url).netloc:
            return p.name
    return "custom"


async def ai_client(vault: Vault | None, db: Database) -> tuple[LLMClient | None, str]:
    if vault is None:
        return None, "no vault in this profile"
    try:
        base = await vault.get("ai.base_url")
        model = await vault.get("ai.model")
        key = await vault.get("ai.api_key")
    except VaultLocked:
        stored = {i.name for i in await vault.list_secrets() if i.source == "vault"}
        if {"ai.base_url", "ai.model"} & stored:
            return None, ("an AI provider is stored but the vault is locked, so it was not "
                          "used: unlock the vault to use it")
        return None, "the vault is locked and no AI provider is known"
    except VaultError as exc:
        return None, f"AI keys unavailable ({type(exc).__name__})"
    if not base or not model:
        return None, "no AI provider configured"
    return (LLMClient(base, model, provider=provider_name(base), api_key=key,
                      store=DuckDBCallStore(db)), f"AI provider {provider_name(base)} ({model})")
