"""Logging to the profile's log file and stderr. Secrets never reach a log line: the
redaction filter rewrites every record's final text before any handler writes it. Log
files are the user's alone (0600, in a 0700 folder, on POSIX) and created only when the
first record is written."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .domain.redaction_hook import scrub
from .store.permissions import private_dir, private_file

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating log file whose folder and files are made private as they are opened."""

    def _open(self):  # type: ignore[no-untyped-def]
        path = Path(self.baseFilename)
        private_dir(path.parent)
        stream = super()._open()
        private_file(path)
        return stream


def private_file_handler(path: Path) -> logging.Handler:
    handler = _PrivateRotatingFile(path, maxBytes=5_000_000, backupCount=3, encoding="utf-8",
                                   delay=True)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def setup_logging(log_dir: Path | None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    for h in list(root.handlers):
        if getattr(h, "_tradingtools", False):
            root.removeHandler(h)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_dir is not None:
        handlers.append(private_file_handler(log_dir / "tradingtools.log"))
    fmt = logging.Formatter(LOG_FORMAT)
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(RedactingFilter())
        h._tradingtools = True  # type: ignore[attr-defined]
        root.addHandler(h)
