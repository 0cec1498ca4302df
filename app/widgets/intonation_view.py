"""Intonation to see: the learner's pitch contour with the reference's laid over it, syllable by
syllable, with the syllables written at their places. Display only, no score (model/pitch.py
says why). The reference arrives later (it is synthesised or loaded and aligned off the GUI
thread), so the view draws the learner first and adds the reference when it comes."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import tr
from app.style import hangul_font
from model.pitch import Contour

LEARNER = "#2c3e50"
REFERENCE = "#e67e22"


class IntonationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.who = ""  # whose voice the reference is, as shown
        self.caption = QLabel()
        self.caption.setFont(hangul_font(10, bold=True))
        self.caption.setWordWrap(True)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(150)
        self.plot.setMaximumHeight(190)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.learner_curve = self.plot.plot(pen=pg.mkPen(LEARNER, width=3), connect="finite")
        self.reference_curve = self.plot.plot(pen=pg.mkPen(REFERENCE, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
                                              connect="finite")  # fmt: skip
        self.labels: list[pg.TextItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot)
        self.set_language("ko")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.plot.setLabel("left", tr("pitch_axis", lang))
        self.plot.setLabel("bottom", tr("seconds", lang))
        self._caption()

    def _caption(self) -> None:
        legend = (f'<span style="color:{LEARNER}">━ {tr("pitch_mine", self.lang)}</span> &nbsp; '
                  f'<span style="color:{REFERENCE}">╍ {self.who or tr("pitch_no_reference", self.lang)}</span>')  # fmt: skip
        self.caption.setText(f"{tr('pitch_title', self.lang)} &nbsp; {legend}")

    def clear(self) -> None:
        self.learner_curve.setData([], [])
        self.reference_curve.setData([], [])
        for item in self.labels:
            self.plot.removeItem(item)
        self.labels = []
        self.who = ""
        self._caption()

    def show_learner(self, contour: Contour, syllables: list[tuple[float, str]]) -> None:
        """The learner's contour (semitones) and the syllables at their centres (seconds)."""
        self.clear()
        self.learner_curve.setData(contour.times, contour.semitones())
        for centre, text in syllables:
            label = pg.TextItem(text, color=QColor("#34495e"), anchor=(0.5, 0))
            label.setFont(hangul_font(11))
            label.setPos(centre, 9)
            self.plot.addItem(label)
            self.labels.append(label)
        self.plot.setYRange(-10, 10)
        if contour.times.size:
            self.plot.setXRange(0, float(contour.times[-1]), padding=0.02)

    def show_reference(self, times: np.ndarray, semitones: np.ndarray, who: str) -> None:
        """The reference's contour, already warped onto the learner's time axis; ``who`` says whose voice."""
        self.reference_curve.setData(times, semitones)
        self.who = who
        self._caption()
