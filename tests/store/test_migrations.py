from __future__ import annotations

import asyncio
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tradingtools_desktop.store import (
    DatabaseCorrupt,
    ProfileInUse,
    SchemaTooNew,
    open_database,
)
from tradingtools_desktop.store.db import Database
from tradingtools_desktop.store.migrations import (
    Migration,
    latest_version,
    load_migrations,
    migrate,
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_when_file_is_new_then_all_migrations_run_without_backup(tmp_path: Path) -> None:
    async def go() -> None:
        db, report = await open_database(tmp_path / "t.duckdb", tmp_path / "backups")
        assert (report.from_version, report.to_version) == (0, latest_version())
        assert report.backup is None
        rows = await db.execute("SELECT version FROM schema_version ORDER BY version")
        assert [r[0] for r in rows] == list(range(1, latest_version() + 1))
        await db.close()

    asyncio.run(go())
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_migrate_when_schema_is_older_then_backup_taken_and_data_kept(tmp_path: Path) -> None:
    path, backups = tmp_path / "t.duckdb", tmp_path / "backups"
    base = load_migrations()
    extra = Migration(len(base) + 1, "test_extra",
                      "CREATE TABLE extra (id INTEGER); INSERT INTO extra VALUES (7);")

    async def go() -> None:
        db, _ = await open_database(path, backups)
        await db.execute("INSERT INTO app_state VALUES ('k', 'v', now())")
        report = await migrate(db, backups, [*base, extra])
        assert (report.from_version, report.to_version) == (len(base), len(base) + 1)
        assert report.backup is not None and report.backup.exists()
        assert await db.one("SELECT value FROM app_state WHERE key = 'k'") == ("v",)
        assert await db.one("SELECT id FROM extra") == (7,)
        await db.close()
        # the backup is the pre-migration database: it opens and has no `extra` table
        old = Database(report.backup)
        await old.connect()
        assert await old.one("SELECT max(version) FROM schema_version") == (len(base),)
        tables = await old.execute("SELECT table_name FROM information_schema.tables")
        assert ("extra",) not in tables
        await old.close()

    asyncio.run(go())


def test_migrate_when_a_migration_fails_then_nothing_of_it_is_applied(tmp_path: Path) -> None:
    base = load_migrations()
    broken = Migration(len(base) + 1, "broken", "CREATE TABLE half (id INTEGER); SELEKT 1;")

    async def go() -> None:
        db, _ = await open_database(tmp_path / "t.duckdb", tmp_path / "b")
        with pytest.raises(Exception, match="syntax"):
            await migrate(db, tmp_path / "b", [*base, broken])
        assert await db.one("SELECT max(version) FROM schema_version") == (len(base),)
        tables = await db.execute("SELECT table_name FROM information_schema.tables")
        assert ("half",) not in tables
        await db.close()

    asyncio.run(go())


def test_open_when_schema_is_newer_then_refused_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"

    async def make_newer() -> None:
        db, _ = await open_database(path, None)
        await db.execute("INSERT INTO schema_version VALUES (99, 'future', now())")
        await db.close()

    asyncio.run(make_newer())
    before = _sha(path)
    with pytest.raises(SchemaTooNew) as err:
        asyncio.run(open_database(path, tmp_path / "backups"))
    assert err.value.found == 99
    assert "rollback" in err.value.way_out
    assert _sha(path) == before


def test_open_when_file_is_garbage_then_corrupt_error_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    path.write_bytes(b"this is not a duckdb file" * 500)
    before = _sha(path)
    with pytest.raises(DatabaseCorrupt) as err:
        asyncio.run(open_database(path, tmp_path / "backups"))
    assert "backup" in err.value.way_out
    assert _sha(path) == before


def test_open_when_another_process_holds_the_file_then_profile_in_use(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(ProfileInUse):
            asyncio.run(open_database(path, None))
    finally:
        holder.communicate("")
