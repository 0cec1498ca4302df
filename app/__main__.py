"""``python -m app`` / ``speechfeedback``: the desktop tutor.

Headless rendering (for docs and tests)::

    python -m app --sentence "국물이 좋아요" --audio take.wav --screenshot out.png [--checkpoint P]

assesses the file, renders the result window offscreen, saves the PNG and exits 0; on
failure it prints one line saying why and exits 1.

``python -m app --self-test`` (or ``SpeechFeedback --self-test`` in the desktop bundle) checks
the install offscreen on a bundled recording; see ``app/selftest.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from app.application import make_application


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="speechfeedback", description="Korean pronunciation tutor")
    ap.add_argument("--sentence", help="the sentence to practise (Hangul)")
    ap.add_argument("--audio", help="assess this recording instead of recording one")
    ap.add_argument("--screenshot", help="render the result offscreen to this PNG and exit")
    ap.add_argument("--checkpoint", help="acoustic model checkpoint (default: the bundled one)")
    ap.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where the model runs")
    ap.add_argument("--lang", choices=("ko", "en"), help="language of messages and labels")
    ap.add_argument("--size", default="1400x1320", help="window size for --screenshot (WxH)")
    return ap.parse_args(argv)


def screenshot(args: argparse.Namespace) -> int:
    """Assess ``args.audio`` against ``args.sentence`` and save the window as a PNG."""
    if args.sentence is not None and not args.sentence.strip():
        print("error: --sentence is empty: give the Korean sentence to practise, e.g. --sentence 국물이 좋아요",
              file=sys.stderr)  # fmt: skip
        return 2
    if not (args.sentence and args.audio):
        print("error: --screenshot needs --sentence and --audio", file=sys.stderr)
        return 2
    from model.korean import G2PError
    from model.korean import g2p as read_sentence

    try:
        read_sentence(args.sentence)
    except G2PError as e:  # every word that cannot be read, not just the first
        print(f"error: {' '.join(str(e).split(chr(10)))}", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application(sys.argv[:1])
    from PySide6.QtCore import QSettings

    from app.main_window import MainWindow, describe_error
    from app.settings import Settings
    from model.audio import load_audio
    from model.errors import SpeechFeedbackError
    from model.history import NullHistory
    from model.sentences import Sentence

    try:
        from model.acoustic.recognizer import Recognizer

        audio = load_audio(args.audio)
        recognizer = Recognizer.load(args.checkpoint, device=args.device or "auto")
        qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "SpeechFeedback", "screenshot")
        settings = Settings(qs)
        settings.language = args.lang or "ko"
        window = MainWindow(settings, recognizer, history=NullHistory())
        if not window.select_sentence(Sentence(args.sentence)):
            raise SpeechFeedbackError(window.free_error.text())
        if window.assessor is None:
            raise RuntimeError(window.model_error)
        w, h = (int(v) for v in args.size.lower().split("x"))
        window.resize(w, h)
        window.show()
        app.processEvents()
        window.assess_now(audio)
        deadline = time.monotonic() + 20.0  # the intonation reference is made off the GUI thread
        while window.reference is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        for _ in range(3):
            app.processEvents()
        image = window.grab().toImage()
        if image.isNull() or not image.save(args.screenshot, "PNG"):
            raise OSError(f"could not write {args.screenshot}")
        window.close()
    except Exception as e:  # one line, for a person or a script
        print(f"error: {' '.join(describe_error(e).splitlines())}", file=sys.stderr)
        return 1
    print(args.screenshot)
    return 0


def main(argv: list[str] | None = None) -> int:
    if "--self-test" in (sys.argv[1:] if argv is None else argv):  # the install check: app/selftest.py
        from app.selftest import main as self_test

        return self_test(argv)
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot:
        return screenshot(args)
    app = make_application(sys.argv[:1])
    from app.main_window import MainWindow
    from app.settings import Settings
    from model.sentences import Sentence

    settings = Settings()
    if args.lang:
        settings.language = args.lang
    if args.device:
        settings.device = args.device
    if args.checkpoint:
        settings.checkpoint = args.checkpoint
    window = MainWindow(settings)
    window.show()
    if args.sentence:
        window.free_text.setText(args.sentence)
        window.select_sentence(Sentence(args.sentence))
    if args.audio:
        window.open_audio_file(args.audio)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
