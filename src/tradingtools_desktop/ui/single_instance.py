"""One window per profile: a second launch raises the first window and exits."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = "tradingtools-" + hashlib.sha256(key.encode()).hexdigest()[:16]
        self._server: QLocalServer | None = None

    def notify_running(self, timeout_ms: int = 300) -> bool:
        """True if another instance owns the profile (it is asked to raise its window)."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(b"raise\n")
        sock.waitForBytesWritten(timeout_ms)
        sock.disconnectFromServer()
        return True

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a stale socket from a crash
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        return self._server.listen(self.name)

    def _on_connection(self) -> None:
        assert self._server is not None
        conn = self._server.nextPendingConnection()
        if conn is not None:
            conn.readyRead.connect(self.raise_requested)
            conn.disconnected.connect(conn.deleteLater)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
