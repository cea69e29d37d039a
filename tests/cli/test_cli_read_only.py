"""Read-only commands open the profile for reading only: no trading stack, no dead-letter
adoption, no migration, no backup, no checkpoint — the database file is byte-for-byte the
same after them (and its modification time too)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tradingtools_desktop.cli import main

READ_ONLY = [["order", "list"], ["order", "list", "--open", "--json"], ["data", "status"],
             ["data", "status", "--json"], ["screen", "list"], ["screen", "list", "--json"],
             ["portfolio"], ["portfolio", "positions", "--json"], ["portfolio", "pnl"]]


def _fingerprint(home: Path) -> tuple[str, int, list[str]]:
    profile = home / "profiles" / "default"
    db = profile / "trading.duckdb"
    return (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns,
            sorted(p.name for p in profile.rglob("*") if p.suffix in (".duckdb", ".wal")))


@pytest.fixture
def profile_with_an_order(tt_home, capsys, monkeypatch) -> str:
    monkeypatch.setenv("TRADINGTOOLS_FROZEN_TIME", "2026-11-25T10:00:00+07:00")
    assert main(["order", "place", "--exchange", "HOSE", "--symbol", "FPT", "--side", "buy",
                 "--qty", "100", "--price", "95", "--key", "ro-1", "--json"]) == 0
    import json

    order_id: str = json.loads(capsys.readouterr().out)["order"]["id"]
    return order_id


def test_read_only_commands_leave_the_database_file_unchanged(
        tt_home, capsys, profile_with_an_order) -> None:
    before = _fingerprint(tt_home)
    for argv in [*READ_ONLY, ["order", "status", profile_with_an_order[:10]]]:
        assert main(argv) == 0, argv
    out = capsys.readouterr().out
    assert profile_with_an_order[:12] in out and "FPT" in out
    assert _fingerprint(tt_home) == before


def test_order_status_reads_the_order_and_its_audit_without_the_stack(
        tt_home, capsys, profile_with_an_order) -> None:
    import json

    assert main(["order", "status", profile_with_an_order, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "SUBMITTED" and data["price_vnd"] == 95_000
    assert [a["to"] for a in data["audit"]][-1] == "SUBMITTED"
    assert main(["order", "status", "nope"]) == 2


def test_a_profile_that_does_not_exist_yet_is_created_the_ordinary_way(tt_home,
                                                                        capsys) -> None:
    assert main(["order", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert (tt_home / "profiles" / "default" / "trading.duckdb").exists()
