"""The one text-scrubbing entry point used by logs, alerts and LLM prompts.

It applies bank-account redaction (``domain.redaction``, Fix-05) and masks values
registered as secrets at run time (vault values, tokens), so a secret that slips into a
message is replaced before it is written anywhere.
"""

from __future__ import annotations

import threading

from .redaction import redact

_lock = threading.Lock()
_secrets: set[str] = set()
MASK = "[REDACTED:secret]"


def register_secret(value: str) -> None:
    """Mask ``value`` wherever it appears from now on (values shorter than 6 are ignored)."""
    if value and len(value) >= 6:
        with _lock:
            _secrets.add(value)


def forget_secret(value: str) -> None:
    with _lock:
        _secrets.discard(value)


def scrub(text: str) -> str:
    if _secrets:
        with _lock:
            known = sorted(_secrets, key=len, reverse=True)
        for secret in known:
            if secret in text:
                text = text.replace(secret, MASK)
    return redact(text)
