"""The Vault: a profile's secrets, stored only as AES-256-GCM ciphertext in its DuckDB file.

Contract:
- ``TRADINGTOOLS_<NAME>`` environment variables override the vault for this process only and
  are never written anywhere (not to the DB, not to exports).
- Every value read or written is registered with the log redaction hook first.
- Mutations (set, revoke, rotate, reset) are one DB transaction each, with an audit row
  (name, action, time, source — never the value). Rotation re-encrypts every secret under a
  new data key and re-wraps it in the same transaction; the old key is then destroyed.
- A ciphertext that fails authentication raises :class:`VaultTampered` naming the secret;
  nothing is deleted or overwritten because of it.
- ``revoke`` calls the ``on_revoked`` subscribers at once (the runtime forwards them to the
  event bus), and hides that name's environment override for the rest of the process.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from ..domain.redaction_hook import register_secret
from ..store import Database, Tx
from . import repo
from .crypto import DEFAULT_N, IntegrityError, new_key, open_sealed, seal, secret_aad
from .errors import (
    InvalidSecretValue,
    UnknownSecret,
    VaultError,
    VaultNotInitialised,
    VaultTampered,
    WrongPassphrase,
)
from .keychain import KeyStore, OSKeychain
from .keys import KEY_NAME, DataKey, forget, new_id, unwrap, wrap
from .models import RotationReport, SecretInfo, VaultStatus
from .names import SPECS, mask, normalise, spec
from .repo import AuditAction, AuditEntry, KeyRecord, Protection, SecretRow

log = logging.getLogger(__name__)


class Vault:
    def __init__(self, db: Database, *, keystore: KeyStore | None = None,
                 env: Mapping[str, str] | None = None, scrypt_n: int = DEFAULT_N) -> None:
        self._db = db
        self._keystore: KeyStore = keystore if keystore is not None else OSKeychain()
        self._env = env if env is not None else os.environ
        self._scrypt_n = scrypt_n
        self._key: DataKey | None = None
        self._lock = asyncio.Lock()
        self._revoked_handlers: list[Callable[[str], None]] = []
        self._env_hidden: set[str] = set()

    def __repr__(self) -> str:
        return f"<Vault unlocked={self._key is not None}>"

    # -- key state -------------------------------------------------------------------------
    @property
    def is_unlocked(self) -> bool:
        return self._key is not None

    async def _record(self) -> KeyRecord | None:
        try:
            return await self._db.call(repo.load_key)
        except IntegrityError:
            raise VaultTampered(KEY_NAME) from None

    async def status(self) -> VaultStatus:
        """How the vault is set up; never raises for a damaged key record (see problem)."""
        chain = await asyncio.to_thread(self._keystore.status)
        try:
            rec = await self._record()
        except VaultTampered as exc:
            return VaultStatus(True, None, False, chain, None, None, exc.user_message)
        kdf = (f"scrypt n={rec.kdf.n} r={rec.kdf.r} p={rec.kdf.p}"
               if rec and rec.kdf else None)
        return VaultStatus(rec is not None, rec.protection if rec else None,
                           self._key is not None, chain, rec.created_at if rec else None, kdf)

    async def initialise(self, protection: Protection, passphrase: str | None = None, *,
                         source: str = "app") -> None:
        """Create the profile's data key, protected by the keychain or a passphrase."""
        async with self._lock:
            if await self._record() is not None:
                raise VaultError("The vault of this profile is already set up.",
                                 "Use `tradingtools secrets rotate` to change its protection.")
            profile_id, key_id, dek = new_id(), new_id(), new_key()
            now = datetime.now(UTC)
            rec, undo = await wrap(self._keystore, profile_id, key_id, dek, protection,
                                   passphrase, self._scrypt_n, now)

            def write(tx: Tx) -> None:
                repo.replace_key(tx, rec)
                repo.audit(tx, repo.VAULT_WIDE, AuditAction.INIT, source, now)

            try:
                await self._db.transaction(write)
            except BaseException:
                await undo()
                raise
            self._key = DataKey(key_id, profile_id, dek)
            log.info("vault: created, protected by %s", protection.value)

    async def unlock(self, passphrase: str | None = None) -> None:
        async with self._lock:
            await self._unlock(passphrase)

    async def _unlock(self, passphrase: str | None) -> DataKey:
        rec = await self._record()
        if rec is None:
            raise VaultNotInitialised("This profile has no vault yet.")
        if self._key is not None and self._key.key_id == rec.key_id:
            return self._key
        try:
            self._key = await unwrap(self._keystore, rec, passphrase)
        except VaultError as exc:
            if isinstance(exc, VaultTampered | WrongPassphrase):
                await self._audit(KEY_NAME, AuditAction.UNLOCK_FAILED, "unlock")
            raise
        return self._key

    def lock(self) -> None:
        """Forget the data key (the next use needs the keychain or the passphrase again)."""
        self._key = None

    # -- reading ---------------------------------------------------------------------------
    def env_value(self, name: str) -> str | None:
        """The process-only override for ``name`` (normalised), if set and not revoked."""
        s = spec(name)
        raw = self._env.get(s.env_var)
        if not raw or name in self._env_hidden:
            return None
        _mask(name, raw)
        value = normalise(name, raw)
        _mask(name, value)
        return value

    def _decrypt(self, key: DataKey, row: SecretRow) -> str:
        try:
            if row.key_id != key.key_id:
                raise IntegrityError("sealed under another key")
            value = open_sealed(key.dek, row.ciphertext, secret_aad(key.profile_id, row.name))
            text = value.decode("utf-8")
        except (IntegrityError, UnicodeDecodeError):
            raise VaultTampered(row.name) from None
        _mask(row.name, text)
        return text

    async def get(self, name: str) -> str | None:
        """The value services should use now: env override, else the vault, else None."""
        override = self.env_value(name)
        if override is not None:
            return override
        async with self._lock:
            if await self._record() is None:
                return None
            key = await self._ready()
            row = await self._db.call(lambda tx: repo.secret_row(tx, name))
            return None if row is None else await self._checked(key, row)

    async def _ready(self) -> DataKey:
        """The unlocked key; a keychain vault unlocks itself, a passphrase vault must be
        unlocked explicitly (VaultLocked)."""
        if self._key is not None:
            return self._key
        return await self._unlock(None)

    async def _checked(self, key: DataKey, row: SecretRow) -> str:
        try:
            return self._decrypt(key, row)
        except VaultTampered:
            await self._audit(row.name, AuditAction.TAMPER_DETECTED, "read")
            raise

    async def stored_values(self) -> dict[str, str]:
        """Every value stored in the vault (not the env overrides): for an export."""
        async with self._lock:
            if await self._record() is None:
                return {}
            key = await self._ready()
            rows = await self._db.call(repo.secret_rows)
            return {row.name: await self._checked(key, row) for row in rows}

    async def list_secrets(self) -> list[SecretInfo]:
        """Every known name with its masked value and where it comes from. A locked or
        damaged vault still lists names, with the reason in ``problem``."""
        async with self._lock:
            rows = {r.name: r for r in await self._db.call(repo.secret_rows)}
            key: DataKey | None = None
            locked: str | None = None
            if rows:
                try:
                    key = await self._ready()
                except VaultError as exc:
                    locked = exc.user_message
        out: list[SecretInfo] = []
        for s in SPECS:
            row = rows.get(s.name)
            try:
                override = self.env_value(s.name)
            except InvalidSecretValue as exc:
                out.append(SecretInfo(s.name, s.label, s.group, "env", None, None,
                                      f"{s.env_var} is set but not valid: {exc.user_message}"))
                continue
            if override is not None:
                out.append(SecretInfo(s.name, s.label, s.group, "env", mask(s.name, override),
                                      None))
            elif row is None:
                out.append(SecretInfo(s.name, s.label, s.group, None, None, None))
            elif key is None:
                out.append(SecretInfo(s.name, s.label, s.group, "vault", None, row.updated_at,
                                      locked))
            else:
                try:
                    masked: str | None = mask(s.name, await self._checked(key, row))
                    problem = None
                except VaultTampered:
                    masked, problem = None, "tampered: failed its integrity check"
                out.append(SecretInfo(s.name, s.label, s.group, "vault", masked,
                                      row.updated_at, problem))
        return out

    async def audit_trail(self, limit: int = 100) -> list[AuditEntry]:
        return await self._db.call(lambda tx: repo.audit_rows(tx, limit))

    # -- writing ---------------------------------------------------------------------------
    async def set(self, name: str, value: str, *, source: str = "app") -> None:
        await self.set_many({name: value}, source=source)

    async def set_many(self, values: Mapping[str, str], *, source: str = "app") -> tuple[str, ...]:
        """Validate all, then store all in one transaction (all or nothing)."""
        clean: dict[str, str] = {}
        for name, value in values.items():
            _mask(name, value)
            clean[name] = normalise(name, value)
            _mask(name, clean[name])
        async with self._lock:
            key = await self._ready()
            now = datetime.now(UTC)

            def write(tx: Tx) -> None:
                current = repo.load_key(tx)
                if current is None or current.key_id != key.key_id:
                    raise VaultError("The vault key changed while saving; nothing was saved.",
                                     "Try again.")
                for n, v in clean.items():
                    blob = seal(key.dek, v.encode("utf-8"), secret_aad(key.profile_id, n))
                    repo.upsert_secret(tx, n, key.key_id, blob, now)
                    repo.audit(tx, n, AuditAction.SET, source, now)

            await self._db.transaction(write)
        log.info("vault: stored %s (source %s)", ", ".join(clean), source)
        return tuple(clean)

    def on_revoked(self, handler: Callable[[str], None]) -> Callable[[], None]:
        """Call ``handler(name)`` right after a secret is revoked; returns an unsubscribe."""
        self._revoked_handlers.append(handler)

        def unsubscribe() -> None:
            if handler in self._revoked_handlers:
                self._revoked_handlers.remove(handler)

        return unsubscribe

    async def revoke(self, name: str, *, source: str = "app") -> bool:
        """Remove ``name`` from the vault (works locked too). True if something was stored or
        an environment override was active; subscribers are told either way it mattered."""
        had_env = bool(self._env.get(spec(name).env_var)) and name not in self._env_hidden
        self._env_hidden.add(name)
        now = datetime.now(UTC)

        def write(tx: Tx) -> bool:
            found = repo.delete_secret(tx, name)
            if found or had_env:
                repo.audit(tx, name, AuditAction.REVOKE, source, now)
            return found

        async with self._lock:
            found = await self._db.transaction(write)
        if found or had_env:
            log.info("vault: revoked %s (source %s)", name, source)
            for handler in list(self._revoked_handlers):
                try:
                    handler(name)
                except Exception:
                    log.exception("vault: a revoke subscriber failed")
        return found or had_env

    async def rotate(self, protection: Protection | None = None,
                     passphrase: str | None = None, *, source: str = "app") -> RotationReport:
        """New data key (and new keychain key or passphrase wrapping); every secret
        re-encrypted in one transaction; the old wrapped key deleted and its keychain entry
        removed. ``passphrase`` is the NEW passphrase when the result is passphrase-protected.
        A damaged secret aborts the whole rotation (VaultTampered) with nothing changed."""
        async with self._lock:
            old = await self._ready()
            old_rec = await self._record()
            assert old_rec is not None  # _ready() succeeded
            target = protection or old_rec.protection
            key_id, dek = new_id(), new_key()
            now = datetime.now(UTC)
            rec, undo = await wrap(self._keystore, old.profile_id, key_id, dek, target,
                                   passphrase, self._scrypt_n, now)

            def work(tx: Tx) -> int:
                current = repo.load_key(tx)
                if current is None or current.key_id != old.key_id:
                    raise VaultError("The vault key changed during rotation.", "Try again.")
                rows = repo.secret_rows(tx)
                for row in rows:
                    plain = self._decrypt(old, row).encode("utf-8")
                    repo.upsert_secret(tx, row.name, key_id,
                                       seal(dek, plain, secret_aad(old.profile_id, row.name)),
                                       row.updated_at)
                repo.replace_key(tx, rec)
                repo.audit(tx, repo.VAULT_WIDE, AuditAction.ROTATE, source, now)
                return len(rows)

            try:
                count = await self._db.transaction(work)
            except VaultTampered as exc:
                await undo()
                await self._audit(exc.name, AuditAction.TAMPER_DETECTED, "rotate")
                raise
            except BaseException:
                await undo()
                raise
            self._key = DataKey(key_id, old.profile_id, dek)
            removed = await forget(self._keystore, old_rec)
            await self._db.execute("CHECKPOINT")
        log.info("vault: rotated %d secrets, now protected by %s", count, target.value)
        return RotationReport(count, target, removed)

    async def reset(self, *, source: str = "app") -> None:
        """Destroy the vault: every stored secret and the key (for a lost passphrase or a
        lost keychain key). Audited; the next set starts a new vault."""
        async with self._lock:
            try:
                rec = await self._record()
            except VaultTampered:
                rec = None
            now = datetime.now(UTC)

            def write(tx: Tx) -> None:
                repo.delete_all_secrets(tx)
                repo.delete_key(tx)
                repo.audit(tx, repo.VAULT_WIDE, AuditAction.RESET, source, now)

            await self._db.transaction(write)
            self._key = None
            if rec is not None:
                await forget(self._keystore, rec)
            await self._db.execute("CHECKPOINT")
        log.info("vault: reset (source %s)", source)

    async def _audit(self, name: str, action: AuditAction, source: str) -> None:
        now = datetime.now(UTC)
        try:
            await self._db.transaction(lambda tx: repo.audit(tx, name, action, source, now))
        except Exception:
            log.warning("vault: could not record %s in the audit trail", action.value)


def _mask(name: str, value: str) -> None:
    """Register ``value`` with the redaction guardrail unless its spec says it is plain."""
    try:
        sensitive = spec(name).sensitive
    except UnknownSecret:  # an unknown name is treated as secret
        sensitive = True
    if sensitive:
        register_secret(value)
