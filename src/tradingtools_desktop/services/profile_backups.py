"""A profile's database backups: which exist (before each migration, before each
restore, the database of a deleted profile of that name), their schema versions read
read-only, and putting one back. No UI here: whether a TradingTools window holds the
profile is the caller's check (the CLI asks the single-instance server)."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..paths import ProfilePaths
from ..store.db import Database, Tx, connect_file, traced_execute
from ..store.errors import StoreError
from ..store.migrations import backup_file
from ..store.order_journal import SUFFIX as JOURNAL_SUFFIX
from ..store.order_journal import journal_path
from ..store.order_journal import recover as recover_journal
from ..store.permissions import private_dir, private_file
from ..vault import profiles as prof

__all__ = ["Backup", "DamagedDatabase", "check_tables", "database_held", "list_backups",
           "prune_rolling", "put_back", "rolling_backup_due", "schema_version_of",
           "set_current_aside", "sound_backup", "take_rolling_backup"]

ROLLING_LABEL = "daily"
ROLLING_KEEP = 7  # a week of daily copies
ROLLING_MAX_BYTES = 1_000_000_000  # and never more than 1 GB of them (the newest is kept)
ROLLING_EVERY_S = 20 * 3600  # "daily", whatever hour the app is started

_STAMP = r"(\d{8}T\d{12}Z)"
_BACKUP_NAME = re.compile(rf"^trading-{_STAMP}-(.+)\.duckdb$")
_WAL = ".wal"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Backup:
    index: int
    path: Path
    taken_at: datetime
    size_bytes: int
    schema_version: int | None  # None: not readable as a TradingTools database
    kind: str  # "before migration", "before restore", "deleted profile", "copy"

    def as_json(self) -> dict[str, object]:
        return {"index": self.index, "file": self.path.name, "path": str(self.path),
                "taken_at": self.taken_at.isoformat(), "size_bytes": self.size_bytes,
                "schema_version": self.schema_version, "kind": self.kind}


def _stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


def schema_version_of(path: Path) -> int | None:
    """The schema version of a DuckDB file, read read-only; None if it is not a readable
    TradingTools profile database (damaged, not DuckDB, no ``schema_version`` table)."""
    import duckdb

    try:
        conn = connect_file(path, read_only=True)
    except (duckdb.Error, OSError):
        return None
    try:
        found = traced_execute(conn, "SELECT count(*) FROM information_schema.tables "
                                     "WHERE table_name = 'schema_version'")
        if not found or not found[0][0]:
            return None
        row = traced_execute(conn, "SELECT coalesce(max(version), 0) FROM schema_version")
        return int(row[0][0]) if row else None
    except duckdb.Error:
        return None
    finally:
        conn.close()


class DamagedDatabase(StoreError):
    """A database (or a copy of it) failed the check: a page does not match its checksum,
    a table cannot be read, or it is not a TradingTools database."""


def check_tables(tx_or_conn: Tx | object) -> None:
    """Read every row of every table (DuckDB verifies each block's checksum as it reads
    it), so a damaged page is found now, not in a backup restored a month later. Raises
    :class:`DamagedDatabase` with the sentence; works on a :class:`Tx` or a raw connection."""
    import duckdb

    def run(sql: str) -> list[tuple[object, ...]]:
        if isinstance(tx_or_conn, Tx):
            return tx_or_conn.execute(sql)
        return traced_execute(tx_or_conn, sql)  # type: ignore[arg-type]

    try:
        tables = [str(r[0]) for r in run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name")]
        if "schema_version" not in tables:
            raise DamagedDatabase("The database has no schema_version table: it is not a "
                                  "TradingTools profile database.")
        for name in tables:
            quoted = '"' + name.replace('"', '""') + '"'
            run(f"SELECT count(*), bit_xor(hash(t)) FROM {quoted} AS t")
    except duckdb.Error as exc:
        raise DamagedDatabase(f"The database could not be read back in full: it is damaged "
                              f"({type(exc).__name__}).") from None


def sound_backup(path: Path) -> bool:
    """Whether the backup file at ``path`` opens read-only and reads back in full."""
    import duckdb

    try:
        conn = connect_file(path, read_only=True)
    except (duckdb.Error, OSError):
        return False
    try:
        check_tables(conn)
        return True
    except DamagedDatabase:
        return False
    finally:
        conn.close()


def list_backups(paths: ProfilePaths) -> list[Backup]:
    """The profile's database backups, newest first, numbered from 1."""
    found: list[tuple[Path, datetime, str]] = []
    if paths.backups.is_dir():
        for f in paths.backups.glob("*.duckdb"):
            m = _BACKUP_NAME.match(f.name)
            if m:
                kind = "before restore" if "before-restore" in m.group(2) else \
                    "daily" if m.group(2) == ROLLING_LABEL else "before migration"
                found.append((f, _stamp(m.group(1)), kind))
            else:
                found.append((f, datetime.fromtimestamp(f.stat().st_mtime, UTC), "copy"))
    deleted = paths.root / prof.DELETED_DIR
    if deleted.is_dir():
        pattern = re.compile(rf"^{re.escape(paths.name)}-{_STAMP}$")
        for d in deleted.iterdir():
            m = pattern.match(d.name)
            if m and (d / paths.db.name).is_file():
                found.append((d / paths.db.name, _stamp(m.group(1)), "deleted profile"))
    found.sort(key=lambda item: (item[1], item[0].name), reverse=True)
    return [Backup(i, f, when, f.stat().st_size, schema_version_of(f), kind)
            for i, (f, when, kind) in enumerate(found, start=1)]


