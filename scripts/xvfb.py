"""Run the calling script again on a private Xvfb display (for in-process screenshots).

    if (rc := rerun_under_xvfb(__file__, args, size=(1280, 800))) is not None:
        return rc   # the child did the work on the virtual screen
    ...             # here DISPLAY is set: build the window and grab it

Times are rendered as a user in Vietnam sees them (TZ=Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _free_display() -> str:
    for n in range(90, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return f":{n}"
    raise RuntimeError("no free X display between :90 and :139")


def rerun_under_xvfb(script: str, args: list[str], size: tuple[int, int]) -> int | None:
    """None when a display is already there (go on); else the child's exit code."""
    if os.environ.get("DISPLAY") is not None:
        return None
    display = _free_display()
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size[0]}x{size[1]}x24",
                             "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", TZ="Asia/Ho_Chi_Minh")
    try:
        return subprocess.call([sys.executable, script, *args], env=env)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
