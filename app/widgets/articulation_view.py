"""Expected vs produced phone, side by side: the vocal-tract diagrams of
``model.articulation.comparison_svg``, its caption and the phones' descriptions."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.i18n import tr
from app.style import hangul_font
from model.articulation import caption, comparison_svg, svg_for
from model.phones import BY_SYMBOL


class SvgCanvas(QWidget):
    """Paints an SVG document scaled to fit, keeping its aspect ratio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = QSvgRenderer(self)
        self.svg = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(150)

    def set_svg(self, svg: str) -> None:
        self.svg = svg
        self.renderer.load(svg.encode("utf-8"))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, 190)

    def heightForWidth(self, w: int) -> int:
        size = self.renderer.defaultSize()
        return int(w * size.height() / size.width()) if self.svg and size.width() else 190

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self.svg or not self.renderer.isValid():
            return
        size = self.renderer.defaultSize()
        scale = min(self.width() / max(size.width(), 1), self.height() / max(size.height(), 1))
        w, h = size.width() * scale, size.height() * scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.renderer.render(p, QRectF((self.width() - w) / 2, 0, w, h))
        p.end()


class ArticulationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.expected: str | None = None
        self.produced: str | None = None
        self.title = QLabel()
        self.title.setFont(hangul_font(12, bold=True))
        self.canvas = SvgCanvas()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFont(hangul_font(11, bold=True))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #34495e;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.details)
        self.show_pair(None)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.show_pair(self.expected, self.produced)

    def show_pair(self, expected: str | None, produced: str | None = None) -> None:
        """Compare ``expected`` with ``produced`` (None: show how to say ``expected`` alone)."""
        self.expected, self.produced = expected, produced
        lang = self.lang
        self.title.setText(tr("compare_title", lang))
        if expected is None or expected not in BY_SYMBOL:
            self.canvas.set_svg("")
            self.canvas.setVisible(False)
            self.caption.setText(tr("compare_hint", lang))
            self.details.setText("")
            return
        self.canvas.setVisible(True)
        if produced and produced != expected and produced in BY_SYMBOL:
            self.canvas.set_svg(comparison_svg(expected, produced))
            self.caption.setText(caption(expected, produced, lang))
            phones = [(tr("expected", lang), expected), (tr("produced", lang), produced)]
        else:
            self.canvas.set_svg(svg_for(expected))
            self.caption.setText(caption(expected, None, lang))
            phones = [(tr("expected", lang), expected)]
        lines = []
        for label, sym in phones:
            p = BY_SYMBOL[sym]
            desc = p.description_ko if lang == "ko" else p.description_en
            lines.append(f"<b>{label}</b> {p.letter} [{sym}]: {desc}")
        self.details.setText("<br>".join(lines))
        self.details.setTextFormat(Qt.TextFormat.RichText)
