"""Fixtures for the vault tests (helpers live in tests/vault/helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "profile" / "trading.duckdb"


@pytest.fixture(autouse=True)
def _db_dir(tmp_path: Path) -> None:
    (tmp_path / "profile").mkdir(exist_ok=True)


@pytest.fixture(autouse=True)
def _no_keychain_unless_asked(request: pytest.FixtureRequest,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The passphrase path, even under scripts/with-test-keyring.sh, unless the test is
    marked ``keychain`` (those use the throwaway real keyring)."""
    if "keychain" not in request.keywords:
        import keyring
        from keyring.backends import fail

        monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
