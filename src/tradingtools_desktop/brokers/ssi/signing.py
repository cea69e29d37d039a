"""Request signatures for FastConnect order requests.

Spec v2.4 (lines 386-387, 569-570, 700-701): "Header: X-Singature (Use PrivateKey to sign
data request sent to server with RSA algothrim use SHA-256 hash function)". The spec does
not say padding or encoding; SSI's own clients do (python-fctrading core_crypto.sign,
dotnet-fctrading AuthenProvider.Sign + Extentions.ByteArrayToString):

- the signed data is the UTF-8 bytes of the exact JSON text sent as the body;
- RSASSA-PKCS1-v1_5 with SHA-256 ("RS256");
- the signature goes in the header as lowercase hex.

Header name: the spec spells it ``X-Singature`` (a typo); both SSI clients send
``X-Signature``. We send ``X-Signature``; the simulator accepts either spelling.

Private keys: SSI hands out base64 of a .NET ``<RSAKeyValue>`` XML document; PEM (PKCS#1 or
PKCS#8, unencrypted) is accepted too. Key material never appears in a repr or error.
"""

from __future__ import annotations

import base64
import binascii
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = [
    "SIGNATURE_HEADER",
    "SIGNATURE_HEADER_SPEC_SPELLING",
    "KeyFormatError",
    "SigningKey",
    "private_key_to_ssi_xml",
    "public_key_pem",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Signature"
SIGNATURE_HEADER_SPEC_SPELLING = "X-Singature"
_MIN_BITS = 1024  # SSI's .NET client lowers RS256's minimum to 1024 bits
_XML_FIELDS = ("Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D")


class KeyFormatError(ValueError):
    """The private key text is neither SSI's base64 XML nor an unencrypted PEM RSA key."""


def _b64int(text: str) -> int:
    return int.from_bytes(base64.b64decode(text.strip(), validate=False), "big")


def _from_xml(xml: str) -> rsa.RSAPrivateKey:
    # a regex, not an XML parser: the document is flat and we want no entity handling
    values: dict[str, int] = {}
    for name in _XML_FIELDS:
        m = re.search(rf"<{name}>\s*([A-Za-z0-9+/=\s]+?)\s*</{name}>", xml)
        if m:
            values[name] = _b64int(m.group(1))
    missing = [n for n in ("Modulus", "Exponent", "D", "P", "Q") if n not in values]
    if missing:
        raise KeyFormatError("RSAKeyValue lacks " + ", ".join(missing))
    p, q, d = values["P"], values["Q"], values["D"]
    public = rsa.RSAPublicNumbers(values["Exponent"], values["Modulus"])
    numbers = rsa.RSAPrivateNumbers(
        p=p, q=q, d=d,
        dmp1=values.get("DP", rsa.rsa_crt_dmp1(d, p)),
        dmq1=values.get("DQ", rsa.rsa_crt_dmq1(d, q)),
        iqmp=values.get("InverseQ", rsa.rsa_crt_iqmp(p, q)),
        public_numbers=public)
    try:
        return numbers.private_key()
    except ValueError as exc:
        raise KeyFormatError("RSAKeyValue numbers are inconsistent") from exc


def _load(text: str) -> rsa.RSAPrivateKey:
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(stripped.encode("ascii"), password=None)
        except (ValueError, TypeError) as exc:
            raise KeyFormatError("PEM private key could not be read") from exc
        if not isinstance(key, rsa.RSAPrivateKey):
            raise KeyFormatError("the PEM key is not an RSA key")
        return key
    xml = stripped
    if "<RSAKeyValue>" not in xml:
        try:
            xml = base64.b64decode(stripped, validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise KeyFormatError("expected base64 of an <RSAKeyValue> document") from exc
    if "<RSAKeyValue>" not in xml:
        raise KeyFormatError("expected base64 of an <RSAKeyValue> document")
    return _from_xml(xml)


class SigningKey:
    """The user's RSA private key, able to sign request bodies; its repr shows no material."""

    __slots__ = ("_key",)

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        if key.key_size < _MIN_BITS:
            raise KeyFormatError(f"RSA key of {key.key_size} bits is too small")
        self._key = key

    @classmethod
    def from_text(cls, text: str) -> SigningKey:
        """Load SSI's base64 XML key or an unencrypted PEM; raises KeyFormatError."""
        return cls(_load(text))

    def sign(self, body: bytes) -> str:
        """Lowercase hex of RSASSA-PKCS1-v1_5(SHA-256(body)) — the X-Signature value."""
        return self._key.sign(body, padding.PKCS1v15(), hashes.SHA256()).hex()

    def public_key(self) -> rsa.RSAPublicKey:
        return self._key.public_key()

    def __repr__(self) -> str:
        return f"SigningKey(rsa-{self._key.key_size}, <redacted>)"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("SigningKey cannot be pickled")


def verify_signature(body: bytes, signature_hex: str, public_key: rsa.RSAPublicKey) -> bool:
    """True when ``signature_hex`` is a valid PKCS#1 v1.5 SHA-256 signature of ``body``."""
    try:
        signature = bytes.fromhex(signature_hex.strip())
    except ValueError:
        return False
    try:
        public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _b64(n: int) -> str:
    return base64.b64encode(n.to_bytes((n.bit_length() + 7) // 8 or 1, "big")).decode("ascii")


def private_key_to_ssi_xml(key: rsa.RSAPrivateKey) -> str:
    """Base64 of the .NET <RSAKeyValue> document: the format SSI's iBoard hands out."""
    n = key.private_numbers()
    pub = n.public_numbers
    parts = {"Modulus": pub.n, "Exponent": pub.e, "P": n.p, "Q": n.q, "DP": n.dmp1,
             "DQ": n.dmq1, "InverseQ": n.iqmp, "D": n.d}
    xml = "<RSAKeyValue>" + "".join(f"<{k}>{_b64(v)}</{k}>" for k, v in parts.items())
    return base64.b64encode((xml + "</RSAKeyValue>").encode("utf-8")).decode("ascii")


def public_key_pem(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
