"""The wizard's SSI connection check: get an access token, then read the cash balance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .client import FastConnectClient
from .models import SsiCredentials, TwoFactorType
from .session import SsiConfig


async def connection_check(values: Mapping[str, str], url: str | None,
                           timeout_s: float) -> str:
    """Raises on failure (the caller reports it); the message never carries a secret."""
    two_factor = TwoFactorType.OTP if values.get("ssi.two_factor", "PIN").upper() == "OTP" \
        else TwoFactorType.PIN
    config = SsiConfig(account=values["ssi.account"], timeout=timeout_s, read_attempts=1)
    if url:
        config = replace(config, base_url=url)
    creds = SsiCredentials(values["ssi.consumer_id"], values["ssi.consumer_secret"],
                           values["ssi.private_key"], two_factor, values.get("ssi.pin"))
    async with FastConnectClient(config, creds) as client:
        await client.authenticate()
        balance = await client.cash_account_balance()
    return (f"token received; account {balance.account} purchasing power "
            f"{balance.purchasing_power:,} VND")
