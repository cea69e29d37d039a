"""The keychain path.

Unit tests of which backends are refused run everywhere. The ``keychain`` tests need a REAL
Secret Service that is not the user's: run them with
``scripts/with-test-keyring.sh .venv/bin/python -m pytest -m keychain`` (a throwaway
gnome-keyring on a private D-Bus session). Without it they skip and say why.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.vault.helpers import FAST_N, PASSPHRASE, open_db

from tradingtools_desktop.vault import (
    KeychainKeyMissing,
    KeychainUnavailable,
    OSKeychain,
    Protection,
    Vault,
)
from tradingtools_desktop.vault.keychain import refusal_reason


def _backend(module: str, name: str, **attrs: object) -> object:
    return type(name, (), {"__module__": module, **attrs})()


@pytest.mark.parametrize(("module", "name", "refused"), [
    ("keyring.backends.fail", "Keyring", "no OS keychain"),
    ("keyring.backends.null", "Keyring", "disabled"),
    ("keyrings.alt.file", "PlaintextKeyring", "without OS protection"),
    ("keyrings.alt.file", "EncryptedKeyring", "without OS protection"),
    ("keyrings.alt.Gnome", "Keyring", "without OS protection"),
    ("somevendor.backend", "Base64Keyring", "without OS protection"),
    ("keyring.backends.SecretService", "Keyring", None),
    ("keyring.backends.macOS", "Keyring", None),
    ("keyring.backends.Windows", "WinVaultKeyring", None),
])
def test_refusal_reason_when_backend_not_protective_then_refused(
        module: str, name: str, refused: str | None) -> None:
    why = refusal_reason(_backend(module, name))
    assert (why is None) if refused is None else (why is not None and refused in why)


def test_refusal_reason_when_chainer_holds_a_plaintext_backend_then_refused() -> None:
    good = _backend("keyring.backends.SecretService", "Keyring")
    bad = _backend("keyrings.alt.file", "PlaintextKeyring")
    assert refusal_reason(_backend("keyring.backends.chainer", "ChainerBackend",
                                   backends=[good])) is None
    assert refusal_reason(_backend("keyring.backends.chainer", "ChainerBackend",
                                   backends=[good, bad])) is not None
    assert refusal_reason(_backend("keyring.backends.chainer", "ChainerBackend",
                                   backends=[])) is not None


def test_os_keychain_when_sandbox_fail_backend_then_unusable_with_reason_and_refuses_io(
        monkeypatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    chain = OSKeychain(service="TradingTools-test")
    st = chain.status()
    assert not st.usable and "no OS keychain" in st.reason
    with pytest.raises(KeychainUnavailable):
        chain.put("user", b"k" * 32)


# -- against a real Secret Service ---------------------------------------------------------
@pytest.fixture
def real_keychain() -> Iterator[OSKeychain]:
    if os.environ.get("TRADINGTOOLS_TEST_KEYRING") != "1":
        pytest.skip("needs a throwaway keyring: run under scripts/with-test-keyring.sh "
                    "(sets TRADINGTOOLS_TEST_KEYRING=1 and a private gnome-keyring)")
    chain = OSKeychain(service=f"TradingTools-test-{uuid.uuid4().hex[:8]}")
    st = chain.status()
    if not st.usable:
        pytest.skip(f"keyring backend {st.backend} is not usable: {st.reason}")
    yield chain


def _entries(chain: OSKeychain, db_path: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db_path))
    try:
        users = [r[0] for r in con.execute("SELECT keychain_user FROM vault_keys").fetchall()]
    finally:
        con.close()
    return [u for u in users if u and chain.get(u)]


def _vault_run(db_path: Path, chain: OSKeychain, body) -> object:  # type: ignore[no-untyped-def]
    async def go() -> object:
        db = await open_db(db_path)
        try:
            return await body(Vault(db, keystore=chain, env={}, scrypt_n=FAST_N))
        finally:
            await db.close()

    return asyncio.run(go())


@pytest.mark.keychain
def test_keychain_vault_when_reopened_then_unlocks_itself_and_db_holds_no_key(
        real_keychain: OSKeychain, db_path: Path) -> None:
    async def create(vault: Vault) -> str:
        await vault.initialise(Protection.KEYCHAIN)
        await vault.set("ai.api_key", "sk-in-the-keychain-vault")
        st = await vault.status()
        assert st.protection is Protection.KEYCHAIN and st.keychain.usable
        return st.keychain.backend

    backend = _vault_run(db_path, real_keychain, create)
    assert "SecretService" in str(backend)

    async def reopen(vault: Vault) -> str | None:
        return await vault.get("ai.api_key")  # no passphrase: the keychain unlocks it

    assert _vault_run(db_path, real_keychain, reopen) == "sk-in-the-keychain-vault"
    [user] = _entries(real_keychain, db_path)
    kek = real_keychain.get(user)
    assert kek is not None and len(kek) == 32 and kek not in db_path.read_bytes()


@pytest.mark.keychain
def test_keychain_rotation_when_done_then_new_entry_and_old_one_destroyed(
        real_keychain: OSKeychain, db_path: Path) -> None:
    async def create(vault: Vault) -> None:
        await vault.initialise(Protection.KEYCHAIN)
        await vault.set("telegram.bot_token", "12345:rotate-me-token")

    _vault_run(db_path, real_keychain, create)
    [old_user] = _entries(real_keychain, db_path)

    async def rotate(vault: Vault) -> bool | None:
        report = await vault.rotate()
        assert report.secrets == 1
        return report.old_key_removed_from_keychain

    assert _vault_run(db_path, real_keychain, rotate) is True
    assert real_keychain.get(old_user) is None
    [new_user] = _entries(real_keychain, db_path)
    assert new_user != old_user and new_user.split("/")[0] == old_user.split("/")[0]

    async def read(vault: Vault) -> str | None:
        return await vault.get("telegram.bot_token")

    assert _vault_run(db_path, real_keychain, read) == "12345:rotate-me-token"


@pytest.mark.keychain
def test_keychain_to_passphrase_and_back_when_rotated_then_keychain_entries_follow(
        real_keychain: OSKeychain, db_path: Path) -> None:
    async def flow(vault: Vault) -> None:
        await vault.initialise(Protection.KEYCHAIN)
        await vault.set("ssi.pin", "864200")
        await vault.rotate(Protection.PASSPHRASE, PASSPHRASE)
        assert (await vault.status()).protection is Protection.PASSPHRASE
        vault.lock()
        await vault.unlock(PASSPHRASE)
        await vault.rotate(Protection.KEYCHAIN)
        vault.lock()
        assert await vault.get("ssi.pin") == "864200"

    _vault_run(db_path, real_keychain, flow)
    assert len(_entries(real_keychain, db_path)) == 1


@pytest.mark.keychain
def test_keychain_entry_when_lost_then_clear_error_and_reset_starts_over(
        real_keychain: OSKeychain, db_path: Path) -> None:
    async def create(vault: Vault) -> None:
        await vault.initialise(Protection.KEYCHAIN)
        await vault.set("ai.api_key", "sk-will-be-orphaned")

    _vault_run(db_path, real_keychain, create)
    [user] = _entries(real_keychain, db_path)
    real_keychain.delete(user)  # e.g. the OS keychain was reset

    async def after(vault: Vault) -> None:
        with pytest.raises(KeychainKeyMissing):
            await vault.get("ai.api_key")
        listed = {i.name: i for i in await vault.list_secrets()}
        assert listed["ai.api_key"].problem and listed["ai.api_key"].masked is None
        await vault.reset()
        await vault.initialise(Protection.KEYCHAIN)
        assert await vault.get("ai.api_key") is None

    _vault_run(db_path, real_keychain, after)

    async def wipe(vault: Vault) -> None:
        await vault.reset()

    _vault_run(db_path, real_keychain, wipe)
    assert _entries(real_keychain, db_path) == []
