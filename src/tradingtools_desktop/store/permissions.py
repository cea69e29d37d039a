"""A profile's files are its owner's alone: folders 0700, files 0600 on POSIX (the DB
holds the wrapped vault key and every order). Applied when created and again on every
open, so files made by an older version (0644 / 0755) are fixed too. On Windows the
per-user profile folder's ACL already does this; these calls do nothing there."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True)
    if _posix():
        _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file 0600 (a missing file is left missing)."""
    if _posix() and path.exists():
        _chmod(path, FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    # not ours (a shared mount, another user's file): leave it, opening still works
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
