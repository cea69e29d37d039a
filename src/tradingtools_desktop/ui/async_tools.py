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


def _others() -> list[asyncio.Task[Any]]:
    """The in-flight tasks, without the one asking (a task cannot wait for itself)."""
    me = asyncio.current_task()
    return [t for t in _tasks if t is not me and not t.done()]


async def drain() -> None:
    """Wait until every spawned task (but the caller) has finished, new ones included."""
    while pending := _others():
        await asyncio.gather(*pending, return_exceptions=True)


async def settle(timeout: float = 5.0) -> None:
    """Before the services under the UI stop: let in-flight UI work finish for up to
    ``timeout`` seconds, then cancel what is left and wait for it to unwind, so no task
    touches the services (or the closed profile DB) after they stop. Call it after the
    window is detached, so nothing new is spawned against the old services. ``timeout=0``
    cancels at once (quietly: that is what the caller asked for)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while pending := _others():
        left = deadline - loop.time()
        if left <= 0:
            break
        await asyncio.wait(pending, timeout=left)
    if pending := _others():
        log.log(logging.WARNING if timeout > 0 else logging.DEBUG,
                "cancelling %d background task(s) still running at shutdown", len(pending))
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
