"""Telegram alerts for what a trader must not miss: fills, rejects, DLQ failures, guardrail
trips, reconciliation mismatches — each type switchable per profile (all on by default).

The bot is built from the vault (``telegram.bot_token`` / ``telegram.chat_id``) on first
use; without them nothing is sent and ``status`` says why. A send failure is logged and
never disturbs trading.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from ...domain.orders import OrderStatus
from ...store.app_state import AppStateRepository
from ..bus import EventBus
from ..events import Alert, FillReceived, GuardrailTripped, OrderUpdated
from .telegram import TelegramBot

log = logging.getLogger(__name__)
TYPES = ("fills", "rejects", "dlq", "guardrails", "reconciliation")
BotLoader = Callable[[], Awaitable[TelegramBot | None]]


class Notifier:
    def __init__(self, bus: EventBus, app_state: AppStateRepository, load_bot: BotLoader) -> None:
        self._state = app_state
        self._load_bot = load_bot
        self._bot: TelegramBot | None = None
        self._loaded = False
        self.status = "not started"
        self.sent = 0
        bus.subscribe(FillReceived, self._on_fill)
        bus.subscribe(OrderUpdated, self._on_order)
        bus.subscribe(GuardrailTripped, self._on_guardrail)
        bus.subscribe(Alert, self._on_alert)

    def forget(self) -> None:
        """A telegram.* secret was revoked: stop using the bot at once."""
        self._bot, self._loaded, self.status = None, True, "Telegram secrets revoked"

    async def enabled(self, kind: str) -> bool:
        return await self._state.get(f"notify.{kind}") != "false"

    async def set_enabled(self, kind: str, on: bool) -> None:
        if kind not in TYPES:
            raise ValueError(f"unknown notification type {kind!r}; known: {', '.join(TYPES)}")
        await self._state.set(f"notify.{kind}", "true" if on else "false",
                              reason="set by user", source="settings")

    async def _send(self, kind: str, text: str) -> None:
        if not await self.enabled(kind):
            return
        if not self._loaded:
            self._loaded = True
            try:
                self._bot = await self._load_bot()
            except Exception as exc:
                self.status = f"Telegram unavailable: {exc}"
            if self._bot is None and self.status == "not started":
                self.status = "no Telegram bot configured"
        if self._bot is None:
            return
        try:
            await self._bot.send(text)
            self.sent += 1
            self.status = "OK"
        except Exception as exc:
            self.status = f"last send failed: {exc}"
            log.warning("telegram %s alert not sent: %s", kind, exc)

    async def _on_fill(self, e: FillReceived) -> None:
        r = e.order.request
        await self._send("fills", f"Fill: {r.side.value} {e.fill.quantity:,} {r.symbol} @ "
                                  f"{e.fill.price:,} VND ({e.order.status.value}, "
                                  f"{e.order.filled_qty:,}/{r.quantity:,})")

    async def _on_order(self, e: OrderUpdated) -> None:
        o = e.order
        if o.status in (OrderStatus.REJECTED, OrderStatus.DENIED):
            r = o.request
            await self._send("rejects", f"{o.status.value}: {r.side.value} {r.quantity:,} "
                                        f"{r.symbol} — {o.reason[:300]}")
        elif o.status is OrderStatus.FAILED:
            await self._send("dlq", f"FAILED: {o.request.symbol} order {o.id[:8]} — "
                                    f"{o.reason[:300]}")

    async def _on_guardrail(self, e: GuardrailTripped) -> None:
        await self._send("guardrails", f"Guardrail tripped ({e.guardrail}): {e.reason}")

    async def _on_alert(self, e: Alert) -> None:
        kind = "reconciliation" if "reconcil" in e.title.lower() else None
        if kind:
            await self._send(kind, f"{e.title}: {e.text}")
