"""How long a learner waits: from the end of a recording to the result on screen.

``measure_latency(recognizer)`` feeds a 5 s utterance to the main window exactly as the
recorder delivers it, waits for the assessment (run on the worker thread, as in use), lets
the window paint it, and returns the seconds that took (median of ``repeats``). Offscreen.

    python -m app.bench [--checkpoint P] [--device cpu]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import numpy as np

from model.audio import SAMPLE_RATE
from model.errors import command

SENTENCE = "국물이 좋아요"


def utterance(seconds: float = 5.0, sentence: str = SENTENCE) -> np.ndarray:
    """``seconds`` of speech: espeak-ng saying ``sentence`` repeatedly (noise-like tones without it)."""
    from app import player

    try:
        voice = player.reference_voice(sentence)
    except Exception:
        t = np.arange(int(0.6 * SAMPLE_RATE)) / SAMPLE_RATE
        voice = (0.3 * np.sin(2 * np.pi * 180 * t) * np.hanning(t.size)).astype(np.float32)
    n = int(seconds * SAMPLE_RATE)
    reps = int(np.ceil(n / voice.size))
    return np.tile(voice, reps)[:n].astype(np.float32)


def measure_latency(
    recognizer, seconds: float = 5.0, repeats: int = 3, sentence: str = SENTENCE, timeout: float = 120.0
) -> float:
    """Median seconds from "recording ended" to "result painted" for a ``seconds`` long take."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from app.settings import Settings
    from model.history import NullHistory
    from model.sentences import Sentence

    app = QApplication.instance() or QApplication([])
    audio = utterance(seconds, sentence)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(os.path.join(tmp, "bench.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, recognizer, history=NullHistory())
        window.resize(1400, 1100)
        window.show()
        window.select_sentence(Sentence(sentence))
        app.processEvents()
        times = []
        for _ in range(repeats):
            window.assessment = None
            t0 = time.perf_counter()
            window._on_recorded(audio)  # what the recorder emits when the take ends
            _wait_in_event_loop(app, window, t0, timeout)
            window.repaint()
            app.processEvents()
            times.append(time.perf_counter() - t0)
        window.close()
    return statistics.median(times)


def _wait_in_event_loop(app, window, t0: float, timeout: float) -> None:
    """Run Qt's own event loop (idle, as in the app) until the result is on screen."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)

    def check() -> None:
        if window.assessment is not None or (window.last_error and not window.busy.isVisible()):
            loop.quit()
        elif time.perf_counter() - t0 > timeout:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if window.assessment is None:
        raise RuntimeError(window.last_error or f"no result after {timeout:.0f} s")


@command
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    from model.acoustic.recognizer import Recognizer

    recognizer = Recognizer.load(args.checkpoint, device=args.device)
    latency = measure_latency(recognizer, args.seconds, args.repeats)
    print(f"end of recording → result on screen, {args.seconds:.0f} s take: {latency * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
