"""`python -m tests.app.soak [--cycles N]`: drive the real main window the way a learner does, for long.

Each cycle assesses a recording off the GUI thread (the app's own path), paints the whole window,
clicks every sound cell and syllable, and every few cycles switches language or assesses a 35 s
recording. A Qt binding that leaks references (PySide6 6.12.0 on Python 3.11 loses one to None per
void call) aborts this process; ``tests/app/test_soak.py`` runs it in a subprocess so that an
abort fails one test instead of killing the test run. It ends by printing
``soak: N cycles, None refcount drift D`` and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "samples" / "sample.wav"
SENTENCES = ("정말 감사합니다.", "국물이 좋아요", "책을 읽어요", "맛있어요")


def long_recording(speech: np.ndarray, seconds: float = 35.0) -> np.ndarray:
    """The sample said again and again, with pauses and room noise, for ``seconds``."""
    rng = np.random.default_rng(0)
    pause = np.zeros(int(0.4 * 16000), np.float32)
    parts, total = [], 0
    while total < seconds * 16000:
        parts += [speech, pause]
        total += speech.size + pause.size
    audio = np.concatenate(parts)[: int(seconds * 16000)]
    return (audio + rng.normal(0, 0.003, audio.size)).astype(np.float32)


def _wait(app, until, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.002)


def soak(cycles: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from app.settings import Settings
    from model.audio import load_audio
    from model.history import History
    from model.sentences import Sentence

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory(prefix="speechfeedback-soak-")
    settings = Settings(QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat))
    history = History(Path(tmp.name) / "history.sqlite3")
    window = MainWindow(settings, history=history)
    window.resize(1366, 768)
    window.show()
    _wait(app, lambda: not window.model_loading, 180)
    if window.assessor is None:
        raise RuntimeError(f"the model did not load: {window.model_error}")
    speech = load_audio(SAMPLE)
    long = long_recording(speech)
    gc.collect()
    before = sys.getrefcount(None)
    for cycle in range(cycles):
        if cycle % 50 == 25:
            window.set_language("en" if window.lang == "ko" else "ko")
        window.select_sentence(Sentence(SENTENCES[cycle % len(SENTENCES)]))
        audio = long if cycle % 30 == 29 else speech
        window.assessment = None
        window.assess_waveform(audio)
        _wait(app, lambda: window.assessment is not None or window.banner.kind == "error", 120)
        window.grab()  # paints every widget, as the screen would
        for cell in list(window.strip.cells):
            QTest.mouseClick(window.strip, Qt.MouseButton.LeftButton, pos=cell.rect.center().toPoint())
        view = window.syllable_view
        for x in range(4, view.width(), max(8, view.width() // 12)):
            QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(x, view.height() // 2))
        app.processEvents()
        # deleteLater() runs where the event loop returns; processEvents() alone never gets there
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
    drift = sys.getrefcount(None) - before
    window.close()
    history.close()
    app.processEvents()
    print(f"soak: {cycles} cycles, None refcount drift {drift}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.app.soak", description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=300)
    return soak(ap.parse_args(argv).cycles)


if __name__ == "__main__":
    raise SystemExit(main())
