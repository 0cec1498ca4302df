"""Teacher's voice / 선생님 목소리: a fluent speaker records a lesson, then the model is adapted to that voice.

Three screens: the explanation and the choice of sentences; the recording screen (one sentence at a
time with its standard pronunciation: record, listen back, re-record, skip; a counter and the minutes
recorded; the practice screen's level meter and recording checks); and adaptation, which runs
``training.adapt`` as a child process (app/adapt_runner.py) with a progress bar, Cancel and the
before/after figures. Recordings live in ``<data dir>/teacher`` (app/teacher_store.py), so a teacher
can stop at any point and go on another day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QStackedWidget, QVBoxLayout, QWidget

from app import player
from app.adapt_runner import AdaptOutcome, AdaptRun, adapt_command, unavailable_reason
from app.errors import describe_error
from app.i18n import duration, tr
from app.model_settings import bundled_checkpoint
from app.recorder import MicrophoneError, Recorder
from app.settings import Settings, models_dir, teacher_dir
from app.teacher_pages import AdaptPage, IntroPage, RecordPage
from app.teacher_store import TeacherRecordings
from app.widgets.messages import html_escape as _html
from app.window_layout import fit_to_screen
from app.workers import run_async
from model.audio import AudioError, check_audio
from model.korean import G2PError, g2p
from model.sentences import Sentence, SentenceListError, builtin_lessons, load_sentence_list

DEFAULT_MINUTES = 3.0  # training budget: ~3 min on 2 cores gave the gains in docs/teacher.md
MIN_RECORDINGS = 4  # the contract: fewer and training.adapt refuses (3 are held out)
CommandFactory = Callable[[Path, Path, Path, float], list[str]]


class TeacherWindow(QWidget):
    """``model_chosen(path)`` when the teacher asks to use the adapted model."""

    model_chosen = Signal(str)

    def __init__(self, settings: Settings, lang: str = "ko", *, stream_factory=None, checkpoint: str = "",
                 folder: Path | None = None, models: Path | None = None,
                 command: CommandFactory | None = None) -> None:  # fmt: skip
        super().__init__()
        self.settings = settings
        self.lang = lang
        self.checkpoint = checkpoint
        self.store = TeacherRecordings(folder or teacher_dir())
        self.models = models or models_dir()
        self.command = command or adapt_command
        self.unavailable = unavailable_reason() if command is None else None
        self.recorder = Recorder(stream_factory, device=settings.microphone, parent=self)
        self.recorder.level.connect(lambda db, clipped: self.record_page.panel.on_level(db, clipped))
        self.recorder.finished.connect(self._on_take)
        self.recorder.failed.connect(self._on_record_failed)
        self.recorder.warning.connect(lambda _: self._warn(self.recorder.warning_error))
        self.lessons = self._lessons()
        self.sentences: list[Sentence] = []
        self.list_name = ""
        self.index = 0
        self.take: np.ndarray | None = None
        self.run: AdaptRun | None = None
        self.outcome: AdaptOutcome | None = None

        self.intro = IntroPage()
        self.record_page = RecordPage()
        self.adapt_page = AdaptPage()
        self.stack = QStackedWidget()
        for page in (self.intro, self.record_page, self.adapt_page):
            self.stack.addWidget(page)
        QVBoxLayout(self).addWidget(self.stack)
        self._connect()
        self.intro.set_lessons([(lesson.title_ko, lesson.title_en) for lesson in self.lessons])
        self.retranslate()
        fit_to_screen(self, 980, 640)

    def _lessons(self):
        try:
            return list(builtin_lessons())
        except SentenceListError:
            return []

    def _connect(self) -> None:
        i, r, a = self.intro, self.record_page, self.adapt_page
        i.start_button.clicked.connect(self.start_recording_screen)
        i.open_button.clicked.connect(lambda: self.open_list())
        i.import_button.clicked.connect(lambda: self.import_recordings())
        i.adapt_button.clicked.connect(self.show_adapt)
        r.panel.record_button.clicked.connect(self.toggle_recording)
        r.listen_button.clicked.connect(self.listen)
        r.skip_button.clicked.connect(self.next_sentence)
        r.previous_button.clicked.connect(self.previous_sentence)
        r.back_button.clicked.connect(self.show_intro)
        r.adapt_button.clicked.connect(self.show_adapt)
        a.start_button.clicked.connect(self.start_adapt)
        a.cancel_button.clicked.connect(self.cancel_adapt)
        a.use_button.clicked.connect(self.use_adapted)
        a.back_button.clicked.connect(self.show_intro)

    # ================================================================== language
    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(tr("teacher_title", lang))
        self.intro.set_language(lang)
        self.record_page.set_language(lang)
        self.adapt_page.set_language(lang)
        self._render()

    def _render(self) -> None:
        """Refresh every label that depends on the state (counts, the sentence, the run)."""
        lang = self.lang
        n, minutes = len(self.store), self.store.minutes
        self.intro.show_status(
            tr("teacher_so_far", lang, n=n, duration=duration(minutes, lang)), self._reason()
        )
        self.intro.adapt_button.setEnabled(n >= MIN_RECORDINGS)
        if self.sentences:
            s = self.sentences[self.index]
            done = sum(self.store.has(x.g2p_input()) for x in self.sentences)
            take = self.store.takes.get(s.g2p_input())
            self.record_page.show_sentence(
                s, self._pronounced(s), position=tr("teacher_position", lang, i=self.index + 1, n=len(self.sentences)),
                counter=f"{done} / {len(self.sentences)}",
                minutes=tr("teacher_minutes", lang, duration=duration(minutes, lang)),
                status=tr("teacher_take_saved", lang, seconds=take.seconds) if take else tr("teacher_no_take", lang),
                has_take=take is not None, list_name=self.list_name,
            )  # fmt: skip
            self.record_page.previous_button.setEnabled(self.index > 0)
        self.record_page.adapt_button.setEnabled(n >= MIN_RECORDINGS)
        self.adapt_page.show_plan(
            tr("teacher_plan", lang, n=n, duration=duration(minutes, lang)), self._reason()
        )
        self.adapt_page.start_button.setEnabled(
            self._reason() is None and n >= MIN_RECORDINGS and not self._running
        )
        if self.outcome is not None:
            self.adapt_page.show_outcome(self.outcome, lang)

    def _reason(self) -> str | None:
        return self.unavailable[0 if self.lang == "en" else 1] if self.unavailable else None

    @property
    def _running(self) -> bool:
        return self.run is not None and self.run.running

    # ================================================================== choosing sentences
    def open_list(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("open_list", self.lang), "", "Sentence lists (*.txt *.csv *.tsv *.json)"
            )
            if not path:
                return False
        try:
            loaded = load_sentence_list(path)
        except SentenceListError as e:
            self.intro.banner.show_message(f"<b>{tr('list_failed', self.lang)}</b><br>{_html(e)}", "error")
            return False
        if not loaded.sentences:
            self.intro.banner.show_message(tr("teacher_empty_list", self.lang), "error")
            return False
        self.intro.banner.hide_message()
        self.start_recording_screen(list(loaded.sentences), loaded.name)
        return True

    def import_recordings(self, source: str | None = None) -> None:
        """Recordings the teacher already has (a folder with transcripts.tsv, a TSV, or audio files
        named by their sentence), checked like new takes, read off the GUI thread."""
        if source is None:
            source = QFileDialog.getExistingDirectory(self, tr("teacher_import", self.lang))
            if not source:
                return
        self.intro.import_button.setEnabled(False)
        self.intro.banner.show_message(tr("teacher_importing", self.lang), "info")

        def done(report) -> None:
            self.store = TeacherRecordings(self.store.folder)  # the worker's copy wrote them; read back
            self.intro.import_button.setEnabled(True)
            text = tr("teacher_imported", self.lang, n=report.imported, skipped=len(report.skipped))
            details = "".join(f"<br>{_html(name)}: {_html(why)}" for name, why in report.skipped[:8])
            self.intro.banner.show_message(text + details, "warn" if report.skipped else "info")
            self._render()

        def failed(error: BaseException) -> None:
            self.intro.import_button.setEnabled(True)
            self.intro.banner.show_message(_html(describe_error(error, self.lang)), "error")

        # a copy of the store imports off the GUI thread, so the one the GUI reads never changes under it
        folder = self.store.folder
        run_async(lambda: TeacherRecordings(folder).import_from(source), on_done=done, on_error=failed)

    def start_recording_screen(self, sentences: list[Sentence] | None = None, name: str = "") -> None:
        """Show the recording screen at the first sentence not yet recorded (resume where one stopped)."""
        if not sentences:
            i = self.intro.lesson_box.currentIndex()
            if not (0 <= i < len(self.lessons)):
                return
            lesson = self.lessons[i]
            sentences = list(lesson.sentences)
            name = lesson.title_ko if self.lang == "ko" else lesson.title_en
        self.sentences = [s for s in sentences if self._pronounced(s) is not None]
        if not self.sentences:
            return
        self.list_name = name
        todo = [i for i, s in enumerate(self.sentences) if not self.store.has(s.g2p_input())]
        self._go(todo[0] if todo else 0)
        self.stack.setCurrentWidget(self.record_page)

    def _pronounced(self, s: Sentence) -> str | None:
        try:
            return g2p(s.g2p_input()).pronounced
        except G2PError:
            return None

    def _go(self, index: int) -> None:
        self.recorder.cancel()
        self.index = max(0, min(index, len(self.sentences) - 1))
        self.take = self.store.load(self.sentences[self.index].g2p_input()) if self.sentences else None
        self.record_page.banner.hide_message()
        self.record_page.panel.set_recording(False)
        self._render()

    def next_sentence(self) -> None:
        """Skip (or, once recorded, go on to) the next sentence."""
        if self.index + 1 < len(self.sentences):
            self._go(self.index + 1)
        else:
            self.record_page.banner.show_message(tr("teacher_list_done", self.lang), "info")

    def previous_sentence(self) -> None:
        self._go(self.index - 1)

    def show_intro(self) -> None:
        self.recorder.cancel()
        self._render()
        self.stack.setCurrentWidget(self.intro)

    # ================================================================== recording
    def toggle_recording(self) -> None:
        """Record the current sentence; a new take replaces the old one only when it passes the checks."""
        if self.recorder.recording:
            self.recorder.stop()
            return
        if not self.sentences:
            return
        self.recorder.device = self.settings.microphone
        try:
            self.recorder.start()
        except MicrophoneError as e:
            self._error(tr("mic_failed", self.lang), e.message(self.lang))
            return
        self.record_page.panel.start_take()
        self.record_page.banner.show_message(tr("teacher_recording", self.lang), "info")

    def _on_take(self, audio: np.ndarray) -> None:
        self.record_page.panel.set_recording(False)
        self.record_page.panel.level.reset()
        try:
            check = check_audio(audio)
        except AudioError as e:  # too short, silent, too long: not kept
            self._error(tr("teacher_take_refused", self.lang), str(e))
            return
        text = self.sentences[self.index].g2p_input()  # the transcript keeps a given pronunciation
        try:
            self.store.save(text, audio)
        except OSError as e:
            self._error(tr("teacher_save_failed", self.lang), str(e))
            return
        self.take = audio
        self._render()
        if check.problems:
            self.record_page.banner.show_message(
                f"<b>{tr('warning', self.lang)}</b>: " + "<br>".join(_html(p) for p in check.problems), "warn"
            )
        elif self.recorder.warning_error is None:
            self.record_page.banner.show_message(tr("teacher_take_ok", self.lang), "info")

    def _on_record_failed(self, message: str) -> None:
        self.record_page.panel.set_recording(False)
        error = self.recorder.error
        text = error.message(self.lang) if error else message
        if error is not None and error.en.startswith("No microphone was found"):
            text = tr("teacher_no_mic", self.lang)  # here the way on is importing, not File → Open audio
        self._error(tr("audio_failed", self.lang), text)

    def _warn(self, error: MicrophoneError | None) -> None:
        if error is not None:
            self.record_page.banner.show_message(_html(error.message(self.lang)), "warn")

    def _error(self, title: str, message: str) -> None:
        self.record_page.banner.show_message(f"<b>{_html(title)}</b><br>{_html(message)}", "error")

    def listen(self) -> bool:
        if self.take is None:
            return False
        try:
            player.play(self.take)
        except player.PlaybackError as e:
            self.record_page.banner.show_message(_html(e.message(self.lang)), "warn")
            return False
        return True

    # ================================================================== adapting
    def show_adapt(self) -> None:
        self.recorder.cancel()
        self._render()
        self.stack.setCurrentWidget(self.adapt_page)

    def start_adapt(self) -> bool:
        if self._running or self._reason() is not None or len(self.store) < MIN_RECORDINGS:
            return False
        start = Path(self.settings.checkpoint or self.checkpoint or bundled_checkpoint())
        out = self.models / f"adapted-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.pt"
        self.models.mkdir(parents=True, exist_ok=True)
        minutes = self.adapt_page.minutes.value()
        self.outcome = None
        self.run = AdaptRun(self.command(self.store.folder, start, out, minutes), self)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_adapted)
        self.adapt_page.start_run(tr("teacher_starting", self.lang))
        self.run.start()
        self._render()
        return True

    def _on_progress(self, p: dict) -> None:
        message = p.get("message_ko" if self.lang == "ko" else "message") or p.get("message") or ""
        self.adapt_page.show_progress(float(p.get("done") or 0.0), str(message))

    def cancel_adapt(self) -> None:
        if self._running:
            self.run.cancel()
            self.adapt_page.show_progress(None, tr("teacher_cancelling", self.lang))

    def _on_adapted(self, outcome: AdaptOutcome) -> None:
        self.outcome = outcome
        self.adapt_page.end_run()
        self._render()

    def use_adapted(self) -> None:
        if self.outcome is not None and self.outcome.saved:
            self.model_chosen.emit(str(self.outcome.result["out"]))
            self.adapt_page.banner.show_message(tr("teacher_model_in_use", self.lang), "info")

    # ================================================================== closing
    def shutdown(self, wait_ms: int = 6000) -> None:
        """Stop the microphone and an adaptation in progress (it removes its own temp file)."""
        self.recorder.cancel()
        if self._running:
            self.run.cancel()
            self.run.process.waitForFinished(wait_ms)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.recorder.cancel()
        player.stop()
        super().closeEvent(event)
