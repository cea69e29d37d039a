"""Reading a JWT's expiry without verifying it (only its issuer can verify it).

SSI's python and .NET FastConnect clients read ``exp`` the same way to know when to log in
again. The token itself is never logged or returned by anything here.
"""

from __future__ import annotations

import base64
import binascii
import json

__all__ = ["jwt_expiry"]


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (Unix seconds) of a JWT, or None when it is not readable."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        return float(exp)
    return None