def set_current_aside(paths: ProfilePaths) -> Path | None:
    """Copy the current database into backups/ (checkpointed first when it opens, so the
    copy is complete; a leftover .wal that cannot be checkpointed is copied beside it)."""
    if not paths.db.exists():
        return None
    import duckdb

    wal = paths.db.with_name(paths.db.name + _WAL)
    journal = journal_path(paths.db)
    try:
        conn = connect_file(paths.db)
        try:
            recover_journal(conn, paths.db)  # a crash's acknowledged orders go with it
            traced_execute(conn, "CHECKPOINT")
        finally:
            conn.close()
    except (duckdb.Error, OSError):
        pass  # damaged: kept exactly as it is, log and journal included
    version = schema_version_of(paths.db)
    label = f"v{version}-before-restore" if version is not None else "unreadable-before-restore"
    target = backup_file(paths.db, paths.backups, label)
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + _WAL))
    if journal.is_file() and journal.stat().st_size:
        shutil.copy2(journal, target.with_name(target.name + JOURNAL_SUFFIX))
    return target


def database_held(paths: ProfilePaths) -> bool:
    """Whether a process (or an open connection in this one) holds the profile's DB."""
    if not paths.db.exists():
        return False
    import duckdb

    try:
        connect_file(paths.db, read_only=True).close()
    except duckdb.Error as exc:
        text = str(exc).lower()
        # another process: DuckDB's file lock; this process: an open read-write connection
        return "lock" in text or "different configuration" in text
    return False  # a damaged file is still replaceable: that is what restoring is for


def put_back(source: Path, paths: ProfilePaths) -> tuple[Path | None, int | None]:
    """Replace the profile's database with ``source``: the current one is set aside first
    (so this can be undone), its stale WAL is never replayed on the backup, and the swap is
    an atomic rename. Returns (where the previous database went, the restored schema
    version). The caller has made sure nothing holds the profile."""
    paths.ensure()
    aside = set_current_aside(paths)
    staged = paths.db.with_name(paths.db.name + ".restoring")
    shutil.copy2(source, staged)
    wal = paths.db.with_name(paths.db.name + _WAL)
    wal.unlink(missing_ok=True)
    journal_path(paths.db).unlink(missing_ok=True)  # set aside with the database above
    source_wal = source.with_name(source.name + _WAL)
    if source_wal.is_file():
        shutil.copy2(source_wal, wal)
    os.replace(staged, paths.db)
    return aside, schema_version_of(paths.db)


