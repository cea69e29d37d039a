"""What the simulated server accepts in a request body, field by field.

Built from the spec and from what SSI's own published clients send (python-fctrading
``ssi_fctrading`` 2.5.x, node ``ssi-fctrading`` 2.4.x and its example app, dotnet-fctrading):
the real server accepts those requests, so the simulator must too.

- Numbers (spec "Number"): python sends floats (``price: 21000.0``, ``stopPrice: 0.0``),
  the .NET client doubles (serialised ``21000.0``), the node example passes query strings
  through (``"price": "21000"``). A number, or a string holding one, is accepted; a value
  with a fraction where whole VND / shares are needed is refused as the exchange refuses it
  (a price off the tick is "Invalid Price Unit (Spread)", appendix ORD004).
- ``twoFactorType`` (spec type "string", the clients send 0/1 as numbers): either.
- ``deviceId`` (spec 5.5.1: XX:XX:XX:XX:XX:XX, XX-XX-XX-XX-XX-XX or XXXXXXXXXXXX). The
  clients' defaults are other shapes: python ``get_deviceid()`` joins ``"<nic>:<MAC>"``
  with ``|`` (MAC as psutil prints it, ``AA-BB-...`` on Windows) and gives ``""`` on
  Linux and macOS (its ``AF_LINK == -1`` test only matches Windows); node ``getDeviceId()``
  joins ``"<nic>:aa:bb:cc:dd:ee:ff"`` with ``|``; .NET ``GetMACAddress()`` gives
  ``AA-BB-CC-DD-EE-FF`` or ``""`` (no interface up). All of these are accepted; text that
  holds no MAC at all is refused.
- Stop-order fields: python and .NET always send them (``stopType`` ``""`` / ``null``); the
  node example omits ``stopType`` for stock orders (``undefined`` is dropped by
  JSON.stringify). Missing ones take the spec's defaults (false / 0 / empty).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .book import APPENDIX, Reject

_OCTET = "[0-9A-Fa-f]{2}"
_MAC = re.compile(rf"^(?:{_OCTET}(?::{_OCTET}){{5,7}}|{_OCTET}(?:-{_OCTET}){{5,7}}"
                  rf"|[0-9A-Fa-f]{{12}}|[0-9A-Fa-f]{{16}})$")
_NIC = re.compile(r"^[^|:]{1,128}$")


def _mac(text: str) -> bool:
    return bool(_MAC.match(text))


def device_id_ok(value: Any) -> bool:
    """The spec's three MAC forms, the published clients' ``nic:MAC|nic:MAC`` lists, or the
    empty string their defaults give on machines where they find no MAC."""
    if not isinstance(value, str) or len(value) > 2048:
        return False
    if value == "":
        return True
    for part in value.split("|"):
        if _mac(part):
            continue
        nic, sep, mac = part.partition(":")
        if not sep or not _NIC.match(nic) or not _mac(mac):
            return False
    return True


def number(src: dict[str, Any], name: str) -> Decimal:
    """A JSON number or a string holding one; anything else is "'<name>' is invalid"."""
    value = src.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Reject(f"'{name}' is invalid")
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise Reject(f"'{name}' is invalid") from None
    if not result.is_finite():
        raise Reject(f"'{name}' is invalid")
    return result


def whole(src: dict[str, Any], name: str) -> int:
    """A whole number (``21000``, ``21000.0``, ``"21000"``); a fraction is refused."""
    value = number(src, name)
    if value != value.to_integral_value():
        raise Reject(APPENDIX["ORD004"] if name == "price" else f"'{name}' is invalid")
    return int(value)


def flag(src: dict[str, Any], name: str, default: bool = False) -> bool:
    value = src.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise Reject(f"'{name}' is invalid")


def two_factor_type(value: Any) -> int | None:
    """0 (PIN) or 1 (OTP), sent as a number or as its text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return int(value.strip())
    return None
