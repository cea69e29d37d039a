""""Update fundamentals…": a progress dialog with Cancel over the fundamentals refresh.

The same progress dialog as "Update market data" (:mod:`.progress_dialog`). Cancel stops
between two symbols: what was written stays.
Offline, refused or rate-limited: the one plain sentence of the result, never a traceback.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..i18n import tr
from .progress_dialog import ProgressDialog, Texts

if TYPE_CHECKING:
    from ..services.fundamentals_refresh import FundamentalsRefresh, FundamentalsResult


def fundamentals_text(result: FundamentalsResult) -> str:
    """The one sentence the user reads after a fundamentals update (translated)."""
    from ..services.fundamentals_refresh import MEASURE_NAMES, NONE_STORED, PROBLEM_TEXT

    as_of = result.as_of or tr(NONE_STORED)
    if result.problem is not None:
        return tr(PROBLEM_TEXT[result.problem]).format(as_of=as_of)
    if result.cancelled:
        text = tr("Cancelled: fundamentals of {done} of {total} stocks updated.").format(
            done=result.done, total=result.total)
    elif result.total == 0:
        return tr("No stocks to update: add some to the watchlist or update market data "
                  "first.")
    else:
        text = tr("Fundamentals updated: {rows} periods of {done} stocks ({source}).").format(
            rows=result.rows_written, done=result.done, source=result.source)
    failed = len(result.symbol_errors)
    if failed:
        text += " " + tr("{n} stocks could not be read.").format(n=failed)
    if result.left_out:
        text += " " + tr("Not stored, their unit is not stated by the source: "
                         "{measures}.").format(measures=", ".join(
                             tr(MEASURE_NAMES.get(c, c)) for c in sorted(result.left_out)))
    return text


class FundamentalsDialog(ProgressDialog):
    texts = Texts("fundamentalsDialog", "fundamentals", "Update fundamentals",
                  "Updating fundamentals", "The fundamentals could not be updated: {why}",
                  "Cancelling after the current stock…")

    def __init__(self, refresh: FundamentalsRefresh, parent: QWidget | None = None,
                 symbols: list[str] | None = None) -> None:
        super().__init__(parent)
        self._refresh = refresh
        self._symbols = symbols
        self.outcome: FundamentalsResult | None = None

    async def work(self, cancel: asyncio.Event) -> tuple[str, int, int]:
        result = await self._refresh.update(self._symbols, progress=self._progress,
                                            cancel=cancel)
        self.outcome = result
        return fundamentals_text(result), result.total, result.done
