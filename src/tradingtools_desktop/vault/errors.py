"""Vault and profile errors a user can act on.

Every error carries ``user_message`` (what happened) and ``way_out`` (what to do). None of
them ever carries a secret value: only secret *names*, profile names and exception types.
"""

from __future__ import annotations

import re

_NAME_LIKE = re.compile(r"^[a-z][a-z0-9]{0,15}\.[a-z][a-z0-9_]{0,31}$")


class VaultError(Exception):
    """Base: ``user_message`` is shown to the user, ``way_out`` tells them what to do."""

    way_out = "See docs/profiles.md."

    def __init__(self, user_message: str, way_out: str | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        if way_out is not None:
            self.way_out = way_out


class UnknownSecret(VaultError):
    way_out = "Run `tradingtools secrets names` for the list of names."

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        # echo the name only when it looks like one: a value pasted by mistake stays unseen
        shown = repr(name) if _NAME_LIKE.match(name) else "(not shown)"
        super().__init__(f"Unknown secret name {shown}; known: {', '.join(known)}.")
        self.name = name if _NAME_LIKE.match(name) else ""


class InvalidSecretValue(VaultError):
    """The value does not have the shape the name needs (the value is never quoted)."""

    way_out = "Check the value and enter it again."

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"The value for {name} was not accepted: {reason}")
        self.name = name


class VaultNotInitialised(VaultError):
    way_out = ("Store a first secret (`tradingtools secrets set NAME`) or run "
               "`tradingtools secrets init`; the setup wizard does this for you.")


class VaultLocked(VaultError):
    way_out = ("Unlock it with the vault passphrase (the app asks; the CLI reads "
               "TRADINGTOOLS_VAULT_PASSPHRASE or prompts in a terminal).")


class WrongPassphrase(VaultError):
    way_out = ("Type the passphrase again (it is case- and accent-sensitive). If it is lost, "
               "the stored secrets cannot be recovered: `tradingtools secrets reset --yes`, "
               "then enter them again.")


class WeakPassphrase(VaultError):
    way_out = "Choose a longer passphrase (a few unrelated words work well)."


class VaultTampered(VaultError):
    """A stored ciphertext (or the wrapped key) failed its GCM integrity check."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"The stored value of {name!r} failed its integrity check: it was modified, "
            "truncated, or moved from another row. Nothing was changed or deleted.",
            f"Enter {name} again (`tradingtools secrets set {name}`), or restore the "
            "profile from a backup or an export." if name != "vault key" else
            "Restore the profile from a backup or an export, or start the vault over with "
            "`tradingtools secrets reset --yes` and enter the secrets again.",
        )
        self.name = name


class KeychainUnavailable(VaultError):
    way_out = ("Protect the vault with a passphrase instead (`tradingtools secrets init "
               "--protection passphrase`), or unlock / install the OS keychain and try again.")


class KeychainKeyMissing(VaultError):
    way_out = ("The OS keychain no longer holds this profile's key (keychain reset, or the "
               "profile was copied from another machine). Import an export of the profile, or "
               "start over with `tradingtools secrets reset --yes` and enter the secrets again.")


class ExportError(VaultError):
    way_out = "Check the file and the passphrase; the export was not applied."


class ProfileError(VaultError):
    way_out = "Run `tradingtools profile list` to see the profiles."


class ProfileExists(ProfileError):
    way_out = "Choose another name, or delete the existing profile first."


class ProfileNotFound(ProfileError):
    way_out = "Create it first (`tradingtools profile create NAME`)."
