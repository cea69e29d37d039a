"""The Vault on a real DuckDB file: round trip, passphrase path, tamper detection, rotation,
revoke (with the bus event), environment overrides, audit."""

from __future__ import annotations

import asyncio
from pathlib import Path

import duckdb
import pytest
from tests.vault.helpers import FAST_N, PASSPHRASE, run, with_vault

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.events import SecretRevoked
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.store import Database
from tradingtools_desktop.vault import (
    InvalidSecretValue,
    KeychainUnavailable,
    Protection,
    Vault,
    VaultLocked,
    VaultNotInitialised,
    VaultTampered,
    WeakPassphrase,
    WrongPassphrase,
)

API_KEY = "sk-roundtrip-0123456789"
PIN = "246810"


def _raw(path: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _store_two(path: Path) -> None:
    async def body(db: Database, vault: Vault) -> None:
        await vault.set("ai.api_key", API_KEY)
        await vault.set("ssi.pin", PIN)

    with_vault(path, body)


def test_set_get_when_reopened_with_the_passphrase_then_values_round_trip(db_path) -> None:
    _store_two(db_path)

    async def body(db: Database, vault: Vault) -> tuple[str | None, str | None, str | None]:
        return (await vault.get("ai.api_key"), await vault.get("ssi.pin"),
                await vault.get("telegram.bot_token"))

    assert with_vault(db_path, body) == (API_KEY, PIN, None)
    blobs = b"".join(bytes(r[0]) for r in _raw(db_path, "SELECT ciphertext FROM vault_secrets"))
    assert API_KEY.encode() not in blobs and PIN.encode() not in blobs
    assert db_path.read_bytes().find(API_KEY.encode()) == -1


def test_get_when_reopened_without_passphrase_then_locked_and_wrong_one_is_refused(
        db_path) -> None:
    _store_two(db_path)

    async def locked(db: Database, vault: Vault) -> None:
        with pytest.raises(VaultLocked):
            await vault.get("ai.api_key")
        with pytest.raises(WrongPassphrase) as info:
            await vault.unlock("not the right passphrase")
        assert "not the right" not in str(info.value)
        await vault.unlock(PASSPHRASE)
        assert await vault.get("ai.api_key") == API_KEY
        trail = await vault.audit_trail()
        assert ("vault key", "UNLOCK_FAILED") in [(e.name, e.action) for e in trail]

    with_vault(db_path, locked, passphrase=None)


def test_uninitialised_vault_when_read_then_none_and_set_needs_setup(db_path) -> None:
    async def body(db: Database, vault: Vault) -> None:
        assert await vault.get("ai.api_key") is None
        assert not (await vault.status()).initialised
        with pytest.raises(VaultNotInitialised):
            await vault.set("ai.api_key", API_KEY)
        with pytest.raises(WeakPassphrase):
            await vault.initialise(Protection.PASSPHRASE, "short")
        # the test sandbox has no keychain: a clear refusal, never a plaintext fallback
        with pytest.raises(KeychainUnavailable) as info:
            await vault.initialise(Protection.KEYCHAIN)
        assert "no OS keychain" in info.value.user_message
        assert not (await vault.status()).initialised

    with_vault(db_path, body, init=False)


@pytest.mark.parametrize("damage", ["flip", "truncate", "swap", "empty"])
def test_read_when_ciphertext_damaged_then_vault_tampered_names_it_and_keeps_the_row(
        db_path, damage: str) -> None:
    _store_two(db_path)
    blob = bytes(_raw(db_path, "SELECT ciphertext FROM vault_secrets WHERE name = 'ssi.pin'")
                 [0][0])
    if damage == "flip":
        bad = blob[:20] + bytes([blob[20] ^ 0x40]) + blob[21:]
    elif damage == "truncate":
        bad = blob[:-5]
    elif damage == "empty":
        bad = b""
    else:  # the other secret's row, moved here
        bad = bytes(_raw(db_path, "SELECT ciphertext FROM vault_secrets "
                                  "WHERE name = 'ai.api_key'")[0][0])
    _raw(db_path, "UPDATE vault_secrets SET ciphertext = ? WHERE name = 'ssi.pin'", [bad])

    async def body(db: Database, vault: Vault) -> None:
        with pytest.raises(VaultTampered) as info:
            await vault.get("ssi.pin")
        assert info.value.name == "ssi.pin" and "ssi.pin" in info.value.user_message
        assert await vault.get("ai.api_key") == API_KEY  # the others are fine
        listed = {i.name: i for i in await vault.list_secrets()}
        assert listed["ssi.pin"].problem and "tampered" in listed["ssi.pin"].problem
        assert listed["ssi.pin"].masked is None and listed["ai.api_key"].masked == "****6789"
        with pytest.raises(VaultTampered):  # nothing is silently re-encrypted or dropped
            await vault.rotate(passphrase="a brand new passphrase")
        trail = [(e.name, e.action) for e in await vault.audit_trail()]
        assert ("ssi.pin", "TAMPER_DETECTED") in trail and ("*", "ROTATE") not in trail

    with_vault(db_path, body)
    after = _raw(db_path, "SELECT ciphertext FROM vault_secrets WHERE name = 'ssi.pin'")
    assert bytes(after[0][0]) == bad  # left exactly as found
    assert len(_raw(db_path, "SELECT * FROM vault_keys")) == 1


def test_unlock_when_wrapped_key_or_kdf_record_damaged_then_refused_clearly(db_path) -> None:
    _store_two(db_path)
    _raw(db_path, "UPDATE vault_keys SET kdf = '{\"kdf\": \"scrypt\", \"n\": 2}'")

    async def body(db: Database, vault: Vault) -> None:
        with pytest.raises(VaultTampered) as info:
            await vault.unlock(PASSPHRASE)
        assert info.value.name == "vault key"

    with_vault(db_path, body, passphrase=None)


def test_rotate_when_passphrase_vault_then_new_key_same_values_old_passphrase_dead(
        db_path) -> None:
    _store_two(db_path)
    before = dict(_raw(db_path, "SELECT name, ciphertext FROM vault_secrets"))
    key_before = _raw(db_path, "SELECT key_id, wrapped_key FROM vault_keys")
    changed_before = dict(_raw(db_path, "SELECT name, updated_at FROM vault_secrets"))

    async def body(db: Database, vault: Vault) -> None:
        report = await vault.rotate(passphrase="the second passphrase")
        assert report.secrets == 2 and report.protection is Protection.PASSPHRASE
        assert await vault.get("ssi.pin") == PIN

    with_vault(db_path, body)
    keys = _raw(db_path, "SELECT key_id, wrapped_key FROM vault_keys")
    assert len(keys) == 1 and keys[0][0] != key_before[0][0]
    after = dict(_raw(db_path, "SELECT name, ciphertext FROM vault_secrets"))
    assert all(after[n] != before[n] for n in before)
    assert dict(_raw(db_path, "SELECT name, updated_at FROM vault_secrets")) == changed_before
    assert {r[0] for r in _raw(db_path, "SELECT DISTINCT key_id FROM vault_secrets")} == \
        {keys[0][0]}

    async def old(db: Database, vault: Vault) -> None:
        with pytest.raises(WrongPassphrase):
            await vault.unlock(PASSPHRASE)
        await vault.unlock("the second passphrase")
        assert await vault.get("ai.api_key") == API_KEY

    with_vault(db_path, old, passphrase=None)


def test_revoke_when_secret_stored_then_gone_and_subscribers_told_at_once(db_path) -> None:
    _store_two(db_path)

    async def body(db: Database, vault: Vault) -> None:
        heard: list[str] = []
        vault.on_revoked(heard.append)
        vault.on_revoked(lambda name: 1 / 0)  # a failing subscriber stops nobody
        vault.lock()  # revoke works even on a locked vault
        assert await vault.revoke("ai.api_key") is True
        assert heard == ["ai.api_key"]
        assert await vault.revoke("ai.api_key") is False
        assert heard == ["ai.api_key"]
        await vault.unlock(PASSPHRASE)
        assert await vault.get("ai.api_key") is None and await vault.get("ssi.pin") == PIN
        trail = [(e.name, e.action, e.source) for e in await vault.audit_trail()]
        assert trail[0] == ("ai.api_key", "REVOKE", "app")

    with_vault(db_path, body)


def test_revoke_through_app_services_then_secret_revoked_event_on_the_bus(tt_home) -> None:
    paths = profile_paths("p1", tt_home)

    async def body() -> list[SecretRevoked]:
        services = await AppServices.open(paths)
        seen: list[SecretRevoked] = []
        services.bus.subscribe(SecretRevoked, seen.append)
        assert services.vault is not None
        await services.vault.initialise(Protection.PASSPHRASE, PASSPHRASE)
        await services.vault.set("telegram.bot_token", "12345:abcdefghijklmnop")
        await services.vault.revoke("telegram.bot_token")
        await services.stop()
        assert not services.vault.is_unlocked  # stop forgets the key
        return seen

    seen = asyncio.run(body())
    assert [e.name for e in seen] == ["telegram.bot_token"]


def test_env_override_when_set_then_wins_is_listed_as_env_and_never_stored(db_path) -> None:
    env = {"TRADINGTOOLS_SSI_CONSUMER_SECRET": "env-consumer-secret-42",
           "TRADINGTOOLS_AI_API_KEY": "sk-from-env-0000111122"}

    async def body(db: Database, vault: Vault) -> None:
        await vault.set("ai.api_key", API_KEY)
        assert await vault.get("ssi.consumer_secret") == "env-consumer-secret-42"
        assert await vault.get("ai.api_key") == "sk-from-env-0000111122"
        listed = {i.name: i for i in await vault.list_secrets()}
        assert (listed["ai.api_key"].source, listed["ai.api_key"].masked) == ("env", "****1122")
        assert listed["ssi.consumer_secret"].source == "env"
        assert await vault.stored_values() == {"ai.api_key": API_KEY}  # what an export gets
        # a revoke also stops this process from using the override
        assert await vault.revoke("ssi.consumer_secret") is True
        assert await vault.get("ssi.consumer_secret") is None

    with_vault(db_path, body, env=env)
    names = {r[0] for r in _raw(db_path, "SELECT name FROM vault_secrets")}
    assert names == {"ai.api_key"}
    assert db_path.read_bytes().find(b"env-consumer-secret-42") == -1


def test_set_many_when_one_value_invalid_then_nothing_stored(db_path) -> None:
    async def body(db: Database, vault: Vault) -> None:
        with pytest.raises(InvalidSecretValue) as info:
            await vault.set_many({"ai.api_key": API_KEY, "ssi.two_factor": "SMS"})
        assert info.value.name == "ssi.two_factor"
        assert await vault.stored_values() == {}

    with_vault(db_path, body)


def test_audit_when_values_change_then_rows_hold_names_and_actions_never_values(
        db_path) -> None:
    _store_two(db_path)

    async def body(db: Database, vault: Vault) -> None:
        await vault.rotate(passphrase="another passphrase 123")
        await vault.revoke("ssi.pin")

    with_vault(db_path, body)
    rows = _raw(db_path, "SELECT name, action, source FROM vault_audit ORDER BY id")
    assert [(n, a) for n, a, _ in rows] == [
        ("*", "INIT"), ("ai.api_key", "SET"), ("ssi.pin", "SET"), ("*", "ROTATE"),
        ("ssi.pin", "REVOKE")]
    text = repr(_raw(db_path, "SELECT * FROM vault_audit"))
    assert API_KEY not in text and PIN not in text


def test_reset_when_passphrase_lost_then_everything_destroyed_and_a_new_vault_can_start(
        db_path) -> None:
    _store_two(db_path)

    async def body(db: Database, vault: Vault) -> None:
        await vault.reset()
        assert not (await vault.status()).initialised
        await vault.initialise(Protection.PASSPHRASE, "a fresh start passphrase")
        assert await vault.get("ai.api_key") is None

    with_vault(db_path, body, passphrase=None)
    assert _raw(db_path, "SELECT count(*) FROM vault_secrets") == [(0,)]


def test_reprs_when_printed_then_hold_no_key_or_value(db_path) -> None:
    async def body(db: Database, vault: Vault) -> str:
        await vault.set("ai.api_key", API_KEY)
        from tradingtools_desktop.vault import repo

        rec = await db.call(repo.load_key)
        rows = await db.call(repo.secret_rows)
        return repr(vault) + repr(rec) + repr(rows) + repr(await vault.list_secrets())

    text = with_vault(db_path, body)
    assert API_KEY not in text and "wrapped_key=" not in text and "ciphertext=" not in text


def test_concurrent_sets_and_rotation_when_interleaved_then_every_value_readable(
        db_path) -> None:
    async def body(db: Database, vault: Vault) -> None:
        names = ["ai.api_key", "ai.model", "vnstock.api_key", "ssi.consumer_id"]
        await asyncio.gather(*(vault.set(n, f"value-{n}-xyz") for n in names[:2]),
                             vault.rotate(passphrase="rotated passphrase 1"),
                             *(vault.set(n, f"value-{n}-xyz") for n in names[2:]))
        assert [await vault.get(n) for n in names] == [f"value-{n}-xyz" for n in names]

    with_vault(db_path, body)


def test_status_when_passphrase_vault_then_kdf_parameters_are_recorded(db_path) -> None:
    async def body(db: Database, vault: Vault) -> None:
        st = await vault.status()
        assert st.protection is Protection.PASSPHRASE and st.unlocked
        assert st.kdf == f"scrypt n={FAST_N} r=8 p=1"

    with_vault(db_path, body)
    kdf = _raw(db_path, "SELECT kdf FROM vault_keys")[0][0]
    assert '"salt"' in str(kdf) and '"n": 32768' in str(kdf)


def test_vault_on_memory_db_when_run_then_works_too() -> None:
    async def body() -> str | None:
        db = await open_db_memory()
        vault = Vault(db, env={}, scrypt_n=FAST_N)
        await vault.initialise(Protection.PASSPHRASE, PASSPHRASE)
        await vault.set("ai.model", "llama3.1")
        value = await vault.get("ai.model")
        await db.close()
        return value

    assert run(body()) == "llama3.1"


async def open_db_memory() -> Database:
    from tradingtools_desktop.store import open_database

    db, _ = await open_database(None, None)
    return db




def test_plain_settings_in_the_vault_are_not_masked_but_keys_are(db_path) -> None:
    """A model name must reach the model (and a replay's prompt hash); a key never shows."""
    from tradingtools_desktop.domain.redaction_hook import scrub

    async def body(db: Database, vault: Vault) -> None:
        await vault.set_many({"ai.model": "qwen2.5:1.5b-plain", "ai.base_url":
                              "http://127.0.0.1:11434/v1", "ai.api_key": API_KEY})
        assert await vault.get("ai.model") == "qwen2.5:1.5b-plain"

    with_vault(db_path, body)
    text = f"model qwen2.5:1.5b-plain at http://127.0.0.1:11434/v1 with {API_KEY}"
    assert scrub(text).startswith("model qwen2.5:1.5b-plain at http://127.0.0.1:11434/v1")
    assert API_KEY not in scrub(text)
