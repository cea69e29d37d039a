"""Quote-service changes -> Qt signals, coalesced: at most one emission per ``interval_ms``
(100 ms: ~10 a second) however many messages the feed pushes, each with the set of keys
that changed since the last one, so tables update those rows in place.

The listener runs on the asyncio loop, which in the GUI is the Qt thread's (qasync); it only
adds a key to a set and arms a single-shot timer once per window, so a 5,000-message burst
costs the Qt thread a few set insertions per message and ten emissions a second.

- ``quotes_changed(frozenset[str])``: symbols whose quote, tape or status changed;
- ``indices_changed(frozenset[str])``: index ids whose value changed;
- ``feed_changed(FeedStatus)``: the newest feed state (the status bar's slot is the GUI
  shell's; it connects here, or listens to ``QuoteService`` itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..services.market.quote_service import FeedStatus, QuoteEvent, QuoteService

INTERVAL_MS = 100


class MarketBridge(QObject):
    quotes_changed = Signal(object)  # frozenset[str]
    indices_changed = Signal(object)  # frozenset[str]
    feed_changed = Signal(object)  # FeedStatus

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS
                 ) -> None:
        super().__init__(parent)
        self._symbols: set[str] = set()
        self._indices: set[str] = set()
        self._feed: FeedStatus | None = None
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._stop: Callable[[], None] | None = None
        self.service: QuoteService | None = None
        self.emissions = 0  # how many times it emitted (tests, benchmarks)

    def attach(self, service: QuoteService) -> None:
        self.detach()
        self.service = service
        self._stop = service.listen(self._on_change)
        self._feed = service.feed_status
        self._arm()

    def detach(self) -> None:
        if self._stop is not None:
            self._stop()
        self._stop = None
        self.service = None
        self._timer.stop()
        self._armed = False
        self._symbols.clear()
        self._indices.clear()
        self._feed = None

    def _on_change(self, kind: str, payload: Any) -> None:
        if kind == QuoteEvent.INDEX:
            self._indices.add(payload.index_id)
        elif kind == QuoteEvent.FEED:
            self._feed = payload
        else:  # quote, trade, status: all carry the symbol
            self._symbols.add(payload.symbol)
        if not self._armed:
            self._arm()

    def _arm(self) -> None:
        self._armed = True
        self._timer.start()

    def flush(self) -> None:
        """Emit what changed since the last emission (the timer calls it)."""
        self._armed = False
        symbols, indices, feed = self._symbols, self._indices, self._feed
        self._symbols, self._indices, self._feed = set(), set(), None
        if symbols:
            self.emissions += 1
            self.quotes_changed.emit(frozenset(symbols))
        if indices:
            self.indices_changed.emit(frozenset(indices))
        if feed is not None:
            self.feed_changed.emit(feed)
