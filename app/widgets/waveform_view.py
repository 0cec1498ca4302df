"""The recording as a waveform and a spectrogram (pyqtgraph), with the phones laid over it.

Each recognised phone with a time span is a coloured band (colour = verdict) labelled with
its IPA symbol; clicking a band emits ``segmentClicked(phone_index)``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.i18n import tr
from app.style import hangul_font, tint, verdict_color
from model.audio import SAMPLE_RATE

N_FFT = 512
HOP = 160
MAX_POINTS = 6000  # the waveform is drawn as a min/max envelope of at most this many points


def spectrogram(x: np.ndarray, n_fft: int = N_FFT, hop: int = HOP) -> np.ndarray:
    """Log-power spectrogram (frames, n_fft // 2 + 1) in dB, floored 80 dB below its peak."""
    x = np.asarray(x, dtype=np.float32)
    if x.size < n_fft:
        x = np.pad(x, (0, n_fft - x.size))
    frames = 1 + (x.size - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(x[idx] * np.hanning(n_fft).astype(np.float32), axis=1)) ** 2
    db = 10.0 * np.log10(spec + 1e-10)
    return np.maximum(db, db.max() - 80.0)


def envelope(x: np.ndarray, points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(times, values) of a min/max envelope, so long recordings draw fast."""
    n = x.size
    if n <= points:
        return np.arange(n) / SAMPLE_RATE, x
    step = int(np.ceil(n / (points // 2)))
    m = n // step
    blocks = x[: m * step].reshape(m, step)
    vals = np.empty(2 * m, dtype=np.float32)
    vals[0::2], vals[1::2] = blocks.min(axis=1), blocks.max(axis=1)
    t = np.repeat(np.arange(m) * step / SAMPLE_RATE, 2)
    return t, vals


class WaveformView(QWidget):
    segmentClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.waveform: np.ndarray | None = None
        self.assessment = None
        self.segments: list[tuple[int, float, float, str]] = []  # phone index, start, end, colour
        self._items: list = []
        self.labels: list[tuple[float, pg.TextItem]] = []  # (centre time, label), thinned by zoom
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.wave = self.graphics.addPlot(row=0, col=0)
        self.spec = self.graphics.addPlot(row=1, col=0)
        self.spec.setXLink(self.wave)
        for plot in (self.wave, self.spec):
            plot.setMouseEnabled(x=True, y=False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
        self.wave.hideAxis("left")
        self.wave.hideAxis("bottom")
        self.wave.setYRange(-1, 1)
        self.spec.setLabel("bottom", "s")
        self.spec.getAxis("left").setTicks(
            [[(0, "0"), (2000, "2k"), (4000, "4k"), (6000, "6k"), (8000, "8k")]]
        )
        self.curve = self.wave.plot(pen=pg.mkPen("#34495e", width=1))
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.spec.addItem(self.image)
        self.graphics.ci.layout.setRowStretchFactor(0, 2)
        self.graphics.ci.layout.setRowStretchFactor(1, 3)
        self.graphics.scene().sigMouseClicked.connect(self._clicked)
        self.wave.sigXRangeChanged.connect(lambda *_: self.thin_labels())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics)
        self.setMinimumHeight(220)
        self.set_language("ko")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.wave.setTitle(tr("waveform", lang), size="9pt")
        self.spec.setTitle(tr("spectrogram", lang), size="9pt")

    def clear(self) -> None:
        self.waveform = None
        self.assessment = None
        self.curve.setData([], [])
        self.image.clear()
        self._clear_segments()

    def set_waveform(self, waveform: np.ndarray) -> None:
        self.waveform = np.asarray(waveform, dtype=np.float32)
        duration = max(self.waveform.size / SAMPLE_RATE, 1e-3)
        t, v = envelope(self.waveform)
        self.curve.setData(t, v)
        spec = spectrogram(self.waveform)
        self.image.setImage(spec, autoLevels=True)
        self.image.setRect(QRectF(0, 0, duration, SAMPLE_RATE / 2))
        self.spec.setYRange(0, SAMPLE_RATE / 2, padding=0)
        self.wave.setXRange(0, duration, padding=0.01)
        self._clear_segments()

    def set_assessment(self, assessment) -> None:
        self.assessment = assessment
        self._clear_segments()
        reliable = bool(getattr(assessment, "reliable", True))
        for i, pv in enumerate(assessment.phones):
            if pv.start is None or pv.end is None:
                continue
            color = verdict_color(pv.verdict, reliable)
            self.segments.append((i, float(pv.start), float(max(pv.end, pv.start + 0.01)), color))
        for i, start, end, color in self.segments:
            pv = assessment.phones[i]
            for plot in (self.wave, self.spec):
                region = pg.LinearRegionItem(values=(start, end), movable=False, brush=tint(color, 60),
                                             pen=pg.mkPen(QColor(color), width=1))  # fmt: skip
                region.setZValue(-5 if plot is self.wave else 5)
                plot.addItem(region)
                self._items.append((plot, region))
            # the segment is where the expected phone was forced-aligned: label it with that phone
            label = pg.TextItem(pv.expected, color=QColor(color).darker(150), anchor=(0.5, 0))
            label.setFont(hangul_font(10, bold=True))
            label.setPos((start + end) / 2, 1.0)
            self.wave.addItem(label)
            self._items.append((self.wave, label))
            self.labels.append(((start + end) / 2, label))
        self.thin_labels()

    def thin_labels(self) -> None:
        """Show only labels that do not overlap at the current zoom (zoom in to see them all)."""
        (x0, x1), width = self.wave.viewRange()[0], max(1.0, self.wave.vb.width())
        px_per_s = width / max(x1 - x0, 1e-6)
        right = -1e9
        for centre, label in sorted(self.labels, key=lambda item: item[0]):
            half = label.boundingRect().width() / 2 + 2  # pixels
            x = centre * px_per_s
            visible = x - half >= right
            label.setVisible(visible)
            if visible:
                right = x + half

    def _clear_segments(self) -> None:
        for plot, item in self._items:
            plot.removeItem(item)
        self._items = []
        self.segments = []
        self.labels = []

    def segment_at(self, t: float) -> int | None:
        for i, start, end, _ in self.segments:
            if start <= t <= end:
                return i
        return None

    def _clicked(self, event) -> None:
        for plot in (self.wave, self.spec):
            if plot.sceneBoundingRect().contains(event.scenePos()):
                t = plot.vb.mapSceneToView(event.scenePos()).x()
                i = self.segment_at(t)
                if i is not None:
                    self.segmentClicked.emit(i)
                return
