"""Start service coroutines from Qt slots without losing them or their errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)
_tasks: set[asyncio.Task[Any]] = set()


def spawn(coro: Coroutine[Any, Any, Any],
          on_error: Callable[[BaseException], None] | None = None) -> asyncio.Task[Any]:
    """Schedule ``coro`` on the running (qasync) loop; keep it alive; report its failure."""
    task = asyncio.ensure_future(coro)
    _tasks.add(task)

    def done(t: asyncio.Task[Any]) -> None:
        _tasks.discard(t)
        if t.cancelled():
            return
        exc = t.exception()
        if exc is not None:
            log.error("background task failed: %s", type(exc).__name__, exc_info=exc)
            if on_error is not None:
                on_error(exc)

    task.add_done_callback(done)
    return task


async def drain() -> None:
    while _tasks:
        await asyncio.gather(*list(_tasks), return_exceptions=True)
