"""One RefDesk window per library: a second start hands its items over.

The running window listens on a ``QLocalServer`` whose name is derived from
the library's path.  ``refdesk paper.nbib`` started while RefDesk runs on the
same library connects, sends the items (files as absolute paths) and exits;
the running window imports them as if they had been dropped on it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACK = b"ok\n"


def server_name(library_location: str) -> str:
    """A name unique to this user and library (file path or database URL)."""
    location = library_location if "://" in library_location else str(Path(library_location).expanduser().resolve())
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    digest = hashlib.sha256(f"{user}\0{location}".encode()).hexdigest()[:20]
    return f"refdesk-{digest}"


def absolute_items(items: list[str], cwd: Path | None = None) -> list[str]:
    """Files relative to the sender's working directory become absolute paths."""
    cwd = cwd or Path.cwd()
    out = []
    for item in items:
        path = Path(item).expanduser()
        candidate = path if path.is_absolute() else cwd / path
        out.append(str(candidate.resolve()) if candidate.is_file() else item)
    return out


def hand_off(name: str, items: list[str], timeout_ms: int = 3000) -> bool:
    """Send ``items`` to the instance listening on ``name``; False if none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(json.dumps({"items": items}).encode("utf-8") + b"\n")
    if not socket.waitForBytesWritten(timeout_ms):
        socket.abort()
        return False
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == ACK


class InstanceServer(QObject):
    """Listens for later starts of RefDesk on the same library."""

    items_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        ok = self._server.listen(self.name)
        if not ok:
            log.warning("Cannot listen for other RefDesk starts: %s", self._server.errorString())
        return ok

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(socket.deleteLater)

    @Slot()
    def _read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        data = self._buffers.pop(socket, b"") + bytes(socket.readAll().data())
        if not data.endswith(b"\n"):
            self._buffers[socket] = data
            return
        try:
            message = json.loads(data.decode("utf-8"))
            items = [str(i) for i in message.get("items", [])]
        except (ValueError, AttributeError):
            log.warning("Ignored a malformed message from another RefDesk start")
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        self.items_received.emit(items)
