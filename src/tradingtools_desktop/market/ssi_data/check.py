"""The wizard's / doctor's FastConnect Data check: the real AccessToken call, then one
small read (the HOSE index list) to prove the token is accepted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .client import SsiDataClient
from .config import SsiDataConfig, SsiDataCredentials


async def connection_check(values: Mapping[str, str], url: str | None,
                           timeout_s: float) -> str:
    """Raises on failure (the caller reports it); the message never carries a secret."""
    config = SsiDataConfig(timeout=timeout_s, read_attempts=1, requests_per_second=50)
    if url:
        config = replace(config, base_url=url.rstrip("/"))
    creds = SsiDataCredentials(values["ssi_data.consumer_id"],
                               values["ssi_data.consumer_secret"])
    async with SsiDataClient(config, creds) as client:
        await client.access_token()
        indices = await client.index_list("HOSE")
    return f"token received; {len(indices)} HOSE indices listed"
