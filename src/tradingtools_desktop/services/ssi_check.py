"""The SSI FastConnect connection check (access token, then the cash balance)."""

from __future__ import annotations

from collections.abc import Mapping


async def check_ssi(values: Mapping[str, str], url: str | None, timeout_s: float) -> str:
    try:
        from ..brokers.ssi import client as ssi_client
    except ImportError:
        raise RuntimeError("the SSI FastConnect adapter is not part of this build yet") \
            from None
    checker = getattr(ssi_client, "connection_check", None)
    if checker is None:
        raise RuntimeError("the SSI FastConnect adapter in this build has no connection "
                           "check yet")
    result: str = await checker(values, url, timeout_s)
    return result
