"""A live input level bar (dBFS) that turns red and says so when the signal clips."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from app.style import AMBER, GREEN, RED

FLOOR_DB = -60.0
CLIP_HOLD_MS = 1500


class LevelMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = FLOOR_DB
        self.clipping = False
        self._hold = QTimer(self, singleShot=True, interval=CLIP_HOLD_MS)
        self._hold.timeout.connect(self._clear_clip)
        self.setMinimumSize(160, 18)
        self.setToolTip("Microphone level")

    def sizeHint(self) -> QSize:
        return QSize(220, 20)

    @property
    def fraction(self) -> float:
        return min(1.0, max(0.0, (self.db - FLOOR_DB) / -FLOOR_DB))

    def set_level(self, db: float, clipped: bool = False) -> None:
        self.db = max(FLOOR_DB, min(0.0, float(db)))
        if clipped:
            self.clipping = True
            self._hold.start()
        self.update()

    def reset(self) -> None:
        self.db = FLOOR_DB
        self._clear_clip()

    def _clear_clip(self) -> None:
        self.clipping = False
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QColor("#9aa3b2"))
        p.setBrush(QColor("#eef1f5"))
        p.drawRoundedRect(r, 4, 4)
        f = self.fraction
        color = RED if self.clipping else (AMBER if self.db > -6 else GREEN)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(color))
        p.drawRoundedRect(QRectF(r.left(), r.top(), r.width() * f, r.height()), 4, 4)
        p.end()
