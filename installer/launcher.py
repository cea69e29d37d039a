"""Entry point of the bundled (PyInstaller) executables.

One script, two entry points in the same folder: ``TradingTools`` (the desktop app) and the
CLI: on Linux ``tradingtools``, a symlink to ``TradingTools`` (one copy of the archive, so
the name it was started by decides); on Windows and macOS ``tradingtools-cli``, a second
executable (a console one on Windows; their file systems ignore case, so ``tradingtools``
would clash with the app).

A frozen executable is also its own Python: the app starts child processes with
``sys.executable -c CODE`` (doctor's Qt probe) and ``sys.executable -m MODULE`` (the vnstock
worker). A bundle has no interpreter to hand them to, so those two forms are served here.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

CLI_EXE = "tradingtools-cli"
CLI_LINK = "tradingtools"


def is_cli() -> bool:
    if Path(sys.executable).stem.lower() == CLI_EXE:
        return True
    return sys.platform.startswith("linux") and Path(sys.argv[0]).name == CLI_LINK


def _as_python(argv: list[str]) -> int | None:
    """Serve ``-c CODE [args]`` and ``-m MODULE [args]`` like ``python`` does; else None."""
    if len(argv) < 3 or argv[1] not in ("-c", "-m"):
        return None
    flag, target, rest = argv[1], argv[2], argv[3:]
    if flag == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102
        return 0
    sys.argv = [target, *rest]
    runpy.run_module(target, run_name="__main__", alter_sys=True)
    return 0


def main() -> int:
    served = _as_python(sys.argv)
    if served is not None:
        return served
    if is_cli():
        from tradingtools_desktop.cli import main as cli_main

        return cli_main()
    from tradingtools_desktop.app import main as gui_main

    return gui_main()


if __name__ == "__main__":
    raise SystemExit(main())
