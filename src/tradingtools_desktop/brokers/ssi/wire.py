"""Reading the spec's JSON into typed values: the envelope and field-by-field conversion.

Bodies are parsed with ``parse_float=Decimal``, so no float ever appears. A dataclass field
declared with ``field(metadata=wire_key(...))`` names its JSON key (exact spec casing);
:func:`from_wire` converts by the field's annotation: ``int`` (money in VND, quantities),
``Decimal``, ``str``, ``bool``, ``datetime`` (the spec's Unix milliseconds strings), a
nested wire dataclass or a tuple of them.

Reading is tolerant, because one odd field must never fail a whole read:

- an ``int`` that arrives fractional (``1500.5``, ``"21000.0"``) is rounded half-up to a
  whole number (:func:`~...domain.money.round_vnd`) and noted;
- null is "missing": a field with a default (or ``X | None``) takes it; a field that
  cannot be converted but has a default takes the default and is noted;
- a row of a list (``tuple[Model, ...]``, :func:`rows_from_wire`) that cannot be read is
  skipped and noted; the other rows are returned.

Only a missing or unreadable *required* field raises :class:`WireError` (a row without an
orderID is not an order). Notes name the JSON key and the repair, never the value: the
client logs them (:class:`ReadNotes`).
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ...domain.money import round_vnd

__all__ = ["Envelope", "ReadNotes", "WireError", "from_wire", "parse_envelope",
           "rows_from_wire", "wire_key"]

ROUNDED = "fractional number rounded half-up to a whole number"
UNREADABLE = "unreadable value treated as missing"
ROW_SKIPPED = "row skipped"


class WireError(ValueError):
    """The JSON does not have the shape the spec gives; says which key, never the value."""


class ReadNotes:
    """What a tolerant read repaired or skipped: ``(key, problem) -> count``."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = {}

    def add(self, key: str, problem: str) -> None:
        self.counts[(key, problem)] = self.counts.get((key, problem), 0) + 1

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return ((k, p, n) for (k, p), n in self.counts.items())

    def __bool__(self) -> bool:
        return bool(self.counts)


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


def _number(v: Any, key: str) -> Decimal:
    if isinstance(v, bool):
        raise WireError(f"{key}: expected a number")
    if isinstance(v, int | Decimal):
        number = Decimal(v)
    elif isinstance(v, str):
        try:
            number = Decimal(v.strip())
        except InvalidOperation:
            raise WireError(f"{key}: expected a number") from None
    else:
        raise WireError(f"{key}: expected a number")
    if not number.is_finite():
        raise WireError(f"{key}: expected a finite number")
    return number


def _to_int(v: Any, key: str, notes: ReadNotes) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    number = _number(v, key)
    if number == number.to_integral_value():
        return int(number)
    notes.add(key, ROUNDED)
    return round_vnd(number)


def _to_bool(v: Any, key: str) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false", "t", "f"):
        return v.strip().lower() in ("true", "t")
    raise WireError(f"{key}: expected a boolean")


def _to_datetime(v: Any, key: str, notes: ReadNotes) -> datetime:
    try:
        return datetime.fromtimestamp(_to_int(v, key, notes) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        if isinstance(exc, WireError):
            raise
        raise WireError(f"{key}: not a time in Unix milliseconds") from None


def _optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (types.UnionType, typing.Union) and \
        type(None) in typing.get_args(tp)


def _convert(tp: Any, v: Any, key: str, notes: ReadNotes) -> Any:
    if _optional(tp):
        if v is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], v, key, notes)
    if v is None:
        raise WireError(f"{key}: missing")
    if typing.get_origin(tp) is tuple:
        if not isinstance(v, list):
            raise WireError(f"{key}: expected a list")
        return tuple(rows_from_wire(typing.get_args(tp)[0], v, key, notes))
    if tp is int:
        return _to_int(v, key, notes)
    if tp is Decimal:
        return _number(v, key)
    if tp is bool:
        return _to_bool(v, key)
    if tp is datetime:
        return _to_datetime(v, key, notes)
    if tp is str:
        if isinstance(v, str):
            return v
        if isinstance(v, int | Decimal) and not isinstance(v, bool):
            return str(v)
        raise WireError(f"{key}: expected a string")
    if isinstance(tp, type) and is_dataclass(tp):
        if not isinstance(v, Mapping):
            raise WireError(f"{key}: expected an object")
        return from_wire(tp, v, notes)
    raise TypeError(f"unsupported wire type {tp!r}")  # a bug in a model, not in the data


def from_wire[T](cls: type[T], data: Mapping[str, Any], notes: ReadNotes | None = None) -> T:
    """Build ``cls`` (a dataclass whose fields carry :func:`wire_key`) from a JSON object,
    tolerantly (see the module doc); repairs are added to ``notes``."""
    if not isinstance(data, Mapping):
        raise WireError(f"{cls.__name__}: expected an object")
    notes = notes if notes is not None else ReadNotes()
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        key = f.metadata.get("wire")
        if key is None:
            continue
        tp = hints[f.name]
        has_default = f.default is not MISSING
        value = data.get(key)
        if value is None and has_default:
            kwargs[f.name] = f.default
            continue
        try:
            kwargs[f.name] = _convert(tp, value, key, notes)
        except WireError:
            if not (has_default or _optional(tp)):
                raise
            notes.add(key, UNREADABLE)
            kwargs[f.name] = f.default if has_default else None
    return cls(**kwargs)


def rows_from_wire[T](cls: type[T], rows: list[Any], key: str,
                      notes: ReadNotes) -> list[T]:
    """Each readable row of a JSON list as ``cls``; a row that cannot be read is skipped
    and noted as ``(key, "row skipped: <why>")``."""
    out: list[T] = []
    for row in rows:
        try:
            out.append(_convert(cls, row, key, notes))
        except WireError as exc:
            notes.add(key, f"{ROW_SKIPPED}: {exc}")
    return out
