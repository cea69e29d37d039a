"""SQL for the vault tables (migration 004). Functions take a :class:`Tx`, so callers run
them inside ``Database.call`` / ``Database.transaction`` on the DB thread. Only ciphertext,
wrapped keys, names and times pass through here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ..store import Tx
from .crypto import IntegrityError, ScryptParams


class Protection(StrEnum):
    KEYCHAIN = "KEYCHAIN"
    PASSPHRASE = "PASSPHRASE"  # noqa: S105 - an enum value, not a password


class AuditAction(StrEnum):
    INIT = "INIT"
    SET = "SET"
    REVOKE = "REVOKE"
    ROTATE = "ROTATE"
    RESET = "RESET"
    UNLOCK_FAILED = "UNLOCK_FAILED"
    TAMPER_DETECTED = "TAMPER_DETECTED"


VAULT_WIDE = "*"  # the audit name for actions on the whole vault


@dataclass(frozen=True, slots=True)
class KeyRecord:
    key_id: str
    profile_id: str
    protection: Protection
    cipher: str
    kdf: ScryptParams | None
    keychain_user: str | None
    wrapped_key: bytes = field(repr=False)
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SecretRow:
    name: str
    key_id: str
    ciphertext: bytes = field(repr=False)
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    name: str
    action: str
    source: str


def _kdf(raw: object) -> ScryptParams | None:
    if raw is None:
        return None
    data = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(data, dict):
        return ScryptParams.from_dict({})  # raises IntegrityError
    return ScryptParams.from_dict(data)


def load_key(tx: Tx) -> KeyRecord | None:
    """The active key record. Raises IntegrityError when its KDF parameters are damaged."""
    row = tx.one("SELECT key_id, profile_id, protection, cipher, kdf, keychain_user, "
                 "wrapped_key, created_at FROM vault_keys ORDER BY created_at DESC LIMIT 1")
    if row is None:
        return None
    try:
        protection = Protection(row[2])
    except ValueError:
        raise IntegrityError("unknown protection") from None
    rec = KeyRecord(str(row[0]), str(row[1]), protection, str(row[3]), _kdf(row[4]), row[5],
                    bytes(row[6]), row[7])
    if (rec.kdf is None) if protection is Protection.PASSPHRASE else not rec.keychain_user:
        raise IntegrityError("key record incomplete")
    return rec


def replace_key(tx: Tx, rec: KeyRecord) -> None:
    """Make ``rec`` the only key record (the old wrapped key is deleted)."""
    tx.execute("DELETE FROM vault_keys")
    tx.execute(
        "INSERT INTO vault_keys (key_id, profile_id, protection, cipher, kdf, keychain_user, "
        "wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [rec.key_id, rec.profile_id, rec.protection.value, rec.cipher,
         json.dumps(rec.kdf.to_dict()) if rec.kdf else None, rec.keychain_user,
         rec.wrapped_key, rec.created_at])


def delete_key(tx: Tx) -> None:
    tx.execute("DELETE FROM vault_keys")


def secret_rows(tx: Tx) -> list[SecretRow]:
    rows = tx.execute("SELECT name, key_id, ciphertext, updated_at FROM vault_secrets "
                      "ORDER BY name")
    return [SecretRow(str(r[0]), str(r[1]), bytes(r[2]), r[3]) for r in rows]


def secret_row(tx: Tx, name: str) -> SecretRow | None:
    r = tx.one("SELECT name, key_id, ciphertext, updated_at FROM vault_secrets WHERE name = ?",
               [name])
    return SecretRow(str(r[0]), str(r[1]), bytes(r[2]), r[3]) if r else None


def upsert_secret(tx: Tx, name: str, key_id: str, ciphertext: bytes, at: datetime) -> None:
    tx.execute(
        "INSERT INTO vault_secrets (name, key_id, ciphertext, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET key_id = excluded.key_id, "
        "ciphertext = excluded.ciphertext, updated_at = excluded.updated_at",
        [name, key_id, ciphertext, at])


def delete_secret(tx: Tx, name: str) -> bool:
    found = tx.one("SELECT count(*) FROM vault_secrets WHERE name = ?", [name])
    tx.execute("DELETE FROM vault_secrets WHERE name = ?", [name])
    return bool(found and found[0])


def delete_all_secrets(tx: Tx) -> None:
    tx.execute("DELETE FROM vault_secrets")


def audit(tx: Tx, name: str, action: AuditAction, source: str, at: datetime) -> None:
    tx.execute("INSERT INTO vault_audit (changed_at, name, action, source) VALUES (?, ?, ?, ?)",
               [at, name, action.value, source])


def audit_rows(tx: Tx, limit: int) -> list[AuditEntry]:
    rows = tx.execute("SELECT changed_at, name, action, source FROM vault_audit "
                      "ORDER BY id DESC LIMIT ?", [limit])
    return [AuditEntry(r[0], str(r[1]), str(r[2]), str(r[3])) for r in rows]
