"""Shutdown order: UI-spawned tasks end before the services stop and the profile DB closes.

The race it covers: ``--exit-after-shown`` attaches the window (each tab spawns a refresh:
several DB reads in a row) and stops the services at once; a refresh still between two
reads then found the DB closed ("StoreError: The profile database is closed"). app.py now
detaches the window, then ``settle()``s the spawned tasks, then stops the services.
"""

from __future__ import annotations

import asyncio
import logging

from tradingtools_desktop.paths import profile_paths
from tradingtools_desktop.services.runtime import AppServices
from tradingtools_desktop.ui import async_tools
from tradingtools_desktop.ui.async_tools import settle, spawn
from tradingtools_desktop.ui.main_window import MainWindow


async def _reads(services: AppServices, n: int = 5) -> list[str | None]:
    out = []
    for i in range(n):  # one DB round trip per await: the window a stop() used to hit
        out.append(await services.app_state.get(f"k{i}"))
    return out


def test_in_flight_reads_when_shutting_down_then_they_finish_before_the_db_closes(
        qtbot, arun, tt_home, caplog) -> None:
    services = arun(AppServices.open(profile_paths("shut1", tt_home)))
    task = spawn(_reads(services))

    async def shutdown() -> None:
        await settle()
        await services.stop()

    arun(shutdown())
    assert task.done() and not task.cancelled()
    assert task.result() == [None] * 5
    assert not services.db.is_open
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_window_attached_then_closed_at_once_then_no_task_touches_the_closed_db(
        qtbot, arun, tt_home, caplog) -> None:
    """What ``--exit-after-shown`` does: attach (tabs refresh), detach, settle, stop."""
    services = arun(AppServices.open(profile_paths("shut2", tt_home)))
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(services)
    window.detach()

    async def shutdown() -> None:
        await settle()
        await services.stop()

    arun(shutdown())
    qtbot.wait(50)  # anything left would fail now, on the closed DB
    assert not [t for t in async_tools._tasks if not t.done()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], \
        [r.getMessage() for r in caplog.records]


def test_a_task_still_running_at_the_deadline_is_cancelled_before_the_stop(
        qtbot, arun, tt_home, caplog) -> None:
    services = arun(AppServices.open(profile_paths("shut3", tt_home)))
    gate = asyncio.Event()
    touched: list[str] = []

    async def stuck() -> None:
        await gate.wait()  # never set: e.g. a long screener run
        touched.append("db")
        await services.app_state.get("k")

    task = spawn(stuck())

    async def shutdown() -> None:
        await settle(timeout=0.2)
        await services.stop()

    with caplog.at_level(logging.WARNING, logger="tradingtools_desktop.ui.async_tools"):
        arun(shutdown())
    assert task.cancelled() and touched == []
    assert "cancelling 1 background task" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_settle_when_called_from_a_spawned_task_then_it_does_not_wait_for_itself(
        qtbot, arun, tt_home) -> None:
    """The profile switch runs as a spawned task and settles the others before it stops
    the old services."""
    services = arun(AppServices.open(profile_paths("shut4", tt_home)))
    other = spawn(_reads(services, 3))

    async def switch() -> str:
        await settle(timeout=5.0)
        assert other.done()
        await services.stop()
        return "switched"

    me = spawn(switch())
    qtbot.waitUntil(me.done, timeout=5_000)
    assert me.result() == "switched" and other.result() == [None] * 3


def test_settle_with_no_time_when_quitting_at_once_then_tasks_cancelled_quietly(
        qtbot, arun, tt_home, caplog) -> None:
    """``--exit-after-shown``: the tabs' refreshes are cancelled, not waited for."""
    services = arun(AppServices.open(profile_paths("shut5", tt_home)))
    task = spawn(_reads(services))

    async def shutdown() -> None:
        await settle(0)
        await services.stop()

    with caplog.at_level(logging.DEBUG, logger="tradingtools_desktop.ui.async_tools"):
        arun(shutdown())
    assert task.cancelled()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
