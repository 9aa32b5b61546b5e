"""One camera on the wall: its live video (Qt Multimedia: a local file, RTSP or HTTP), labelled
with camera, grid and distance, its state said in words, and a stream that comes back by
itself: a lost stream is asked for again after 2, 4, 8 … up to 30 seconds."""
from __future__ import annotations

import time
from urllib.parse import urlparse

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from widgets.panel import Panel
from widgets.plain_text import PlainLabel

SCHEMES = ("file", "rtsp", "rtsps", "http", "https")
STALL_S = 6.0          # no frame for this long while live: the stream is lost
RETRY_S = (2, 4, 8, 16, 30)
STATES = ("no_stream", "refused", "connecting", "live", "lost")


def stream_source(url: str | None) -> QUrl | None:
    """A QUrl for a camera's stream, or None when it is empty or of a scheme not played
    (a data file's text must not make the console open anything else)."""
    text = (url or "").strip()
    if not text:
        return None
    scheme = urlparse(text).scheme.lower()
    if scheme == "" and text.startswith("/"):
        return QUrl.fromLocalFile(text)
    return QUrl(text) if scheme in SCHEMES else None


class _Picture(QWidget):
    """The latest frame, scaled to fit, black around it."""

    def __init__(self) -> None:
        super().__init__()
        self.image: QImage | None = None
        self.setMinimumSize(240, 135)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#000000"))
        if self.image is not None and not self.image.isNull():
            img = self.image.size().scaled(self.size(), Qt.KeepAspectRatio)
            x, y = (self.width() - img.width()) / 2, (self.height() - img.height()) / 2
            p.drawImage(QRectF(x, y, img.width(), img.height()), self.image)
        p.end()


class VideoTile(Panel):
    """``stateChanged(state)`` with one of STATES; ``frames`` counts the frames shown."""

    stateChanged = Signal(str)

    def __init__(self, camera_id: str, stream_url: str | None, grid: str = "", distance_m: float | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraTile")
        self.camera_id, self.grid, self.distance_m = camera_id, grid, distance_m
        self.source = stream_source(stream_url)
        self.refused = bool((stream_url or "").strip()) and self.source is None
        self.state = ""
        self.frames = 0
        self.retries = 0
        self._last_frame = 0.0
        self.player = self.sink = None
        self.head = PlainLabel()
        self.head.setObjectName("tileTitle")
        self.status = PlainLabel()
        self.status.setObjectName("tileState")
        self.picture = _Picture()
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.head)
        box.addWidget(self.picture, 1)
        box.addWidget(self.status)
        self.watch = QTimer(self)
        self.watch.setInterval(1000)
        self.watch.timeout.connect(self._check)
        self.again = QTimer(self)
        self.again.setSingleShot(True)
        self.again.timeout.connect(self.connect_stream)
        self.retranslate()
        if self.source is not None:
            self.connect_stream()
        else:
            self._set_state("refused" if self.refused else "no_stream")

    # ------------------------------------------------------------------ the stream
    def connect_stream(self) -> None:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
        self._drop_player()
        # Owned by the application and ended with deleteLater, never deleted with the tile: the
        # playback engine's threads still hold them for a moment after stop().
        self.player = QMediaPlayer(QCoreApplication.instance())
        self.sink = QVideoSink(QCoreApplication.instance())
        self.player.setVideoSink(self.sink)
        self.player.setLoops(QMediaPlayer.Infinite)  # a recorded file plays round, as a live feed would
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.player.errorOccurred.connect(lambda *_: self._lose())
        self._set_state("connecting")
        self._last_frame = time.monotonic()
        self.player.setSource(self.source)
        self.player.play()
        self.watch.start()

    def _drop_player(self) -> None:
        if self.player is not None:
            player, sink, self.player, self.sink = self.player, self.sink, None, None
            sink.videoFrameChanged.disconnect(self._on_frame)
            player.errorOccurred.disconnect()
            player.stop()
            player.setVideoSink(None)
            player.setSource(QUrl())
            player.deleteLater()
            sink.deleteLater()

    def _on_frame(self, frame) -> None:
        image = frame.toImage()
        if image.isNull():
            return
        self.picture.image = image
        self.picture.update()
        self.frames += 1
        self._last_frame = time.monotonic()
        if self.state != "live":
            self.retries = 0
            self._set_state("live")

    def _check(self) -> None:
        if self.state in ("live", "connecting") and time.monotonic() - self._last_frame > STALL_S:
            self._lose()

    def _lose(self) -> None:
        if self.state == "lost":
            return
        self.watch.stop()
        self._drop_player()
        self._set_state("lost")
        delay = RETRY_S[min(self.retries, len(RETRY_S) - 1)]
        self.retries += 1
        self.again.start(delay * 1000)

    def stop(self) -> None:
        self.watch.stop()
        self.again.stop()
        self._drop_player()

    # ------------------------------------------------------------------ text
    def _set_state(self, state: str) -> None:
        self.state = state
        self._say_state()
        self.stateChanged.emit(state)

    def _say_state(self) -> None:
        names = {"no_stream": self.tr("No video stream recorded for this camera"),
                 "refused": self.tr("Stream address not played (file, RTSP or HTTP only)"),
                 "connecting": self.tr("Connecting…"), "live": self.tr("Live"),
                 "lost": self.tr("Stream lost: trying again")}
        self.status.setText(names.get(self.state, ""))

    def retranslate(self) -> None:
        parts = [self.camera_id]
        if self.grid:
            parts.append(self.grid)
        if self.distance_m is not None:
            parts.append(self.tr("%1 m").replace("%1", f"{self.distance_m:,.0f}"))
        self.head.setText(" · ".join(parts))
        self._say_state()
