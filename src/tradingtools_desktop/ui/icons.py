"""Icons painted at run time, so the tray shows mode and state without image files."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from ..domain.trading_state import TradingMode, TradingState
from .theme import MODE_COLOURS, STATE_COLOURS


def status_icon(mode: TradingMode, state: TradingState, size: int = 64) -> QIcon:
    """A rounded square in the mode colour with a state dot (black/yellow when HALTED)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(MODE_COLOURS[mode][0]))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(2, 2, size - 4, size - 4, size / 6, size / 6)
    p.setPen(QColor("#ffffff"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.42))
    p.setFont(font)
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, "TT")
    bg, fg = STATE_COLOURS[state]
    d = size // 3
    p.setBrush(QColor(fg if state is TradingState.HALTED else bg))
    p.setPen(QColor("#ffffff"))
    p.drawEllipse(size - d - 2, size - d - 2, d, d)
    p.end()
    return QIcon(pix)
