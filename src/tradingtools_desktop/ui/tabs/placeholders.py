"""Tabs whose features are not built yet: they say exactly what is missing, nothing else."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..empty_state import EmptyState
from ..i18n import tr


def portfolio_tab(parent: QWidget | None = None) -> QWidget:
    w = EmptyState(
        tr("Portfolio"),
        tr("Not available in this build yet: positions, cash and P&L need portfolio sync "
           "(the dry-run ledger or the SSI FastConnect account), which is not built. "
           "No numbers are shown rather than made-up ones."),
        parent,
    )
    w.setObjectName("portfolioTab")
    return w
