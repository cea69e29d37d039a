"""Move a .env file's keys into the vault (``tradingtools secrets import-env FILE``).

Recognised: every ``TRADINGTOOLS_<NAME>`` of :mod:`.names`, and common aliases
(``OPENAI_API_KEY``, ``TELEGRAM_BOT_TOKEN``, ...). A ``TRADINGTOOLS_`` variable wins over
an alias for the same secret. The file is read, never modified or deleted: the caller tells
the user to delete it. Reports carry variable names and line numbers, never values.

Syntax: ``KEY=VALUE`` lines, optional ``export``, ``#`` comments; values may be unquoted
(an inline `` #`` starts a comment), 'single-quoted' (literal) or "double-quoted" (``\\n``,
``\\"``, ``\\\\`` escapes); both quoted forms may span lines (PEM private keys).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .names import spec_for_env
from .vault import Vault

ALIASES: dict[str, str] = {
    "VNSTOCK_API_KEY": "vnstock.api_key",
    "SSI_CONSUMER_ID": "ssi.consumer_id",
    "SSI_CONSUMER_SECRET": "ssi.consumer_secret",
    "SSI_PRIVATE_KEY": "ssi.private_key",
    "SSI_ACCOUNT": "ssi.account",
    "SSI_PIN": "ssi.pin",
    "SSI_TWO_FACTOR": "ssi.two_factor",
    "OPENAI_BASE_URL": "ai.base_url",
    "OPENAI_API_BASE": "ai.base_url",
    "OPENAI_MODEL": "ai.model",
    "OPENAI_API_KEY": "ai.api_key",
    "TELEGRAM_BOT_TOKEN": "telegram.bot_token",
    "TELEGRAM_CHAT_ID": "telegram.chat_id",
}
_KEY = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$", re.DOTALL)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


@dataclass(frozen=True, slots=True)
class EnvEntries:
    values: dict[str, str] = field(repr=False)  # secret name -> value
    sources: dict[str, str]  # secret name -> the variable it came from
    skipped: tuple[str, ...]  # variables that are not vault secrets (names only)
    problems: tuple[str, ...]  # "line N: ..." (never the value)


@dataclass(frozen=True, slots=True)
class EnvImportReport:
    path: Path
    imported: tuple[str, ...]
    sources: dict[str, str]
    skipped: tuple[str, ...]
    problems: tuple[str, ...]


def _unquote_double(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _closing(text: str, quote: str) -> int:
    """Index of the closing quote in ``text`` (which starts after the opening one), or -1."""
    i = 0
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return -1


def parse_env_text(text: str) -> EnvEntries:
    found: dict[str, tuple[str, str]] = {}  # secret -> (variable, value)
    skipped: list[str] = []
    problems: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        lineno, line = i + 1, lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        m = _KEY.match(line)
        if not m:
            problems.append(f"line {lineno}: not KEY=VALUE, ignored")
            continue
        var, raw = m.group(1), m.group(2)
        if raw[:1] in ('"', "'"):
            quote, rest = raw[0], raw[1:]
            while (end := _closing(rest, quote)) < 0 and i < len(lines):
                rest += "\n" + lines[i]
                i += 1
            if end < 0:
                problems.append(f"line {lineno}: {var} has no closing quote, ignored")
                continue
            value = _unquote_double(rest[:end]) if quote == '"' else rest[:end]
        else:
            value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        secret = spec_for_env(var)
        name = secret.name if secret else ALIASES.get(var)
        if name is None:
            skipped.append(var)
            continue
        if not value.strip():
            problems.append(f"line {lineno}: {var} is empty, ignored")
            continue
        if name in found and found[name][0].startswith("TRADINGTOOLS_") and secret is None:
            continue  # the explicit TRADINGTOOLS_ variable wins over an alias
        found[name] = (var, value)
    return EnvEntries({n: v for n, (_, v) in found.items()},
                      {n: var for n, (var, _) in found.items()}, tuple(skipped),
                      tuple(problems))


class EnvFileError(ValueError):
    """The file cannot be read as a .env file (not UTF-8, unreadable): ``str(exc)`` is the
    sentence for the user; it never quotes the file's content."""


def parse_env_file(path: Path) -> EnvEntries:
    try:
        return parse_env_text(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise EnvFileError(f"{path.name} is not a UTF-8 text file (line {line} has bytes "
                           "that are not UTF-8): save it as UTF-8 and try again.") from None
    except OSError as exc:
        raise EnvFileError(f"{path.name} cannot be read ({exc.strerror or exc}).") from None


async def import_env_file(vault: Vault, path: Path, *,
                          source: str = "import-env") -> EnvImportReport:
    """Validate every recognised value, then store them all in one transaction."""
    entries = parse_env_file(path)
    imported = await vault.set_many(entries.values, source=source) if entries.values else ()
    return EnvImportReport(path, imported, entries.sources, entries.skipped, entries.problems)
