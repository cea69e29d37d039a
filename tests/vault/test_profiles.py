"""Profiles on disk: create, list, switch, rename (secrets keep working), delete with a
backup, refusal while another process holds the database."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.vault.helpers import PASSPHRASE, with_vault

from tradingtools_desktop.paths import active_profile, profile_paths
from tradingtools_desktop.store import Database, ProfileInUse
from tradingtools_desktop.vault import ProfileExists, ProfileNotFound, Vault
from tradingtools_desktop.vault import profiles as prof


def test_create_list_switch_when_two_profiles_then_active_marker_follows(tt_home) -> None:
    prof.create_profile("ssi-main", tt_home)
    prof.create_profile("paper", tt_home, activate=True)
    assert [(p.name, p.active) for p in prof.list_profiles(tt_home)] == [
        ("paper", True), ("ssi-main", False)]
    prof.switch_profile("ssi-main", tt_home)
    assert active_profile(tt_home) == "ssi-main"
    with pytest.raises(ProfileExists):
        prof.create_profile("paper", tt_home)
    with pytest.raises(ProfileNotFound):
        prof.switch_profile("nope", tt_home)
    with pytest.raises(ValueError):
        prof.create_profile("../escape", tt_home)


def test_rename_when_profile_has_secrets_then_they_still_decrypt(tt_home) -> None:
    paths = prof.create_profile("old-name", tt_home, activate=True)

    async def put(db: Database, vault: Vault) -> None:
        await vault.set("ai.api_key", "sk-survives-a-rename")

    with_vault(paths.db, put)
    new = prof.rename_profile("old-name", "new-name", tt_home)
    assert not paths.dir.exists() and active_profile(tt_home) == "new-name"

    async def get(db: Database, vault: Vault) -> str | None:
        return await vault.get("ai.api_key")

    assert with_vault(new.db, get, passphrase=PASSPHRASE) == "sk-survives-a-rename"


def test_delete_when_confirmed_then_moved_to_a_backup_and_another_profile_active(
        tt_home) -> None:
    prof.create_profile("keep", tt_home)
    paths = prof.create_profile("gone", tt_home, activate=True)
    (paths.dir / "marker.txt").write_text("data")
    backup = prof.delete_profile("gone", tt_home)
    assert not paths.dir.exists()
    assert (backup / "marker.txt").read_text() == "data"
    assert backup.parent == tt_home / "deleted-profiles"
    assert active_profile(tt_home) == "keep"
    assert [p.name for p in prof.list_profiles(tt_home)] == ["keep"]


def test_delete_when_another_process_holds_the_database_then_refused(tt_home: Path) -> None:
    paths = prof.create_profile("busy", tt_home)

    async def make(db: Database, vault: Vault) -> None:
        return None

    with_vault(paths.db, make)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(paths.db)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ProfileInUse):
            prof.delete_profile("busy", tt_home)
        with pytest.raises(ProfileInUse):
            prof.rename_profile("busy", "other", tt_home)
        assert paths.dir.exists()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    prof.delete_profile("busy", tt_home)
    assert not profile_paths("busy", tt_home).dir.exists()
