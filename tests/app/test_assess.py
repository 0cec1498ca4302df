"""Real assessments with a tiny in-memory recogniser: from a WAV file, and failures as messages."""

from __future__ import annotations

from model.sentences import Sentence

from .conftest import SENTENCE


def test_assess_wav_file(window, qtbot, speech_wav, history):
    assert window.select_sentence(Sentence(SENTENCE))
    window.open_audio_file(str(speech_wav))
    assert window.busy.isVisibleTo(window)  # runs on a worker thread
    qtbot.waitUntil(lambda: window.assessment is not None, timeout=60000)
    a = window.assessment
    assert not window.busy.isVisibleTo(window)
    assert window.results.isVisibleTo(window)
    assert len([c for c in window.strip.cells if c.kind == "phone"]) == len(a.phones) > 0
    assert window.waveform_view.waveform is not None
    assert window.feedback.count() >= 1
    assert history.recent()[0].sentence == SENTENCE


def test_bad_audio_file_is_a_message(window, qtbot, tmp_path):
    window.select_sentence(Sentence(SENTENCE))
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF....WAVEnot really")
    window.open_audio_file(str(bad))
    qtbot.waitUntil(lambda: window.banner.kind == "error", timeout=10000)
    assert not window.busy.isVisibleTo(window)
    assert "broken.wav" in window.banner.text()


def test_assessment_failure_is_a_message(window, qtbot, monkeypatch, speech):
    """The real Assessor, whose network fails inside torch (as it does when memory runs out)."""

    def fail(*args, **kwargs):
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough memory")

    window.select_sentence(Sentence(SENTENCE))
    monkeypatch.setattr(window.assessor.recognizer, "recognize", fail)
    window.assess_waveform(speech)
    qtbot.waitUntil(
        lambda: window.banner.kind == "error" and not window.busy.isVisibleTo(window), timeout=20000
    )
    assert "not enough memory" in window.banner.text()
    assert "Traceback" not in window.banner.text()
    assert window.assessment is None


def test_missing_checkpoint_keeps_app_usable(qtbot, settings, history, tmp_path):
    from app.main_window import MainWindow

    settings.checkpoint = str(tmp_path / "nope.pt")
    w = MainWindow(settings, history=history)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: bool(w.model_error), timeout=20000)
    assert "not found" in w.model_error
    assert w.model_banner.isVisibleTo(w) and "nope.pt" in w.model_banner.text()
    assert w.tree.topLevelItemCount() > 0
    assert w.select_sentence(Sentence(SENTENCE))
    assert w.target.pronounced.text() == "[궁무리 조아요]"
    assert w.play_reference.isEnabled()
    assert "no speech-recognition model" in w.about_model_text() or "모델이 없습니다" in w.about_model_text()
