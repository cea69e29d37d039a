"""Headless commands: ``tradingtools <group> <command>``.

Each command group is a module in this package with a ``register(subparsers)`` function that
adds its parser (named as the module) and sets ``handler``; modules are discovered, so a new
group is one new file. Only the group a command names is imported (``--version`` imports
none); the top-level help, a mistyped group and a bare ``tradingtools`` import them all so
argparse can list them.

Exit codes: 0 done, 1 refused (a check, the broker), 2 bad input (one sentence, from the
parse layer in :mod:`.inputs`), 3 the profile's storage (the way out is printed), 4 the
vault, 70 an unexpected fault: never a traceback on the terminal — its details go to the
log file named in the one-line message.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable
from types import ModuleType

from .. import __version__
from ..i18n import said, tr
from ..paths import InvalidProfileName
from . import inputs
from .inputs import EXIT_USAGE, UsageError

Handler = Callable[[argparse.Namespace], int]
EXIT_STORE, EXIT_VAULT = 3, 4
EXIT_INTERNAL = 70  # EX_SOFTWARE
log = logging.getLogger(__name__)
_APP = __name__.rsplit(".", 1)[0]


def _module_names() -> list[str]:
    # __main__ runs the command when imported; no module is imported to list them
    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if not info.name.startswith("_"))


def command_groups(only: str | None = None) -> list[ModuleType]:
    """The command-group modules (every one, or just ``only`` when it is one)."""
    names = _module_names()
    if only is not None and only in names:
        module = importlib.import_module(f"{__name__}.{only}")
        if hasattr(module, "register"):
            return [module]
    groups = []
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        if hasattr(module, "register"):
            groups.append(module)
    return groups


def named_group(argv: list[str]) -> str | None:
    """The group ``argv`` names: its first word that is not an option or ``--profile``'s
    value; None when it has none, or when ``--version`` / ``--help`` comes first (then
    ``"-"`` for --version: no group is needed)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "--version":
            return "-"
        if word.startswith("--p") and "--profile".startswith(word):
            skip = True  # its value follows (``--profile=NAME`` is one word)
            continue
        if word.startswith("-"):
            if word in ("-h", "--help") or ("--help".startswith(word) and len(word) > 2):
                return None
            continue
        return word
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: with only the group it names (see the module docstring);
    with every group when ``argv`` is None."""
    parser = argparse.ArgumentParser(
        prog="tradingtools", description=tr("TradingTools Desktop: headless commands.")
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--profile", type=inputs.profile_name,
                        help=tr("profile to use (default: the last active one)"))
    sub = parser.add_subparsers(dest="group", required=True)
    only = named_group(argv) if argv is not None else None
    if only == "-":
        return parser
    for group in command_groups(only):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run its command; every failure ends as a sentence and an exit
    code (see the module docstring), never as a traceback."""
    from .runtime_setup import begin, end

    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, argparse's own one-line errors
        return _code(exc)
    log_file = begin(args)
    try:
        handler: Handler = args.handler
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:
        return _code(exc)
    except (UsageError, InvalidProfileName) as exc:
        _say(tr("error: {why}").format(why=said(exc)))
        return EXIT_USAGE
    except Exception as exc:
        # the store and the vault are imported only by the commands that use them
        for module, code in (("store.errors", EXIT_STORE), ("vault.errors", EXIT_VAULT)):
            kinds = sys.modules.get(f"{_APP}.{module}")
            base = getattr(kinds, "StoreError" if code == EXIT_STORE else "VaultError", None)
            if base is not None and isinstance(exc, base):
                _say(error_text(exc))
                return code
        log.exception("unexpected fault in `tradingtools %s`", args.group,
                      extra={"details_only": True})
        where = tr(" The details are in {path}.").format(path=log_file) if log_file else ""
        _say(tr("error: TradingTools hit an unexpected problem ({kind}) and stopped this "
                "command.").format(kind=type(exc).__name__) + where)
        return EXIT_INTERNAL
    finally:
        end()


def error_text(exc: Exception) -> str:
    """A store's or a vault's error as the user reads it: what happened, then the way out."""
    way_out = getattr(exc, "way_out", "")
    text = tr("error: {why}").format(why=said(exc))
    return f"{text}\n{tr(way_out)}" if way_out else text


def _code(exc: SystemExit) -> int:
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or 0
    _say(str(exc.code))
    return 1


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr closed: nothing more to say
        print(text, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
