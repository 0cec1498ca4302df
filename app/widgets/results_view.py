"""The result area: scores, coloured syllables, the phoneme strip with its legend, what to work
on beside the articulation comparison, and the waveform/spectrogram.

It shows one Assessment and keeps its parts in step (selecting a mistake in the list selects
it in the strip and shows its diagrams). Playback is the window's business: clicks are passed
on as ``phoneClicked`` / ``insertionClicked`` / ``syllableClicked``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.style import AMBER, GREEN, INSERTED, NEUTRAL, RED, hangul_font, score_color
from app.widgets.articulation_view import ArticulationView
from app.widgets.intonation_view import IntonationView
from app.widgets.phoneme_strip import PhonemeStrip, letter
from app.widgets.sentence_view import SyllableView
from app.widgets.waveform_view import WaveformView

ROLE = Qt.ItemDataRole.UserRole
SCORES = ("score", "accuracy", "completeness", "fluency")
# Shown instead of scores the engine does not believe (Assessment.reliable False): what the
# learner can change, since the reason is usually the room, the microphone or a voice the
# model does not know yet.
NOT_JUDGED = {"ko": "판정하지 않았어요", "en": "Not judged"}
WHAT_TO_DO = {
    "ko": "이렇게 해 보세요: 더 조용한 곳에서, 마이크에 더 가까이 대고 다시 녹음하세요. 그래도 판정하지 "
    "못하면 선생님께 목소리 적응(내 녹음 몇 개로 모델을 내 목소리에 맞추기)을 부탁해 보세요.",
    "en": "What you can do: record again in a quieter room, closer to the microphone. If it still "
    "cannot judge you, ask your teacher for a voice adaptation (a few of your recordings teach the "
    "model your voice).",
}


class ResultsView(QWidget):
    phoneClicked = Signal(int)
    insertionClicked = Signal(int)
    syllableClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.assessment = None
        self.score_labels: dict[str, tuple[QLabel, QLabel]] = {}
        scores = QGridLayout()
        for col, key in enumerate(SCORES):
            value, caption = QLabel("–"), QLabel()
            value.setFont(hangul_font(26 if key == "score" else 18, bold=True))
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setStyleSheet("color:#5a6272;")
            scores.addWidget(value, 0, col)
            scores.addWidget(caption, 1, col)
            self.score_labels[key] = (value, caption)
        self.syllables_caption = QLabel()
        self.syllable_view = SyllableView()
        self.syllable_view.syllableClicked.connect(self.syllableClicked)
        self.strip_caption = QLabel()
        self.strip = PhonemeStrip()
        self.strip.phoneClicked.connect(self._on_phone_clicked)
        self.strip.insertionClicked.connect(self._on_insertion_clicked)
        self.strip_scroll = QScrollArea()
        self.strip_scroll.setWidget(self.strip)
        self.strip_scroll.setWidgetResizable(True)
        self.strip_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.strip_scroll.setFixedHeight(self.strip.minimumHeight() + 18)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.feedback_caption = QLabel()
        self.feedback_caption.setFont(hangul_font(11, bold=True))
        self.feedback = QListWidget()
        self.feedback.setFont(hangul_font(11))
        self.feedback.setWordWrap(True)
        self.feedback.setSpacing(3)
        self.feedback.setMinimumHeight(120)
        self.feedback.setMaximumHeight(220)
        self.feedback.currentItemChanged.connect(self._on_feedback_item)
        self.articulation = ArticulationView()
        self.waveform_view = WaveformView()
        self.waveform_view.segmentClicked.connect(self._on_phone_clicked)
        self.intonation = IntonationView()

        fb = QVBoxLayout()
        fb.addWidget(self.feedback_caption)
        fb.addWidget(self.feedback, 1)
        fb_row = QHBoxLayout()
        fb_row.addLayout(fb, 2)
        fb_row.addWidget(self.articulation, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(scores)
        layout.addWidget(self.syllables_caption)
        layout.addWidget(self.syllable_view)
        layout.addWidget(self.strip_caption)
        layout.addWidget(self.strip_scroll)
        layout.addWidget(self.legend)
        layout.addLayout(fb_row)
        layout.addWidget(self.waveform_view)
        layout.addWidget(self.intonation)
        self.set_language("ko")

    # ------------------------------------------------------------------ language
    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.syllables_caption.setText(tr("syllables_title", lang))
        self.strip_caption.setText(tr("phones_title", lang))
        legend = "".join(
            f'<span style="color:{c}; font-size:14pt;">■</span> {tr(k, lang)} &nbsp; '
            for c, k in (
                (GREEN, "legend_good"),
                (AMBER, "legend_unsure"),
                (RED, "legend_wrong"),
                (INSERTED, "legend_extra"),
                (NEUTRAL, "legend_unjudged"),
            )
        )
        self.legend.setText(
            f"{legend}&nbsp;&nbsp; <span style='color:#5a6272'>{tr('click_to_hear', lang)}</span>"
        )
        self.feedback_caption.setText(tr("feedback", lang))
        for key, (_, caption) in self.score_labels.items():
            caption.setText(tr(key, lang))
        self.strip.set_language(lang)
        self.articulation.set_language(lang)
        self.waveform_view.set_language(lang)
        self.intonation.set_language(lang)
        if self.assessment is not None:
            self._render_feedback()

    # ------------------------------------------------------------------ content
    def clear(self) -> None:
        self.assessment = None
        self.strip.clear()
        self.syllable_view.clear()
        self.waveform_view.clear()
        self.intonation.clear()
        self.feedback.clear()
        self.articulation.show_pair(None)

    def set_waveform(self, waveform: np.ndarray) -> None:
        self.waveform_view.set_waveform(waveform)

    def show_assessment(self, a, waveform: np.ndarray | None = None) -> None:
        self.assessment = a
        reliable = bool(a.reliable) and a.score is not None
        for key, (value, _) in self.score_labels.items():
            v = getattr(a, key) if reliable else None  # no score the engine does not believe
            value.setText("–" if v is None else f"{round(v)}")
            value.setStyleSheet(f"color: {score_color(v or 0.0, reliable)};")
        self.syllable_view.set_assessment(a)
        self.strip.set_assessment(a)
        self.strip_scroll.horizontalScrollBar().setValue(0)
        if waveform is not None:
            self.waveform_view.set_waveform(waveform)
        self.waveform_view.set_assessment(a)
        self.feedback.clear()
        self._render_feedback()
        self.articulation.show_pair(None)
        if a.errors and reliable:
            self.feedback.setCurrentRow(0)

    def _render_feedback(self) -> None:
        a, lang = self.assessment, self.lang
        current = self.feedback.currentRow()
        self.feedback.blockSignals(True)
        self.feedback.clear()
        syllables = {s.index: s.text for s in a.syllables}
        for i, pv in enumerate(a.phones):
            if pv.verdict == "correct":
                continue
            heard = f"{letter(pv.heard)} [{pv.heard}]" if pv.heard else tr("deleted_word", lang)
            heard += "?" if pv.verdict == "unsure" else ""
            head = f"{syllables.get(pv.syllable, '')} · {letter(pv.expected)} [{pv.expected}] → {heard}"
            msg = pv.message_text(lang)
            item = QListWidgetItem(f"{head}\n{msg}" if msg else head)
            item.setData(ROLE, ("phone", i))
            if not a.reliable:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.feedback.addItem(item)
        for k, ins in enumerate(a.insertions):
            msg = ins.message_text(lang)
            head = f"{tr('inserted_word', lang)}: {letter(ins.heard)} [{ins.heard}]"
            item = QListWidgetItem(f"{head}\n{msg}" if msg else head)
            item.setData(ROLE, ("insertion", k))
            self.feedback.addItem(item)
        if not a.reliable:
            reason = a.reason_text(lang) or a.reason
            texts = [f"{NOT_JUDGED[lang]}: {reason}" if reason else NOT_JUDGED[lang], WHAT_TO_DO[lang]]
        elif self.feedback.count() == 0:
            texts = [tr("all_good", lang)]
        else:
            texts = []
        if a.reliable and a.cautious:  # only clear errors were marked: say so, and what gives more
            texts.append(f"{tr('cautious', lang)}: {a.note_text(lang)}")
        for text in texts:
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.feedback.addItem(item)
        if 0 <= current < self.feedback.count():
            self.feedback.setCurrentRow(current)
        self.feedback.blockSignals(False)

    def feedback_texts(self) -> list[str]:
        return [self.feedback.item(i).text() for i in range(self.feedback.count())]

    # ------------------------------------------------------------------ selection
    def _on_feedback_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None or self.assessment is None or not item.data(ROLE):
            return
        kind, index = item.data(ROLE)
        self.strip.select(kind, index)
        self._show_articulation(kind, index)

    def _show_articulation(self, kind: str, index: int) -> None:
        a = self.assessment
        if kind == "phone":
            pv = a.phones[index]
            self.articulation.show_pair(pv.expected, pv.heard)
        else:
            self.articulation.show_pair(a.insertions[index].heard)

    def select_phone(self, index: int) -> None:
        """Select phone ``index`` in the strip and the list, and show its diagrams."""
        self.strip.select("phone", index)
        for row in range(self.feedback.count()):
            if self.feedback.item(row).data(ROLE) == ("phone", index):
                self.feedback.blockSignals(True)
                self.feedback.setCurrentRow(row)
                self.feedback.blockSignals(False)
        self._show_articulation("phone", index)

    def _on_phone_clicked(self, index: int) -> None:
        if self.assessment is None:
            return
        self.select_phone(index)
        self.phoneClicked.emit(index)

    def _on_insertion_clicked(self, index: int) -> None:
        if self.assessment is None:
            return
        self._show_articulation("insertion", index)
        self.insertionClicked.emit(index)
