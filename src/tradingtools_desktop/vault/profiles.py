"""Profiles on this machine: list, create, rename, delete (after a backup), switch.

A profile is a directory ``<root>/profiles/<name>/`` (see :mod:`..paths`). The last active
profile is remembered with :func:`..paths.set_active_profile`. Nothing here opens services:
switching at run time is ``AppServices.stop()`` then ``AppServices.open()`` on the new
paths, by the caller. A profile whose database another process holds is refused
(:class:`~..store.ProfileInUse`); the caller must stop its own services on a profile before
renaming or deleting it.

Delete never destroys data outright: the directory is moved whole to
``<root>/deleted-profiles/<name>-<UTC stamp>/`` (that is the backup), where the user can
restore it by moving it back, or remove it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain.worded import worded
from ..paths import (
    DEFAULT_PROFILE,
    ProfilePaths,
    active_profile,
    app_root,
    profile_paths,
    set_active_profile,
    validate_profile_name,
)
from ..store import ProfileInUse
from .errors import ProfileExists, ProfileNotFound

DELETED_DIR = "deleted-profiles"


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    name: str
    path: Path
    active: bool
    has_database: bool
    size_bytes: int


def _root(root: Path | None) -> Path:
    return root or app_root()


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def list_profiles(root: Path | None = None) -> list[ProfileInfo]:
    root = _root(root)
    base = root / "profiles"
    current = active_profile(root)
    out: list[ProfileInfo] = []
    if base.is_dir():
        for d in sorted(base.iterdir()):
            try:
                validate_profile_name(d.name)
            except ValueError:
                continue
            if d.is_dir():
                p = ProfilePaths(root, d.name)
                out.append(ProfileInfo(d.name, d, d.name == current, p.db.exists(),
                                       _dir_size(d)))
    return out


def exists(name: str, root: Path | None = None) -> bool:
    return profile_paths(name, _root(root)).dir.is_dir()


def _existing(name: str, root: Path) -> ProfilePaths:
    paths = profile_paths(name, root)
    if not paths.dir.is_dir():
        raise worded(ProfileNotFound, "There is no profile named {name!r}.", name=name)
    return paths


def create_profile(name: str, root: Path | None = None, *,
                   activate: bool = False) -> ProfilePaths:
    """Make the profile's directories (its database is created when first opened)."""
    root = _root(root)
    paths = profile_paths(name, root)
    if paths.dir.exists():
        raise worded(ProfileExists, "A profile named {name!r} already exists.", name=name)
    paths.ensure()
    if activate:
        set_active_profile(name, root)
    return paths


def switch_profile(name: str, root: Path | None = None) -> ProfilePaths:
    """Remember ``name`` as the active profile (opened next time, and by the CLI)."""
    root = _root(root)
    paths = _existing(name, root)
    set_active_profile(name, root)
    return paths


def ensure_not_in_use(paths: ProfilePaths) -> None:
    """Refuse when another process has the profile's database open (DuckDB's file lock)."""
    if not paths.db.exists():
        return
    import duckdb

    from ..store.db import connect_file

    try:
        connect_file(paths.db, read_only=True).close()
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise ProfileInUse(f"The profile {paths.name!r} is open in another process.",
                               paths.db) from None
        # a damaged file is still the user's data: renaming or backing it up is fine


def rename_profile(old: str, new: str, root: Path | None = None) -> ProfilePaths:
    root = _root(root)
    src = _existing(old, root)
    dst = profile_paths(new, root)
    if dst.dir.exists():
        raise worded(ProfileExists, "A profile named {name!r} already exists.", name=new)
    ensure_not_in_use(src)
    os.replace(src.dir, dst.dir)
    if active_profile(root) == old:
        set_active_profile(new, root)
    return dst


def delete_profile(name: str, root: Path | None = None) -> Path:
    """Move the profile to ``deleted-profiles/`` (the backup) and return where it went.

    If it was the active profile, another existing one (or "default") becomes active."""
    root = _root(root)
    paths = _existing(name, root)
    ensure_not_in_use(paths)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    backup = root / DELETED_DIR / f"{name}-{stamp}"
    backup.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(paths.dir, backup)
    except OSError:
        # another filesystem: copy first, delete only once the copy is complete
        shutil.copytree(paths.dir, backup)
        shutil.rmtree(paths.dir)
    if active_profile(root) == name:
        others = [p.name for p in list_profiles(root)]
        set_active_profile(others[0] if others else DEFAULT_PROFILE, root)
    return backup
