"""The main window's listening half: the whole take, one phone, syllable or extra sound of it,
and the model voice (the teacher's take, or espeak-ng made off the GUI thread)."""

from __future__ import annotations

from app import player
from app.errors import describe_error
from app.i18n import tr
from app.widgets.messages import html_escape as _html
from app.workers import run_async


class PlaybackMixin:
    """Mixed into MainWindow: needs waveform, assessment, pronunciation and the status bar."""

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

    def play_recording(self) -> None:
        if self.waveform is not None:
            self._play(self.waveform)

    def _play(self, waveform, start: float | None = None, end: float | None = None) -> bool:
        if waveform is None:
            return False
        try:
            player.play(waveform, start, end)
        except player.PlaybackError as e:  # as visible as a microphone that cannot be opened
            self.banner.show_message(_html(e.message(self.lang)), "warn")
            self.statusBar().showMessage(e.message(self.lang), 8000)
            return False
        return True

    def play_reference_voice(self) -> None:
        """The teacher's recording of the sentence where there is one, else espeak-ng; the status
        bar says whose voice it is."""
        from app.window_intonation import reference_voice

        if self.pronunciation is None or self.sentence is None:
            return
        if not self.teacher_take and not player.espeak_available():
            self.banner.show_message(_html(tr("no_espeak", self.lang)), "warn")
            return
        if self.reference is not None:  # the intonation overlay already fetched it for this take
            self._play_voice((self.reference.audio, self.reference.who))
            return
        self.play_reference.setEnabled(False)

        def done(result):
            if not self._closed:
                self._update_buttons()
                self._play_voice(result)

        def failed(error):
            if self._closed:
                return
            self._update_buttons()
            self.statusBar().showMessage(describe_error(error), 8000)

        run_async(reference_voice, self.teacher_folders(), self.sentence.text, self.pronunciation.pronounced,
                  on_done=done, on_error=failed)  # fmt: skip

    def _play_voice(self, voice) -> None:
        audio, who = voice
        if self._play(audio):
            self.statusBar().showMessage(tr(f"voice_{who}", self.lang), 5000)
