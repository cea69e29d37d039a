"""The user's language: Vietnamese or English, one at a time, chosen before any window or
command output is built.

English is the source text; the Vietnamese catalogue is :mod:`.vi`. Qt-free, so the GUI and
the CLI share one catalogue. The language is, in order: ``set_language`` (the profile's
``ui.language`` setting, applied by the composition root before the window exists),
``TRADINGTOOLS_LANG`` (``vi`` / ``en``), the system locale, English. A string without a
translation shows in English rather than blank.
"""

from __future__ import annotations

import locale
import os

from .vi import VI

LANGUAGES = ("vi", "en")
_language: str | None = None


def system_language() -> str:
    env = os.environ.get("TRADINGTOOLS_LANG", "").strip().lower()
    if env in LANGUAGES:
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "vi" if code.lower().startswith("vi") else "en"


def set_language(language: str | None) -> None:
    global _language
    _language = language if language in LANGUAGES else None


def language() -> str:
    return _language or system_language()


def tr(text: str) -> str:
    """``text`` in the current language (English source text as the key)."""
    if language() == "vi":
        return VI.get(text, text)
    return text


def said(exc: BaseException) -> str:
    """An error's sentence in the current language: its template and fields when it was
    raised with :func:`..domain.worded.worded`, else its English text looked up whole
    (a store's or a vault's ``user_message`` first)."""
    template = getattr(exc, "template", None)
    fields = getattr(exc, "fields", None)
    if isinstance(template, str) and isinstance(fields, dict):
        return tr(template).format(**fields)
    return tr(str(getattr(exc, "user_message", None) or exc))
