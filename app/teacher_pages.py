"""The three screens of the Teacher's voice window (layout and labels only; app/teacher_window.py
holds the logic): the explanation, the recording screen and adaptation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from app.style import GREEN, hangul_font
from app.widgets.messages import Banner
from app.widgets.messages import html_escape as _html
from app.widgets.record_panel import RecordPanel

CARD = "QFrame#card { background:#f7f8fb; border:1px solid #d5dae3; border-radius:8px; }"

# Shown in both languages whatever the interface language: whoever records must understand it.
WHY_KO = (
    "이 화면에서 녹음한 목소리를 음성 인식 모델이 <b>올바른 한국어 발음</b>으로 배웁니다. 그래서 한국어를 "
    "모국어처럼 유창하게 말하는 사람(원어민 선생님)만 녹음해야 합니다. 학습자가 녹음하면 모델이 틀린 발음을 "
    "맞다고 배우게 됩니다. 조용한 곳에서, 평소처럼 자연스럽게 문장을 읽어 주세요."
)
WHY_EN = (
    "The speech model learns the voice recorded here as <b>correct Korean</b>. So only a fluent (native) "
    "speaker of Korean should record: if a learner records, the tutor learns their mistakes as right. "
    "Read each sentence naturally, as you normally speak, somewhere quiet."
)


def _label(text: str = "", size: float = 11, bold: bool = False, color: str = "") -> QLabel:
    label = QLabel(text)
    label.setFont(hangul_font(size, bold))
    label.setWordWrap(True)
    if color:
        label.setStyleSheet(f"color:{color};")
    return label


def _card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(CARD)
    layout = QVBoxLayout(frame)
    for w in widgets:
        layout.addWidget(w)
    return frame


class IntroPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = _label("선생님 목소리 · Teacher's voice", 20, True)
        self.why_ko = _label(WHY_KO, 12)
        self.why_en = _label(WHY_EN, 11, color="#3b4456")
        for w in (self.why_ko, self.why_en):
            w.setTextFormat(Qt.TextFormat.RichText)
        self.how = _label("", 10.5, color="#3b4456")
        self.lesson_caption = _label("", 11, True)
        self.lesson_box = QComboBox()
        self.lesson_box.setFont(hangul_font(11))
        self.open_button = QPushButton()
        self.import_button = QPushButton()  # recordings the teacher already has
        self.status = _label("", 12, True)
        self.banner = Banner()
        self.unavailable = Banner()
        self.start_button = QPushButton()
        self.start_button.setFont(hangul_font(13, True))
        self.start_button.setMinimumHeight(44)
        self.adapt_button = QPushButton()
        self.adapt_button.setMinimumHeight(44)
        lesson_row = QHBoxLayout()
        lesson_row.addWidget(self.lesson_box, 1)
        lesson_row.addWidget(self.open_button)
        lesson_row.addWidget(self.import_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 2)
        buttons.addWidget(self.adapt_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(_card(self.why_ko, self.why_en))
        layout.addWidget(self.how)
        layout.addSpacing(8)
        layout.addWidget(self.lesson_caption)
        layout.addLayout(lesson_row)
        layout.addWidget(self.banner)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addWidget(self.unavailable)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def set_lessons(self, titles: list[tuple[str, str]]) -> None:
        self.lesson_box.clear()
        for ko, en in titles:
            self.lesson_box.addItem(f"{ko} · {en}")

    def set_language(self, lang: str) -> None:
        self.how.setText(tr("teacher_how", lang))
        self.lesson_caption.setText(tr("teacher_lesson", lang))
        self.open_button.setText(tr("open_list", lang))
        self.import_button.setText(tr("teacher_import", lang))
        self.import_button.setToolTip(tr("teacher_import_tip", lang))
        self.start_button.setText(tr("teacher_start", lang))
        self.adapt_button.setText(tr("teacher_adapt", lang))

    def show_status(self, text: str, unavailable: str | None) -> None:
        self.status.setText(text)
        if unavailable:
            self.unavailable.show_message(_html(unavailable), "warn")
        else:
            self.unavailable.hide_message()


class RecordPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.list_label = _label("", 11, color="#5a6272")
        self.position = _label("", 11, color="#5a6272")
        self.counter = _label("", 26, True)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter_caption = _label("", 10, color="#5a6272")
        self.counter_caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter_caption.setWordWrap(False)
        self.minutes = _label("", 11, color="#5a6272")
        self.minutes.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.minutes.setWordWrap(False)
        self.sentence = _label("", 28, True)
        self.pronounced_caption = _label("", 10, color="#5a6272")
        self.pronounced = _label("", 18, color="#1f5fa8")
        self.translation = _label("", 11, color="#5a6272")
        self.take_status = _label("", 11, True)
        self.panel = RecordPanel()
        self.listen_button = QPushButton()
        self.previous_button = QPushButton()
        self.skip_button = QPushButton()
        self.back_button = QPushButton()
        self.adapt_button = QPushButton()
        self.banner = Banner()
        for b in (self.listen_button, self.previous_button, self.skip_button):
            b.setMinimumHeight(38)
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.list_label)
        left.addWidget(self.position)
        right = QVBoxLayout()
        right.addWidget(self.counter)
        right.addWidget(self.counter_caption)
        right.addWidget(self.minutes)
        top.addLayout(left, 1)
        top.addLayout(right)
        card = _card(self.sentence, self.pronounced_caption, self.pronounced, self.translation)
        nav = QHBoxLayout()
        nav.addWidget(self.listen_button)
        nav.addStretch(1)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.skip_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.adapt_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(card)
        layout.addWidget(self.take_status)
        layout.addWidget(self.panel)
        layout.addLayout(nav)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.lang = "ko"
        self.has_take = False

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.panel.set_language(lang, "teacher_record_hint")
        self.counter_caption.setText(tr("teacher_counter", lang))
        self.pronounced_caption.setText(tr("pronounced", lang))
        self.listen_button.setText(tr("teacher_listen", lang))
        self.previous_button.setText(tr("teacher_previous", lang))
        self.back_button.setText(tr("teacher_back", lang))
        self.adapt_button.setText(tr("teacher_adapt", lang))
        self._buttons()

    def show_sentence(self, s, pronounced: str, *, position: str, counter: str, minutes: str, status: str,
                      has_take: bool, list_name: str) -> None:  # fmt: skip
        self.list_label.setText(list_name)
        self.position.setText(position)
        self.counter.setText(counter)
        self.minutes.setText(minutes)
        self.sentence.setText(s.text)
        self.pronounced.setText(f"[{pronounced}]")
        self.translation.setText(s.translation)
        self.translation.setVisible(bool(s.translation))
        self.take_status.setText(status)
        self.take_status.setStyleSheet(f"color:{GREEN};" if has_take else "color:#5a6272;")
        self.has_take = has_take
        self._buttons()

    def _buttons(self) -> None:
        self.listen_button.setEnabled(self.has_take)
        self.skip_button.setText(tr("teacher_next" if self.has_take else "teacher_skip", self.lang))
        self.panel.again = self.has_take
        self.panel.set_recording(self.panel.recording)


class AdaptPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = _label("", 18, True)
        self.plan = _label("", 11)
        self.minutes_caption = _label("", 11)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.05, 60.0)
        self.minutes.setDecimals(2)
        self.minutes.setSingleStep(1.0)
        self.minutes.setValue(3.0)
        self.unavailable = Banner()
        self.start_button = QPushButton()
        self.start_button.setFont(hangul_font(12, True))
        self.start_button.setMinimumHeight(40)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.stage = _label("", 11, color="#3b4456")
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.result = _label("", 12)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result_card = _card(self.result)
        self.result_card.setVisible(False)
        self.banner = Banner()
        self.use_button = QPushButton()
        self.use_button.setMinimumHeight(40)
        self.use_button.setVisible(False)
        self.back_button = QPushButton()
        budget = QHBoxLayout()
        budget.addWidget(self.minutes_caption)
        budget.addWidget(self.minutes)
        budget.addStretch(1)
        budget.addWidget(self.start_button)
        run = QHBoxLayout()
        run.addWidget(self.progress, 1)
        run.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.plan)
        layout.addWidget(self.unavailable)
        layout.addLayout(budget)
        layout.addLayout(run)
        layout.addWidget(self.stage)
        layout.addWidget(self.result_card)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def set_language(self, lang: str) -> None:
        self.title.setText(tr("teacher_adapt_title", lang))
        self.minutes_caption.setText(tr("teacher_budget", lang))
        self.minutes.setSuffix(" " + tr("minutes_unit", lang))
        self.start_button.setText(tr("teacher_adapt_start", lang))
        self.cancel_button.setText(tr("teacher_cancel", lang))
        self.use_button.setText(tr("teacher_use_model", lang))
        self.back_button.setText(tr("teacher_back", lang))

    def show_plan(self, text: str, unavailable: str | None) -> None:
        self.plan.setText(text)
        if unavailable:
            self.unavailable.show_message(_html(unavailable), "warn")
        else:
            self.unavailable.hide_message()

    def start_run(self, message: str) -> None:
        self.result_card.setVisible(False)
        self.use_button.setVisible(False)
        self.banner.hide_message()
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.stage.setText(message)

    def show_progress(self, done: float | None, message: str) -> None:
        if done is not None:
            self.progress.setValue(round(100 * max(0.0, min(1.0, done))))
        else:
            self.cancel_button.setEnabled(False)
        self.stage.setText(message)

    def end_run(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.stage.setText("")

    def show_outcome(self, outcome, lang: str) -> None:
        from app.teacher_result import outcome_html

        html, kind = outcome_html(outcome, lang)
        self.result.setText(html)
        self.result_card.setVisible(True)
        self.result_card.setStyleSheet(CARD if kind == "ok" else CARD.replace("#f7f8fb", "#fff6e0"))
        self.use_button.setVisible(outcome.saved)
