"""Storage faults made for real — a truncated file, damaged pages, a read-only disk, a
second process holding the lock, a full disk — each get their own message and way out, and
nothing is left half-written. Rolling backups and private permissions likewise.

The read-only and full-disk cases mount a small tmpfs (root in the test container); where
mounting is not allowed they are skipped, saying so."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from tradingtools_desktop.cli import main
from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services import profile_backups as pb

PLACE = ["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
         "--qty", "100", "--price", "95", "--key", "k-full", "--json"]
BLOCK, HEADER = 262_144, 12_288  # DuckDB's block size and file header


def _db(home: Path) -> Path:
    return home / "profiles" / "default" / "trading.duckdb"


def _make_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["state"]) == 0
    capsys.readouterr()


def _damage_every_block(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as f:
        for offset in range(HEADER + BLOCK, size, BLOCK):
            f.seek(offset + 8)  # past the stored checksum: the content no longer matches it
            f.write(b"\xde\xad" * 64)


def _doctor_duckdb(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str]]:
    code = main(["doctor", "--offline", "--json"])
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    return code, rows["duckdb"]


def test_doctor_reads_every_table_of_a_healthy_profile(tt_home, capsys) -> None:
    _make_profile(capsys)
    _, row = _doctor_duckdb(capsys)
    assert row["status"] == "OK" and "tables read back" in row["detail"]


def test_a_truncated_file_is_called_truncated_by_doctor(tt_home, capsys) -> None:
    _make_profile(capsys)
    db = _db(tt_home)
    os.truncate(db, db.stat().st_size // 2)
    code, row = _doctor_duckdb(capsys)
    assert code == 1 and row["status"] == "FAIL"
    assert "truncated" in row["detail"] and "profile restore" in row["detail"]


def test_damaged_pages_are_found_by_doctor_and_a_command_meeting_them_exits_3(
        tt_home, capsys) -> None:
    _make_profile(capsys)
    _damage_every_block(_db(tt_home))
    code, row = _doctor_duckdb(capsys)
    assert code == 1 and row["status"] == "FAIL" and "damaged" in row["detail"]
    assert main(["data", "status"]) == 3
    err = capsys.readouterr().err
    assert "damaged or truncated" in err and "profile restore" in err
    assert "Traceback" not in err


def test_a_second_process_holding_the_lock_is_named_as_such(tt_home, capsys) -> None:
    _make_profile(capsys)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"c = duckdb.connect({str(_db(tt_home))!r})\nprint('held', flush=True)\n"
         "sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert main(["state"]) == 3
        err = capsys.readouterr().err
        assert "open in another process" in err and "close it" in err
        _, row = _doctor_duckdb(capsys)
        assert row["status"] == "OK" and "open in the running app" in row["detail"]
    finally:
        holder.communicate("")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                        capture_output=True, check=False).returncode == 0
    if not ok:
        pytest.skip("cannot mount a tmpfs here (needs root): read-only and full-disk faults "
                    "not exercised")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_a_read_only_disk_is_called_read_only_not_damaged(small_disk, capsys,
                                                          monkeypatch) -> None:
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(small_disk / "home"))
    _make_profile(capsys)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert main(["state"]) == 3
    err = capsys.readouterr().err
    assert "read-only" in err and "damaged" not in err and "writable" in err
    _, row = _doctor_duckdb(capsys)
    assert row["status"] == "FAIL" and "read-only" in row["detail"]


def test_a_full_disk_refuses_the_order_with_its_message_and_leaves_nothing_half_written(
        small_disk, capsys, monkeypatch) -> None:
    home = small_disk / "home"
    monkeypatch.setenv("TRADINGTOOLS_HOME", str(home))
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    _make_profile(capsys)
    filler = small_disk / "filler"
    with filler.open("wb") as f:  # fill the disk for real
        try:
            while True:
                f.write(b"\0" * 65_536)
                f.flush()
        except OSError:
            pass
    code = main(PLACE)
    err = capsys.readouterr().err
    assert code == 3 and "is full" in err and "Free some disk space" in err
    assert "Traceback" not in err
    filler.unlink()
    conn = duckdb.connect(str(_db(home)), read_only=True)
    try:
        rows = conn.execute("SELECT status FROM orders WHERE idempotency_key = 'k-full'")
        assert rows.fetchall() == []  # no PENDING_SUBMIT left behind
    finally:
        conn.close()
    assert main(PLACE) == 0  # space again: the same ticket goes through
    assert json.loads(capsys.readouterr().out)["order"]["status"] == "SUBMITTED"


def test_rolling_backups_at_start_daily_kept_n_and_size_bounded(tt_home, capsys) -> None:
    _make_profile(capsys)
    paths = profile_paths()
    daily = [b for b in pb.list_backups(paths) if b.kind == "daily"]
    assert len(daily) == 1  # taken at the first start
    _make_profile(capsys)
    assert len([b for b in pb.list_backups(paths) if b.kind == "daily"]) == 1  # not due yet
    assert pb.rolling_backup_due(paths, datetime.now(UTC) + timedelta(hours=21))
    # ten days of copies: only the newest ROLLING_KEEP stay, other kinds untouched
    other = paths.backups / "trading-20250101T000000000000Z-v5.duckdb"
    other.write_bytes(b"x" * 10)
    for day in range(10):
        stamp = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day)).strftime(
            "%Y%m%dT%H%M%S%fZ")
        (paths.backups / f"trading-{stamp}-daily.duckdb").write_bytes(b"d" * 1000)
    removed = pb.prune_rolling(paths)
    left = sorted(b.path.name for b in pb.list_backups(paths) if b.kind == "daily")
    assert len(left) == pb.ROLLING_KEEP and len(removed) == 11 - pb.ROLLING_KEEP
    assert other.exists()
    newest = daily[0].size_bytes
    pb.prune_rolling(paths, max_bytes=newest + 2_500)  # room for the newest and two more
    assert len([b for b in pb.list_backups(paths) if b.kind == "daily"]) == 3
    pb.prune_rolling(paths, max_bytes=1)  # the newest is kept whatever its size
    assert [b.path.name for b in pb.list_backups(paths) if b.kind == "daily"] == [
        daily[0].path.name]


def test_profile_folders_are_0700_and_files_0600_and_old_ones_are_fixed(
        tt_home, capsys) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    _make_profile(capsys)
    profile = tt_home / "profiles" / "default"
    for d in (profile, profile / "backups", profile / "logs"):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
    for f in (_db(tt_home), profile / "logs" / "tradingtools.log",
              *(profile / "backups").glob("*.duckdb")):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    # files an older version left world-readable are fixed on the next open
    _db(tt_home).chmod(0o644)
    profile.chmod(0o755)
    _make_profile(capsys)
    assert stat.S_IMODE(_db(tt_home).stat().st_mode) == 0o600
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700
