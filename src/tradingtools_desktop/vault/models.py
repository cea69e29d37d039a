"""What the vault shows about itself and its secrets: never a value, at most a mask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .keychain import KeychainStatus
from .repo import Protection


@dataclass(frozen=True, slots=True)
class VaultStatus:
    initialised: bool
    protection: Protection | None
    unlocked: bool
    keychain: KeychainStatus
    key_created_at: datetime | None
    kdf: str | None  # e.g. "scrypt n=131072 r=8 p=1" for a passphrase vault
    problem: str | None = None  # e.g. the key record failed its integrity check


@dataclass(frozen=True, slots=True)
class SecretInfo:
    """What may be shown about a secret: never more than its masked form."""

    name: str
    label: str
    group: str
    source: str | None  # "vault" | "env" | None (not set)
    masked: str | None  # None when not set, locked or damaged
    updated_at: datetime | None
    problem: str | None = None

    @property
    def is_set(self) -> bool:
        return self.source is not None


@dataclass(frozen=True, slots=True)
class RotationReport:
    secrets: int
    protection: Protection
    old_key_removed_from_keychain: bool | None  # None: the old key was not in the keychain
