"""``tradingtools profile backups`` / ``profile restore``: backups taken the way migrations
take them (``store.migrations.backup_file``) or by ``profile delete``; restore sets the
current database aside first (undoable), drops a stale WAL, reports the schema, and refuses
while the profile is held (an open AppServices, or a running window)."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import duckdb
import pytest

from tradingtools_desktop.cli import main
from tradingtools_desktop.cli import profile as cli_profile
from tradingtools_desktop.paths import ProfilePaths, profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.store import SchemaTooNew
from tradingtools_desktop.store.migrations import backup_file, latest_version

NAME = "paper"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_profile, "has_terminal", lambda: False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def _set(paths: ProfilePaths, value: str) -> None:
    async def go() -> None:
        svc = await AppServices.open(paths)
        try:
            await svc.app_state.set("note", value, reason="test", source="test")
        finally:
            await svc.stop()
    asyncio.run(go())


def _get(paths: ProfilePaths) -> str | None:
    async def go() -> str | None:
        svc = await AppServices.open(paths)
        try:
            return await svc.app_state.get("note")
        finally:
            await svc.stop()
    return asyncio.run(go())


def _profile(tt_home: Path) -> ProfilePaths:
    assert main(["profile", "create", NAME]) == 0
    paths = profile_paths(NAME, tt_home)
    _set(paths, "before")
    return paths


def _backups(capsys) -> list[dict[str, object]]:
    """The backups other than the daily ones (taken at each start; these tests are about
    the others, which are all newer than the first start's daily copy)."""
    capsys.readouterr()
    assert main(["profile", "backups", "--name", NAME, "--json"]) == 0
    return [b for b in json.loads(capsys.readouterr().out) if b["kind"] != "daily"]


def test_restore_when_confirmed_then_rows_back_previous_kept_and_undoable(
        tt_home, capsys) -> None:
    paths = _profile(tt_home)
    taken = backup_file(paths.db, paths.backups, f"v{latest_version()}")  # as migrations do
    _set(paths, "after")

    [only] = _backups(capsys)
    assert only["index"] == 1 and only["file"] == taken.name
    assert only["schema_version"] == latest_version() and only["kind"] == "before migration"
    assert main(["profile", "backups", "--name", NAME]) == 0
    table = capsys.readouterr().out
    assert taken.name in table and f"v{latest_version()}" in table

    assert main(["profile", "restore", "1", "--name", NAME, "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"schema v{latest_version()}" in out and "kept the previous database" in out
    assert _get(paths) == "before"

    listed = _backups(capsys)
    assert [b["kind"] for b in listed] == ["before restore", "before migration"]
    # undo: restore the copy the restore set aside
    assert main(["profile", "restore", str(listed[0]["file"]), "--name", NAME,
                 "--yes"]) == 0
    assert _get(paths) == "after"


def test_restore_when_a_stale_wal_is_left_then_it_is_removed_and_kept_with_the_old_db(
        tt_home, capsys) -> None:
    paths = _profile(tt_home)
    backup_file(paths.db, paths.backups, f"v{latest_version()}")
    wal = paths.db.with_name(paths.db.name + ".wal")
    wal.write_bytes(b"not a wal of the backup")
    assert main(["profile", "restore", "1", "--name", NAME, "--yes"]) == 0
    assert not wal.exists()
    kept = [p.name for p in paths.backups.iterdir() if p.name.endswith(".wal")]
    assert len(kept) == 1 and "before-restore" in kept[0]
    assert _get(paths) == "before"


def test_restore_when_profile_open_in_app_services_then_refused_and_nothing_changed(
        tt_home, capsys) -> None:
    paths = _profile(tt_home)
    backup_file(paths.db, paths.backups, f"v{latest_version()}")

    async def while_open() -> int:
        svc = await AppServices.open(paths)
        try:
            await svc.app_state.set("note", "open", reason="test", source="test")
            return main(["profile", "restore", "1", "--name", NAME, "--yes"])
        finally:
            await svc.stop()

    assert asyncio.run(while_open()) == 3
    assert "open in another process" in capsys.readouterr().err
    assert len(_backups(capsys)) == 1  # no copy set aside, nothing replaced
    assert _get(paths) == "open"


def test_restore_when_the_window_holds_the_profile_then_refused(tt_home, capsys,
                                                                qapp) -> None:
    from tradingtools_desktop.ui.single_instance import SingleInstance

    paths = _profile(tt_home)
    backup_file(paths.db, paths.backups, f"v{latest_version()}")
    guard = SingleInstance(str(paths.db.resolve()))
    assert guard.listen()
    try:
        assert main(["profile", "restore", "1", "--name", NAME, "--yes"]) == 3
    finally:
        guard.close()
    assert "TradingTools has the profile" in capsys.readouterr().err
    assert _get(paths) == "before"


def test_restore_needs_confirmation_and_a_real_backup(tt_home, capsys) -> None:
    paths = _profile(tt_home)
    daily = len(list(paths.backups.glob("*-daily.duckdb")))  # taken at the first start
    assert main(["profile", "restore", str(daily + 1), "--name", NAME, "--yes"]) == 2
    assert f"no backup number {daily + 1}" in capsys.readouterr().err
    backup_file(paths.db, paths.backups, f"v{latest_version()}")
    assert main(["profile", "restore", "1", "--name", NAME]) == 2  # no terminal, no --yes
    assert "needs confirmation" in capsys.readouterr().err
    junk = paths.backups / "trading-20260101T000000000000Z-v1.duckdb"
    junk.write_bytes(b"this is not duckdb")
    listed = _backups(capsys)
    assert [b["schema_version"] for b in listed] == [latest_version(), None]
    assert main(["profile", "restore", str(junk), "--name", NAME, "--yes"]) == 3
    assert "not a readable TradingTools profile database" in capsys.readouterr().err
    assert _get(paths) == "before"


def test_restore_when_backup_is_newer_than_this_version_then_it_says_so(
        tt_home, capsys) -> None:
    paths = _profile(tt_home)
    newer = backup_file(paths.db, paths.backups, f"v{latest_version() + 1}")
    conn = duckdb.connect(str(newer))
    conn.execute("INSERT INTO schema_version (version, name, applied_at) "
                 "VALUES (?, 'future', now())", [latest_version() + 1])
    conn.close()
    assert main(["profile", "restore", "1", "--name", NAME, "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"schema v{latest_version() + 1}" in out and "newer" in out
    with pytest.raises(SchemaTooNew):
        _get(paths)


def test_deleted_profile_when_listed_then_restorable_under_its_name(tt_home, capsys) -> None:
    paths = _profile(tt_home)
    assert main(["profile", "delete", NAME, "--yes"]) == 0
    [deleted] = _backups(capsys)
    assert deleted["kind"] == "deleted profile"
    assert main(["profile", "restore", "1", "--name", NAME, "--yes"]) == 0
    assert "kept the previous database" not in capsys.readouterr().out  # there was none
    assert _get(paths) == "before"
