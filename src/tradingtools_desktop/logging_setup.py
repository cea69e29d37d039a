"""Logging to the profile's log file and stderr. Secrets never reach a log line: the
redaction filter rewrites every record's final text before any handler writes it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .domain.redaction_hook import scrub


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def setup_logging(log_dir: Path | None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    for h in list(root.handlers):
        if getattr(h, "_tradingtools", False):
            root.removeHandler(h)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            log_dir / "tradingtools.log", maxBytes=5_000_000, backupCount=3, encoding="utf-8"))
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(RedactingFilter())
        h._tradingtools = True  # type: ignore[attr-defined]
        root.addHandler(h)
