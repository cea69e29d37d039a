"""A label a live feed rewrites several times a second, without re-laying the window out.

Every ``QLabel.setText`` calls ``updateGeometry``: its layout, then each parent's, is
invalidated up to the window whether or not the size hint moved (Qt's layouts do not
check), and every ``QTabWidget`` on the way repaints itself whole when it re-lays out. For
the depth panel's headline (a new price ~3-10 times a second) that was a repaint of the
whole main window each time, several ms of the Qt thread.

:class:`LiveText` holds the label in a plain widget with no layout: the label's geometry
requests stop there (a widget without a layout ignores them). The holder sizes the label
itself and changes its own height - the only thing its parents see - only when the new
text needs a different height (one line more or less), so a new price repaints just the
label. Read the text with :meth:`text`, set it with :meth:`setText` (QLabel's names).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class LiveText(QWidget):
    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._height = -1
        self._fit()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        if text != self.label.text():
            self.label.setText(text)
            self._fit()

    def sizeHint(self) -> QSize:
        return QSize(self.label.sizeHint().width(), max(self._height, 0))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.label.minimumSizeHint().width(), max(self._height, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        self._fit()

    def _fit(self) -> None:
        """The height the text needs at the current width; the parents hear of it only
        when it changed."""
        label = self.label
        if label.wordWrap() and self.width() > 0:
            needed = label.heightForWidth(self.width())
        else:
            needed = label.sizeHint().height()
        needed = max(needed, label.minimumSizeHint().height())
        if needed != self._height:
            self._height = needed
            self.setFixedHeight(needed)
