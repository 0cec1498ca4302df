"""The main window: pick a sentence, record (or open a file), see and hear the verdicts.

Orchestration only: the phonetics come from ``model`` (G2P, recogniser, assessment,
articulation); this module wires widgets, the microphone and worker threads together. The
model half (loading, switching, About) is in app/window_model.py, the File menu in
app/window_files.py, the menus in app/window_menus.py, the layout in app/window_layout.py and
playback in app/window_playback.py. Every failure ends as a message in the window (banner or
status bar), never a traceback.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
)

from app import player
from app.errors import describe_error
from app.i18n import LANGS, tr, use_qt_language
from app.recorder import MicrophoneError, Recorder
from app.settings import Settings, history_path
from app.widgets.messages import html_escape as _html
from app.window_files import FilesMixin
from app.window_intonation import IntonationMixin
from app.window_layout import build_layout, fit_to_screen
from app.window_menus import build_menus, retranslate_menus
from app.window_model import ModelMixin
from app.window_playback import PlaybackMixin
from app.window_progress import ProgressMixin
from app.workers import run_async
from model.history import History
from model.korean import G2PError, g2p
from model.sentences import Sentence, SentenceListError, builtin_lessons

__all__ = ["MainWindow", "describe_error"]


def assess(assessor, waveform: np.ndarray, text: str):
    """Run one assessment (blocking: call through run_async)."""
    from model.acoustic.recognizer import prepare_worker_thread

    prepare_worker_thread()
    return assessor.assess(waveform, text)


class MainWindow(ModelMixin, FilesMixin, PlaybackMixin, ProgressMixin, IntonationMixin, QMainWindow):
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
        self.teacher_take = False  # the teacher recorded the current sentence (Teacher's voice)
        self._request = 0
        self._closed = False
        self._busy_key = "assessing"
        self._history_reported = False
        self._pending_audio: np.ndarray | None = None
        self._dialogs: list[QDialog] = []
        self.history = history if history is not None else History(history_path())
        self.recorder = Recorder(stream_factory, device=self.settings.microphone, parent=self)
        self.recorder.level.connect(self._on_level)
        self.recorder.finished.connect(self._on_recorded)
        self.recorder.failed.connect(self._on_record_failed)
        self.recorder.warning.connect(self._on_record_warning)

        build_layout(self)
        build_menus(self)
        self._fill_lessons()
        self.reopen_sentence_lists()
        self.retranslate()
        if recognizer is not None:
            self.set_recognizer(recognizer)
        elif load_model:
            self.load_model()
        fit_to_screen(self, 1320, 940)

    # ================================================================== construction
    def _fill_lessons(self) -> None:
        try:
            self.panel.add_lessons(builtin_lessons())
        except SentenceListError as e:
            self.banner.show_message(describe_error(e), "error")

    # ================================================================== language
    def set_language(self, lang: str) -> None:
        if lang not in LANGS:
            return
        self.lang = lang
        self.settings.language = lang
        self.language_actions[lang].setChecked(True)
        self.retranslate()
        if getattr(self, "teacher_window", None) is not None:
            self.teacher_window.set_language(lang)

    def retranslate(self) -> None:
        lang = self.lang
        use_qt_language(lang)
        self.setWindowTitle(tr("app_title", lang))
        self.panel.set_language(lang)
        self.record_panel.set_language(lang)
        self.play_mine.setText(tr("play_mine", lang))
        self.play_reference.setText(tr("play_reference", lang))
        retranslate_menus(self)
        self.target.set_language(lang)
        self.results.set_language(lang)
        self._update_buttons()
        self._render_model_banner()
        if self.busy.isVisible():
            self.busy_label.setText(tr(self._busy_key, lang))
        if self.assessment is not None:
            self._render_result_banner()
        self._render_history()

    # ================================================================== sentences
    def select_sentence(self, sentence: Sentence) -> bool:
        """Make ``sentence`` the target; False (and a message) when the G2P refuses it."""
        try:
            pron = g2p(sentence.g2p_input())
        except G2PError as e:
            self.panel.show_error(e.message(self.lang))
            return False
        self.panel.show_error("")
        self.sentence, self.pronunciation = sentence, pron
        self.teacher_take = self.has_teacher_take(sentence.text)
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
        self.record_panel.start_take()
        self._update_buttons()

    def _on_level(self, db: float, clipped: bool) -> None:
        self.record_panel.on_level(db, clipped)

    def _on_recorded(self, audio: np.ndarray) -> None:
        self.level.reset()
        self._update_buttons()
        if self.recorder.warning_error is None:
            self.banner.hide_message()
        self.assess_waveform(audio)

    def _on_record_failed(self, message: str) -> None:
        error = self.recorder.error
        self.level.reset()
        self._update_buttons()
        self._show_failure(tr("audio_failed", self.lang), error.message(self.lang) if error else message)

    def _on_record_warning(self, message: str) -> None:
        text = self.recorder.warning_error.message(self.lang) if self.recorder.warning_error else message
        self.banner.show_message(_html(text), "warn")
        self.statusBar().showMessage(text, 15000)  # stays while the result replaces the banner

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
        self.show_intonation(a)
        self._render_result_banner()
        if self.history is not None:
            self.history.add_assessment(self.sentence.text if self.sentence else a.sentence, a)
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
        elif a.cautious:
            extra = "".join(f"<br>{_html(p)}" for p in a.audio_problems)
            self.banner.show_message(
                f"<b>{tr('cautious', lang)}</b> — {_html(a.note_text(lang))}{extra}", "info"
            )
        elif a.audio_problems:
            items = "<br>".join(_html(p) for p in a.audio_problems)
            self.banner.show_message(f"<b>{tr('warning', lang)}</b>: {items}", "warn")
        else:
            self.banner.hide_message()

    def feedback_texts(self) -> list[str]:
        return self.results.feedback_texts()

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
        self.record_panel.set_recording(recording)
        self.record_button.setEnabled(recording or (self.sentence is not None and not assessing))
        self.play_mine.setEnabled(self.waveform is not None and not recording)
        self.play_reference.setText(tr("play_teacher" if self.teacher_take else "play_reference", lang))
        has_voice = player.espeak_available() or self.teacher_take
        self.play_reference.setEnabled(has_voice and self.pronunciation is not None)
        self.play_reference.setToolTip(tr("voice_of_teacher" if self.teacher_take else "voice_of_espeak", lang)
                                       if has_voice else tr("no_espeak", lang))  # fmt: skip
        self.act_save.setEnabled(self.assessment is not None)

    def _clear_results(self) -> None:
        self._request += 1  # results still running for the previous sentence are dropped
        self._reference_request += 1
        self.reference = None
        self.assessment = None
        self.waveform = None
        self.results.setVisible(False)
        self.results.clear()
        self.banner.hide_message()
        if self.busy.isVisible() and not self.model_loading:
            self._set_busy(False)

    def _render_history(self) -> None:
        if self.history is None:
            return
        self.panel.show_history(self.history.recent(12))
        self._render_progress()
        if self.history.error and not self._history_reported:  # once: practice goes on without it
            self._history_reported = True
            self.statusBar().showMessage(self.history.error, 15000)

    def _set_microphone(self, name: str) -> None:
        self.settings.microphone = name
        self.recorder.device = name

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._closed = True
        self._request += 1  # results still on their way are dropped
        self.recorder.cancel()
        player.stop()
        for d in self._dialogs:
            d.close()
        teacher = getattr(self, "teacher_window", None)
        if teacher is not None:
            teacher.shutdown()
            teacher.close()
        self.settings.sync()
        super().closeEvent(event)
