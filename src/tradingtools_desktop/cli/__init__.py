"""Headless commands: ``tradingtools <group> <command>``. Each group is a module here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from .. import __version__
from . import doctor, state

Handler = Callable[[argparse.Namespace], int]
GROUPS = (doctor, state)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tradingtools", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--profile", help="profile to use (default: the last active one)")
    sub = parser.add_subparsers(dest="group", required=True)
    for group in GROUPS:
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
