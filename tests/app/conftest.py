"""Fixtures for the app tests: offscreen Qt, private settings and history, a tiny recogniser,
an espeak-ng recording, a prepared Assessment with an injected error, a fake microphone."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

TINY_METADATA = {
    "data": "test fixture (random weights)",
    "steps": 0,
    "metrics": {"per": 0.97},
    "date": "2026-01-01",
}


@pytest.fixture(scope="session", autouse=True)
def _quiet_threads():
    torch.set_num_threads(1)
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)


def tiny_bundle():
    from model.acoustic.checkpoint import ModelBundle
    from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
    from model.acoustic.features import FeatureConfig
    from model.acoustic.vocab import default_vocabulary

    torch.manual_seed(0)
    cfg = DS2Config(conv_channels=4, rnn_hidden=16, rnn_layers=1)
    return ModelBundle(
        ds2=cfg,
        features=FeatureConfig(),
        vocabulary=default_vocabulary(),
        metadata=dict(TINY_METADATA),
        state_dict=DeepSpeech2(cfg).state_dict(),
    )


@pytest.fixture(scope="session")
def tiny_recognizer():
    from model.acoustic.recognizer import Recognizer

    return Recognizer(tiny_bundle(), device="cpu")


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory):
    from model.acoustic.checkpoint import save_checkpoint

    b = tiny_bundle()
    path = tmp_path_factory.mktemp("ckpt") / "tiny.pt"
    save_checkpoint(path, b.state_dict, b.ds2, b.features, b.vocabulary, b.metadata)
    return path


SENTENCE = "국물이 좋아요"


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory):
    """espeak-ng saying the pronounced form of SENTENCE, as a WAV file."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    path = tmp_path_factory.mktemp("wav") / "take.wav"
    subprocess.run(
        ["espeak-ng", "-v", "ko", "-w", str(path), "궁무리 조아요"], check=True, capture_output=True
    )
    return path


@pytest.fixture(scope="session")
def speech(speech_wav):
    from model.audio import load_audio

    return load_audio(speech_wav)


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    from app.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def history(tmp_path):
    from model.history import History

    h = History(tmp_path / "history.sqlite3")
    yield h
    h.close()


class FakeInputStream:
    """Stands in for sounddevice.InputStream: feeds ``data`` in blocks to the callback from a thread."""

    def __init__(self, data: np.ndarray, *, samplerate, blocksize, callback, realtime=0.0, **kwargs):
        self.data = np.asarray(data, dtype=np.float32)
        self.samplerate, self.blocksize, self.callback = samplerate, blocksize, callback
        self.realtime = realtime
        self.kwargs = kwargs
        self.active = False
        self.closed = False
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.active = True
        self._thread.start()

    def _run(self):
        pos = 0
        while self.active:
            block = self.data[pos : pos + self.blocksize]
            if block.size < self.blocksize:  # after the data: silence, as a quiet room would give
                block = np.concatenate([block, np.zeros(self.blocksize - block.size, np.float32)])
            pos += self.blocksize
            self.callback(block.reshape(-1, 1), self.blocksize, None, None)
            time.sleep(self.realtime * self.blocksize / self.samplerate)

    def stop(self):
        self.active = False

    def close(self):
        self.active = False
        self.closed = True


@pytest.fixture
def fake_stream_factory():
    """make(data) -> a stream factory for Recorder; the streams made are in .streams."""

    def make(data):
        def factory(**kwargs):
            stream = FakeInputStream(data, **kwargs)
            factory.streams.append(stream)
            return stream

        factory.streams = []
        return factory

    return make


@pytest.fixture
def window(qtbot, settings, tiny_recognizer, history):
    from app.main_window import MainWindow

    w = MainWindow(settings, tiny_recognizer, history=history)
    qtbot.addWidget(w)
    return w


def prepared_assessment(reliable: bool = True):
    """An Assessment of "코가 커요" where the first ㅋ [kʰ] was heard as ㄱ [k], an ㅓ was
    dropped and an extra ɯ crept in: built from the real result types."""
    from model.assess import Assessment, Insertion, PhoneVerdict, SyllableScore, WordScore
    from model.korean import g2p

    pr = g2p("코가 커요")
    phones = []
    t = 0.2
    for i, tok in enumerate(pr.phones):
        if i == 0:
            pv = PhoneVerdict(tok.symbol, "k", "substituted", 18.0, tok.syllable, t, t + 0.08,
                              "ㅋ을 ㄱ처럼 발음했습니다. 숨을 세게 내보내세요.",
                              "You said ㄱ for ㅋ. Release it with a strong puff of air.", None)  # fmt: skip
        elif tok.symbol == "ʌ":
            pv = PhoneVerdict(tok.symbol, None, "deleted", 0.0, tok.syllable, None, None,
                              "ㅓ 소리가 빠졌습니다.", "The ㅓ sound is missing.", None)  # fmt: skip
        else:
            pv = PhoneVerdict(tok.symbol, tok.symbol, "correct", 92.0, tok.syllable, t, t + 0.08)
        phones.append(pv)
        t += 0.1
    insertions = (Insertion("ɯ", 1, 0.35, 0.4, "ㅡ 소리를 덧붙였습니다.", "You added an ㅡ sound."),)
    syllables = tuple(
        SyllableScore(i, s, 40.0 if i in (0, 2) else 92.0, i not in (0, 2))
        for i, s in enumerate(pr.syllables)
    )
    words = tuple(WordScore("".join(pr.syllables[a:b]), a, b, 60.0) for a, b in pr.word_spans)
    return Assessment(
        sentence="코가 커요", pronunciation=pr.pronounced, ipa=pr.ipa, heard_ipa="kɯoka kʰjo",
        score=61.0, accuracy=70.0, completeness=85.0, fluency=80.0, speech_rate=8.0, pause_seconds=0.0,
        phones=tuple(phones), insertions=insertions, syllables=syllables, words=words,
        reliable=reliable, reason="" if reliable else "The recogniser was unsure of what it heard.",
        reason_ko="" if reliable else "인식기가 들은 소리를 확신하지 못했습니다.", duration=1.2,
    )  # fmt: skip
