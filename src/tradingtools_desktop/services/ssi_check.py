"""The SSI FastConnect connection check (access token, then the cash balance)."""

from __future__ import annotations

from collections.abc import Mapping


async def check_ssi(values: Mapping[str, str], url: str | None, timeout_s: float) -> str:
    from ..brokers.ssi.check import connection_check

    return await connection_check(values, url, timeout_s)
