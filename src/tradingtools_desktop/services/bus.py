"""A small typed event bus for the service layer.

Handlers subscribe to an event class (and receive its subclasses). ``publish`` calls plain
handlers at once and schedules coroutine handlers as tasks on the running loop. A handler
that raises is logged and skipped: one bad handler never stops the others or the bus
(VeighNa's event thread dies on one exception; ours does not).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None] | Callable[[Any], Awaitable[None]]


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)
        self._tasks: set[asyncio.Task[None]] = set()

    def subscribe(self, event_type: type[E], handler: Callable[[E], Any]) -> Callable[[], None]:
        """Register ``handler``; returns a function that unsubscribes it."""
        self._handlers[event_type].append(handler)

        def unsubscribe() -> None:
            if handler in self._handlers[event_type]:
                self._handlers[event_type].remove(handler)

        return unsubscribe

    def publish(self, event: object) -> None:
        for etype in type(event).__mro__:
            for handler in list(self._handlers.get(etype, ())):
                self._dispatch(handler, event)

    def _dispatch(self, handler: Handler, event: object) -> None:
        try:
            result = handler(event)
        except Exception:
            log.exception("event handler %r failed on %s", handler, type(event).__name__)
            return
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(self._guard(result, handler, event))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guard(aw: Awaitable[None], handler: Handler, event: object) -> None:
        try:
            await aw
        except Exception:
            log.exception("event handler %r failed on %s", handler, type(event).__name__)

    async def drain(self, timeout: float = 5.0) -> None:
        """Wait for scheduled async handlers (shutdown, tests): a few bounded passes, since a
        handler may publish again; whatever is still running after ``timeout`` is cancelled
        and logged rather than waited for forever."""
        for _ in range(3):
            pending = [t for t in self._tasks if not t.done()]
            if not pending:
                return
            _done, still = await asyncio.wait(pending, timeout=timeout)
            for task in still:
                log.warning("event handler still running at drain: cancelled (%r)", task)
                task.cancel()
