"""Headless commands: ``tradingtools <group> <command>``.

Each command group is a module in this package with a ``register(subparsers)`` function that
adds its parser and sets ``handler``; modules are discovered, so a new group is one new file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable
from types import ModuleType

from .. import __version__

Handler = Callable[[argparse.Namespace], int]


def command_groups() -> list[ModuleType]:
    groups = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            groups.append(module)
    return groups


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradingtools", description="TradingTools Desktop: headless commands."
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--profile", help="profile to use (default: the last active one)")
    sub = parser.add_subparsers(dest="group", required=True)
    for group in command_groups():
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
