"""Daily backups never let a damaged database in, and rotation never evicts the newest
good copy. The damage is made for real: bytes of a data block overwritten on disk, which
DuckDB finds when it reads the block (its checksum no longer matches)."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from tradingtools_desktop.paths import ProfilePaths
from tradingtools_desktop.services import profile_backups as pb
from tradingtools_desktop.store.db import Database


def _make_db(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE schema_version (version INTEGER)")
    conn.execute("INSERT INTO schema_version VALUES (10)")
    conn.execute("CREATE TABLE orders AS SELECT range AS id, 'order ' || range AS reason "
                 "FROM range(300000)")
    conn.close()


def _damage_a_data_block(path: Path) -> None:
    """Overwrite bytes where the file still opens and reads its schema version but a
    table's data no longer reads back (found by trying, not assumed)."""
    pristine = path.read_bytes()
    for offset in range(12_288 + 4_096, len(pristine), 16_384):
        damaged = bytearray(pristine)
        damaged[offset:offset + 64] = b"\xa5" * 64
        path.write_bytes(bytes(damaged))
        if pb.schema_version_of(path) == 10 and not pb.sound_backup(path):
            return
    raise AssertionError("no offset damaged the data alone")


def _daily(paths: ProfilePaths, day: int) -> Path:
    stamp = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day)).strftime(
        "%Y%m%dT%H%M%S%fZ")
    return paths.backups / f"trading-{stamp}-daily.duckdb"


def test_a_sound_database_is_checked_copied_and_the_copy_reads_back(tmp_path: Path) -> None:
    paths = ProfilePaths(tmp_path, "p")
    _make_db(paths.db)
    assert pb.sound_backup(paths.db)

    async def go() -> Path | None:
        db = Database(paths.db)
        await db.connect()
        try:
            return await pb.take_rolling_backup(db, paths, datetime.now(UTC), force=True)
        finally:
            await db.close()

    taken = asyncio.run(go())
    assert taken is not None and pb.sound_backup(taken)
    assert [p.name for p in paths.backups.iterdir()] == [taken.name]  # no leftovers


def test_a_damaged_database_is_not_backed_up_and_the_good_backups_stay(
        tmp_path: Path) -> None:
    paths = ProfilePaths(tmp_path, "p")
    _make_db(paths.db)
    paths.backups.mkdir(parents=True)
    good = [_daily(paths, day) for day in range(pb.ROLLING_KEEP)]
    for f in good:
        shutil.copy2(paths.db, f)
    _damage_a_data_block(paths.db)

    async def go() -> Path | None:
        db = Database(paths.db)
        await db.connect()  # it still opens: the damage is in a table's data
        try:
            return await pb.take_rolling_backup(db, paths, datetime.now(UTC), force=True)
        finally:
            await db.close()

    assert asyncio.run(go()) is None
    assert sorted(paths.backups.iterdir()) == sorted(good)  # none rotated out, none added
    assert all(pb.sound_backup(f) for f in good)


def test_rotation_never_evicts_the_newest_good_backup(tmp_path: Path) -> None:
    paths = ProfilePaths(tmp_path, "p")
    _make_db(paths.db)
    paths.backups.mkdir(parents=True)
    good = _daily(paths, 0)
    shutil.copy2(paths.db, good)
    older_good = _daily(paths, -1)
    shutil.copy2(paths.db, older_good)
    _damage_a_data_block(paths.db)
    damaged = [_daily(paths, day) for day in range(1, pb.ROLLING_KEEP + 3)]
    for f in damaged:  # e.g. taken by an older version from an already damaged file
        shutil.copy2(paths.db, f)
    removed = pb.prune_rolling(paths)
    assert good.exists() and good not in removed
    assert older_good in removed  # only the newest good one is held back
    left = [f for f in damaged if f.exists()]
    assert left == damaged[-pb.ROLLING_KEEP:]  # the count rule still holds for the rest
    pb.prune_rolling(paths, max_bytes=1)  # the size rule keeps the newest ... and the good
    assert good.exists() and damaged[-1].exists()
    assert sorted(paths.backups.iterdir()) == sorted([good, damaged[-1]])
