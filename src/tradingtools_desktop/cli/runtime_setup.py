"""What every CLI command runs inside: the profile's log file (details of any fault land
there, never on the terminal), warnings on stderr, and OpenTelemetry when the ``OTEL_*``
variables ask for it (the same exporter as the desktop app), flushed before the process
exits."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from pathlib import Path

from ..paths import InvalidProfileName, profile_paths

_handlers: list[logging.Handler] = []
_levels: list[int] = []
_umasks: list[int] = []


NETWORK_LOGGERS = ("tradingtools_desktop.market", "tradingtools_desktop.transport", "httpx",
                   "httpcore", "websockets")


class _Warnings(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def begin(args: argparse.Namespace) -> Path | None:
    """Install the command's logging and tracing; returns the log file (None when the
    profile cannot be named)."""
    from ..logging_setup import RedactingFilter, private_file_handler
    from ..store.tracing import configure_tracing

    configure_tracing("tradingtools-cli")
    if os.name == "posix":  # files this command creates (DB, WAL, logs) are the user's alone
        _umasks.append(os.umask(0o077))
    root = logging.getLogger()
    _levels.append(root.level)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)  # a host that asked for more detail (DEBUG) keeps it
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(_Warnings())
    stderr.addFilter(lambda record: not getattr(record, "details_only", False))
    # a feed's or a provider's connection chatter ("connection failed (ConnectError)") is for
    # the log file: the command itself says what happened in one sentence
    stderr.addFilter(lambda record: record.levelno >= logging.ERROR
                     or not record.name.startswith(NETWORK_LOGGERS))
    handlers: list[logging.Handler] = [stderr]
    log_file: Path | None = None
    try:
        paths = profile_paths(getattr(args, "profile", None))
    except InvalidProfileName:
        paths = None
    if paths is not None:
        log_file = paths.logs / "tradingtools.log"
        handlers.append(private_file_handler(log_file))
    for h in handlers:
        h.addFilter(RedactingFilter())
        root.addHandler(h)
        _handlers.append(h)
    return log_file


def end() -> None:
    """Flush spans and logs, remove this command's handlers (``main`` may run again in the
    same process: tests, the fuzzer)."""
    from opentelemetry import trace

    provider = trace.get_tracer_provider()
    flush = getattr(provider, "force_flush", None)
    if callable(flush):
        with contextlib.suppress(Exception):
            flush(5_000)
    if _umasks:
        os.umask(_umasks.pop())
    root = logging.getLogger()
    if _levels:
        root.setLevel(_levels.pop())
    while _handlers:
        h = _handlers.pop()
        root.removeHandler(h)
        with contextlib.suppress(Exception):
            h.close()
