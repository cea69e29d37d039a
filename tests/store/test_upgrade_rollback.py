"""Upgrade and rollback of a real profile DB of the first release (docs/upgrade.md,
docs/rollback.md).

The fixture ``tests/fixtures/profiles/r1/trading.duckdb`` was written by the first release's
own code (scripts/make_release_fixture.py; tests/fixtures/SOURCES.md): its migrations,
dry-run orders and fills, the cash ledger, the kill switch history, a passphrase vault with
two made-up values, a screener run. Every test works on a copy in tmp_path; the fixture is
never opened in place. Nothing here hard-codes the current schema version: it comes from
load_migrations().
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.store import SchemaTooNew, open_database
from tradingtools_desktop.store.db import Database
from tradingtools_desktop.store.migrations import Migration, load_migrations, migrate

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "profiles" / "r1" / "trading.duckdb"
PASSPHRASE = "fixture-passphrase-not-a-secret"  # made up; scripts/make_release_fixture.py


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    cols: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        cols.setdefault(table, []).append(column)
    return cols


def _freeze(value: Any) -> Any:
    """Rows as hashable values (DuckDB returns LIST / STRUCT / MAP columns as list / dict)."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def snapshot(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, Counter[Any]]:
    """Every row of every table (or of the given tables and columns), as multisets."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        wanted = columns if columns is not None else _tables(con)
        out: dict[str, Counter[Any]] = {}
        for table, cols in wanted.items():
            names = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {names} FROM "{table}"').fetchall()
            out[table] = Counter(_freeze(r) for r in rows)
        return out
    finally:
        con.close()


def schema(path: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _tables(con)
    finally:
        con.close()


def version_of(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        assert row is not None
        return int(row[0])
    finally:
        con.close()


R1_VERSION = version_of(FIXTURE)
R1_SCHEMA = schema(FIXTURE)


def newer_migrations() -> list[Migration]:
    """The current migrations; when this build adds none after the first release, one
    harmless extra stands in for "a newer release" so the paths are still exercised."""
    current = load_migrations()
    if current[-1].version > R1_VERSION:
        return current
    return [*current, Migration(len(current) + 1, "newer_release_stand_in",
                                "CREATE TABLE newer_release_stand_in (id INTEGER);")]


def r1_migrations() -> list[Migration]:
    """The first release's migrations: the current files up to its version (they are never
    edited once released; checked against the names the fixture recorded)."""
    return load_migrations()[:R1_VERSION]


@pytest.fixture
def r1_profile(tmp_path: Path) -> Path:
    """A copy of the fixture as the default profile's DB under a temp TRADINGTOOLS_HOME."""
    db = tmp_path / "tt-home" / "profiles" / "default" / "trading.duckdb"
    db.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE, db)
    return db


def test_fixture_is_a_first_release_profile_with_real_rows() -> None:
    rows = snapshot(FIXTURE)
    assert R1_VERSION >= 1
    assert load_migrations()[-1].version >= R1_VERSION
    names = [name for _v, name, _at in sorted(rows["schema_version"])]
    assert names == [m.name for m in r1_migrations()]  # released migrations never change
    for table in ("orders", "fills", "order_audit", "cash_ledger", "app_state",
                  "state_changes", "vault_keys", "vault_secrets", "screener_runs"):
        assert sum(rows[table].values()) > 0, table
    statuses = {r[R1_SCHEMA["orders"].index("status")] for r in rows["orders"]}
    assert {"FILLED", "CANCELLED", "DENIED"} <= statuses


def test_upgrade_from_r1_keeps_every_row_and_backs_up_first(r1_profile: Path) -> None:
    fixture_sha = _sha(FIXTURE)
    before = snapshot(r1_profile)
    backups = r1_profile.parent / "backups"
    migrations = newer_migrations()

    async def go() -> None:
        db = Database(r1_profile)
        await db.connect()
        try:
            report = await migrate(db, backups, migrations)
        finally:
            await db.close()
        assert (report.from_version, report.to_version) == (R1_VERSION, migrations[-1].version)
        # the backup is in the profile's backups dir and is the r1 database, row for row
        assert report.backup is not None and report.backup.parent == backups
        assert [p.name for p in backups.iterdir()] == [report.backup.name]
        assert f"-v{R1_VERSION}" in report.backup.name
        assert snapshot(report.backup) == before
        assert version_of(report.backup) == R1_VERSION

    asyncio.run(go())
    # every row of every r1 table, in the r1 columns, is still there, and nothing else
    assert snapshot(r1_profile, R1_SCHEMA) == {**before, "schema_version": snapshot(
        r1_profile, {"schema_version": R1_SCHEMA["schema_version"]})["schema_version"]}
    after_versions = snapshot(r1_profile, {"schema_version": ["version"]})["schema_version"]
    assert sorted(v for (v,) in after_versions) == [m.version for m in migrations]
    assert version_of(r1_profile) == migrations[-1].version
    assert _sha(FIXTURE) == fixture_sha  # the fixture itself was never touched


