"""Reading the spec's JSON into typed values: the envelope and field-by-field conversion.

Bodies are parsed with ``parse_float=Decimal``, so no float ever appears. A dataclass field
declared with ``field(metadata=wire_key(...))`` names its JSON key (exact spec casing);
:func:`from_wire` converts by the field's annotation: ``int`` (money in VND, quantities:
must be integral), ``Decimal``, ``str``, ``bool``, ``datetime`` (the spec's Unix
milliseconds strings), a nested wire dataclass or a tuple of them. ``X | None`` fields and
fields with a default may be absent or null; any other missing or ill-typed field raises
:class:`WireError` (the client turns it into MalformedResponse).
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["Envelope", "WireError", "from_wire", "parse_envelope", "wire_key"]

class WireError(ValueError):
    """The JSON does not have the shape the spec gives; says which key, never the value."""


def wire_key(name: str) -> dict[str, str]:
    """Field metadata naming the JSON key: ``x: int = field(metadata=wire_key("xKey"))``."""
    return {"wire": name}


@dataclass(frozen=True, slots=True)
class Envelope:
    """Every FastConnect answer: ``{"message", "status", "data"}`` (spec 5.2-5.20)."""

    status: int
    message: str
    data: Any

    @property
    def ok(self) -> bool:
        return self.status == 200


def parse_envelope(body: bytes) -> Envelope:
    try:
        doc = json.loads(body.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError("not valid JSON") from exc
    if not isinstance(doc, dict):
        raise WireError("the envelope is not a JSON object")
    status = doc.get("status", doc.get("Status"))
    if isinstance(status, str) and status.lstrip("-").isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool):
        raise WireError("the envelope has no integer status")
    message = doc.get("message")
    return Envelope(status=status, message=message if isinstance(message, str) else "",
                    data=doc.get("data"))


def _to_int(v: Any, key: str) -> int:
    if isinstance(v, bool):
        raise WireError(f"{key}: expected a number")
    if isinstance(v, int):
        return v
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    if isinstance(v, str) and v.strip().lstrip("-").isdigit():
        return int(v)
    raise WireError(f"{key}: expected an integer")


def _to_decimal(v: Any, key: str) -> Decimal:
    if isinstance(v, bool):
        raise WireError(f"{key}: expected a number")
    if isinstance(v, int | Decimal):
        return Decimal(v)
    if isinstance(v, str):
        try:
            return Decimal(v.strip())
        except InvalidOperation:
            pass
    raise WireError(f"{key}: expected a number")


def _to_bool(v: Any, key: str) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false", "t", "f"):
        return v.strip().lower() in ("true", "t")
    raise WireError(f"{key}: expected a boolean")


def _to_datetime(v: Any, key: str) -> datetime:
    return datetime.fromtimestamp(_to_int(v, key) / 1000, tz=UTC)


def _convert(tp: Any, v: Any, key: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if v is None:
            return None
        return _convert(args[0], v, key)
    if v is None:
        raise WireError(f"{key}: missing")
    if origin is tuple:
        if not isinstance(v, list):
            raise WireError(f"{key}: expected a list")
        item = typing.get_args(tp)[0]
        return tuple(_convert(item, x, f"{key}[{i}]") for i, x in enumerate(v))
    if tp is int:
        return _to_int(v, key)
    if tp is Decimal:
        return _to_decimal(v, key)
    if tp is bool:
        return _to_bool(v, key)
    if tp is datetime:
        return _to_datetime(v, key)
    if tp is str:
        if isinstance(v, str):
            return v
        if isinstance(v, int | Decimal) and not isinstance(v, bool):
            return str(v)
        raise WireError(f"{key}: expected a string")
    if isinstance(tp, type) and is_dataclass(tp):
        if not isinstance(v, Mapping):
            raise WireError(f"{key}: expected an object")
        return from_wire(tp, v)
    raise TypeError(f"unsupported wire type {tp!r}")  # a bug in a model, not in the data


def from_wire[T](cls: type[T], data: Mapping[str, Any]) -> T:
    """Build ``cls`` (a dataclass whose fields carry :func:`wire_key`) from a JSON object."""
    if not isinstance(data, Mapping):
        raise WireError(f"{cls.__name__}: expected an object")
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        key = f.metadata.get("wire")
        if key is None:
            continue
        value = data.get(key)
        if value is None and f.default is not MISSING:
            kwargs[f.name] = f.default
            continue
        kwargs[f.name] = _convert(hints[f.name], value, key)
    return cls(**kwargs)
