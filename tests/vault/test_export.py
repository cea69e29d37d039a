"""Profile export / import onto a second, fresh TRADINGTOOLS_HOME."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tests.vault.helpers import FAST_N, PASSPHRASE

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import DRY_RUN_STARTING_CASH, AppServices
from tradingtools_desktop.services.settings import load_settings, set_setting
from tradingtools_desktop.vault import (
    ExportError,
    KeychainUnavailable,
    ProfileExists,
    Protection,
    WeakPassphrase,
)
from tradingtools_desktop.vault.export import export_profile as export
from tradingtools_desktop.vault.export import import_profile, read_export

EXPORT_PASS = "export passphrase for the move"
SECRETS = {"ai.api_key": "sk-export-me-0123456789", "ssi.account": "1234561",
           "telegram.chat_id": "-100200300"}


def _make_export(home: Path, out: Path, *, include_secrets: bool,
                 env_override: bool = False) -> None:
    async def go() -> None:
        svc = await AppServices.open(profile_paths("main", home))
        try:
            await svc.risk.set_limits(replace(svc.risk.limits, max_order_notional=123_000_000))
            settings = await load_settings(svc.app_state)
            await set_setting(svc.app_state, settings, "broker_fee_bps", "20")
            await svc.ledger.deposit(5_000_000, datetime.now(UTC), "top-up")
            assert svc.vault is not None
            await svc.vault.initialise(Protection.PASSPHRASE, PASSPHRASE)
            await svc.vault.set_many(SECRETS)
            if env_override:  # a process-only override must never travel
                svc.vault._env = {"TRADINGTOOLS_AI_MODEL": "env-only-model-xyz"}
            await export(svc.db, out, EXPORT_PASS, profile="main", vault=svc.vault,
                         include_secrets=include_secrets, scrypt_n=FAST_N)
        finally:
            await svc.stop()

    asyncio.run(go())


@pytest.fixture
def homes(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "home-a", tmp_path / "home-b"


def test_export_import_when_secrets_ticked_then_fresh_home_has_everything(
        homes, tmp_path: Path) -> None:
    home_a, home_b = homes
    out = tmp_path / "main.ttexport"
    _make_export(home_a, out, include_secrets=True, env_override=True)
    assert out.stat().st_mode & 0o077 == 0  # only the user can read it
    raw = out.read_bytes()
    assert all(v.encode() not in raw for v in SECRETS.values())

    target = profile_paths("moved", home_b)
    summary = asyncio.run(import_profile(out, EXPORT_PASS, target,
                                         protection=Protection.PASSPHRASE,
                                         vault_passphrase="the new machine passphrase",
                                         scrypt_n=FAST_N))
    assert summary.profile == "main" and summary.secrets == tuple(sorted(SECRETS))
    assert summary.tables["cash_ledger"] == 2 and summary.tables["risk_limits"] >= 1

    async def check() -> None:
        svc = await AppServices.open(target)
        try:
            assert svc.risk.limits.max_order_notional == 123_000_000
            assert (await load_settings(svc.app_state)).fees.broker_fee_bps == 20
            cash = await svc.ledger.balance(date.today())
            assert cash.total == DRY_RUN_STARTING_CASH + 5_000_000  # no second seed deposit
            await svc.ledger.deposit(1, datetime.now(UTC), "after import")  # ids move on
            assert svc.vault is not None
            await svc.vault.unlock("the new machine passphrase")
            assert await svc.vault.stored_values() == SECRETS  # the override stayed home
            trail = {(e.name, e.action, e.source) for e in await svc.vault.audit_trail()}
            assert ("ai.api_key", "SET", "profile-import") in trail
        finally:
            await svc.stop()

    asyncio.run(check())


def test_export_when_secrets_not_ticked_then_file_holds_none(homes, tmp_path: Path) -> None:
    out = tmp_path / "plain.ttexport"
    _make_export(homes[0], out, include_secrets=False)
    bundle = read_export(out, EXPORT_PASS)
    assert bundle.secrets == {} and "app_state" in bundle.tables
    target = profile_paths("x", homes[1])
    summary = asyncio.run(import_profile(out, EXPORT_PASS, target))  # no vault needed
    assert summary.secrets == () and target.db.exists()


@pytest.mark.parametrize("damage", ["wrong-passphrase", "flip-body", "flip-header",
                                    "truncate", "not-an-export"])
def test_import_when_file_or_passphrase_wrong_then_refused_and_nothing_created(
        homes, tmp_path: Path, damage: str) -> None:
    out = tmp_path / "e.ttexport"
    _make_export(homes[0], out, include_secrets=True)
    data = out.read_bytes()
    passphrase = EXPORT_PASS
    header_end = data.index(b"\n", 30)
    if damage == "wrong-passphrase":
        passphrase = "another passphrase entirely"
    elif damage == "flip-body":
        data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    elif damage == "flip-header":  # e.g. someone lowers the KDF cost: authenticated data
        data = data[:header_end].replace(b'"r": 8', b'"r": 9') + data[header_end:]
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data = b"TRADINGTOOLS_AI_API_KEY=sk-not-an-export\n"
    out.write_bytes(data)
    target = profile_paths("copy", homes[1])
    with pytest.raises(ExportError):
        asyncio.run(import_profile(out, passphrase, target,
                                   protection=Protection.PASSPHRASE,
                                   vault_passphrase="whatever passphrase"))
    assert not target.dir.exists()


def test_import_when_the_vault_cannot_be_made_then_the_half_made_profile_is_removed(
        homes, tmp_path: Path) -> None:
    out = tmp_path / "e.ttexport"
    _make_export(homes[0], out, include_secrets=True)
    target = profile_paths("copy", homes[1])
    with pytest.raises(KeychainUnavailable):  # the sandbox has no keychain
        asyncio.run(import_profile(out, EXPORT_PASS, target, protection=Protection.KEYCHAIN))
    assert not target.dir.exists()
    with pytest.raises(KeychainUnavailable):  # default: keychain when usable, else a clear ask
        asyncio.run(import_profile(out, EXPORT_PASS, target))
    assert not target.dir.exists()


def test_import_when_profile_exists_or_export_passphrase_weak_then_refused(
        homes, tmp_path: Path) -> None:
    out = tmp_path / "e.ttexport"
    _make_export(homes[0], out, include_secrets=False)
    existing = profile_paths("main", homes[0])
    with pytest.raises(ProfileExists):
        asyncio.run(import_profile(out, EXPORT_PASS, existing))

    async def weak() -> None:
        svc = await AppServices.open(profile_paths("w", homes[1]))
        try:
            with pytest.raises(WeakPassphrase):
                await export(svc.db, tmp_path / "w.ttexport", "short", profile="w")
        finally:
            await svc.stop()

    asyncio.run(weak())
    assert not (tmp_path / "w.ttexport").exists()
