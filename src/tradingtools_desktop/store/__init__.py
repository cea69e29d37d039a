"""DuckDB store: one connection owner per profile, migrations, repositories, tracing."""

from __future__ import annotations

from pathlib import Path

from .db import Database, Tx, traced_execute
from .errors import (
    DatabaseCorrupt,
    DatabaseReadOnly,
    ProfileInUse,
    SchemaTooNew,
    StorageFull,
    StoreError,
)
from .migrations import MigrationReport, migrate


async def open_database(
    path: Path | None, backups: Path | None
) -> tuple[Database, MigrationReport]:
    """Open (creating if needed) and migrate a profile database. ``None`` path = in memory."""
    db = Database(path)
    await db.connect()
    try:
        report = await migrate(db, backups)
    except BaseException:
        await db.close()
        raise
    return db, report


__all__ = [
    "Database",
    "DatabaseCorrupt",
    "DatabaseReadOnly",
    "MigrationReport",
    "ProfileInUse",
    "SchemaTooNew",
    "StorageFull",
    "StoreError",
    "Tx",
    "open_database",
    "traced_execute",
]
