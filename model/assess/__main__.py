"""Command line: ``python -m model.assess --sentence TEXT [--checkpoint P] [--json] AUDIO...``.

Without --json: the sentence with the syllables that hold an error in brackets, the score,
and one line per error. With --json: one JSON object per file (Assessment.to_dict plus
"file"). A sentence the G2P rejects, audio that cannot be read, a bad checkpoint or device →
one line on stderr and exit status 1 (:func:`model.errors.command`).
"""

from __future__ import annotations

import argparse
import json
import sys

from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognizer
from model.audio import load_audio
from model.errors import command

from .engine import Assessor, pronunciation_of


def _print_text(path: str, a, lang: str) -> None:
    print(f"{path}: {a.marked()}  [{a.pronunciation}]  score {'–' if a.score is None else format(a.score, '.0f')} "
          f"(accuracy {a.accuracy:.0f}, completeness {a.completeness:.0f}, fluency {a.fluency:.0f})")  # fmt: skip
    if not a.reliable:
        print(f"  not judged: {a.reason_text(lang)}")
    for p in a.errors:
        syl = a.syllables[p.syllable].text if p.syllable < len(a.syllables) else "?"
        heard = p.heard if p.heard is not None else "-"
        print(f"  {syl} [{p.expected}→{heard}] {p.verdict}: {p.message_text(lang)}")
    for ins in a.insertions:
        print(f"  +[{ins.heard}] at {ins.start:.2f}s: {ins.message_text(lang)}")
    for problem in a.audio_problems:
        print(f"  audio: {problem}")


@command
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m model.assess", description="Assess Korean pronunciation.")
    ap.add_argument("--sentence", required=True, help="the sentence the learner read (Hangul)")
    ap.add_argument("--checkpoint", default=None, help=f"model checkpoint (default: {DEFAULT_CHECKPOINT})")
    ap.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    ap.add_argument("--lang", default="ko", choices=("ko", "en"), help="language of the messages")
    ap.add_argument("--json", action="store_true", help="one JSON object per file")
    ap.add_argument("audio", nargs="+", help="WAV, FLAC, OGG, MP3 or 16 kHz 16-bit .pcm files")
    args = ap.parse_args(argv)
    pronunciation_of(args.sentence)  # reject a bad sentence before loading anything
    assessor = Assessor(Recognizer.load(args.checkpoint, args.device))
    for path in args.audio:
        a = assessor.assess(load_audio(path), args.sentence)
        if args.json:
            print(json.dumps({"file": str(path), **a.to_dict(args.lang)}, ensure_ascii=False))
        else:
            _print_text(path, a, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