def test_upgrade_through_the_app_keeps_orders_state_and_vault(
        r1_profile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own start-up path (AppServices.open) on the r1 profile: it migrates after a
    backup and everything the user had is there, the vault unlocks with its passphrase."""
    from tradingtools_desktop.services.runtime import AppServices

    if load_migrations()[-1].version == R1_VERSION:
        pytest.skip("this build has no migration after the first release")
    root = r1_profile.parent.parent.parent
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(root))
    before = snapshot(r1_profile)
    col = R1_SCHEMA["orders"].index
    r1_orders = {r[col("id")]: r[col("status")] for r in before["orders"]}
    r1_state = dict((r[0], r[1]) for r in before["app_state"])["trading_state"]

    async def go() -> None:
        services = await AppServices.open(profile_paths("default", root))
        try:
            assert services.migration.from_version == R1_VERSION
            assert services.migration.backup is not None
            assert services.migration.backup.exists()
            assert services.trading.state.value == r1_state
            history = {o.id: o.status.value for o in await services.orders.history(10_000)}
            assert history == r1_orders
            assert services.vault is not None
            await services.vault.unlock(PASSPHRASE)
            assert await services.vault.get("ai.model") == "fixture-model-not-real"
        finally:
            await services.stop()

    asyncio.run(go())
    after = snapshot(r1_profile, R1_SCHEMA)
    for table in ("orders", "fills", "order_audit", "cash_ledger", "state_changes",
                  "vault_keys", "vault_secrets", "screener_runs", "screener_results",
                  "universe_members"):
        assert not before[table] - after[table], f"{table}: rows lost in the upgrade"


def test_newer_schema_is_refused_untouched_and_points_to_the_rollback_guide(
        r1_profile: Path) -> None:
    """A downgrade: the DB was upgraded by a newer release; this one refuses to open it."""
    backups = r1_profile.parent / "backups"
    newer = [*load_migrations(), Migration(len(load_migrations()) + 1, "from_the_future",
                                           "CREATE TABLE from_the_future (id INTEGER);")]

    async def go() -> None:
        db = Database(r1_profile)
        await db.connect()
        await migrate(db, backups, newer)  # what the newer release did
        await db.close()
        written = _sha(r1_profile)
        taken = sorted(backups.iterdir())
        with pytest.raises(SchemaTooNew) as caught:
            await open_database(r1_profile, backups)  # this release
        exc = caught.value
        assert (exc.found, exc.supported) == (newer[-1].version, load_migrations()[-1].version)
        assert "docs/rollback.md" in exc.way_out
        assert str(exc.found) in exc.user_message
        assert _sha(r1_profile) == written  # refused without touching the file
        assert sorted(backups.iterdir()) == taken  # and without another backup

    asyncio.run(go())


def test_rollback_restores_the_backup_and_the_old_release_opens_it(r1_profile: Path) -> None:
    """docs/rollback.md: after an upgrade, the old release refuses the upgraded file; the
    backup taken before the upgrade, copied back, opens in the old release with every row."""
    backups = r1_profile.parent / "backups"
    before = snapshot(r1_profile)

    async def go() -> None:
        db = Database(r1_profile)
        await db.connect()
        report = await migrate(db, backups, newer_migrations())
        # the newer release goes on writing
        await db.execute("INSERT INTO app_state VALUES ('written.after.upgrade', 'x', now())")
        await db.close()
        assert report.backup is not None

        old = Database(r1_profile)
        await old.connect()
        with pytest.raises(SchemaTooNew):
            await migrate(old, backups, r1_migrations())
        await old.close()

        # rollback: the app closed, the backup copied over the profile's database
        shutil.copyfile(report.backup, r1_profile)
        old = Database(r1_profile)
        await old.connect()
        rolled = await migrate(old, backups, r1_migrations())
        await old.close()
        assert (rolled.from_version, rolled.to_version, rolled.backup) == (
            R1_VERSION, R1_VERSION, None)

    asyncio.run(go())
    assert schema(r1_profile) == R1_SCHEMA
    assert snapshot(r1_profile) == before  # what was written after the upgrade is gone
