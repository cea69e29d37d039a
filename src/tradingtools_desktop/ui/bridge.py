"""Bus events -> Qt signals, delivered on the GUI thread (the only place widgets change)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..services.bus import EventBus
from ..services.events import (
    Alert,
    FillReceived,
    GuardrailTripped,
    ModeChanged,
    OrderUpdated,
    PortfolioSynced,
    ScreenerFinished,
    ScreenerProgress,
    TradingStateChanged,
)


class EventBridge(QObject):
    trading_state_changed = Signal(object)
    mode_changed = Signal(object)
    guardrail_tripped = Signal(object)
    alert = Signal(object)
    order_updated = Signal(object)
    fill_received = Signal(object)
    screener_progress = Signal(object)
    portfolio_synced = Signal(object)
    screener_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: list[Callable[[], None]] = []

    def attach(self, bus: EventBus) -> None:
        self.detach()
        self._unsubscribe = [
            bus.subscribe(TradingStateChanged, self.trading_state_changed.emit),
            bus.subscribe(ModeChanged, self.mode_changed.emit),
            bus.subscribe(GuardrailTripped, self.guardrail_tripped.emit),
            bus.subscribe(Alert, self.alert.emit),
            bus.subscribe(OrderUpdated, self.order_updated.emit),
            bus.subscribe(FillReceived, self.fill_received.emit),
            bus.subscribe(ScreenerProgress, self.screener_progress.emit),
            bus.subscribe(PortfolioSynced, self.portfolio_synced.emit),
            bus.subscribe(ScreenerFinished, self.screener_finished.emit),
        ]

    def detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
