"""The OS keychain (via ``keyring``) as a holder of key-encryption keys, and only real ones.

A backend is refused, with the reason, when it would not actually protect the key: the
``fail`` backend (headless, nothing installed), the ``null`` backend, anything from
``keyrings.alt`` (its "plaintext" backend is base64 in a file), or a chainer containing any
of these. Calls are blocking (D-Bus, Keychain Services, Credential Manager): the vault runs
them in a worker thread. Errors carry the exception type only, never a value.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import KeychainUnavailable

SERVICE = "TradingTools"
_REFUSED_WORDS = ("plaintext", "base64", "insecure", "unencrypted")


@dataclass(frozen=True, slots=True)
class KeychainStatus:
    usable: bool
    backend: str
    reason: str  # why it is refused; "" when usable


class KeyStore(Protocol):
    """Where key-encryption keys live; :class:`OSKeychain` in the app, fakes in tests."""

    def status(self) -> KeychainStatus: ...
    def put(self, username: str, key: bytes) -> None: ...
    def get(self, username: str) -> bytes | None: ...
    def delete(self, username: str) -> None: ...


def _backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def refusal_reason(backend: Any) -> str | None:
    """Why ``backend`` must not hold a key, or None when it is acceptable."""
    name = _backend_name(backend)
    module = type(backend).__module__
    if module.endswith("backends.fail"):
        return "no OS keychain is available (headless session, or no Secret Service running)"
    if module.endswith("backends.null"):
        return "the keyring library is disabled (null backend)"
    if module.startswith("keyrings.alt") or any(w in name.lower() for w in _REFUSED_WORDS):
        return f"{name} keeps secrets in a file without OS protection"
    if module.endswith("backends.chainer"):
        inner = list(getattr(backend, "backends", ()))
        if not inner:
            return "no OS keychain is available (the keyring chain is empty)"
        for b in inner:
            why = refusal_reason(b)
            if why:
                return why
    return None


class OSKeychain:
    """``keyring`` under the service name "TradingTools"; the username names the key."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def _backend(self) -> Any:
        try:
            import keyring

            return keyring.get_keyring()
        except Exception as exc:  # a broken keyring config must not crash the app
            raise KeychainUnavailable(
                f"The OS keychain could not be loaded ({type(exc).__name__}).") from None

    def status(self) -> KeychainStatus:
        try:
            backend = self._backend()
        except KeychainUnavailable as exc:
            return KeychainStatus(False, "unknown", exc.user_message)
        why = refusal_reason(backend)
        return KeychainStatus(why is None, _backend_name(backend), why or "")

    def _usable_backend(self) -> Any:
        backend = self._backend()
        why = refusal_reason(backend)
        if why:
            raise KeychainUnavailable(f"The OS keychain cannot be used: {why}.")
        return backend

    def put(self, username: str, key: bytes) -> None:
        backend = self._usable_backend()
        encoded = base64.b64encode(key).decode("ascii")
        try:
            backend.set_password(self.service, username, encoded)
            stored = backend.get_password(self.service, username)
        except Exception as exc:
            raise _unavailable("store", exc) from None
        if stored != encoded:
            raise KeychainUnavailable("The OS keychain did not keep the key it was given.")

    def get(self, username: str) -> bytes | None:
        backend = self._usable_backend()
        try:
            stored = backend.get_password(self.service, username)
        except Exception as exc:
            raise _unavailable("read", exc) from None
        if stored is None:
            return None
        try:
            return base64.b64decode(stored, validate=True)
        except (binascii.Error, ValueError):
            return b""  # present but not ours: the vault reports the key as tampered

    def delete(self, username: str) -> None:
        backend = self._usable_backend()
        try:
            from keyring.errors import PasswordDeleteError
        except ImportError:  # pragma: no cover - keyring always has it
            PasswordDeleteError = Exception  # type: ignore[assignment,misc]
        try:
            backend.delete_password(self.service, username)
        except PasswordDeleteError:
            pass  # already gone: the goal is reached
        except Exception as exc:
            raise _unavailable("delete", exc) from None


def _unavailable(action: str, exc: Exception) -> KeychainUnavailable:
    kind = type(exc).__name__
    hint = " (is the keychain locked?)" if "Lock" in kind else ""
    return KeychainUnavailable(f"The OS keychain refused to {action} the vault key: "
                               f"{kind}{hint}.")
