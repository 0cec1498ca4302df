"""End to end: the Teacher's voice window runs the real ``python -m training.adapt`` (no fake) on a
synthetic teacher's recordings with a tiny budget, and the adapted model it saves can be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.teacher_store import TeacherRecordings
from model.acoustic.recognizer import DEFAULT_CHECKPOINT
from model.sentences import builtin_lessons

from .test_teacher import screenshot


@pytest.mark.slow  # 1–2 minutes on 2 cores (more when they are busy): start-up, measuring, 9 s of training, calibration
@pytest.mark.skipif(not Path(DEFAULT_CHECKPOINT).exists(), reason="no bundled checkpoint")
def test_real_adaptation_from_the_window(qtbot, settings, tmp_path):
    from training import espeak
    from training.synth import odd_voice, speak_folder

    if not espeak.espeak_available():
        pytest.skip("espeak-ng is not installed")
    from app.main_window import MainWindow
    from app.teacher_window import TeacherWindow
    from model.acoustic.checkpoint import load_checkpoint
    from model.history import NullHistory

    texts = [s.text for lesson in builtin_lessons() for s in lesson.sentences][:10]
    folder = speak_folder(tmp_path / "rec", texts, odd_voice("sfapp", 7, 0.6))
    assert len(TeacherRecordings(folder)) == 10  # the window reads what the synthesiser wrote
    w = TeacherWindow(settings, "ko", folder=folder, models=tmp_path / "models")
    qtbot.addWidget(w)
    w.resize(980, 640)
    w.show()
    assert w.unavailable is None  # a source checkout: training is there
    w.show_adapt()
    w.adapt_page.minutes.setValue(0.15)  # 9 s of training
    stages = []
    assert w.start_adapt()
    w.run.progress.connect(lambda p: stages.append(p["stage"]))
    qtbot.waitUntil(lambda: "train" in stages or w.outcome is not None, timeout=600000)
    if w.outcome is None:
        screenshot(w, "teacher-adapting", tmp_path)
    qtbot.waitUntil(lambda: w.outcome is not None, timeout=600000)
    screenshot(w, "teacher-result", tmp_path)
    o = w.outcome
    assert o.code in (0, 3), (o.code, o.error, o.result)
    assert {"check", "measure", "train"} <= set(stages)
    r = o.result
    assert r["held_out"] == 3 and 0 <= r["per_before"] <= 1 and r["per_after"] is not None
    assert f"{100 * r['per_before']:.0f}%" in w.adapt_page.result.text()
    if o.code == 3:  # honest refusal of a model that did not improve in 3 s: nothing written
        assert not list((tmp_path / "models").glob("*.pt"))
        return
    out = Path(r["out"])
    assert load_checkpoint(out).metadata["adapted"]["held_out"] == 3
    main = MainWindow(settings, load_model=False, history=NullHistory())
    qtbot.addWidget(main)
    w.model_chosen.connect(main.choose_checkpoint)
    w.use_adapted()
    assert settings.checkpoint == str(out)
    qtbot.waitUntil(lambda: main.recognizer is not None or bool(main.model_error), timeout=30000)
    assert main.recognizer is not None, main.model_error
    assert "Adapted from" in main.about_model_text() or "맞춤 학습 원본" in main.about_model_text()
