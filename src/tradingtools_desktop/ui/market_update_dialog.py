""""Update market data": a progress dialog with Cancel (:mod:`.progress_dialog`) over the
services' updater. Cancel stops between two batches: what was written stays, whole.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..i18n import tr
from .progress_dialog import ProgressDialog, Texts

if TYPE_CHECKING:
    from ..services.history_refresh import RefreshResult
    from ..services.market_updater import MarketDataUpdater


def result_text(result: RefreshResult) -> str:
    """The one sentence the user reads after an update (translated)."""
    from ..services.history_refresh import PROBLEM_TEXT, as_of_text

    as_of = as_of_text(result.data_as_of) if result.data_as_of else tr(as_of_text(None))
    if result.problem is not None:
        return tr(PROBLEM_TEXT[result.problem]).format(as_of=as_of)
    if result.cancelled:
        return tr("Cancelled: prices are from {as_of}.").format(as_of=as_of)
    return tr("Market data updated to {as_of}: {bars} bars written ({source}).").format(
        as_of=as_of, bars=result.bars_written, source=result.source)


class MarketUpdateDialog(ProgressDialog):
    texts = Texts("marketUpdateDialog", "update", "Update market data", "Updating market data",
                  "The market data could not be updated: {why}",
                  "Cancelling after the current batch…")

    def __init__(self, updater: MarketDataUpdater, parent: QWidget | None = None,
                 universe: str | None = None) -> None:
        super().__init__(parent)
        self._updater = updater
        self._universe = universe
        self.outcome: RefreshResult | None = None

    async def work(self, cancel: asyncio.Event) -> tuple[str, int, int]:
        result = await self._updater.update(self._universe, progress=self._progress,
                                            cancel=cancel)
        self.outcome = result
        return result_text(result), result.batches_total, result.batches_done
