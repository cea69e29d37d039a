"""Screenshots of the market replay control, rendered by the real app under Xvfb.

    .venv/bin/python scripts/replay_screenshot.py [en|vi]   # both when not given

Opens a throwaway profile, the main window and Trading > Practise on a past session, starts
the bundled real recording (14/04/2026) at 10x, places practice buys of MBB and FPT through the
replay's own services (the same OMS the ticket uses), lets it play a few seconds and grabs
the whole virtual screen (window + control) into docs/screenshots/replay-control-<lang>.png.
With QT_QPA_PLATFORM=offscreen (no Xvfb) it paints the control over the window's grab.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from xvfb import rerun_under_xvfb  # noqa: E402

SIZE = (1280, 800)


def main() -> int:
    langs = sys.argv[1:] or ["en", "vi"]
    if len(langs) > 1:
        return max(subprocess.call([sys.executable, __file__, lang]) for lang in langs)
    lang = langs[0]
    offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"  # no Xvfb on the box
    if not offscreen and (rc := rerun_under_xvfb(__file__, [lang], size=SIZE)) is not None:
        return rc
    out = ROOT / "docs" / "screenshots" / f"replay-control-{lang}.png"
    home = Path(tempfile.mkdtemp(prefix="tt-replay-shot-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ["HOME"] = str(home / "home")
    os.environ["TRADINGTOOLS_LANG"] = lang
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import qasync
    from PySide6.QtGui import QGuiApplication, QPainter
    from PySide6.QtWidgets import QApplication

    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.orders import OrderRequest, OrderType, Side
    from tradingtools_desktop.i18n import set_language
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    set_language(lang)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("TradingTools Desktop")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def shoot() -> None:
        practice = await AppServices.open(profile_paths("default", home))
        window = MainWindow()
        window.resize(*SIZE)
        window.move(0, 0)
        window.attach(practice)
        window.show()
        window.replay_action.trigger()
        control = window.replay_control
        assert control is not None
        while control.sessions.count() == 0:
            await asyncio.sleep(0.1)
        control.speed.setCurrentIndex(control.speed.findData(10))
        control.start()
        while control.session is None:
            await asyncio.sleep(0.1)
        svc = control.session.services
        await svc.orders.place(OrderRequest("MBB", Exchange.HOSE, Side.BUY, OrderType.LO,
                                            1_000, 26_550, "shot-1"), source="replay")
        await svc.orders.place(OrderRequest("FPT", Exchange.HOSE, Side.BUY, OrderType.LO,
                                            500, 76_200, "shot-2"), source="replay")
        window.tabs.setCurrentWidget(window.orders_tab)
        window.orders_tab.ticket.prefill("MBB", Side.BUY, 1_000)
        window.orders_tab.ticket.price.setText("26.55")
        control.resize(560, 230)
        control.move(SIZE[0] - 600, SIZE[1] - 330)
        await asyncio.sleep(3.0)
        control.refresh()
        await asyncio.sleep(0.5)
        out.parent.mkdir(parents=True, exist_ok=True)
        if offscreen:  # no screen to grab: the window with the control painted over it
            shot = window.grab()
            painter = QPainter(shot)
            painter.drawPixmap(control.pos() - window.pos(), control.grab())
            painter.end()
        else:
            shot = QGuiApplication.primaryScreen().grabWindow(0)
        shot.save(str(out))
        control.stop()
        await asyncio.sleep(1.0)
        window.detach()
        await practice.stop()

    with loop:
        loop.run_until_complete(shoot())
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
