"""The main window's progress half: the weakest sounds on the start screen, the progress-by-sound
dialog, and "Practise my weak sounds". The numbers come from model.progress and model.practice."""

from __future__ import annotations

from app.i18n import tr
from app.progress_view import ProgressDialog, weakest_text
from model.practice import practice_session
from model.progress import Progress, progress


class ProgressMixin:
    progress_dialog: ProgressDialog | None = None

    def current_progress(self) -> Progress:
        return progress(self.history) if self.history is not None else Progress((), 0)

    def _render_progress(self) -> None:
        """Refresh the start screen's weakest sounds (and the dialog, if open) from the history."""
        p = self.current_progress()
        self.panel.show_weak(weakest_text(p, self.lang))
        if self.progress_dialog is not None:
            self.progress_dialog.progress = p
            self.progress_dialog.set_language(self.lang)

    def show_progress(self) -> ProgressDialog:
        if self.progress_dialog is None:
            self.progress_dialog = ProgressDialog(self.lang, self)
            self._dialogs.append(self.progress_dialog)
        self.progress_dialog.progress = self.current_progress()
        self.progress_dialog.set_language(self.lang)  # renders it in the learner's language
        self.progress_dialog.show()
        self.progress_dialog.raise_()
        return self.progress_dialog

    def practise_weak_sounds(self) -> bool:
        """Build a session for the weakest sounds and put it first in the tree; False (and why, in
        the status bar) when there is too little to tell."""
        p = self.current_progress()
        session = practice_session(p, self.history, self.panel.all_sentences())
        if not session:
            self.statusBar().showMessage(tr("weak_clear" if p.telling else "practice_none", self.lang), 10000)
            return False
        self.panel.add_practice(session.lesson)
        self.statusBar().showMessage(tr("practice_ready", self.lang, n=len(session.lesson.sentences)), 10000)
        return True
