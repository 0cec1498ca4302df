"""The main window's File menu: open a sentence list, assess an audio file, save the result.

An audio file is read on a worker thread (the one recognition uses), and a file whose header says
it is longer than the assessment accepts is refused before its samples are decoded, so a long MP3
never freezes the window. The result is written atomically (model/files.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QFileDialog

from app.errors import describe_error
from app.i18n import tr
from app.settings import teacher_dir
from app.widgets.messages import ReportDialog
from app.widgets.messages import html_escape as _html
from app.workers import run_async
from model.audio import load_audio
from model.files import atomic_open, atomic_write_text
from model.sentences import SentenceListError, load_sentence_list, report

DEFAULT_MAX_SECONDS = 60.0


def read_audio(path: str, max_seconds: float) -> np.ndarray:
    """Read one file for assessment (blocking: call through run_async)."""
    return load_audio(path, max_seconds=max_seconds)


class FilesMixin:
    """Mixed into MainWindow: needs lang, banner, panel, the assessment request counter."""

    def reopen_sentence_lists(self) -> None:
        """The lists a teacher opened in earlier sessions; one that moved or broke is forgotten, and said."""
        gone = []
        for path in self.settings.sentence_lists:
            try:
                self.panel.add_list(load_sentence_list(path))
            except SentenceListError:
                self.settings.forget_list(path)
                gone.append(Path(path).name)
        if gone:
            self.statusBar().showMessage(tr("lists_gone", self.lang, names=", ".join(gone)), 15000)

    def open_sentence_list(self, path: str | None = None):
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                tr("open_list", self.lang),
                "",
                f"{tr('list_files', self.lang)} (*.txt *.csv *.tsv *.json)",
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
        self.panel.add_list(loaded)
        self.settings.remember_list(str(Path(path).resolve()))
        self.last_report = report(loaded, self.lang)
        if loaded.problems:
            dialog = ReportDialog(tr("list_report", self.lang), self.last_report, self)
            self._dialogs.append(dialog)
            dialog.show()
            self.banner.show_message(_html(self.last_report.splitlines()[0]), "warn")
        else:
            self.statusBar().showMessage(self.last_report, 6000)
        return loaded

    def open_audio_file(self, path: str | None = None) -> None:
        """Read ``path`` off the GUI thread, then show and assess it."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                tr("open_audio", self.lang),
                "",
                f"{tr('audio_files', self.lang)} (*.wav *.flac *.ogg *.mp3 *.pcm *.raw);;{tr('all_files', self.lang)} (*)",
            )
            if not path:
                return
        self._request += 1  # whatever was being read or assessed before is now stale
        request = self._request
        limit = self.assessor.thresholds.max_seconds if self.assessor is not None else DEFAULT_MAX_SECONDS
        self._set_busy(True, "reading_audio")

        def done(audio: np.ndarray) -> None:
            if request == self._request and not self._closed:
                self._set_busy(False)
                self.assess_waveform(audio)

        def failed(error: BaseException) -> None:
            if request == self._request and not self._closed:
                self._set_busy(False)
                self._show_failure(tr("audio_failed", self.lang), describe_error(error, self.lang))

        run_async(read_audio, str(path), limit, on_done=done, on_error=failed)

    def save_result(self, path: str | None = None) -> bool:
        """Write the shown result as JSON, atomically; False (and a status message) on failure."""
        if self.assessment is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("save_result", self.lang), "result.json", "JSON (*.json)"
            )
            if not path:
                return False
        try:
            atomic_write_text(path, self.assessment.to_json(self.lang, indent=2))
        except (OSError, ValueError) as e:  # ValueError: UnicodeEncodeError of a damaged text
            self.statusBar().showMessage(f"{tr('save_failed', self.lang)}: {e}", 8000)
            return False
        return True

    def import_class_pack(self, path: str | None = None):
        """Install a teacher's class pack: its list opens in the tree, its takes become the model
        voice; a bad pack is refused with why, and nothing of it is kept."""
        from app.class_pack import SUFFIX, ClassPackError, import_pack
        from app.settings import classes_dir

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("import_pack", self.lang), "", f"{tr('pack_files', self.lang)} (*{SUFFIX})"
            )
            if not path:
                return None
        try:
            pack = import_pack(path, self.classes_folder or classes_dir())
        except (ClassPackError, OSError) as e:
            self.last_report = e.message(self.lang) if isinstance(e, ClassPackError) else str(e)
            self.banner.show_message(
                f"<b>{tr('pack_failed', self.lang)}</b><br>{_html(self.last_report)}", "error"
            )
            return None
        self.open_sentence_list(str(pack.sentences))
        self.last_report = tr("pack_imported", self.lang, name=pack.name, takes=pack.takes) + (
            " " + tr("pack_model", self.lang) if pack.model else ""
        )
        self.banner.show_message(_html(self.last_report), "info")
        if pack.model is not None:
            from app.settings import models_dir

            target = models_dir() / f"{pack.name}.pt"
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_open(target, "wb") as f:
                f.write(pack.model.read_bytes())
        return pack

    def export_class_pack(self, path: str | None = None, model: str | None = None) -> bool:
        """Write the teacher's recordings (and ``model``, an adapted checkpoint; by default the one in
        use when it is an adapted model, never the bundled one) as one class pack."""
        from app.class_pack import SUFFIX, ClassPackError, export_pack
        from app.settings import models_dir

        if model is None and self.settings.checkpoint:
            active = Path(self.settings.checkpoint)
            model = str(active) if active.parent == models_dir() and active.is_file() else None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                tr("export_pack", self.lang),
                f"class{SUFFIX}",
                f"{tr('pack_files', self.lang)} (*{SUFFIX})",
            )
            if not path:
                return False
        try:
            export_pack(
                path, Path(path).stem, self.teacher_folder or teacher_dir(), Path(model) if model else None
            )
        except (ClassPackError, OSError) as e:
            message = e.message(self.lang) if isinstance(e, ClassPackError) else str(e)
            self.banner.show_message(
                f"<b>{tr('pack_export_failed', self.lang)}</b><br>{_html(message)}", "error"
            )
            return False
        self.statusBar().showMessage(tr("pack_exported", self.lang, path=path), 10000)
        return True
