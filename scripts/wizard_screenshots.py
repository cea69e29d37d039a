"""Screenshots of every setup-wizard page, rendered by the real app under Xvfb.

    .venv/bin/python scripts/wizard_screenshots.py   # writes docs/screenshots/wizard-*.png

Runs the wizard in a throwaway TRADINGTOOLS_HOME with demo (non-secret) values, the AI and
Telegram checks pointed at the local test endpoints and vnstock at a dead proxy, so the
checks page shows real OK / FAILED results without touching the internet.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    if os.environ.get("DISPLAY") is None:
        display = ":97"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1000x720x24", "-nolisten",
                                 "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.8)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        try:
            return subprocess.call([sys.executable, __file__], env=env)
        finally:
            xvfb.terminate()
    home = Path(tempfile.mkdtemp(prefix="tt-wizard-shots-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ["HOME"] = str(home / "home")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    sys.path.insert(0, str(ROOT))
    import qasync
    from PySide6.QtWidgets import QApplication
    from tests.servers.openai_stub import OpenAIStub
    from tests.servers.telegram_stub import TelegramStub

    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.connection_checks import Endpoints
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def shoot() -> None:
        services = await AppServices.open(profile_paths("default", home))
        window = MainWindow()
        window.attach(services)
        window.show()
        with OpenAIStub() as ai, TelegramStub("123456:demo-token") as tg:
            window.wizard_endpoints = Endpoints(
                telegram_api=tg.url,
                vnstock_env={"HTTP_PROXY": "http://127.0.0.1:9",
                             "HTTPS_PROXY": "http://127.0.0.1:9"})
            window.open_wizard()
            wiz = window.wizard
            assert wiz is not None
            wiz.move(0, 0)
            wiz.profile.pass1.setText("a demo passphrase 123")
            wiz.profile.pass2.setText("a demo passphrase 123")
            names = ["1-profile", "2-keys", "3-checks", "4-mode", "5-summary"]
            for i, name in enumerate(names):
                if i == 1:
                    for key, value in (("ai.base_url", ai.url), ("ai.model", "qwen2.5:1.5b"),
                                       ("telegram.bot_token", "123456:demo-token"),
                                       ("telegram.chat_id", "777")):
                        wiz.keys.fields[key].setText(value)  # type: ignore[union-attr]
                if i == 2:
                    while not wiz.checks.done:
                        await asyncio.sleep(0.1)
                await asyncio.sleep(0.4)
                wiz.grab().save(str(OUT / f"wizard-{name}.png"))
                if i < len(names) - 1:
                    wiz.next()
            wiz.reject()
        window.detach()
        await services.stop()

    with loop:
        loop.run_until_complete(shoot())
    print(f"saved {OUT}/wizard-*.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
