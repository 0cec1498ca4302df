"""The main window's model half: load the recogniser off the GUI thread, switch device or checkpoint,
Settings → Model and Help → About the model.

Every load gets a request number, as assessments do: when the learner switches twice quickly,
only the newest load may install its recogniser or clear the busy state; older ones are dropped.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog

from app.about import describe_model
from app.errors import describe_error
from app.i18n import tr
from app.widgets.messages import ReportDialog
from app.widgets.messages import html_escape as _html
from app.workers import run_async


def load_recognizer(checkpoint: str | None, device: str):
    """Load the recogniser (blocking: call through run_async)."""
    from model.acoustic.recognizer import Recognizer

    return Recognizer.load(checkpoint or None, device=device)


class ModelMixin:
    """Mixed into MainWindow: needs settings, lang, busy state, banners and ``assess_waveform``."""

    _model_request = 0

    def load_model(self) -> None:
        """Load the recogniser off the GUI thread; a failure becomes the model banner."""
        self._model_request += 1
        request = self._model_request
        self.recognizer = self.assessor = None
        self.model_error = ""
        self.model_loading = True
        self._set_busy(True, "loading_model")
        self._render_model_banner()

        def failed(error: BaseException) -> None:
            self._on_model_failed(request, describe_error(error))

        run_async(
            load_recognizer,
            self.settings.checkpoint or None,
            self.settings.device,
            on_done=lambda r: self._on_model_loaded(request, r),
            on_error=failed,
        )

    def set_recognizer(self, recognizer) -> None:
        self._model_request += 1  # a load still running is now stale
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

    def _on_model_loaded(self, request: int, recognizer) -> None:
        if self._closed or request != self._model_request:
            return
        self._set_busy(False)
        self.set_recognizer(recognizer)
        self.statusBar().showMessage(tr("model_ready", self.lang), 4000)
        if self._pending_audio is not None:
            audio, self._pending_audio = self._pending_audio, None
            self.assess_waveform(audio)

    def _on_model_failed(self, request: int, message: str) -> None:
        if self._closed or request != self._model_request:
            return
        self._set_busy(False)
        self.model_loading = False
        self.model_error = message
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
        """Use the checkpoint at ``path`` ("" = the bundled one; None = ask with a file dialog)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("checkpoint", self.lang), "", "Checkpoint (*.pt)")
            if not path:
                return
        self.settings.checkpoint = path
        self.load_model()

    def show_model_settings(self) -> QDialog:
        """Settings → Model: the bundled model or an adapted one; switch, revert, export, import."""
        from app.model_settings import ModelDialog

        dialog = ModelDialog(self.settings.checkpoint, self.lang, self)
        dialog.chosen.connect(self.choose_checkpoint)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def show_teacher(self):
        """Tools → Teacher's voice: record a fluent speaker and adapt the model to that voice."""
        from app.teacher_window import TeacherWindow

        window = getattr(self, "teacher_window", None)
        if window is None:
            window = TeacherWindow(
                self.settings,
                self.lang,
                stream_factory=self.recorder.stream_factory,
                checkpoint=self.settings.checkpoint,
            )
            window.model_chosen.connect(self.choose_checkpoint)
            self.teacher_window = window
        window.show()
        window.raise_()
        return window

    def about_model_text(self) -> str:
        return describe_model(self.recognizer, self.lang, self.model_error)

    def show_about_model(self) -> QDialog:
        dialog = ReportDialog(tr("about_model", self.lang), self.about_model_text(), self)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog
