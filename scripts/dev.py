"""The `dev` run profile: start the app and restart it whenever a source file changes.

    make dev            # or: .venv/bin/python scripts/dev.py [app args]

Polls src/ once a second (no extra dependency); on a change the running app gets SIGTERM —
it closes its services and database cleanly — and a fresh one starts. Ctrl+C stops both.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def snapshot() -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in SRC.rglob("*") if p.suffix in (".py", ".sql")}


def main() -> int:
    args = sys.argv[1:]
    while True:
        app = subprocess.Popen([sys.executable, "-m", "tradingtools_desktop", *args])
        seen = snapshot()
        try:
            while app.poll() is None:
                time.sleep(1.0)
                now = snapshot()
                if now != seen:
                    changed = sorted(str(p.relative_to(SRC)) for p in set(now) ^ set(seen) |
                                     {p for p in now if seen.get(p) != now[p]})
                    print(f"[dev] changed: {', '.join(changed[:5])} — restarting", flush=True)
                    app.send_signal(signal.SIGTERM)
                    app.wait(timeout=30)
                    break
            else:
                return app.returncode or 0  # the user closed the window
        except KeyboardInterrupt:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=30)
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
