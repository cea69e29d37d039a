"""Where a profile's files live.

The root is the platform user-data dir (platformdirs) unless ``TRADINGTOOLS_HOME`` points
elsewhere (tests, portable installs). User data never lives inside the install dir.

Layout::

    <root>/profiles/<name>/trading.duckdb   the profile's database
    <root>/profiles/<name>/backups/         copies taken before migrations
    <root>/profiles/<name>/logs/
    <root>/cache/                           market-data worker HOME, numba cache
    <root>/active_profile                   name of the last active profile
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .domain.worded import worded

APP_NAME = "TradingTools"
DEFAULT_PROFILE = "default"
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class InvalidProfileName(ValueError):
    pass


def validate_profile_name(name: str) -> str:
    """``name`` if it can name a profile folder on every platform: 1-64 ASCII letters,
    digits, '-', '_' or '.', starting with a letter or digit; nothing else (no control
    characters, no trailing newline, no path separators)."""
    if not _PROFILE_NAME.fullmatch(name) or name in {".", ".."}:
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise worded(InvalidProfileName,
                     "Profile name {name} is not valid: use letters, digits, '-', '_' or '.', "
                     "at most 64 characters, starting with a letter or digit.",
                     name=ascii(shown))
    return name


def app_root() -> Path:
    override = os.environ.get("TRADINGTOOLS_HOME")
    if override:
        return Path(override).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))


@dataclass(frozen=True, slots=True)
class ProfilePaths:
    root: Path
    name: str

    @property
    def dir(self) -> Path:
        return self.root / "profiles" / self.name

    @property
    def db(self) -> Path:
        return self.dir / "trading.duckdb"

    @property
    def backups(self) -> Path:
        return self.dir / "backups"

    @property
    def logs(self) -> Path:
        return self.dir / "logs"

    @property
    def language_file(self) -> Path:
        """The profile's UI language ("vi" / "en"), a copy of its ``ui.language`` setting
        kept beside the database so the window is built in it before the DB opens."""
        return self.dir / "language"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def ensure(self) -> ProfilePaths:
        """Create the profile's folders, private to the user (0700 on POSIX; existing ones
        from an older version are fixed too)."""
        from .store.permissions import private_dir

        for d in (self.root, self.root / "profiles", self.dir, self.backups, self.logs,
                  self.cache):
            private_dir(d)
        return self


def read_ui_language(paths: ProfilePaths) -> str | None:
    """The language saved for this profile, or None (none saved, or unreadable)."""
    try:
        value = paths.language_file.read_text(encoding="utf-8").strip().lower()
    except OSError:
        return None
    return value if value in ("vi", "en") else None


def write_ui_language(paths: ProfilePaths, language: str) -> None:
    """Keep the profile's language for the next start (see ``language_file``)."""
    paths.dir.mkdir(parents=True, exist_ok=True)
    paths.language_file.write_text(language + "\n", encoding="utf-8")


def profile_paths(name: str | None = None, root: Path | None = None) -> ProfilePaths:
    root = root or app_root()
    return ProfilePaths(root=root, name=validate_profile_name(name or active_profile(root)))


def active_profile(root: Path | None = None) -> str:
    marker = (root or app_root()) / "active_profile"
    try:
        name = marker.read_text(encoding="utf-8").strip()
        return validate_profile_name(name)
    except (OSError, InvalidProfileName):
        return DEFAULT_PROFILE


def set_active_profile(name: str, root: Path | None = None) -> None:
    root = root or app_root()
    root.mkdir(parents=True, exist_ok=True)
    (root / "active_profile").write_text(validate_profile_name(name) + "\n", encoding="utf-8")
