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
