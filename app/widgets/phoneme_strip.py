"""The phoneme strip: expected over heard, phone by phone, coloured by verdict and score.

Phones are grouped under the Hangul syllable they belong to; an inserted (extra) sound is a
narrow purple cell between phones. Clicking a cell emits ``phoneClicked(index)`` or
``insertionClicked(index)``. Each cell's state is kept in :attr:`cells` (kind, index,
verdict, colour, rectangle) so tests and other widgets can read what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import tr
from app.style import INSERTED, NEUTRAL, hangul_font, tint, verdict_color
from model.phones import BY_SYMBOL

PAD = 8
CELL_H = 84
SYL_GAP = 14
CELL_GAP = 4


def letter(symbol: str | None) -> str:
    p = BY_SYMBOL.get(symbol or "")
    return p.letter if p else ""


@dataclass
class Cell:
    kind: str  # "phone" or "insertion"
    index: int  # into assessment.phones or assessment.insertions
    expected: str
    heard: str | None
    verdict: str  # correct / unsure / substituted / deleted / inserted
    score: float
    color: str
    rect: QRectF
    syllable: int = -1

    @property
    def is_error(self) -> bool:
        """Drawn stronger: anything but a phone judged right (a "not sure" one included)."""
        return self.verdict != "correct"


class PhonemeStrip(QWidget):
    phoneClicked = Signal(int)
    insertionClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment = None
        self.lang = "ko"
        self.cells: list[Cell] = []
        self.groups: list[tuple[int, str, QRectF]] = []  # syllable index, text, rect
        self.selected: tuple[str, int] | None = None
        self._font_ipa = hangul_font(15, bold=True)
        self._font_small = hangul_font(9)
        self._font_syl = hangul_font(13, bold=True)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(CELL_H + 30 + 2 * PAD)

    # ------------------------------------------------------------------ data
    def clear(self) -> None:
        self.assessment = None
        self.cells, self.groups, self.selected = [], [], None
        self.updateGeometry()
        self.update()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.update()

    def set_assessment(self, assessment) -> None:
        self.assessment = assessment
        self.selected = None
        self._layout()
        self.update()

    def cell_for_phone(self, index: int) -> Cell:
        return next(c for c in self.cells if c.kind == "phone" and c.index == index)

    def cell_for_insertion(self, index: int) -> Cell:
        return next(c for c in self.cells if c.kind == "insertion" and c.index == index)

    def select(self, kind: str | None, index: int = -1) -> None:
        self.selected = None if kind is None else (kind, index)
        self.update()

    def _layout(self) -> None:
        a = self.assessment
        self.cells, self.groups = [], []
        if a is None:
            return
        reliable = bool(getattr(a, "reliable", True))
        fm = QFontMetrics(self._font_ipa)
        by_after: dict[int, list[int]] = {}
        for k, ins in enumerate(a.insertions):
            by_after.setdefault(int(ins.after), []).append(k)
        syl_text = {s.index: s.text for s in a.syllables}
        x = float(PAD)
        top = float(PAD + 24)
        group_start, group_syl = x, None

        def close_group(end_x: float) -> None:
            if group_syl is not None:
                self.groups.append(
                    (
                        group_syl,
                        syl_text.get(group_syl, ""),
                        QRectF(group_start, PAD, end_x - group_start, 22),
                    )
                )

        extra_after: dict[int, list[str]] = {}
        for after, phone in getattr(a, "heard_extra", ()):
            extra_after.setdefault(int(after), []).append(phone)

        def add_insertions(after: int) -> None:
            """Reported insertions, then the other phones the recogniser heard here (grey, not judged)."""
            nonlocal x
            unreported = list(extra_after.get(after, []))
            for k in by_after.get(after, []):
                ins = a.insertions[k]
                if ins.heard in unreported:
                    unreported.remove(ins.heard)
                w = max(fm.horizontalAdvance(ins.heard) + 14, 30)
                color = NEUTRAL if not reliable else INSERTED
                self.cells.append(
                    Cell("insertion", k, "", ins.heard, "inserted", 0.0, color, QRectF(x, top, w, CELL_H))
                )
                x += w + CELL_GAP
            for phone in unreported:
                w = max(fm.horizontalAdvance(phone) + 14, 30)
                self.cells.append(
                    Cell("heard", after, "", phone, "heard", 0.0, NEUTRAL, QRectF(x, top, w, CELL_H))
                )
                x += w + CELL_GAP

        add_insertions(-1)
        for i, pv in enumerate(a.phones):
            if pv.syllable != group_syl:
                if group_syl is not None:
                    close_group(x - CELL_GAP)
                    x += SYL_GAP
                group_start, group_syl = x, pv.syllable
            heard = a.heard_at(i)
            w = max(fm.horizontalAdvance(pv.expected), fm.horizontalAdvance(heard or "—")) + 20
            w = max(w, 40)
            color = verdict_color(pv.verdict, reliable)
            self.cells.append(
                Cell(
                    "phone",
                    i,
                    pv.expected,
                    heard,
                    pv.verdict,
                    float(pv.score),
                    color,
                    QRectF(x, top, w, CELL_H),
                    pv.syllable,
                )  # fmt: skip
            )
            x += w + CELL_GAP
            add_insertions(i)
        close_group(x - CELL_GAP)
        self.setMinimumWidth(int(x + PAD))
        self.setFixedHeight(int(top + CELL_H + PAD))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(max(self.minimumWidth(), 400), CELL_H + 30 + 2 * PAD)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.cells:
            p.end()
            return
        p.setFont(self._font_syl)
        for _, text, r in self.groups:
            p.setPen(QColor("#5a6272"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
            p.setPen(QPen(QColor("#c5cbd6"), 1))
            p.drawLine(QPointF(r.left() + 2, r.bottom()), QPointF(r.right() - 2, r.bottom()))
        for c in self.cells:
            selected = self.selected == (c.kind, c.index)
            r = c.rect
            p.setBrush(tint(c.color, 70 if c.is_error else 38))
            pen = QPen(QColor(c.color), 3 if (c.is_error or selected) else 1.5)
            if selected:
                pen = QPen(QColor("#1f2a44"), 3)
            p.setPen(pen)
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 6, 6)
            top, mid = r.top(), r.top() + r.height() / 2
            p.setPen(QColor("#1f2a44"))
            if c.kind == "phone":
                self._phone_text(p, r, top, c.expected, QColor("#1f2a44"))
                p.setPen(QPen(QColor("#c5cbd6"), 1, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(r.left() + 6, mid), QPointF(r.right() - 6, mid))
            else:
                p.setFont(self._font_ipa)
                p.setPen(QColor(c.color).darker(140))
                p.drawText(QRectF(r.left(), top + 4, r.width(), 26), Qt.AlignmentFlag.AlignCenter, "+")
            self._phone_text(p, r, mid, c.heard or "—", self._heard_color(c))
        p.end()

    def _heard_color(self, c: Cell) -> QColor:
        """The heard row: the verdict's colour on an error; grey where nothing was judged, where
        the recogniser heard something the verdict overruled, or heard nothing."""
        if c.is_error and c.kind != "heard" and getattr(self.assessment, "reliable", True):
            return QColor(c.color).darker(140)
        if c.heard is None or c.kind == "heard" or c.heard != c.expected and c.kind == "phone":
            return QColor(NEUTRAL)
        return QColor("#1f2a44") if getattr(self.assessment, "reliable", True) else QColor(NEUTRAL)

    def _phone_text(self, p: QPainter, r: QRectF, top: float, symbol: str, color: QColor) -> None:
        """An IPA symbol with its Hangul letter under it, in the half of ``r`` from ``top``."""
        p.setFont(self._font_ipa)
        p.setPen(color)
        p.drawText(QRectF(r.left(), top + 3, r.width(), 24), Qt.AlignmentFlag.AlignCenter, symbol)
        p.setFont(self._font_small)
        p.setPen(QColor("#5a6272"))
        p.drawText(QRectF(r.left(), top + 26, r.width(), 14), Qt.AlignmentFlag.AlignCenter, letter(symbol))

    def tooltip_for(self, c: Cell) -> str:
        a = self.assessment
        if c.kind == "insertion":
            ins = a.insertions[c.index]
            return ins.message_text(self.lang)
        if c.kind == "heard":
            return f"{tr('heard_only', self.lang)}: {c.heard} {letter(c.heard)}"
        pv = a.phones[c.index]
        msg = pv.message_text(self.lang)
        heard = a.heard_at(c.index)
        head = f"{pv.expected} {letter(pv.expected)} → {heard or tr('nothing_heard', self.lang)} · {round(pv.score)}"
        return f"{head}\n{msg}" if msg else head

    def cell_at(self, pos: QPointF) -> Cell | None:
        for c in self.cells:
            if c.rect.contains(pos):
                return c
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        c = self.cell_at(event.position())
        self.setToolTip(self.tooltip_for(c) if c else "")
        self.setCursor(Qt.CursorShape.PointingHandCursor if c else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        c = self.cell_at(event.position())
        if c is None:
            return
        if c.kind == "heard":  # not a verdict: only its tooltip
            return
        self.select(c.kind, c.index)
        if c.kind == "phone":
            self.phoneClicked.emit(c.index)
        else:
            self.insertionClicked.emit(c.index)
