"""Headless commands: ``tradingtools <group> <command>``, and ``tradingtools --replay DATE``
(the ``replay`` command's practice on a past session, as a top-level option).

Each command group is a module in this package with a ``register(subparsers)`` function that
adds its parser and sets ``handler``; modules are discovered, so a new group is one new file.

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
from ..paths import InvalidProfileName
from ..store.errors import StoreError
from ..vault.errors import VaultError
from . import inputs
from .inputs import EXIT_USAGE, UsageError

Handler = Callable[[argparse.Namespace], int]
EXIT_STORE, EXIT_VAULT = 3, 4
EXIT_INTERNAL = 70  # EX_SOFTWARE
log = logging.getLogger(__name__)


def command_groups() -> list[ModuleType]:
    groups = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue  # __main__ runs the command when imported
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            groups.append(module)
    return groups


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradingtools", description="TradingTools Desktop: headless commands."
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--profile", type=inputs.profile_name,
                        help="profile to use (default: the last active one)")
    from . import replay

    parser.add_argument("--replay", metavar="DATE", type=inputs.replay_day_or_list,
                        help="practise on the past session of DATE (2026-04-14 or 14/04/2026; "
                             "'list' shows the days there are), dry-run only: the same as "
                             "`tradingtools replay DATE`, with its options "
                             "(--speed, --order, --source, --fetch, --json)")
    replay.add_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="group", metavar="COMMAND")
    for group in command_groups():
        group.register(sub)
    return parser


def resolve(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.Namespace:
    """A command, or ``--replay DATE`` (run as the ``replay`` command), never both nor
    neither; a misuse is argparse's one-line error (exit 2)."""
    from ..i18n import tr
    from . import replay

    options = replay.top_level_options(args)
    if args.replay is not None:
        if args.group is not None:
            parser.error(tr("--replay DATE runs a replay on its own: leave out the command "
                            "{command!r}, or write `tradingtools replay DATE`.").format(
                command=args.group))
        return replay.from_top_level(args)
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

    try:
        parser = build_parser()
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
        _say(f"error: {exc}")
        return EXIT_USAGE
    except StoreError as exc:
        _say(f"error: {exc.user_message}\n{exc.way_out}")
        return EXIT_STORE
    except VaultError as exc:
        _say(f"error: {exc.user_message}\n{exc.way_out}")
        return EXIT_VAULT
    except Exception as exc:
        log.exception("unexpected fault in `tradingtools %s`", args.group,
                      extra={"details_only": True})
        from ..i18n import tr

        where = tr(" The details are in {path}.").format(path=log_file) if log_file else ""
        _say(tr("error: TradingTools hit an unexpected problem ({kind}) and stopped this "
                "command.").format(kind=type(exc).__name__) + where)
        return EXIT_INTERNAL
    finally:
        end()


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
