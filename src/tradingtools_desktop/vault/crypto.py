"""AES-256-GCM envelopes and the scrypt passphrase KDF (``cryptography``).

A sealed blob is ``nonce (12) || ciphertext || tag (16)``. The associated data binds a blob
to where it belongs (profile id + secret name, or profile id + key id), so a blob copied to
another row, another profile or another key fails authentication exactly like a flipped bit.
``open_sealed`` raises :class:`IntegrityError` for both; callers turn it into a user error
that names the secret.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

CIPHER = "AES-256-GCM"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16
MIN_PASSPHRASE = 12
# scrypt cost: n=2**17, r=8, p=1 is 128 MiB and ~0.2 s on a 2-core box (OWASP's current
# recommendation). Accepted range on read: a tampered header can neither make the KDF
# trivially cheap nor ask for gigabytes of memory.
DEFAULT_N = 2**17
MIN_N = 2**15
MAX_N = 2**20


class IntegrityError(Exception):
    """Authentication failed (tampered, truncated, moved, or the wrong key)."""


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise IntegrityError("truncated")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise IntegrityError("authentication failed") from None


def secret_aad(profile_id: str, name: str) -> bytes:
    return f"tradingtools/vault/secret/v1\x00{profile_id}\x00{name}".encode()


def key_aad(profile_id: str, key_id: str) -> bytes:
    return f"tradingtools/vault/data-key/v1\x00{profile_id}\x00{key_id}".encode()


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """Everything needed to re-derive a key; stored next to what it wraps."""

    salt: bytes
    n: int = DEFAULT_N
    r: int = 8
    p: int = 1

    @classmethod
    def fresh(cls, n: int = DEFAULT_N) -> ScryptParams:
        if not MIN_N <= n <= MAX_N or n & (n - 1):
            raise ValueError(f"scrypt n must be a power of two in [{MIN_N}, {MAX_N}]")
        return cls(salt=os.urandom(SALT_BYTES), n=n)

    def to_dict(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "length": KEY_BYTES,
                "salt": base64.b64encode(self.salt).decode("ascii")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScryptParams:
        """Parse stored parameters; refuses anything outside the accepted range."""
        try:
            params = cls(salt=base64.b64decode(data["salt"], validate=True), n=int(data["n"]),
                         r=int(data["r"]), p=int(data["p"]))
            ok = (data.get("kdf") == "scrypt" and int(data.get("length", 0)) == KEY_BYTES
                  and MIN_N <= params.n <= MAX_N and not params.n & (params.n - 1)
                  and 1 <= params.r <= 32 and 1 <= params.p <= 16
                  and len(params.salt) >= SALT_BYTES)
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            raise IntegrityError("KDF parameters are malformed or out of range")
        return params


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC first: the same Vietnamese passphrase typed on macOS (decomposed accents) and on
    Windows (precomposed) must derive the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, params: ScryptParams) -> bytes:
    """scrypt(passphrase) -> 32-byte key. CPU- and memory-hard: call it off the event loop."""
    kdf = Scrypt(salt=params.salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(normalise_passphrase(passphrase))


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is refused, or None."""
    if len(unicodedata.normalize("NFC", passphrase).strip()) < MIN_PASSPHRASE:
        return f"A passphrase needs at least {MIN_PASSPHRASE} characters."
    return None
