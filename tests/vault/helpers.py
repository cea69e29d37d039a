"""Vault test helpers: a file-backed profile DB and a runner for async bodies.

Vaults here use scrypt n=2**15 (the accepted minimum) to keep the suite quick; the
production default (2**17) is exercised by the CLI tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from tradingtools_desktop.store import Database, open_database
from tradingtools_desktop.vault import Protection, Vault

PASSPHRASE = "correct horse battery staple"
FAST_N = 2**15


def run[T](coro: Awaitable[T]) -> T:
    async def wrap() -> T:
        return await coro

    return asyncio.run(wrap())


async def open_db(path: Path) -> Database:
    db, _ = await open_database(path, path.parent / "backups")
    return db


def with_vault[T](path: Path, body: Callable[[Database, Vault], Awaitable[T]], *,
               env: dict[str, str] | None = None, init: bool = True,
               passphrase: str | None = PASSPHRASE) -> T:
    """Open the DB at ``path``, build a Vault (initialised with ``passphrase`` when
    ``init`` and not yet set up; unlocked otherwise), run ``body``, close."""
    async def go() -> T:
        db = await open_db(path)
        try:
            vault = Vault(db, env=env or {}, scrypt_n=FAST_N)
            st = await vault.status()
            if init and not st.initialised:
                await vault.initialise(Protection.PASSPHRASE, passphrase)
            elif st.initialised and passphrase is not None:
                await vault.unlock(passphrase)
            return await body(db, vault)
        finally:
            await db.close()

    return asyncio.run(go())
