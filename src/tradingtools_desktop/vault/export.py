"""Profile export / import: one file, encrypted with a passphrase the user types.

File layout::

    TRADINGTOOLS-PROFILE-EXPORT\\n
    {"format": 1, "cipher": "AES-256-GCM", "kdf": {scrypt n, r, p, salt}, "created_at": ...}\\n
    nonce || AES-256-GCM(scrypt(passphrase), gzip(JSON payload), aad = the two lines above)

The header is authenticated (associated data), so its KDF parameters cannot be weakened
unnoticed. The payload holds the settings, limits and order history tables (those present)
and, only when asked, the vault's stored secrets (never the process-only environment
overrides). A wrong passphrase and a damaged file are the same GCM failure: the import is
refused before anything is written, and a failed import leaves no half-made profile.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from .. import __version__
from ..domain.redaction_hook import register_secret
from ..domain.worded import worded
from ..paths import ProfilePaths
from ..store import Database, Tx, open_database
from ..store.migrations import latest_version
from .crypto import (
    CIPHER,
    DEFAULT_N,
    IntegrityError,
    ScryptParams,
    derive_key,
    open_sealed,
    passphrase_problem,
    seal,
)
from .errors import ExportError, KeychainUnavailable, ProfileExists, WeakPassphrase
from .keychain import KeyStore, OSKeychain
from .repo import Protection
from .vault import Vault

MAGIC = b"TRADINGTOOLS-PROFILE-EXPORT\n"
FORMAT = 1
MAX_HEADER = 4096
# settings and limits, then order history; caches (bars, news, screener runs) are rebuilt
EXPORT_TABLES = ("app_state", "state_changes", "risk_limits", "universe_members",
                 "watchlist_order", "orders",
                 "order_audit", "fills", "cash_ledger")


@dataclass(frozen=True, slots=True)
class TableData:
    columns: tuple[str, ...]
    rows: list[list[Any]] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ExportBundle:
    profile: str
    schema_version: int
    exported_at: str
    app_version: str
    tables: dict[str, TableData] = field(repr=False)
    secrets: dict[str, str] = field(repr=False)


@dataclass(frozen=True, slots=True)
class TransferSummary:
    path: Path
    profile: str
    tables: dict[str, int]  # rows per table
    secrets: tuple[str, ...]  # names only


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise ExportError(f"A value of type {type(value).__name__} cannot be exported.")


def _columns(tx: Tx, table: str) -> list[tuple[str, str, str | None]]:
    rows = tx.execute("SELECT column_name, data_type, column_default FROM "
                      "information_schema.columns WHERE table_schema = 'main' AND "
                      "table_name = ? ORDER BY ordinal_position", [table])
    return [(str(r[0]), str(r[1]), r[2]) for r in rows]


def _read_tables(tx: Tx) -> tuple[int, dict[str, TableData]]:
    row = tx.one("SELECT coalesce(max(version), 0) FROM schema_version")
    out: dict[str, TableData] = {}
    for table in EXPORT_TABLES:
        cols = [c[0] for c in _columns(tx, table)]
        if cols:
            select = ", ".join(f'"{c}"' for c in cols)
            rows = tx.execute(f'SELECT {select} FROM "{table}"', table=table)
            out[table] = TableData(tuple(cols), [[_json_value(v) for v in r] for r in rows])
    return int(row[0]) if row else 0, out


def _encrypt_file(dest: Path, payload: bytes, passphrase: str, scrypt_n: int) -> None:
    params = ScryptParams.fresh(scrypt_n)
    header = json.dumps({"format": FORMAT, "cipher": CIPHER, "kdf": params.to_dict(),
                         "created_at": datetime.now(UTC).isoformat()}).encode() + b"\n"
    body = seal(derive_key(passphrase, params), gzip.compress(payload), MAGIC + header)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=dest.parent)
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + header + body)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def export_profile(db: Database, dest: Path, passphrase: str, *, profile: str,
                         vault: Vault | None = None, include_secrets: bool = False,
                         scrypt_n: int = DEFAULT_N) -> TransferSummary:
    """Write ``dest``; secrets only with ``include_secrets`` (needs an unlockable vault)."""
    register_secret(passphrase)
    problem = passphrase_problem(passphrase)
    if problem:
        raise WeakPassphrase(problem)
    version, tables = await db.call(_read_tables)
    secrets: dict[str, str] = {}
    if include_secrets:
        if vault is None:
            raise ExportError("Secrets were asked for but the profile has no vault open.")
        secrets = await vault.stored_values()
    payload = json.dumps({
        "profile": profile, "schema_version": version, "app_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(), "includes_secrets": include_secrets,
        "tables": {t: {"columns": list(d.columns), "rows": d.rows} for t, d in tables.items()},
        "secrets": secrets,
    }, ensure_ascii=False).encode("utf-8")
    await asyncio.to_thread(_encrypt_file, dest, payload, passphrase, scrypt_n)
    return TransferSummary(dest, profile, {t: len(d.rows) for t, d in tables.items()},
                           tuple(sorted(secrets)))


def read_export(src: Path, passphrase: str) -> ExportBundle:
    """Decrypt and check an export (blocking: scrypt). Writes nothing."""
    register_secret(passphrase)
    data = src.read_bytes()
    if not data.startswith(MAGIC):
        raise ExportError(f"{src.name} is not a TradingTools profile export.")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise ExportError(f"{src.name} is damaged (its header is unreadable).")
    header_bytes = data[len(MAGIC):end + 1]
    try:
        header = json.loads(header_bytes)
        fmt = int(header["format"])
        params = ScryptParams.from_dict(header["kdf"])
    except (ValueError, KeyError, TypeError, IntegrityError):
        raise ExportError(f"{src.name} is damaged (its header is unreadable).") from None
    if fmt != FORMAT or header.get("cipher") != CIPHER:
        raise ExportError(f"{src.name} was written in export format {fmt}, which this "
                          "version of TradingTools cannot read.", "Update TradingTools.")
    try:
        plain = open_sealed(derive_key(passphrase, params), data[end + 1:],
                            MAGIC + header_bytes)
    except IntegrityError:
        raise ExportError(f"{src.name} could not be decrypted: the passphrase is wrong, or "
                          "the file was modified or truncated. Nothing was imported.") from None
    body = json.loads(gzip.decompress(plain))
    secrets = {str(k): str(v) for k, v in body.get("secrets", {}).items()}
    for value in secrets.values():
        register_secret(value)
    tables = {str(t): TableData(tuple(d["columns"]), d["rows"])
              for t, d in body.get("tables", {}).items() if t in EXPORT_TABLES}
    return ExportBundle(str(body["profile"]), int(body["schema_version"]),
                        str(body["exported_at"]), str(body["app_version"]), tables, secrets)


def _write_tables(tx: Tx, tables: dict[str, TableData]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, data in tables.items():
        target = {name: (dtype, default) for name, dtype, default in _columns(tx, table)}
        if not target:
            continue  # a table this version no longer has
        keep = [i for i, c in enumerate(data.columns) if c in target]
        cols = [data.columns[i] for i in keep]
        tx.execute(f'DELETE FROM "{table}"', table=table)
        if data.rows and cols:
            values = ", ".join(f"CAST(? AS {target[c][0]})" for c in cols)
            names = ", ".join(f'"{c}"' for c in cols)
            tx.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({values})',
                           [[r[i] for i in keep] for r in data.rows], table=table)
        counts[table] = len(data.rows)
        for col, (_, default) in target.items():  # move sequences past the imported ids
            if default and default.startswith("nextval('") and col in cols:
                seq = default[len("nextval('"):].split("'", 1)[0]
                top = tx.one(f'SELECT coalesce(max("{col}"), 0) FROM "{table}"')
                nxt = tx.one(f"SELECT nextval('{seq}')")
                if top and nxt and int(nxt[0]) <= int(top[0]):
                    tx.execute(f"SELECT max(nextval('{seq}')) FROM range(?)",
                               [int(top[0]) - int(nxt[0])])
    return counts


async def import_profile(src: Path, passphrase: str, target: ProfilePaths, *,
                         protection: Protection | None = None,
                         vault_passphrase: str | None = None,
                         keystore: KeyStore | None = None,
                         scrypt_n: int = DEFAULT_N) -> TransferSummary:
    """Create the NEW profile ``target`` from the export file ``src``."""
    bundle = await asyncio.to_thread(read_export, src, passphrase)
    return await import_bundle(bundle, src, target, protection=protection,
                               vault_passphrase=vault_passphrase, keystore=keystore,
                               scrypt_n=scrypt_n)


async def import_bundle(bundle: ExportBundle, src: Path, target: ProfilePaths, *,
                        protection: Protection | None = None,
                        vault_passphrase: str | None = None,
                        keystore: KeyStore | None = None,
                        scrypt_n: int = DEFAULT_N) -> TransferSummary:
    """Create the NEW profile ``target`` from a decrypted export: tables in one transaction,
    then the secrets (if any) into a fresh vault protected by ``protection`` (default: the
    keychain when usable). Any failure removes the half-made profile."""
    if target.dir.exists():
        raise worded(ProfileExists, "A profile named {name!r} already exists.",
                     name=target.name)
    if bundle.schema_version > latest_version():
        raise ExportError(f"{src.name} comes from a newer TradingTools (schema "
                          f"{bundle.schema_version}).", "Update TradingTools, then import.")
    store = keystore if keystore is not None else OSKeychain()
    if bundle.secrets and protection is None:
        status = await asyncio.to_thread(store.status)
        if not status.usable:
            raise KeychainUnavailable(f"The export holds secrets and the OS keychain cannot "
                                      f"be used ({status.reason}); give a vault passphrase.")
        protection = Protection.KEYCHAIN
    target.ensure()
    vault: Vault | None = None
    try:
        db, _ = await open_database(target.db, target.backups)
        try:
            counts = await db.transaction(lambda tx: _write_tables(tx, bundle.tables))
            if bundle.secrets and protection is not None:
                vault = Vault(db, keystore=store, scrypt_n=scrypt_n)
                await vault.initialise(protection, vault_passphrase, source="profile-import")
                await vault.set_many(bundle.secrets, source="profile-import")
        except BaseException:
            if vault is not None and vault.is_unlocked:
                await vault.reset(source="profile-import")  # drops its keychain entry
            raise
        finally:
            await db.close()
    except BaseException:
        shutil.rmtree(target.dir, ignore_errors=True)
        raise
    return TransferSummary(src, bundle.profile, counts, tuple(sorted(bundle.secrets)))

