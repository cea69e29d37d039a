"""A user-facing error sentence kept as its English template and fields, so a layer that
cannot translate (domain, store, vault, services) raises it once and the UI or the CLI words
it in the user's language: ``str(exc)`` is the English sentence (logs, tests, the JSON);
``exc.template`` / ``exc.fields`` are what :func:`..i18n.said` formats after translating."""

from __future__ import annotations

from typing import Any


def worded[E: BaseException](cls: type[E], template: str, **fields: Any) -> E:
    """``cls(template.format(**fields))`` carrying ``template`` and ``fields``."""
    exc = cls(template.format(**fields))
    exc.template = template  # type: ignore[attr-defined]
    exc.fields = fields  # type: ignore[attr-defined]
    return exc
