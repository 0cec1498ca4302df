"""The microphone: a fake input stream, the end-of-speech stop, clipping, and no microphone."""

from __future__ import annotations

import numpy as np
import sounddevice

from app.recorder import MicrophoneError, Recorder
from model.audio import SAMPLE_RATE
from model.sentences import Sentence

from .conftest import SENTENCE


def take(speech):
    lead = np.zeros(int(0.3 * SAMPLE_RATE), np.float32)
    return np.concatenate([lead, speech])


def test_recorder_stops_after_trailing_silence(qtbot, fake_stream_factory, speech):
    factory = fake_stream_factory(take(speech))
    rec = Recorder(factory, silence_seconds=0.8, max_seconds=10)
    levels = []
    rec.level.connect(lambda db, clipped: levels.append(db))
    with qtbot.waitSignal(rec.finished, timeout=10000) as blocker:
        rec.start()
    audio = blocker.args[0]
    assert audio.dtype == np.float32 and audio.ndim == 1
    # speech kept, trailing silence trimmed to a short tail
    assert speech.size * 0.9 < audio.size < speech.size + int(1.2 * SAMPLE_RATE)
    assert factory.streams[0].closed and not rec.recording
    assert max(levels) > -30
    kwargs = factory.streams[0].kwargs
    assert kwargs["channels"] == 1 and kwargs["dtype"] == "float32"


def test_a_zero_block_does_not_make_room_noise_speech(qtbot, fake_stream_factory, speech):
    """One primed block of digital zeros, then a room at −38 dBFS: the take still ends 1.2 s after
    the speech, not at the 15 s limit (the noise floor is a low percentile, zeros ignored)."""
    rng = np.random.default_rng(1)
    room = 10 ** (-38 / 20) * np.sqrt(2)  # a sine-like RMS of −38 dBFS from Gaussian noise
    zero = np.zeros(int(0.1 * SAMPLE_RATE), np.float32)
    before = rng.normal(0, room / np.sqrt(2), SAMPLE_RATE).astype(np.float32)
    after = rng.normal(0, room / np.sqrt(2), 20 * SAMPLE_RATE).astype(np.float32)
    voiced = speech / np.max(np.abs(speech)) * 0.5
    data = np.concatenate([zero, before, voiced + rng.normal(0, room / np.sqrt(2), speech.size), after])
    rec = Recorder(fake_stream_factory(data.astype(np.float32)), silence_seconds=1.2, max_seconds=15)
    with qtbot.waitSignal(rec.finished, timeout=30000) as blocker:
        rec.start()
    seconds = blocker.args[0].size / SAMPLE_RATE
    assert seconds < 0.1 + 1.0 + speech.size / SAMPLE_RATE + 2.0, seconds  # not the 15 s limit


def test_recorder_stops_at_max_length(qtbot, fake_stream_factory):
    noise = np.random.default_rng(0).normal(0, 0.2, SAMPLE_RATE * 5).astype(np.float32)
    rec = Recorder(fake_stream_factory(noise), max_seconds=1.0)
    with qtbot.waitSignal(rec.finished, timeout=10000) as blocker:
        rec.start()
    assert abs(blocker.args[0].size - SAMPLE_RATE) <= int(0.1 * SAMPLE_RATE)


def test_record_and_assess_through_window(
    qtbot, settings, tiny_recognizer, history, fake_stream_factory, speech
):
    from app.main_window import MainWindow

    w = MainWindow(
        settings, tiny_recognizer, stream_factory=fake_stream_factory(take(speech)), history=history
    )
    qtbot.addWidget(w)
    w.recorder.silence_seconds = 0.8
    w.select_sentence(Sentence(SENTENCE))
    w.toggle_recording()
    assert w.recorder.recording and w.record_button.text() == "■ 멈춤"
    qtbot.waitUntil(lambda: w.assessment is not None, timeout=60000)
    assert w.waveform is not None and w.waveform.size > 0.5 * speech.size
    assert len(w.strip.cells) > 0


def test_clipping_warning(qtbot, window, fake_stream_factory):
    loud = np.ones(SAMPLE_RATE, np.float32)
    window.recorder.stream_factory = fake_stream_factory(loud)
    window.recorder.max_seconds = 0.5
    window.select_sentence(Sentence(SENTENCE))
    window.toggle_recording()
    qtbot.waitUntil(lambda: window.clip_label.isVisibleTo(window), timeout=10000)
    assert window.recorder.clipped
    assert window.clip_label.text().startswith("소리가 너무 큽니다")
    window.recorder.cancel()


def test_no_microphone_message(window, monkeypatch):
    import app.recorder as recorder

    monkeypatch.setattr(recorder, "list_input_devices", lambda: [])
    window.recorder.stream_factory = recorder.default_stream_factory
    window.select_sentence(Sentence(SENTENCE))
    window.toggle_recording()
    assert not window.recorder.recording
    assert window.banner.kind == "error" and "마이크를 찾을 수 없습니다" in window.banner.text()


def test_microphone_open_error_message(qtbot, monkeypatch):
    def broken(**kwargs):
        raise sounddevice.PortAudioError("Error opening InputStream: Device unavailable [PaErrorCode -9985]")

    rec = Recorder(broken)
    monkeypatch.setattr(sounddevice, "query_devices", lambda *a, **k: {"default_samplerate": 16000.0})
    try:
        rec.start()
    except MicrophoneError as e:
        assert "microphone" in e.message("en").lower() and "마이크" in e.message("ko")
    else:
        raise AssertionError("expected MicrophoneError")


def test_space_bar_starts_recording(window, fake_stream_factory, speech):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    assert window.space.key() == QKeySequence(Qt.Key.Key_Space)
    window.recorder.stream_factory = fake_stream_factory(take(speech))
    window.select_sentence(Sentence(SENTENCE))
    window.space.activated.emit()  # offscreen windows never become active, so no key event reaches it
    assert window.recorder.recording
    window.space.activated.emit()
    assert not window.recorder.recording


def test_input_devices_only(monkeypatch):
    import app.recorder as recorder

    devices = [
        {"name": "Speakers", "max_input_channels": 0, "max_output_channels": 2},
        {"name": "USB mic", "max_input_channels": 1, "max_output_channels": 0},
    ]
    monkeypatch.setattr(sounddevice, "query_devices", lambda *a, **k: devices)
    assert recorder.list_input_devices() == ["USB mic"]
    assert recorder._device_index("USB mic") == 1 and recorder._device_index("Speakers") is None
