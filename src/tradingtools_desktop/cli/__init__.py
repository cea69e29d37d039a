"""Headless commands: ``tradingtools <group> <command>``, and ``tradingtools --replay DATE``
(the ``replay`` command's practice on a past session, as a top-level option).

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


_VALUED = ("--profile", "--replay", "--speed", "--source", "--order", "--fetch")


def _takes_value(word: str) -> bool:
    """Whether ``word`` is a top-level option whose value is the next word (argparse takes
    an unambiguous prefix; ``--profile=NAME`` is one word)."""
    return len(word) > 3 and "=" not in word and sum(o.startswith(word) for o in _VALUED) == 1


def wants_replay(argv: list[str]) -> bool:
    """Whether ``argv`` may use ``--replay`` or its options on ``tradingtools`` itself
    (judged generously: such a word anywhere; after a command it is that command's own)."""
    return any(w.split("=", 1)[0] in _VALUED[1:] or w.startswith("--rep") for w in argv)


def named_group(argv: list[str]) -> str | None:
    """The group ``argv`` names: its first word that is not an option or a top-level
    option's value; None when it has none, or when ``--version`` / ``--help`` comes first
    (then ``"-"`` for --version: no group is needed)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "--version":
            return "-"
        if _takes_value(word):
            skip = True  # its value follows
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
    only = named_group(argv) if argv is not None else None
    if only == "-":
        return parser
    if argv is None or only is None or wants_replay(argv):
        from . import replay  # the help lists it; --replay runs it

        parser.add_argument(
            "--replay", metavar="DATE", type=inputs.replay_day_or_list,
            help=tr("practise on the past session of DATE (2026-04-14 or 14/04/2026; 'list' "
                    "shows the days there are), dry-run only: the same as `tradingtools "
                    "replay DATE`, with its options (--speed, --order, --source, --fetch, "
                    "--json)"))
        replay.add_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="group", metavar="COMMAND")
    for group in command_groups(only):
        group.register(sub)
    return parser


def resolve(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.Namespace:
    """A command, or ``--replay DATE`` (run as the ``replay`` command), never both nor
    neither; a misuse is argparse's one-line error (exit 2)."""
    if getattr(args, "replay", None) is not None:
        from . import replay

        if args.group is not None:
            parser.error(tr("--replay DATE runs a replay on its own: leave out the command "
                            "{command!r}, or write `tradingtools replay DATE`.").format(
                command=args.group))
        return replay.from_top_level(args)
    options: list[str] = []
    if hasattr(args, "replay"):  # the replay's options were offered on ``tradingtools``
        from . import replay

        options = replay.top_level_options(args)
    if options:
        parser.error(tr("{options}: a replay's option(s); write `tradingtools --replay DATE "
                        "{first} ...` or `tradingtools replay DATE {first} ...`.").format(
            options=", ".join(options), first=options[0]))
    if args.group is None:
        parser.error(tr("name a command (see `tradingtools --help`), or --replay DATE to "
                        "practise on a past session."))
    return args


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run its command; every failure ends as a sentence and an exit
    code (see the module docstring), never as a traceback."""
    from .runtime_setup import begin, end

    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser(argv)
        args = resolve(parser, parser.parse_args(argv))
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
