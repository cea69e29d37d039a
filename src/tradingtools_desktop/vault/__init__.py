"""Profiles and secrets: the encrypted vault (AES-256-GCM under a per-profile data key,
wrapped by the OS keychain or a passphrase), .env import, profile export/import.

The public API the setup wizard and the CLI drive (all async methods run off the loop's
blocking work: DB thread, keychain and scrypt in worker threads):

- :class:`Vault` — ``status()``, ``initialise(protection, passphrase)``, ``unlock(passphrase)``,
  ``lock()``, ``get(name)``, ``set(name, value)``, ``set_many({...})``, ``list_secrets()``,
  ``revoke(name)``, ``rotate(protection, passphrase)``, ``reset()``, ``audit_trail()``,
  ``on_revoked(handler)``.
- :mod:`.names` — ``SPECS`` / ``spec(name)`` (label, where to get it in English and
  Vietnamese, env var), ``normalise(name, value)``, ``mask(name, value)``.
- :mod:`.profiles` — ``list_profiles``, ``create_profile``, ``switch_profile``,
  ``rename_profile``, ``delete_profile``.
- :mod:`.export` — ``export_profile``, ``read_export``, ``import_profile``.
- :mod:`.env_import` — ``parse_env_file``, ``import_env_file``.
"""

from .errors import (
    ExportError,
    InvalidSecretValue,
    KeychainKeyMissing,
    KeychainUnavailable,
    ProfileError,
    ProfileExists,
    ProfileNotFound,
    UnknownSecret,
    VaultError,
    VaultLocked,
    VaultNotInitialised,
    VaultTampered,
    WeakPassphrase,
    WrongPassphrase,
)
from .keychain import KeychainStatus, KeyStore, OSKeychain
from .models import RotationReport, SecretInfo, VaultStatus
from .names import NAMES, SPECS, SecretSpec, mask, normalise, spec
from .repo import AuditEntry, Protection
from .vault import Vault

__all__ = [
    "NAMES",
    "SPECS",
    "AuditEntry",
    "ExportError",
    "InvalidSecretValue",
    "KeyStore",
    "KeychainKeyMissing",
    "KeychainStatus",
    "KeychainUnavailable",
    "OSKeychain",
    "ProfileError",
    "ProfileExists",
    "ProfileNotFound",
    "Protection",
    "RotationReport",
    "SecretInfo",
    "SecretSpec",
    "UnknownSecret",
    "Vault",
    "VaultError",
    "VaultLocked",
    "VaultNotInitialised",
    "VaultStatus",
    "VaultTampered",
    "WeakPassphrase",
    "WrongPassphrase",
    "mask",
    "normalise",
    "spec",
]
