"""Is this Qt binding safe to run for hours? A check for the reference leak that aborts the app.

PySide6-Essentials 6.12.0 on CPython 3.11 drops one reference to ``None`` on every Qt call that
returns nothing (``QLabel.setText``, ``QPainter.drawText`` …). ``None``'s count falls by one per
call until CPython deallocates it and aborts (``Fatal Python error: none_dealloc``), after a few
minutes of clicking. ``pyproject.toml`` keeps that release out; this check proves it, in the tests
and in ``--self-test``, by making the kinds of calls the app makes and watching ``None``'s count.
On CPython 3.12 and later ``None`` is immortal, its count never moves, and the check passes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

CALLS = 10_000
TOLERANCE = 50  # references to None that other code may legitimately drop meanwhile


@dataclass(frozen=True)
class RefcountCheck:
    calls: int
    drift: int  # change of sys.getrefcount(None) over the calls; about -calls when the binding leaks
    binding: str  # "PySide6 6.11.3 on Python 3.11.7"

    @property
    def ok(self) -> bool:
        return self.drift >= -TOLERANCE  # a count that rises (a cache taking references) is harmless

    def message(self) -> str:
        if self.ok:
            return f"{self.binding}: no reference to None lost over {self.calls:,} Qt calls"
        return (
            f"{self.binding} loses a reference to None on every Qt call ({self.drift:+,} over "
            f"{self.calls:,} calls): the app would abort after a few minutes. Install a PySide6 "
            "without the leak (make install does: PySide6-Essentials<6.12 on Python 3.11)."
        )


def check_none_refcount(calls: int = CALLS) -> RefcountCheck:
    """Make ``calls`` Qt calls of the kinds the app makes; measure how ``None``'s count moved.

    Needs a QApplication (offscreen is fine).
    """
    import PySide6
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen
    from PySide6.QtWidgets import QLabel, QWidget

    label, widget = QLabel(), QWidget()
    image = QImage(64, 32, QImage.Format.Format_ARGB32)
    pen, color = QPen(), QColor("#c62828")
    rounds = max(1, calls // 10)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for i in range(rounds):  # ten void calls a round: widgets, then painting as paintEvent does
            label.setText("가")
            label.setToolTip("x")
            widget.update()
            widget.setMinimumHeight(i % 7)
            pen.setColor(color)
            painter.setPen(pen)
            painter.setBrush(color)
            painter.drawText(QPointF(2.0, 20.0), "ㄱ")
            painter.drawRect(QRectF(1.0, 1.0, 8.0, 8.0))
            painter.fillRect(QRectF(0.0, 0.0, 4.0, 4.0), color)
        drift = sys.getrefcount(None) - before
    finally:
        painter.end()
    binding = f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}"
    return RefcountCheck(rounds * 10, drift, binding)