def _rolling(paths: ProfilePaths) -> list[Path]:
    """The profile's rolling (daily) backups, newest first."""
    if not paths.backups.is_dir():
        return []
    found = []
    for f in paths.backups.glob("*.duckdb"):
        m = _BACKUP_NAME.match(f.name)
        if m and m.group(2) == ROLLING_LABEL:
            found.append((_stamp(m.group(1)), f))
    return [f for _, f in sorted(found, reverse=True)]


def rolling_backup_due(paths: ProfilePaths, now: datetime) -> bool:
    """Whether the newest daily backup is older than :data:`ROLLING_EVERY_S` (or none)."""
    newest = _rolling(paths)[:1]
    if not newest:
        return True
    m = _BACKUP_NAME.match(newest[0].name)
    assert m is not None
    return (now - _stamp(m.group(1))).total_seconds() >= ROLLING_EVERY_S


def prune_rolling(paths: ProfilePaths, *, keep: int = ROLLING_KEEP,
                  max_bytes: int = ROLLING_MAX_BYTES) -> list[Path]:
    """Delete the oldest daily backups beyond ``keep``, then while the daily backups take
    more than ``max_bytes`` (the newest is always kept). The newest daily backup that
    reads back in full (:func:`sound_backup`) is never deleted, wherever it stands: a run
    of damaged copies cannot rotate the last good one out. Other backups (before a
    migration, before a restore, deleted profiles) are never touched. Returns what was
    deleted."""
    files = _rolling(paths)
    good = next((f for f in files if sound_backup(f)), None)
    removed = files[keep:]
    kept = files[:keep]
    total = sum(f.stat().st_size for f in kept)
    while len(kept) > 1 and total > max_bytes:
        oldest = kept.pop()
        total -= oldest.stat().st_size
        removed.append(oldest)
    if good in removed:
        removed.remove(good)
    for f in removed:
        f.unlink(missing_ok=True)
        f.with_name(f.name + _WAL).unlink(missing_ok=True)
    return removed


async def take_rolling_backup(db: Database, paths: ProfilePaths, now: datetime, *,
                              force: bool = False) -> Path | None:
    """If due (or ``force``), copy the open database into backups/ as a daily backup: on
    the DB's own thread, checkpointed first, so the copy is complete and nothing writes
    while it is taken. The database is read back in full first (:func:`check_tables`) and
    the copy after: a damaged database, or a copy that does not read back, never joins
    the daily backups (it is removed; the good ones are left as they are, nothing is
    pruned). Then prune. A failure (full disk, damage) is logged, never raised: a backup
    must not stop the app from opening; the half-written copy is removed."""
    if db.path is None or not (force or rolling_backup_due(paths, now)):
        return None
    source = db.path

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.backups / f"{source.stem}-{stamp}-{ROLLING_LABEL}.duckdb"
    partial = target.with_name(target.name + ".partial")

    def copy(tx: Tx) -> None:
        tx.execute("CHECKPOINT")
        check_tables(tx)  # a damaged database is never copied in
        private_dir(paths.backups)
        shutil.copy2(source, partial)
        private_file(partial)

    try:
        await db.call(copy)
        if not await asyncio.to_thread(sound_backup, partial):
            raise DamagedDatabase("the copy did not read back in full (a disk or copy error)")
        partial.replace(target)
    except (OSError, StoreError) as exc:
        log.warning("daily backup of %s not taken: %s", paths.name,
                    getattr(exc, "user_message", exc))
        partial.unlink(missing_ok=True)
        return None
    await asyncio.to_thread(prune_rolling, paths)
    log.info("daily backup of %s: %s", paths.name, target.name)
    return target
