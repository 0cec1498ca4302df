"""The intonation overlay and the teacher's voice as the model: drawn from a teacher's take when
there is one (and said so), from espeak-ng otherwise; a screenshot published and looked at."""

from __future__ import annotations

import numpy as np
import pytest

from app.teacher_store import TeacherRecordings
from model.sentences import Sentence
from tests.model.test_pitch import voiced

from .conftest import prepared_assessment
from .test_teacher import screenshot


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_overlay_lays_the_teachers_contour_over_the_learners(window, qtbot, tmp_path, lang, monkeypatch):
    folder = tmp_path / "teacher"
    TeacherRecordings(folder).save("코가 커요", voiced(lambda t: 220.0 - 60.0 * t, 1.3))  # a falling melody
    window.teacher_folder = folder
    window.set_language(lang)
    window.select_sentence(Sentence("코가 커요"))
    assert window.teacher_take and window.play_reference.isEnabled()
    assert window.play_reference.text() == ("▶ 선생님 발음 듣기" if lang == "ko" else "▶ Hear the teacher")
    window.waveform = voiced(lambda t: 180.0 + 50.0 * t, 1.2)  # the learner rises instead
    window.show_assessment(prepared_assessment())
    view = window.results.intonation
    mine = view.learner_curve.getData()
    assert mine[0] is not None and np.isfinite(mine[1]).sum() > 80
    assert [label.toPlainText() for label in view.labels] == ["코", "가", "커", "요"]
    qtbot.waitUntil(
        lambda: window.reference is not None or bool(window.statusBar().currentMessage()), timeout=20000
    )
    assert window.reference is not None, window.statusBar().currentMessage()
    assert window.reference.who == "teacher"
    theirs = view.reference_curve.getData()
    assert np.isfinite(theirs[1]).sum() > 80
    voiced_mine, voiced_theirs = mine[1][np.isfinite(mine[1])], theirs[1][np.isfinite(theirs[1])]
    assert voiced_mine[-1] > voiced_mine[0] and voiced_theirs[-1] < voiced_theirs[0]  # rise vs fall, as made
    assert ("선생님 목소리" if lang == "ko" else "the teacher's voice") in view.caption.text()
    played = []
    monkeypatch.setattr("app.player.play", lambda audio, start=None, end=None: played.append(audio))
    window.play_reference_voice()  # the take the overlay fetched, at once, and whose it is
    assert len(played) == 1 and played[0] is window.reference.audio
    assert window.statusBar().currentMessage() == (
        "선생님 녹음으로 듣는 중" if lang == "ko" else "Playing the teacher's recording"
    )
    window.resize(1366, 900)
    window.show()
    qtbot.waitExposed(window)
    window.results.ensurePolished()
    screenshot(window.results, f"intonation-{lang}", tmp_path)


def test_without_a_take_the_model_voice_is_espeak_and_says_so(window, qtbot, tmp_path):
    from app import player

    if not player.espeak_available():
        pytest.skip("espeak-ng is not installed (make install brings it)")
    window.teacher_folder = tmp_path / "none"
    window.set_language("en")
    window.select_sentence(Sentence("코가 커요"))
    assert not window.teacher_take and window.play_reference.text() == "▶ Hear the model voice"
    assert "synthetic voice" in window.play_reference.toolTip()
    window.waveform = voiced(lambda t: 180.0 + 50.0 * t, 1.2)
    window.show_assessment(prepared_assessment())
    qtbot.waitUntil(lambda: window.reference is not None, timeout=20000)
    assert window.reference.who == "espeak"
    assert "synthetic voice (espeak-ng)" in window.results.intonation.caption.text()
