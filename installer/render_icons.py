"""Render the app icon (the window icon of ui/icons.py: DRY-RUN, ACTIVE) into image files.

    .venv/bin/python installer/render_icons.py

Writes installer/linux/tradingtools.png (256 px), installer/windows/tradingtools.ico
(16..256 px) and installer/macos/tradingtools.icns (when Qt's icns plugin is present).
The committed files were made with this script; re-run it when the icon changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImageWriter

    from tradingtools_desktop.domain.trading_state import TradingMode, TradingState
    from tradingtools_desktop.ui.icons import status_icon

    _app = QGuiApplication(sys.argv[:1])
    icon = status_icon(TradingMode.DRY_RUN, TradingState.ACTIVE, size=256)
    png = HERE / "linux" / "tradingtools.png"
    if not icon.pixmap(QSize(256, 256)).save(str(png), "PNG"):
        print(f"could not write {png}", file=sys.stderr)
        return 1
    print(f"wrote {png}")
    formats = {bytes(f.data()).decode() for f in QImageWriter.supportedImageFormats()}
    for fmt, target in (("ico", HERE / "windows" / "tradingtools.ico"),
                        ("icns", HERE / "macos" / "tradingtools.icns")):
        if fmt not in formats:
            print(f"Qt cannot write .{fmt} here: {target.name} not made")
            continue
        if icon.pixmap(QSize(256, 256)).save(str(target), fmt.upper()):
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
