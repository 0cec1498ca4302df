"""The review's app defects (issue 15): file open off the GUI thread with an early length check,
an atomic result export, a damaged history, stale model loads, a vanished microphone."""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import soundfile as sf

from model.audio import SAMPLE_RATE
from model.sentences import Sentence

from .conftest import SENTENCE, FakeInputStream, prepared_assessment, tiny_bundle


def test_long_file_is_refused_from_its_header(window, qtbot, tmp_path, monkeypatch):
    long = tmp_path / "lecture.wav"
    sf.write(long, np.zeros(70 * SAMPLE_RATE, np.float32), SAMPLE_RATE, subtype="PCM_16")
    reads = []
    real_read = sf.read
    monkeypatch.setattr(sf, "read", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    window.select_sentence(Sentence(SENTENCE))
    window.open_audio_file(str(long))
    qtbot.waitUntil(lambda: window.banner.kind == "error", timeout=10000)
    assert "too long" in window.banner.text() and "70.0 s" in window.banner.text()
    assert reads == []  # refused before a sample was decoded
    assert not window.busy.isVisibleTo(window)


def test_audio_file_is_read_off_the_gui_thread(window, qtbot, speech_wav, monkeypatch):
    threads = []
    real_read = sf.read

    def slow_read(*a, **k):
        threads.append(threading.current_thread())
        time.sleep(0.3)
        return real_read(*a, **k)

    monkeypatch.setattr(sf, "read", slow_read)
    window.select_sentence(Sentence(SENTENCE))
    window.open_audio_file(str(speech_wav))
    assert window.busy.isVisibleTo(window)  # returned at once, the read goes on elsewhere
    qtbot.waitUntil(lambda: window.assessment is not None, timeout=60000)
    assert threads and threads[0] is not threading.main_thread()


def test_out_of_memory_is_a_message(window, qtbot, speech_wav, monkeypatch):
    def no_memory(*a, **k):
        raise MemoryError

    monkeypatch.setattr(sf, "read", no_memory)
    window.select_sentence(Sentence(SENTENCE))
    window.open_audio_file(str(speech_wav))
    qtbot.waitUntil(lambda: window.banner.kind == "error", timeout=10000)
    assert "too large to read into memory" in window.banner.text()


def test_failed_export_keeps_the_old_file(window, tmp_path):
    out = tmp_path / "export" / "result.json"
    out.parent.mkdir()
    out.write_text('{"old": true}', encoding="utf-8")
    window.assessment = dataclasses.replace(
        prepared_assessment(), sentence="코가 \ud800"
    )  # cannot be encoded
    assert window.save_result(str(out)) is False  # a message, not an exception
    assert out.read_text(encoding="utf-8") == '{"old": true}'
    assert not [p for p in out.parent.iterdir() if p.name != "result.json"]  # no temp file left
    window.assessment = prepared_assessment()
    assert window.save_result(str(out)) is True
    assert '"코가 커요"' in out.read_text(encoding="utf-8")


def test_damaged_history_does_not_stop_the_app(qtbot, settings, tiny_recognizer, tmp_path):
    import sqlite3

    from app.main_window import MainWindow
    from model.history import History

    path = tmp_path / "h.sqlite3"
    History(path).close()
    other = sqlite3.connect(str(path))
    other.execute("BEGIN EXCLUSIVE")  # a second instance holds the database
    w = MainWindow(settings, tiny_recognizer, history=History(path))
    qtbot.addWidget(w)
    assert "History is off" in w.statusBar().currentMessage()
    w.statusBar().clearMessage()
    assert w.select_sentence(Sentence(SENTENCE))
    assert w.statusBar().currentMessage() == ""  # reported once
    other.rollback()
    other.close()


def test_a_stale_model_load_cannot_win(qtbot, settings, history, monkeypatch):
    import app.window_model as window_model
    from app.main_window import MainWindow
    from model.acoustic.recognizer import Recognizer

    slow, fast = Recognizer(tiny_bundle(), device="cpu"), Recognizer(tiny_bundle(), device="cpu")
    finished = []

    def load(checkpoint, device):
        if checkpoint == "slow.pt":
            time.sleep(1.5)
        finished.append(checkpoint)
        return slow if checkpoint == "slow.pt" else fast

    monkeypatch.setattr(window_model, "load_recognizer", load)
    w = MainWindow(settings, load_model=False, history=history)
    qtbot.addWidget(w)
    w.choose_checkpoint("slow.pt")
    w.choose_checkpoint("fast.pt")
    qtbot.waitUntil(lambda: w.recognizer is fast, timeout=10000)
    assert not w.busy.isVisibleTo(w) and not w.model_loading
    qtbot.waitUntil(lambda: "slow.pt" in finished, timeout=10000)
    qtbot.wait(100)  # let the stale result reach the GUI thread
    assert w.recognizer is fast and w.assessor.recognizer is fast


class VanishingStream(FakeInputStream):
    """A device unplugged mid-take: a few blocks, then no more callbacks and no error."""

    def _run(self):
        for _ in range(3):
            if not self.active:
                return
            self.callback(np.zeros((self.blocksize, 1), np.float32), self.blocksize, None, None)


def test_vanished_microphone_ends_the_take(window, qtbot):
    window.recorder.stream_factory = lambda **kw: VanishingStream(np.zeros(1, np.float32), **kw)
    window.select_sentence(Sentence(SENTENCE))
    window.toggle_recording()
    assert window.recorder.recording
    qtbot.waitUntil(lambda: not window.recorder.recording, timeout=5000)
    assert (
        window.banner.kind == "error"
        and "마이크에서 소리가 더 이상 들어오지 않습니다" in window.banner.text()
    )
    assert window.record_button.text() == "● 녹음"


class OverflowingStream(FakeInputStream):
    """PortAudio flags each block (input overflow: the machine was too busy)."""

    def _run(self):
        pos = 0
        while self.active and pos < self.data.size:
            block = self.data[pos : pos + self.blocksize]
            pos += self.blocksize
            self.callback(block.reshape(-1, 1), len(block), None, "input overflow")
            time.sleep(0.005)


def test_input_overflow_is_reported_once(qtbot, speech):
    from app.recorder import Recorder

    rec = Recorder(lambda **kw: OverflowingStream(speech, **kw), max_seconds=0.5)
    warnings = []
    rec.warning.connect(warnings.append)
    with qtbot.waitSignal(rec.finished, timeout=10000):
        rec.start()
    qtbot.wait(50)
    assert len(warnings) == 1 and "input overflow" in warnings[0] and rec.overflows >= 3
    assert "소리 일부가 빠졌습니다" in rec.warning_error.message("ko")
