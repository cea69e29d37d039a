"""Screenshots of the Screener tab after a VN30 run, in one language or both:

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python scripts/screener_screenshot.py [en|vi]

A throwaway profile on the bundled real data; the quote service holds a live FPT quote of
the app's clock (as the SSI stream would put there) and the bundled newest bars for the
rest, so the Last column shows both a live price and old ones with their age. Saves
docs/screenshots/screener-<lang>.png (the window's grab; docs/screenshots/screener.png stays
the Xvfb shot of scripts/screenshots.sh).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1500, 860)


def main() -> int:
    langs = sys.argv[1:] or ["en", "vi"]
    if len(langs) > 1:
        return max(subprocess.call([sys.executable, __file__, lang]) for lang in langs)
    lang = langs[0]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="tt-screener-shot-"))
    os.environ["TRADINGTOOLS_HOME"] = str(home)
    os.environ["HOME"] = str(home / "home")
    os.environ["TRADINGTOOLS_LANG"] = lang
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import qasync
    from PySide6.QtWidgets import QApplication

    from tradingtools_desktop.domain.market.exchange import Exchange
    from tradingtools_desktop.domain.market.quotes import Quote, QuoteSource
    from tradingtools_desktop.i18n import set_language
    from tradingtools_desktop.paths import profile_paths
    from tradingtools_desktop.services.runtime import AppServices
    from tradingtools_desktop.ui.main_window import MainWindow

    set_language(lang)
    app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out = ROOT / "docs" / "screenshots" / f"screener-{lang}.png"

    async def shoot() -> None:
        services = await AppServices.open(profile_paths("default", home))
        services.quotes.on_quote(Quote("FPT", services.clock.now(), QuoteSource.SSI_STREAM,
                                       exchange=Exchange.HOSE, reference=99_600,
                                       last=100_300))
        window = MainWindow()
        window.resize(*SIZE)
        window.attach(services)
        window.select_tab("screener")
        window.show()
        tab = window.screener_tab
        tab.universe.setCurrentText("VN30")
        tab.start_run()
        while tab.table.rowCount() == 0:
            await asyncio.sleep(0.1)
        row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text()
                   == "FPT")
        tab.table.selectRow(row)
        tab.views.widget(0).setSizes([930, 470])  # wide enough for the Last column
        await asyncio.sleep(2.0)  # the chart of the row
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.detach()
        await services.stop()

    with loop:
        loop.run_until_complete(shoot())
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
