"""Numbered SQL migrations with a ``schema_version`` table and a backup before each run.

Files are ``migrations/NNN_name.sql`` inside the package. Opening a profile:
- fresh file: every migration runs, no backup (nothing to lose);
- older schema: the file is checkpointed and copied to ``backups/`` with a timestamp, then
  each pending migration runs in its own transaction and is recorded;
- newer schema (written by a later release): :class:`SchemaTooNew`, nothing is touched.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from .db import Database, Tx
from .errors import SchemaTooNew
from .permissions import private_dir, private_file

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files("tradingtools_desktop.store").joinpath("migrations").iterdir():
        m = _NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration numbers must be 1..N without gaps, got {versions}")
    return found


def latest_version() -> int:
    return len(load_migrations())


def _current_version(tx: Tx) -> int:
    exists = tx.one(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    )
    if not exists or not exists[0]:
        return 0
    row = tx.one("SELECT coalesce(max(version), 0) FROM schema_version")
    return int(row[0]) if row else 0


def _statements(sql: str) -> list[str]:
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def backup_file(db_path: Path, backups: Path, label: str) -> Path:
    private_dir(backups)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"{db_path.stem}-{stamp}-{label}.duckdb"
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copy2(db_path, partial)  # a copy cut short (full disk) is never a "backup"
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    private_file(partial)
    partial.replace(target)
    return target


@dataclass(frozen=True, slots=True)
class MigrationReport:
    from_version: int
    to_version: int
    backup: Path | None


async def migrate(db: Database, backups: Path | None,
                  migrations: list[Migration] | None = None) -> MigrationReport:
    """Bring ``db`` to the latest schema; see the module docstring."""
    migrations = migrations if migrations is not None else load_migrations()
    target = migrations[-1].version if migrations else 0
    current = await db.call(_current_version)
    if current > target:
        raise SchemaTooNew(current, target, db.path)
    if current == target:
        return MigrationReport(current, current, None)

    backup: Path | None = None
    if current > 0 and db.path is not None and backups is not None:
        await db.execute("CHECKPOINT")
        backup = backup_file(db.path, backups, f"v{current}")

    for mig in migrations:
        if mig.version <= current:
            continue

        def apply(tx: Tx, mig: Migration = mig) -> None:
            for stmt in _statements(mig.sql):
                tx.execute(stmt)
            tx.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [mig.version, mig.name, datetime.now(UTC)],
            )

        await db.transaction(apply)
    return MigrationReport(current, target, backup)
