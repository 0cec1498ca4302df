"""``SpeechFeedback --self-test`` / ``python -m app --self-test``: does this install work?

Checks, without a microphone and without a display, that everything a learner needs is
there and imports: Qt (platform, fonts, the main window with its lesson list), the default
checkpoint, the G2P lexicon, the built-in sentence lists, and the recogniser + assessment on
the bundled recording ``assets/samples/sample.wav`` of the sentence in ``sample.json``.

It prints the result (score, pronunciation, heard IPA, reliable, time taken) and the
start-up time to a visible main window, and exits 0. On any failure it prints one line
``self-test failed: <why>`` on stderr and exits 1.

The window is created offscreen (``QT_QPA_PLATFORM=offscreen``) unless ``QT_QPA_PLATFORM`` is
already set, so it runs in CI and over SSH; the native platform plugin (xcb, wayland,
windows, cocoa) is still checked to be present in the bundle. To try the real platform
plugin too: ``QT_QPA_PLATFORM=xcb SpeechFeedback --self-test``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

_IMPORTED = time.perf_counter()
SAMPLE_DIR = ("assets", "samples")
TIMEOUT = 180.0  # seconds to wait for the model to load in the background


class SelfTestError(Exception):
    """A self-test failure; its message is the one line printed."""


def root_dir() -> Path:
    """Where the assets are (model.assets: the PyInstaller bundle or the repository)."""
    from model.assets import root

    return root()


def process_age() -> tuple[float, str]:
    """Seconds since this process was launched, and what the clock starts from."""
    try:
        if sys.platform.startswith("linux"):
            stat = Path("/proc/self/stat").read_text()
            start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
            uptime = float(Path("/proc/uptime").read_text().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK"), "process launch"
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            k32 = ctypes.windll.kernel32
            created, exited, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
            k32.GetProcessTimes(
                k32.GetCurrentProcess(),
                ctypes.byref(created),
                ctypes.byref(exited),
                ctypes.byref(kernel),
                ctypes.byref(user),
            )
            k32.GetSystemTimeAsFileTime(ctypes.byref(now))

            def ft(t):
                return (t.dwHighDateTime << 32 | t.dwLowDateTime) / 1e7

            return ft(now) - ft(created), "process launch"
    except Exception:  # noqa: BLE001 - fall back to a clock we always have
        pass
    return time.perf_counter() - _IMPORTED, "self-test start"


def _ensure_stdout() -> None:
    """A windowed (console=False) Windows build has no sys.stdout: borrow the caller's console."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    if sys.platform == "win32":
        try:
            import ctypes

            if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
                sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
                sys.stderr = sys.stdout
                return
        except Exception:  # noqa: BLE001
            pass
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - nowhere to print; exit code still tells
    sys.stdout = sys.stdout or sink
    sys.stderr = sys.stderr or sink


def _print(text: str = "") -> None:
    try:
        print(text, flush=True)
    except UnicodeEncodeError:  # a console that cannot show Hangul/IPA (e.g. cp1252)
        enc = getattr(sys.stdout, "encoding", None) or "ascii"
        print(text.encode(enc, "backslashreplace").decode(enc, "replace"), flush=True)


def _check_qt_plugins() -> str:
    """The native platform plugin must be in the bundle even when we run offscreen."""
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    names = {p.name.lower() for p in (plugins / "platforms").glob("*")} if plugins.is_dir() else set()
    wanted = {"linux": ("qxcb", "qwayland"), "win32": ("qwindows",), "darwin": ("qcocoa",)}
    for key, stems in wanted.items():
        if sys.platform.startswith(key) and not any(any(s in n for n in names) for s in stems):
            raise SelfTestError(
                f"the Qt platform plugin {'/'.join(stems)} is missing from {plugins / 'platforms'}"
            )
    return ", ".join(sorted(n.split(".")[0].removeprefix("lib") for n in names)) or "none"


