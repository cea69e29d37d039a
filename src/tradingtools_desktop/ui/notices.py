"""In-window notifications (fills, rejects, alerts): the tray is not on every desktop.

A strip above the tabs shows the newest notice with its time (Vietnam time) and colour;
the last ``KEEP`` stay in its tooltip. It hides itself after ``SHOW_MS`` unless the notice
is critical (a critical one stays until dismissed).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..domain.market.calendar import to_vn_time
from ..i18n import tr

KEEP = 20
SHOW_MS = 12_000
COLOURS = {"info": ("#e0f2fe", "#075985"), "good": ("#dcfce7", "#166534"),
           "warning": ("#fef3c7", "#92400e"), "critical": ("#fee2e2", "#991b1b")}


class NoticeStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeStrip")
        self.text = QLabel("")
        self.text.setObjectName("noticeText")
        self.text.setWordWrap(True)
        self.dismiss = QPushButton("×")
        self.dismiss.setObjectName("noticeDismiss")
        self.dismiss.setToolTip(tr("Dismiss"))
        self.dismiss.setFixedWidth(28)
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)
        self.history: deque[str] = deque(maxlen=KEEP)
        self.clock: object | None = None  # the services' clock (a frozen one in practice)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.setVisible(False)

    def notify(self, text: str, level: str = "info", when: datetime | None = None) -> None:
        now = getattr(self.clock, "now", None)
        when = now() if callable(now) else when  # the time the market runs on
        stamp = to_vn_time(when).strftime("%H:%M:%S") + "  " if when is not None else ""
        line = f"{stamp}{text}"
        self.history.appendleft(line)
        bg, fg = COLOURS.get(level, COLOURS["info"])
        self.setStyleSheet(f"#noticeStrip {{ background: {bg}; border-radius: 4px; }} "
                           f"QLabel {{ color: {fg}; font-weight: bold; }}")
        self.text.setText(line)
        self.setToolTip("\n".join(self.history))
        self.setVisible(True)
        if level == "critical":
            self._timer.stop()
        else:
            self._timer.start(SHOW_MS)
