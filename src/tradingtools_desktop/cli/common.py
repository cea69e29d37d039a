"""Shared CLI plumbing: open a profile's services for one command, print results."""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..i18n import tr
from ..paths import ProfilePaths, profile_paths
from ..services.clock import Clock, ManualClock
from .inputs import aware_time, from_env

if TYPE_CHECKING:  # imported by the commands that open it: read-only ones do not
    from ..services.runtime import AppServices

EXIT_STORE = 3


def paths_for(profile: str | None) -> ProfilePaths:
    return profile_paths(profile)


def clock_from_env() -> Clock | None:
    """``TRADINGTOOLS_FROZEN_TIME`` (ISO-8601 with offset) pins the dry-run clock: for
    practising at a market time outside market hours, and for tests. Live trading refuses
    to run under it (the OMS checks ``SystemClock``). A bad value is a :class:`UsageError`
    (exit 2 with its sentence)."""
    when = from_env(lambda text: aware_time(text, tr("the time")), "TRADINGTOOLS_FROZEN_TIME")
    return ManualClock(when) if when is not None else None


def with_services[T](profile: str | None, fn: Callable[[AppServices], Awaitable[T]]) -> T:
    """Open the profile, run ``fn``, always close the DB. StoreError -> message, exit 3."""
    import asyncio

    from ..services.runtime import AppServices
    from ..store import StoreError

    async def run() -> T:
        services = await AppServices.open(paths_for(profile), clock=clock_from_env())
        try:
            return await fn(services)
        finally:
            await services.stop()

    try:
        return asyncio.run(run())
    except StoreError as exc:
        from . import error_text

        print(error_text(exc), file=sys.stderr)
        raise SystemExit(EXIT_STORE) from None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


async def unlock_vault(svc: AppServices) -> None:
    """Unlock the profile's vault for a command that reads keys (doctor's connection
    checks, ``portfolio --live``, the screener's AI keys): with
    ``TRADINGTOOLS_VAULT_PASSPHRASE``, or a hidden prompt when there is a terminal, as
    ``secrets`` and ``profile`` do. A keychain vault or no vault at all needs nothing; a
    wrong passphrase raises the vault's error (``main`` prints it, exit 4)."""
    from .secrets import ready

    if svc.vault is not None:
        await ready(svc.vault)
