"""How long does an assessment take? ``python -m model.assess.bench [--checkpoint P] [--seconds S]``.

Times :meth:`Assessor.assess` on a synthetic voiced signal of ``seconds`` seconds against a
sentence of matching length (about 5 syllables a second), recognition included; the median
of a few runs after a warm-up. Without a bundled checkpoint a randomly initialised model of
the default size is used (same cost, meaningless verdicts).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from model.acoustic.bench import test_signal
from model.audio import SAMPLE_RATE
from model.errors import command

SENTENCE = "국물이 좋아요 맛있다 학교에 갑니다 "  # 16 syllables, repeated to length


def sentence_for(seconds: float) -> str:
    words = SENTENCE.split()
    out, syllables = [], 0
    while syllables < max(1, int(seconds * 5)):
        w = words[len(out) % len(words)]
        out.append(w)
        syllables += len(w)
    return " ".join(out)


def bench_assess(recognizer, seconds: float = 5.0, repeats: int = 3) -> float:
    """Median milliseconds to assess a ``seconds`` long utterance, recognition included."""
    from .engine import Assessor

    assessor = Assessor(recognizer)
    wav = test_signal(seconds)
    sentence = sentence_for(seconds)
    assessor.assess(wav[:SAMPLE_RATE], "가")  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        assessor.assess(wav, sentence)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


@command
def main(argv: list[str] | None = None) -> int:
    from model.acoustic.bench import random_bundle
    from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognizer

    ap = argparse.ArgumentParser(prog="python -m model.assess.bench")
    ap.add_argument("--checkpoint", default=None)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args(argv)
    if args.checkpoint is None and not DEFAULT_CHECKPOINT.exists():
        recognizer = Recognizer(random_bundle(), args.device)
        print("no bundled checkpoint: timing a randomly initialised model", file=sys.stderr)
    else:
        recognizer = Recognizer.load(args.checkpoint, args.device)
    ms = bench_assess(recognizer, args.seconds)
    print(f"assess {args.seconds:.1f} s: {ms:.1f} ms (device {recognizer.device})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
