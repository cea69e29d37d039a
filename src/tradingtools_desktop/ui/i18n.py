"""UI language: Vietnamese or English, following the system locale (English when unknown),
overridable by the profile setting or ``TRADINGTOOLS_LANG``. English is the source text;
the Vietnamese catalogue is in :mod:`.i18n_vi`. A string without a translation shows in
English rather than blank."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLocale

from .i18n_vi import VI

_language: str | None = None


def system_language() -> str:
    env = os.environ.get("TRADINGTOOLS_LANG", "").lower()
    if env in ("vi", "en"):
        return env
    return "vi" if QLocale.system().name().lower().startswith("vi") else "en"


def set_language(language: str | None) -> None:
    global _language
    _language = language if language in ("vi", "en") else None


def language() -> str:
    return _language or system_language()


def tr(text: str, context: str = "TradingTools") -> str:
    if language() == "vi" and text in VI:
        return VI[text]
    return QCoreApplication.translate(context, text)
