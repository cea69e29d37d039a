"""Take a screenshot of the real app window under Xvfb, as a person would see it.

    .venv/bin/python scripts/screenshot.py OUT.png [--tab Orders] [--home DIR] [-- app args]

Starts Xvfb on a free display, runs the app with the xcb platform, waits until the profile
is open, captures the X screen with ImageMagick's `import`, then closes the app with SIGTERM
(a clean shutdown). Needs: xvfb, imagemagick and the xcb packages listed in the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--tab", default=None)
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--size", default="1200x760")
    ap.add_argument("--wait", type=float, default=1.5)
    args, app_args = ap.parse_known_args()
    app_args = [a for a in app_args if a != "--"]
    for tool in ("Xvfb", "import"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: apt-get install xvfb imagemagick", file=sys.stderr)
            return 2
    home = args.home or Path(tempfile.mkdtemp(prefix="tt-shot-"))
    display = f":{free_display()}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{args.size}x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.8)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                   TRADINGTOOLS_HOME=str(home))
        cmd = [sys.executable, "-m", "tradingtools_desktop", *app_args]
        if args.tab:
            cmd += ["--tab", args.tab]
        app = subprocess.Popen(cmd, env=env)
        log = home / "profiles"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            logs = list(log.glob("*/logs/tradingtools.log")) if log.exists() else []
            if any("opened" in p.read_text(encoding="utf-8") for p in logs):
                break
            if app.poll() is not None:
                print("app exited early", file=sys.stderr)
                return 1
            time.sleep(0.1)
        time.sleep(args.wait)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-display", display, "-window", "root", str(args.out)],
                       check=True)
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=30)
        print(f"saved {args.out} (app exit code {app.returncode})")
        return 0
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