def _quiet_qt(_kind, _context, message: str) -> None:
    """The offscreen platform's harmless warnings would muddle the one-line failure."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _wait(app, until, seconds: float) -> bool:
    deadline = time.perf_counter() + seconds
    while not until():
        if time.perf_counter() > deadline:
            return False
        app.processEvents()
        time.sleep(0.01)
    return True


def run(checkpoint: str | None = None, device: str = "auto", lang: str = "en") -> dict:
    """Run every check; return what was measured. Raises SelfTestError (or anything else)."""
    t0 = time.perf_counter()
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty (the Makefile exports it empty)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    root = root_dir()
    info = json.loads((root.joinpath(*SAMPLE_DIR) / "sample.json").read_text(encoding="utf-8"))
    wav = root.joinpath(*SAMPLE_DIR) / "sample.wav"

    from model.acoustic.recognizer import DEFAULT_CHECKPOINT

    ckpt = Path(checkpoint) if checkpoint else DEFAULT_CHECKPOINT
    if not ckpt.is_file():
        raise SelfTestError(f"the checkpoint {ckpt} is missing")

    from model.korean import lexicon

    n_words = len(lexicon.load().words)

    # --- the window, as a learner gets it: QApplication, main window, model loading in the background
    from PySide6.QtCore import QSettings, qInstallMessageHandler

    from app.application import make_application
    from app.main_window import MainWindow
    from app.settings import Settings
    from model.history import NullHistory

    qInstallMessageHandler(_quiet_qt)
    qapp = make_application(sys.argv[:1])
    from app.qt_health import check_none_refcount

    refcount = check_none_refcount()  # before anything else: a leaking binding aborts in minutes
    if not refcount.ok:
        raise SelfTestError(refcount.message())
    tmp = tempfile.TemporaryDirectory(prefix="speechfeedback-selftest-")
    settings = Settings(QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat))
    settings.language = lang
    settings.device = device
    settings.checkpoint = str(ckpt) if checkpoint else ""
    window = MainWindow(settings, history=NullHistory())
    window.show()
    handle = window.windowHandle()
    if not _wait(qapp, lambda: window.isVisible() and handle is not None and handle.isExposed(), 10.0):
        raise SelfTestError("the main window did not become visible")
    visible_at, clock = process_age()
    visible_in = time.perf_counter() - t0
    platform = qapp.platformName()
    plugins = _check_qt_plugins()
    lessons = window.tree.topLevelItemCount()

    t_load = time.perf_counter()
    if not _wait(qapp, lambda: not window.model_loading, TIMEOUT):
        raise SelfTestError(f"the model did not load within {TIMEOUT:.0f} s")
    if window.assessor is None:
        raise SelfTestError(f"the model could not be loaded: {window.model_error or 'no reason given'}")
    load_s = time.perf_counter() - t_load

    # --- the sample recording, assessed and shown in the window
    from model.audio import load_audio
    from model.sentences import Sentence

    audio = load_audio(wav)
    if not window.select_sentence(Sentence(info["sentence"])):
        raise SelfTestError(f"the sample sentence was rejected: {window.free_error.text()}")
    t_assess = time.perf_counter()
    a = window.assess_now(audio)
    assess_s = time.perf_counter() - t_assess
    qapp.processEvents()
    window.close()
    qapp.processEvents()
    tmp.cleanup()
    return {
        "sentence": a.sentence,
        "pronunciation": a.pronunciation,
        "ipa": a.ipa,
        "heard_ipa": a.heard_ipa,
        "score": None if a.score is None else round(float(a.score), 1),
        "accuracy": round(float(a.accuracy), 1),
        "completeness": round(float(a.completeness), 1),
        "fluency": round(float(a.fluency), 1),
        "reliable": bool(a.reliable),
        "reason": a.reason,
        "cautious": bool(a.cautious),
        "audio_seconds": round(a.duration, 2),
        "assess_seconds": round(assess_s, 3),
        "model_load_seconds": round(load_s, 3),
        "window_visible_seconds": round(visible_at, 3),
        "window_visible_clock": clock,
        "window_after_selftest_start_seconds": round(visible_in, 3),
        "total_seconds": round(time.perf_counter() - t0, 3),
        "qt_platform": platform,
        "qt_refcount": refcount.message(),
        "qt_platform_plugins": plugins,
        "lessons": lessons,
        "lexicon_words": n_words,
        "checkpoint": str(ckpt),
        "device": str(getattr(window.recognizer, "device", device)),
        "frozen": bool(getattr(sys, "frozen", False)),
    }


def report(r: dict) -> str:
    reliable = "yes" if r["reliable"] else f"no ({r['reason']})"
    if r["reliable"] and r.get("cautious"):
        reliable += " (judged cautiously: only clear errors marked)"
    return "\n".join(
        [
            "SpeechFeedback self-test",
            f"  sentence       {r['sentence']}",
            f"  pronunciation  [{r['pronunciation']}] {r['ipa']}",
            f"  heard IPA      {r['heard_ipa'] or '(nothing)'}",
            f"  score          {'–' if r['score'] is None else format(r['score'], '.1f')} (accuracy {r['accuracy']:.1f}, "
            f"completeness {r['completeness']:.1f}, fluency {r['fluency']:.1f})",
            f"  reliable       {reliable}",
            f"  time taken     {r['assess_seconds']:.2f} s to assess {r['audio_seconds']:.2f} s of audio "
            f"(model loaded in {r['model_load_seconds']:.2f} s, on {r['device']})",
            f"  start-up       window visible {r['window_visible_seconds']:.2f} s after {r['window_visible_clock']} "
            f"(Qt platform {r['qt_platform']}; plugins: {r['qt_platform_plugins']})",
            f"  Qt binding     {r['qt_refcount']}",
            f"  assets         {r['lessons']} lessons, {r['lexicon_words']} lexicon words, {r['checkpoint']}",
            f"self-test passed in {r['total_seconds']:.2f} s",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    _ensure_stdout()
    ap = argparse.ArgumentParser(prog="speechfeedback --self-test", description=__doc__.splitlines()[0])
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--checkpoint", help="check this checkpoint instead of the bundled one")
    ap.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    ap.add_argument("--lang", choices=("ko", "en"), default="en")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args, _unknown = ap.parse_known_args(sys.argv[1:] if argv is None else argv)
    try:
        r = run(args.checkpoint, args.device, args.lang)
    except Exception as e:  # noqa: BLE001 - one clear line, whatever broke
        if isinstance(e, SelfTestError):
            why = str(e)
        elif isinstance(e, ImportError):
            why = f"cannot import {e.name or ''}: {e}".replace("cannot import : ", "import error: ")
        else:
            why = f"{type(e).__name__}: {e}"
        print(f"self-test failed: {why}".splitlines()[0], file=sys.stderr, flush=True)
        return 1
    _print(json.dumps(r, ensure_ascii=False) if args.json else report(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
