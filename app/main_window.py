"""The main window: pick a sentence, record (or open a file), see and hear the verdicts.

Orchestration only: the phonetics come from ``model`` (G2P, recogniser, assessment,
articulation); this module wires widgets, the microphone and worker threads together.
Every failure ends as a message in the window (banner or status bar), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import player
from app.about import describe_model
from app.i18n import LANG_NAMES, LANGS, tr
from app.recorder import MicrophoneError, Recorder, list_input_devices
from app.settings import DEVICES, Settings, history_path
from app.style import hangul_font
from app.widgets.level_meter import LevelMeter
from app.widgets.messages import Banner, ReportDialog
from app.widgets.messages import html_escape as _html
from app.widgets.results_view import ResultsView
from app.widgets.sentence_view import TargetView
from app.workers import run_async
from model.audio import AudioError, load_audio
from model.history import History
from model.korean import G2PError, g2p
from model.sentences import Sentence, SentenceListError, builtin_lessons, load_sentence_list, report

ROLE = Qt.ItemDataRole.UserRole


def load_recognizer(checkpoint: str | None, device: str):
    """Load the recogniser (blocking: call through run_async)."""
    from model.acoustic.recognizer import Recognizer

    return Recognizer.load(checkpoint or None, device=device)


def assess(assessor, waveform: np.ndarray, text: str):
    """Run one assessment (blocking: call through run_async)."""
    from model.acoustic.recognizer import prepare_worker_thread

    prepare_worker_thread()
    return assessor.assess(waveform, text)


def describe_error(error: BaseException) -> str:
    """A one-paragraph message for a person; our own errors already carry one."""
    text = str(error).strip()
    if isinstance(error, (AudioError, G2PError, MicrophoneError, SentenceListError)) and text:
        return text
    name = type(error).__name__
    if name == "CheckpointError" and text:
        return text
    return f"{name}: {text}" if text else name


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings | None = None,
        recognizer=None,
        *,
        load_model: bool = True,
        stream_factory=None,
        history: History | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.lang = self.settings.language
        self.recognizer = None
        self.assessor = None
        self.model_error = ""
        self.model_loading = False
        self.sentence: Sentence | None = None
        self.pronunciation = None
        self.waveform: np.ndarray | None = None
        self.assessment = None
        self.last_error = ""
        self.last_report = ""
        self._request = 0
        self._closed = False
        self._pending_audio: np.ndarray | None = None
        self._dialogs: list[QDialog] = []
        self.history = history if history is not None else History(history_path())
        self.recorder = Recorder(stream_factory, device=self.settings.microphone, parent=self)
        self.recorder.level.connect(self._on_level)
        self.recorder.finished.connect(self._on_recorded)
        self.recorder.failed.connect(lambda msg: self._show_failure(tr("audio_failed", self.lang), msg))

        self._build()
        self._build_menus()
        self._fill_lessons()
        self.retranslate()
        if recognizer is not None:
            self.set_recognizer(recognizer)
        elif load_model:
            self.load_model()
        self.resize(1320, 940)

    # ================================================================== construction
    def _build(self) -> None:
        # ---- left: sentences
        self.tree = QTreeWidget()
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setFont(hangul_font(11))
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._on_tree_item)
        self.free_caption = QLabel()
        self.free_text = QLineEdit()
        self.free_text.setFont(hangul_font(12))
        self.free_text.returnPressed.connect(self.use_typed_text)
        self.free_button = QPushButton()
        self.free_button.clicked.connect(self.use_typed_text)
        self.free_error = QLabel()
        self.free_error.setWordWrap(True)
        self.free_error.setStyleSheet("color: #b03a2e;")
        self.free_error.setVisible(False)
        self.history_caption = QLabel()
        self.history_list = QListWidget()
        self.history_list.setMaximumHeight(150)
        self.history_list.setFont(hangul_font(9))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(6, 6, 6, 6)
        self.sentences_caption = QLabel()
        self.sentences_caption.setFont(hangul_font(11, bold=True))
        lv.addWidget(self.sentences_caption)
        lv.addWidget(self.tree, 1)
        lv.addWidget(self.free_caption)
        row = QHBoxLayout()
        row.addWidget(self.free_text, 1)
        row.addWidget(self.free_button)
        lv.addLayout(row)
        lv.addWidget(self.free_error)
        lv.addWidget(self.history_caption)
        lv.addWidget(self.history_list)

        # ---- right, top: target, controls, banners
        self.target = TargetView()
        self.record_button = QPushButton()
        self.record_button.setMinimumSize(150, 56)
        self.record_button.setFont(hangul_font(14, bold=True))
        self.record_button.setStyleSheet(
            "QPushButton { background:#d64541; color:white; border-radius:28px; padding:6px 18px; }"
            "QPushButton:disabled { background:#c9ced6; color:#f4f5f7; }"
        )
        self.record_button.clicked.connect(self.toggle_recording)
        self.level = LevelMeter()
        self.clip_label = QLabel()
        self.clip_label.setStyleSheet("color:#d64541; font-weight:bold;")
        self.clip_label.setVisible(False)
        self.record_hint = QLabel()
        self.record_hint.setWordWrap(True)
        self.record_hint.setStyleSheet("color:#5a6272;")
        self.play_mine = QPushButton()
        self.play_mine.clicked.connect(self.play_recording)
        self.play_reference = QPushButton()
        self.play_reference.clicked.connect(self.play_reference_voice)
        self.level_caption = QLabel()
        self.level_caption.setStyleSheet("color:#5a6272;")
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.level_caption)
        meter_row.addWidget(self.level, 1)
        meter_box = QVBoxLayout()
        meter_box.addLayout(meter_row)
        meter_box.addWidget(self.clip_label)
        meter_box.addWidget(self.record_hint)
        controls = QHBoxLayout()
        controls.addWidget(self.record_button)
        controls.addLayout(meter_box, 1)
        controls.addWidget(self.play_mine)
        controls.addWidget(self.play_reference)
        self.model_banner = Banner()
        self.banner = Banner()

        # ---- right, results
        self.results = ResultsView()
        self.results.phoneClicked.connect(self._play_phone)
        self.results.insertionClicked.connect(self._play_insertion)
        self.results.syllableClicked.connect(self.play_syllable)
        self.results.setVisible(False)
        # the parts tests and the headless renderer look at
        self.strip = self.results.strip
        self.syllable_view = self.results.syllable_view
        self.feedback = self.results.feedback
        self.articulation = self.results.articulation
        self.waveform_view = self.results.waveform_view
        self.score_labels = self.results.score_labels

        right_inner = QWidget()
        right = QVBoxLayout(right_inner)
        right.setContentsMargins(8, 6, 8, 6)
        right.addWidget(self.target)
        right.addLayout(controls)
        right.addWidget(self.model_banner)
        right.addWidget(self.banner)
        right.addWidget(self.results, 1)
        right.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidget(right_inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 990])
        self.setCentralWidget(splitter)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setVisible(False)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy)

        self.space = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        self.space.activated.connect(self.toggle_recording)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.act_open_list = self.menu_file.addAction("", lambda: self.open_sentence_list())
        self.act_open_audio = self.menu_file.addAction("", lambda: self.open_audio_file())
        self.act_save = self.menu_file.addAction("", lambda: self.save_result())
        self.menu_file.addSeparator()
        self.act_quit = self.menu_file.addAction("", self.close)
        self.act_open_list.setShortcut(QKeySequence.StandardKey.Open)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)

        self.menu_settings = bar.addMenu("")
        self.menu_language = self.menu_settings.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGS:
            act = self.menu_language.addAction(LANG_NAMES[lang])
            act.setCheckable(True)
            act.setChecked(lang == self.lang)
            act.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            self.language_group.addAction(act)
            self.language_actions[lang] = act
        self.menu_device = self.menu_settings.addMenu("")
        self.device_group = QActionGroup(self)
        self.device_actions: dict[str, QAction] = {}
        for dev in DEVICES:
            act = self.menu_device.addAction(dev.upper())
            act.setCheckable(True)
            act.setChecked(dev == self.settings.device)
            act.triggered.connect(lambda _=False, dev=dev: self.set_device(dev))
            self.device_group.addAction(act)
            self.device_actions[dev] = act
        self.menu_mic = self.menu_settings.addMenu("")
        self.menu_mic.aboutToShow.connect(self._fill_mic_menu)
        self.menu_settings.addSeparator()
        self.act_checkpoint = self.menu_settings.addAction("", lambda: self.choose_checkpoint())
        self.act_checkpoint_default = self.menu_settings.addAction("", lambda: self.choose_checkpoint(""))

        self.menu_help = bar.addMenu("")
        self.act_about_model = self.menu_help.addAction("", self.show_about_model)

    def _fill_lessons(self) -> None:
        try:
            lessons = builtin_lessons()
        except SentenceListError as e:
            self.banner.show_message(describe_error(e), "error")
            return
        self.lesson_items: list[tuple[QTreeWidgetItem, object]] = []
        for lesson in lessons:
            item = QTreeWidgetItem(self.tree)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            item.setFont(0, hangul_font(11, bold=True))
            self.lesson_items.append((item, lesson))
            for s in lesson.sentences:
                self._sentence_item(item, s)
        if lessons:
            self.tree.topLevelItem(0).setExpanded(True)

    def _sentence_item(self, parent: QTreeWidgetItem, s: Sentence) -> QTreeWidgetItem:
        child = QTreeWidgetItem(parent)
        child.setText(0, s.text + (f"\n   {s.translation}" if s.translation else ""))
        child.setToolTip(0, "\n".join(x for x in (s.text, s.translation, s.note) if x))
        child.setData(0, ROLE, s)
        return child

    # ================================================================== language
    def set_language(self, lang: str) -> None:
        if lang not in LANGS:
            return
        self.lang = lang
        self.settings.language = lang
        self.language_actions[lang].setChecked(True)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(tr("app_title", lang))
        self.sentences_caption.setText(tr("sentences", lang))
        self.free_caption.setText(tr("my_sentence", lang))
        self.free_text.setPlaceholderText(tr("type_here", lang))
        self.free_button.setText(tr("use_sentence", lang))
        self.history_caption.setText(tr("history", lang))
        for item, lesson in getattr(self, "lesson_items", []):
            item.setText(0, lesson.title_ko if lang == "ko" else f"{lesson.title_en} · {lesson.title_ko}")
        self.record_button.setText(tr("stop", lang) if self.recorder.recording else tr("record", lang))
        self.record_hint.setText(tr("record_hint", lang))
        self.clip_label.setText(tr("too_loud", lang))
        self.play_mine.setText(tr("play_mine", lang))
        self.play_reference.setText(tr("play_reference", lang))
        self.level_caption.setText(tr("mic_level", lang))
        self.menu_file.setTitle(tr("menu_file", lang))
        self.act_open_list.setText(tr("open_list", lang))
        self.act_open_audio.setText(tr("open_audio", lang))
        self.act_save.setText(tr("save_result", lang))
        self.act_quit.setText(tr("quit", lang))
        self.menu_settings.setTitle(tr("menu_settings", lang))
        self.menu_language.setTitle(tr("language", lang))
        self.menu_device.setTitle(tr("device", lang))
        self.device_actions["auto"].setText(tr("device_auto", lang))
        self.menu_mic.setTitle(tr("microphone", lang))
        self.act_checkpoint.setText(tr("checkpoint", lang))
        self.act_checkpoint_default.setText(tr("checkpoint_default", lang))
        self.menu_help.setTitle(tr("menu_help", lang))
        self.act_about_model.setText(tr("about_model", lang))
        self.target.set_language(lang)
        self.results.set_language(lang)
        self._update_buttons()
        self._render_model_banner()
        if self.busy.isVisible():
            self.busy_label.setText(tr(self._busy_key, lang))
        if self.assessment is not None:
            self._render_result_banner()
        self._render_history()

    # ================================================================== model
    def load_model(self) -> None:
        """Load the recogniser off the GUI thread; a failure becomes the model banner."""
        self.recognizer = self.assessor = None
        self.model_error = ""
        self.model_loading = True
        self._set_busy(True, "loading_model")
        self._render_model_banner()
        run_async(
            load_recognizer,
            self.settings.checkpoint or None,
            self.settings.device,
            on_done=self._on_model_loaded,
            on_error=self._on_model_failed,
        )

    def set_recognizer(self, recognizer) -> None:
        self.recognizer = recognizer
        self.model_error = ""
        self.model_loading = False
        try:
            from model.assess import Assessor

            self.assessor = Assessor(recognizer)
        except ImportError as e:
            self.assessor = None
            self.model_error = f"The assessment engine (model.assess) is not available: {e}"
        self._render_model_banner()
        self._update_buttons()

    def _on_model_loaded(self, recognizer) -> None:
        if self._closed:
            return
        self._set_busy(False)
        self.set_recognizer(recognizer)
        self.statusBar().showMessage(tr("model_ready", self.lang), 4000)
        if self._pending_audio is not None:
            audio, self._pending_audio = self._pending_audio, None
            self.assess_waveform(audio)

    def _on_model_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self._set_busy(False)
        self.model_loading = False
        self.model_error = describe_error(error)
        self._pending_audio = None
        self._render_model_banner()
        self._update_buttons()

    def _render_model_banner(self) -> None:
        if self.model_error:
            self.model_banner.show_message(
                f"<b>{tr('no_model', self.lang)}</b><br>{_html(self.model_error)}", "warn"
            )
        elif self.model_loading:
            self.model_banner.show_message(tr("loading_model", self.lang), "info")
        else:
            self.model_banner.hide_message()

    def set_device(self, device: str) -> None:
        self.settings.device = device
        self.device_actions[device].setChecked(True)
        self.load_model()

    def choose_checkpoint(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("checkpoint", self.lang), "", "Checkpoint (*.pt)")
            if not path:
                return
        self.settings.checkpoint = path
        self.load_model()

    def about_model_text(self) -> str:
        return describe_model(self.recognizer, self.lang, self.model_error)

    def show_about_model(self) -> QDialog:
        dialog = ReportDialog(tr("about_model", self.lang), self.about_model_text(), self)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    # ================================================================== sentences
    def _on_tree_item(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        s = item.data(0, ROLE)
        if isinstance(s, Sentence):
            self.select_sentence(s)

    def select_sentence(self, sentence: Sentence) -> bool:
        """Make ``sentence`` the target; False (and a message) when the G2P refuses it."""
        try:
            pron = g2p(sentence.g2p_input())
        except G2PError as e:
            self.free_error.setText(describe_error(e))
            self.free_error.setVisible(True)
            return False
        self.free_error.setVisible(False)
        self.sentence, self.pronunciation = sentence, pron
        self.target.set_pronunciation(pron, sentence.translation)
        self._clear_results()
        self._render_history()
        self._update_buttons()
        return True

    def use_typed_text(self) -> bool:
        text = self.free_text.text().strip()
        if not text:
            return False
        self.tree.setCurrentItem(None)
        return self.select_sentence(Sentence(text))

    def open_sentence_list(self, path: str | None = None):
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("open_list", self.lang), "", "Sentence lists (*.txt *.csv *.tsv *.json)"
            )
            if not path:
                return None
        try:
            loaded = load_sentence_list(path)
        except SentenceListError as e:
            self.last_report = describe_error(e)
            self.banner.show_message(
                f"<b>{tr('list_failed', self.lang)}</b><br>{_html(self.last_report)}", "error"
            )
            return None
        item = QTreeWidgetItem(self.tree)
        item.setText(0, f"📄 {loaded.name} ({len(loaded)})")
        item.setFont(0, hangul_font(11, bold=True))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(0, loaded.path)
        for s in loaded.sentences:
            self._sentence_item(item, s)
        item.setExpanded(True)
        if loaded.sentences:
            self.tree.setCurrentItem(item.child(0))
        self.last_report = report(loaded)
        if loaded.problems:
            dialog = ReportDialog(tr("list_report", self.lang), self.last_report, self)
            self._dialogs.append(dialog)
            dialog.show()
            self.banner.show_message(_html(self.last_report.splitlines()[0]), "warn")
        else:
            self.statusBar().showMessage(self.last_report, 6000)
        return loaded

    # ================================================================== recording
    def toggle_recording(self) -> None:
        if self.recorder.recording:
            self.recorder.stop()
            return
        if self.sentence is None:
            self.banner.show_message(tr("need_sentence", self.lang), "info")
            return
        if self.busy.isVisible() and not self.model_loading:
            return
        self.recorder.device = self.settings.microphone
        try:
            self.recorder.start()
        except MicrophoneError as e:
            self.last_error = e.message(self.lang)
            self.banner.show_message(
                f"<b>{tr('mic_failed', self.lang)}</b><br>{_html(self.last_error)}", "error"
            )
            return
        self.banner.show_message(tr("recording", self.lang), "info")
        self.level.reset()
        self.clip_label.setVisible(False)
        self._update_buttons()

    def _on_level(self, db: float, clipped: bool) -> None:
        self.level.set_level(db, clipped)
        if clipped:
            self.clip_label.setVisible(True)

    def _on_recorded(self, audio: np.ndarray) -> None:
        self.level.reset()
        self._update_buttons()
        self.banner.hide_message()
        self.assess_waveform(audio)

    def open_audio_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("open_audio", self.lang), "", "Audio (*.wav *.flac *.ogg *.mp3 *.pcm *.raw);;All (*)"
            )
            if not path:
                return
        try:
            audio = load_audio(path)
        except AudioError as e:
            self._show_failure(tr("audio_failed", self.lang), describe_error(e))
            return
        self.assess_waveform(audio)

    # ================================================================== assessment
    def assess_waveform(self, audio: np.ndarray) -> None:
        """Show ``audio`` and assess it off the GUI thread (or explain why it can't be)."""
        self.waveform = np.asarray(audio, dtype=np.float32)
        ready = self.sentence is not None and self.assessor is not None
        if ready:  # first, so the worker listens while the GUI draws the waveform
            self._start_assessment()
        self.waveform_view.set_waveform(self.waveform)
        self._update_buttons()
        if ready:
            return
        if self.sentence is None:
            self.banner.show_message(tr("need_sentence", self.lang), "info")
        elif self.model_loading:
            self._pending_audio = self.waveform
        else:
            self.last_error = self.model_error or tr("need_model", self.lang)
            self.banner.show_message(f"{tr('need_model', self.lang)} {tr('play_mine', self.lang)}", "warn")

    def _start_assessment(self) -> None:
        self._request += 1
        request = self._request
        self._set_busy(True, "assessing")
        run_async(
            assess,
            self.assessor,
            self.waveform,
            self.sentence.g2p_input(),
            on_done=lambda a: self._on_assessed(request, a),
            on_error=lambda e: self._on_assess_failed(request, e),
        )

    def assess_now(self, audio: np.ndarray):
        """Assess on this thread and show the result (headless rendering, benchmarks)."""
        self.waveform = np.asarray(audio, dtype=np.float32)
        self.waveform_view.set_waveform(self.waveform)
        if self.assessor is None:
            raise RuntimeError(self.model_error or tr("need_model", "en"))
        result = self.assessor.assess(self.waveform, self.sentence.g2p_input())
        self.show_assessment(result)
        return result

    def _on_assessed(self, request: int, assessment) -> None:
        if request != self._request:
            return
        self._set_busy(False)
        self.show_assessment(assessment)

    def _on_assess_failed(self, request: int, error: BaseException) -> None:
        if request != self._request:
            return
        self._set_busy(False)
        self._show_failure(tr("audio_failed", self.lang), describe_error(error))

    def _show_failure(self, title: str, message: str) -> None:
        self.last_error = message
        self.banner.show_message(f"<b>{_html(title)}</b><br>{_html(message)}", "error")

    def show_assessment(self, a) -> None:
        self.assessment = a
        self.results.setVisible(True)
        self.results.show_assessment(a, self.waveform)
        self._render_result_banner()
        if self.history is not None:
            self.history.add(
                self.sentence.text if self.sentence else a.sentence, float(a.score), bool(a.reliable)
            )
            self._render_history()
        self._update_buttons()

    def _render_result_banner(self) -> None:
        a = self.assessment
        lang = self.lang
        if a is None:
            return
        if not a.reliable:
            reason = (a.reason_ko if lang == "ko" else a.reason) or a.reason
            self.banner.show_message(
                f"<b>{tr('unreliable', lang)}</b> — {_html(reason)}<br>{tr('unreliable_hint', lang)}", "info"
            )
        elif a.audio_problems:
            items = "<br>".join(_html(p) for p in a.audio_problems)
            self.banner.show_message(f"<b>{tr('warning', lang)}</b>: {items}", "warn")
        else:
            self.banner.hide_message()

    def feedback_texts(self) -> list[str]:
        return self.results.feedback_texts()

    def _play_phone(self, index: int) -> None:
        pv = self.assessment.phones[index]
        if pv.start is not None and pv.end is not None:
            self._play(self.waveform, pv.start, pv.end)
        else:
            span = self._syllable_span(pv.syllable)
            if span:
                self._play(self.waveform, *span)

    def _play_insertion(self, index: int) -> None:
        ins = self.assessment.insertions[index]
        if ins.start is not None and ins.end is not None:
            self._play(self.waveform, ins.start, ins.end)

    def _syllable_span(self, syllable: int) -> tuple[float, float] | None:
        times = [
            (p.start, p.end)
            for p in self.assessment.phones
            if p.syllable == syllable and p.start is not None and p.end is not None
        ]
        if not times:
            return None
        return min(t[0] for t in times), max(t[1] for t in times)

    def play_syllable(self, syllable: int) -> None:
        span = self._syllable_span(syllable) if self.assessment is not None else None
        if span:
            self._play(self.waveform, *span)
        else:
            self.statusBar().showMessage(tr("deleted_word", self.lang), 3000)

    # ================================================================== listening
    def play_recording(self) -> None:
        if self.waveform is not None:
            self._play(self.waveform)

    def _play(self, waveform, start: float | None = None, end: float | None = None) -> bool:
        if waveform is None:
            return False
        try:
            player.play(waveform, start, end)
        except player.PlaybackError as e:
            self.statusBar().showMessage(e.message(self.lang), 8000)
            return False
        return True

    def play_reference_voice(self) -> None:
        if self.pronunciation is None or not player.espeak_available():
            return
        text = self.pronunciation.pronounced
        self.play_reference.setEnabled(False)

        def done(audio):
            if self._closed:
                return
            self._update_buttons()
            self.reference_audio = audio
            self._play(audio)

        def failed(error):
            if self._closed:
                return
            self._update_buttons()
            self.statusBar().showMessage(describe_error(error), 8000)

        run_async(player.reference_voice, text, on_done=done, on_error=failed)

    # ================================================================== misc
    def _set_busy(self, busy: bool, key: str = "assessing") -> None:
        self._busy_key = key
        self.busy.setVisible(busy)
        self.busy_label.setText(tr(key, self.lang) if busy else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        lang = self.lang
        recording = self.recorder.recording
        assessing = self.busy.isVisible() and not self.model_loading
        self.record_button.setText(tr("stop", lang) if recording else tr("record", lang))
        self.record_button.setEnabled(recording or (self.sentence is not None and not assessing))
        self.play_mine.setEnabled(self.waveform is not None and not recording)
        has_espeak = player.espeak_available()
        self.play_reference.setEnabled(has_espeak and self.pronunciation is not None)
        self.play_reference.setToolTip("" if has_espeak else tr("no_espeak", lang))
        self.act_save.setEnabled(self.assessment is not None)

    def _clear_results(self) -> None:
        self._request += 1  # results still running for the previous sentence are dropped
        self.assessment = None
        self.waveform = None
        self.results.setVisible(False)
        self.results.clear()
        self.banner.hide_message()
        if self.busy.isVisible() and not self.model_loading:
            self._set_busy(False)

    def _render_history(self) -> None:
        self.history_list.clear()
        if self.history is None:
            return
        for att in self.history.recent(12):
            item = QListWidgetItem(f"{att.when}  {round(att.score):>3}  {att.sentence}")
            item.setForeground(Qt.GlobalColor.darkGray if not att.reliable else Qt.GlobalColor.black)
            self.history_list.addItem(item)

    def _fill_mic_menu(self) -> None:
        self.menu_mic.clear()
        group = QActionGroup(self.menu_mic)
        names = [""] + list_input_devices()
        for name in names:
            act = self.menu_mic.addAction(name or tr("mic_default", self.lang))
            act.setCheckable(True)
            act.setChecked(name == self.settings.microphone)
            act.triggered.connect(lambda _=False, name=name: self._set_microphone(name))
            group.addAction(act)
        if len(names) == 1:
            act = self.menu_mic.addAction(tr("no_mic", self.lang))
            act.setEnabled(False)

    def _set_microphone(self, name: str) -> None:
        self.settings.microphone = name
        self.recorder.device = name

    def save_result(self, path: str | None = None) -> None:
        if self.assessment is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("save_result", self.lang), "result.json", "JSON (*.json)"
            )
            if not path:
                return
        try:
            Path(path).write_text(self.assessment.to_json(self.lang, indent=2), encoding="utf-8")
        except OSError as e:
            self.statusBar().showMessage(str(e), 8000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._closed = True
        self._request += 1  # results still on their way are dropped
        self.recorder.cancel()
        player.stop()
        for d in self._dialogs:
            d.close()
        self.settings.sync()
        super().closeEvent(event)
