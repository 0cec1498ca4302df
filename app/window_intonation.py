"""The main window's model voice: the teacher's recording of the sentence where there is one
(Teacher → Teacher's voice), espeak-ng otherwise, always saying whose voice it is; and the
intonation overlay, the learner's pitch contour with that voice's laid over it, syllable by
syllable. The reference is fetched and aligned off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app import player
from app.i18n import tr
from app.settings import classes_dir, teacher_dir
from app.teacher_store import TeacherRecordings
from app.workers import run_async
from model.pitch import Contour, pitch_contour, syllable_spans, voiced_span, warp


@dataclass(frozen=True)
class Reference:
    audio: np.ndarray  # 16 kHz
    who: str  # "teacher" or "espeak"
    contour: Contour
    spans: list  # each syllable's (start, end) in the reference, None where not aligned


def teacher_take(folders: list[Path], text: str) -> np.ndarray | None:
    """The first take of ``text`` among the teacher's folders (own recordings, imported classes)."""
    for folder in folders:
        take = TeacherRecordings(folder).load(text) if folder.is_dir() else None
        if take is not None and np.asarray(take).size:
            return np.asarray(take, dtype=np.float32).reshape(len(take), -1).mean(axis=1)
    return None


def reference_voice(folders: list[Path], text: str, pronounced: str) -> tuple[np.ndarray, str]:
    """The teacher's take of ``text`` if there is one, else espeak-ng saying ``pronounced``
    (blocking: espeak-ng runs a process)."""
    take = teacher_take(folders, text)
    if take is not None:
        return take, "teacher"
    return player.reference_voice(pronounced), "espeak"


def make_reference(
    assessor, folders: list[Path], text: str, g2p_input: str, pronounced: str, n_syllables: int
) -> Reference:
    """The reference voice, its contour and its syllables' times (its forced alignment)."""
    from model.acoustic.recognizer import prepare_worker_thread

    prepare_worker_thread()
    audio, who = reference_voice(folders, text, pronounced)
    spans: list = [None] * n_syllables
    if assessor is not None:
        spans = syllable_spans(assessor.assess(audio, g2p_input).phones, n_syllables)
    return Reference(audio, who, pitch_contour(audio), spans)


class IntonationMixin:
    """Mixed into MainWindow: needs sentence, pronunciation, assessment, waveform, assessor."""

    teacher_folder: Path | None = None  # None: the app's teacher folder (settings.teacher_dir)
    classes_folder: Path | None = None  # None: the imported class packs (settings.classes_dir)
    reference: Reference | None = None
    _reference_request = 0

    def teacher_folders(self) -> list[Path]:
        """Where the teacher's takes are: this machine's Teacher's voice, then each imported class."""
        from app.class_pack import installed_packs

        packs = installed_packs(self.classes_folder or classes_dir())
        return [self.teacher_folder or teacher_dir(), *(p.recordings for p in packs)]

    def has_teacher_take(self, text: str) -> bool:
        return any(TeacherRecordings(f).has(text) for f in self.teacher_folders() if f.is_dir())

    def show_intonation(self, a) -> None:
        """Draw the learner's contour now, and ask for the reference's."""
        view = self.results.intonation
        if self.waveform is None:
            view.clear()
            return
        n = len(a.syllables)
        spans = syllable_spans(a.phones, n)
        labels = [((s[0] + s[1]) / 2, syl.text) for s, syl in zip(spans, a.syllables) if s]
        learner = pitch_contour(self.waveform)
        view.show_learner(learner, labels)
        if self.sentence is None or self.pronunciation is None:
            return
        self._reference_request += 1
        self.reference = None  # the previous take's reference is not this one's
        request = self._reference_request
        sentence, pronounced = self.sentence, self.pronunciation.pronounced

        def done(ref: Reference) -> None:
            if self._closed or request != self._reference_request:
                return
            self.reference = ref
            source, target = ref.spans, spans
            if not any(a and b for a, b in zip(source, target)):  # no syllable aligned in one of them:
                source, target = [voiced_span(ref.contour)], [voiced_span(learner)]  # the voiced stretches
            times = warp(ref.contour.times, source, target)
            view.show_reference(times, ref.contour.semitones(), tr(f"pitch_{ref.who}", self.lang))

        def failed(error: BaseException) -> None:  # no espeak-ng, a broken take: the learner's contour stays
            if not self._closed and request == self._reference_request:
                self.statusBar().showMessage(str(error), 8000)

        run_async(make_reference, self.assessor, self.teacher_folders(), sentence.text, sentence.g2p_input(),
                  pronounced, n, on_done=done, on_error=failed)  # fmt: skip
