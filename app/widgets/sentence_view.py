"""The sentence twice: the target (text, standard pronunciation, IPA, rule badges) before
recording, and the result (each Hangul syllable coloured by its score) after."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.i18n import tr
from app.style import hangul_font, syllable_color, tint

#: Caption of the Hangul reading of a sentence written with digits (kept here until app.i18n
#: has the key "read_as").
READ_AS = {"ko": "읽기", "en": "Read as"}


class TargetView(QWidget):
    """What to say: the sentence, how its numbers are read (3개 → 세개), [its standard
    pronunciation], its IPA and the rules that fired."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.pronunciation = None
        self.translation = ""
        self.text = QLabel()
        self.text.setFont(hangul_font(22, bold=True))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reading = QLabel()
        self.reading.setFont(hangul_font(14))
        self.reading.setStyleSheet("color: #34495e;")
        self.reading.setWordWrap(True)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reading.setObjectName("reading")
        self.translation_label = QLabel()
        self.translation_label.setStyleSheet("color: #5a6272;")
        self.translation_label.setWordWrap(True)
        self.pron_caption = QLabel()
        self.pron_caption.setStyleSheet("color: #5a6272;")
        self.pronounced = QLabel()
        self.pronounced.setFont(hangul_font(16))
        self.pronounced.setWordWrap(True)  # a long sentence wraps instead of widening the window
        self.pronounced.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ipa = QLabel()
        self.ipa.setFont(hangul_font(13))
        self.ipa.setStyleSheet("color: #34495e;")
        self.ipa.setWordWrap(True)
        self.ipa.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rules_caption = QLabel()
        self.rules_caption.setStyleSheet("color: #5a6272;")
        self.badge_row = QHBoxLayout()
        self.badge_row.setSpacing(6)
        self.badges: list[QLabel] = []

        pron_row = QHBoxLayout()
        pron_row.addWidget(self.pron_caption)
        pron_row.addWidget(self.pronounced, 1)
        pron_row.addSpacing(16)
        pron_row.addWidget(self.ipa, 1)
        rules_row = QHBoxLayout()
        rules_row.addWidget(self.rules_caption)
        rules_row.addLayout(self.badge_row)
        rules_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text)
        layout.addWidget(self.reading)
        layout.addWidget(self.translation_label)
        layout.addLayout(pron_row)
        layout.addLayout(rules_row)
        self.set_pronunciation(None)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._render()

    def set_pronunciation(self, pronunciation, translation: str = "") -> None:
        """Show a :class:`model.korean.Pronunciation` (None: invite the learner to pick one)."""
        self.pronunciation = pronunciation
        self.translation = translation
        self._render()

    def _render(self) -> None:
        lang = self.lang
        pr = self.pronunciation
        self.pron_caption.setText(tr("pronounced", lang) + ":")
        self.rules_caption.setText(tr("rules", lang) + ":")
        for b in self.badges:
            self.badge_row.removeWidget(b)
            b.deleteLater()
        self.badges = []
        if pr is None:
            self.text.setText(tr("pick_sentence", lang))
            self.text.setFont(hangul_font(14))
            for w in (
                self.reading,
                self.translation_label,
                self.pron_caption,
                self.pronounced,
                self.ipa,
                self.rules_caption,
            ):
                w.setVisible(False)
            return
        self.text.setFont(hangul_font(22, bold=True))
        self.text.setText(pr.text)
        readings = pr.readings
        self.reading.setText(f"{READ_AS.get(lang, READ_AS['en'])}: {pr.normalized}" if readings else "")
        self.reading.setToolTip("\n".join(f"{r.written} → {r.said} ({r.why})" for r in readings))
        self.reading.setVisible(bool(readings))
        self.translation_label.setText(self.translation)
        self.translation_label.setVisible(bool(self.translation))
        for w in (self.pron_caption, self.pronounced, self.ipa, self.rules_caption):
            w.setVisible(True)
        self.pronounced.setText(f"[{pr.pronounced}]")
        self.ipa.setText(f"/{pr.ipa}/")
        self.ipa.setToolTip(tr("ipa", lang))
        if not pr.rules:
            badge = QLabel(tr("no_rules", lang))
            badge.setStyleSheet("color: #5a6272;")
            self.badges.append(badge)
        by_name: dict[str, list] = {}
        for rule in pr.rules:  # one badge per rule, with how often it applies here
            by_name.setdefault(rule.name, []).append(rule)
        for name, rules in by_name.items():
            rule = rules[0]
            badge = QLabel(rule.name_ko + (f" ×{len(rules)}" if len(rules) > 1 else ""))
            badge.setFont(hangul_font(10, bold=True))
            badge.setStyleSheet(
                "QLabel { background: #e8f0fe; color: #1a4fa0; border: 1px solid #9dbcf0; border-radius: 9px;"
                " padding: 2px 8px; }"
            )
            places = "\n".join(f"{r.before} → {r.after}" for r in rules)
            badge.setToolTip(
                f"{rule.name_ko} ({name.replace('_', ' ')}) — 표준 발음법 {rule.article}\n{places}"
            )
            badge.setObjectName(f"rule_{name}")
            self.badges.append(badge)
        for b in self.badges:
            self.badge_row.addWidget(b)


class SyllableView(QWidget):
    """The sentence as spoken, each syllable coloured by its score; click one to hear it."""

    syllableClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment = None
        self.boxes: list[tuple[int, str, str, QRectF]] = []  # index, text, colour, rect
        self._font = hangul_font(24, bold=True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(QFontMetrics(self._font).height() + 20)

    def sizeHint(self) -> QSize:
        return QSize(max(self.minimumWidth(), 300), self.height())

    def clear(self) -> None:
        self.assessment = None
        self.boxes = []
        self.update()

    def color_of(self, index: int) -> str:
        return next(c for i, _, c, _ in self.boxes if i == index)

    def set_assessment(self, assessment) -> None:
        self.assessment = assessment
        self.boxes = []
        reliable = bool(getattr(assessment, "reliable", True))
        fm = QFontMetrics(self._font)
        word_starts = {w.start for w in assessment.words}
        x, h = 6.0, float(fm.height() + 12)
        for s in assessment.syllables:
            if s.index in word_starts and s.index != 0:
                x += fm.horizontalAdvance(" ") + 6
            w = float(fm.horizontalAdvance(s.text) + 10)
            color = syllable_color(s.ok, s.unsure, reliable)
            self.boxes.append((s.index, s.text, color, QRectF(x, 4, w, h)))
            x += w + 2
        self.setMinimumWidth(int(x + 6))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(self._font)
        for _, text, color, r in self.boxes:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(tint(color, 45))
            p.drawRoundedRect(r, 6, 6)
            p.setPen(QPen(QColor(color).darker(125)))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        for i, _, _, r in self.boxes:
            if r.contains(event.position()):
                self.syllableClicked.emit(i)
                return
