"""Access tokens: the JWT AccessToken returns (spec 5.4.2), held with its expiry.

Expiry comes from the JWT ``exp`` claim, read without verifying the signature (only the
server can verify it; SSI's python and .NET clients read ``exp`` the same way). A token
that is not a JWT gets ``fallback_ttl`` seconds. The value never appears in a repr.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...transport.jwt import jwt_expiry

__all__ = ["BearerToken", "jwt_expiry"]


@dataclass(frozen=True, slots=True)
class BearerToken:
    """A token, when it expires (Unix seconds) and whether it may place orders.

    ``code_saved``: issued with ``isSave = true`` (or upgraded by verifyCode), so order
    requests need no ``code`` (spec 5.5.1 line 464-468).
    """

    value: str = field(repr=False)
    expires_at: float
    code_saved: bool

    @classmethod
    def issue(cls, value: str, *, now: float, fallback_ttl: float,
              code_saved: bool) -> BearerToken:
        exp = jwt_expiry(value)
        return cls(value, exp if exp is not None else now + fallback_ttl, code_saved)

    def fresh(self, now: float, margin: float) -> bool:
        return now < self.expires_at - margin

    def __repr__(self) -> str:
        return f"BearerToken(<redacted>, expires_at={self.expires_at:.0f}, " \
               f"code_saved={self.code_saved})"

    __str__ = __repr__
