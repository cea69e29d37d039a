"""Translation entry point for UI strings (Qt's translator; English is the source language)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, context: str = "TradingTools") -> str:
    return QCoreApplication.translate(context, text)
