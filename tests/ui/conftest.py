"""qasync in pytest-qt: the loop runs *on* the Qt event loop already driven by qtbot, so
``qtbot.waitUntil`` also advances asyncio tasks (STACK-NOTES pattern (c))."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync


@pytest.fixture
def qloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # stop the loop's worker threads (asyncio.to_thread uses them) before Qt goes away
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)
    # an already-running qasync loop registers itself as the thread's running loop: undo
    # that, or later tests' asyncio.run() would refuse to start
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def arun(qtbot, qloop):
    """``arun(coro)`` runs a coroutine on the qasync loop while Qt keeps processing events."""

    def run(coro, timeout: int = 10_000):
        task = qloop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=timeout)
        return task.result()

    return run
