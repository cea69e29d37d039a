"""The key hierarchy: a random per-profile data key (DEK), wrapped by a key-encryption key
(KEK) that is either a random key in the OS keychain or scrypt(passphrase).

The blocking parts (keychain D-Bus calls, scrypt) run in worker threads, never on the loop.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.redaction_hook import register_secret
from .crypto import (
    CIPHER,
    IntegrityError,
    ScryptParams,
    derive_key,
    key_aad,
    new_key,
    open_sealed,
    passphrase_problem,
    seal,
)
from .errors import (
    KeychainKeyMissing,
    KeychainUnavailable,
    VaultLocked,
    VaultTampered,
    WeakPassphrase,
    WrongPassphrase,
)
from .keychain import KeyStore
from .repo import KeyRecord, Protection

log = logging.getLogger(__name__)
KEY_NAME = "vault key"  # how the wrapped data key is named in errors and the audit


@dataclass(frozen=True, slots=True)
class DataKey:
    """An unwrapped data key in memory (only while the vault is unlocked)."""

    key_id: str
    profile_id: str
    dek: bytes = field(repr=False)


def new_id() -> str:
    return uuid.uuid4().hex


def keychain_user(profile_id: str, key_id: str) -> str:
    """One keychain entry per key generation, so a rotation can hold old and new together
    until the database commits."""
    return f"{profile_id}/{key_id}"


async def wrap(keystore: KeyStore, profile_id: str, key_id: str, dek: bytes,
               protection: Protection, passphrase: str | None, scrypt_n: int,
               now: datetime) -> tuple[KeyRecord, Callable[[], Awaitable[None]]]:
    """A key record holding ``dek`` wrapped the way ``protection`` says, and an async undo
    that removes the new keychain entry if the caller's transaction fails."""
    async def nothing() -> None:
        return None

    if protection is Protection.KEYCHAIN:
        status = await asyncio.to_thread(keystore.status)
        if not status.usable:
            raise KeychainUnavailable(f"The OS keychain cannot be used: {status.reason}.")
        kek = new_key()
        user = keychain_user(profile_id, key_id)
        await asyncio.to_thread(keystore.put, user, kek)

        async def undo() -> None:
            try:
                await asyncio.to_thread(keystore.delete, user)
            except KeychainUnavailable:
                log.warning("vault: could not remove an unused keychain entry")

        rec = KeyRecord(key_id, profile_id, protection, CIPHER, None, user,
                        seal(kek, dek, key_aad(profile_id, key_id)), now)
        return rec, undo
    if passphrase is None:
        raise WeakPassphrase("A passphrase is needed to protect the vault.")
    problem = passphrase_problem(passphrase)
    if problem:
        raise WeakPassphrase(problem)
    register_secret(passphrase)
    params = ScryptParams.fresh(scrypt_n)
    kek = await asyncio.to_thread(derive_key, passphrase, params)
    rec = KeyRecord(key_id, profile_id, protection, CIPHER, params, None,
                    seal(kek, dek, key_aad(profile_id, key_id)), now)
    return rec, nothing


async def unwrap(keystore: KeyStore, rec: KeyRecord, passphrase: str | None) -> DataKey:
    """The data key of ``rec``; WrongPassphrase / VaultTampered / KeychainKeyMissing /
    VaultLocked say exactly why not."""
    if rec.protection is Protection.KEYCHAIN:
        kek = await asyncio.to_thread(keystore.get, rec.keychain_user or "")
        if kek is None:
            raise KeychainKeyMissing(
                "The vault key of this profile is not in the OS keychain.")
    else:
        if passphrase is None:
            raise VaultLocked("The vault is protected by a passphrase and is locked.")
        register_secret(passphrase)
        if rec.kdf is None:
            raise VaultTampered(KEY_NAME)
        kek = await asyncio.to_thread(derive_key, passphrase, rec.kdf)
    try:
        dek = open_sealed(kek, rec.wrapped_key, key_aad(rec.profile_id, rec.key_id))
    except IntegrityError:
        if rec.protection is Protection.PASSPHRASE:
            raise WrongPassphrase("The vault passphrase is wrong (or the stored vault key "
                                  "was altered).") from None
        raise VaultTampered(KEY_NAME) from None
    if len(dek) != len(kek):
        raise VaultTampered(KEY_NAME)
    return DataKey(rec.key_id, rec.profile_id, dek)


async def forget(keystore: KeyStore, rec: KeyRecord) -> bool | None:
    """Remove ``rec``'s keychain entry (after its wrapped key is gone from the DB). None when
    it had none; False when the keychain refused (the entry no longer unlocks anything)."""
    if rec.protection is not Protection.KEYCHAIN or not rec.keychain_user:
        return None
    try:
        await asyncio.to_thread(keystore.delete, rec.keychain_user)
    except KeychainUnavailable:
        log.warning("vault: an old keychain entry could not be removed; it no longer "
                    "unlocks anything (its wrapped key is deleted)")
        return False
    return True
