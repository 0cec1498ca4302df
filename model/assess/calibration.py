"""How well does the assessor find mispronunciations? Measure it on a synthetic corpus.

``python -m model.assess.calibrate --manifest M [--checkpoint P] [--limit N] [--split test]``

The manifest is the TSV written by ``training.synth``: columns ``path`` (relative to the
manifest's folder), ``phones`` (what was actually spoken), ``intended`` (the canonical
phones, space separated), ``errors`` (JSON list of injected errors) and ``sentence`` (the
intended text). An intended phone counts as **mispronounced** when the alignment of
``intended`` with ``phones`` (:func:`model.assess.align.mismatches`) differs there — a
substitution or deletion, or an insertion right after it. The assessor **flags** a phone
when its verdict is not "correct" or an insertion is reported right after it.

From those: precision, recall and F1 of detection, and the **false-rejection rate** (share
of correctly spoken phones flagged wrong — what makes learners distrust a tutor). Each
recording is recognised once; the thresholds are then swept over a small grid on the
stored log-probabilities and the best F1 whose false-rejection rate stays under
``max_frr`` is reported with its :class:`~model.assess.engine.Thresholds`.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from model.errors import SpeechFeedbackError, command

from .align import align, mismatches
from .result import Assessment

GRID = {
    "accept_score": (2.0, 5.0, 10.0, 20.0, 40.0),
    "reject_score": (1.0, 5.0),
    "strong_margin": (2.0, 4.0),
    "insertion_confidence": (0.8, 0.95),
}


@dataclass(frozen=True)
class DetectionMetrics:
    tp: int
    fp: int
    fn: int
    tn: int
    utterances: int = 0
    unreliable: int = 0  # utterances the assessor declined to judge

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_rejection_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_rejection_rate": round(self.false_rejection_rate, 4),
        }


def truth_flags(intended: Sequence[str], spoken: Sequence[str]) -> list[bool]:
    """Per intended phone: was it mispronounced (the alignment with what was spoken differs)?"""
    return mismatches(list(intended), list(spoken))


def predicted_flags(assessment: Assessment, intended: Sequence[str]) -> list[bool]:
    """Per intended phone: did the assessor flag it? (The chosen variant is mapped onto
    ``intended`` by alignment; an insertion flags the phone it follows.)"""
    expected = [p.expected for p in assessment.phones]
    flags_exp = [p.verdict != "correct" for p in assessment.phones]
    for ins in assessment.insertions:
        if expected:
            flags_exp[max(ins.after, 0)] = True
    out = [False] * len(intended)
    for op in align(list(intended), expected):
        if op.ref is not None and op.hyp is not None:
            out[op.ref] = flags_exp[op.hyp]
    return out


def detection_metrics(
    pairs: Iterable[tuple[Sequence[bool], Sequence[bool]]], unreliable: int = 0
) -> DetectionMetrics:
    """Counts over (predicted, truth) flag lists of equal length, one pair per utterance."""
    tp = fp = fn = tn = n = 0
    for predicted, truth in pairs:
        if len(predicted) != len(truth):
            raise ValueError("predicted and truth flags must have the same length")
        n += 1
        for p, t in zip(predicted, truth):
            tp += p and t
            fp += p and not t
            fn += (not p) and t
            tn += (not p) and (not t)
    return DetectionMetrics(tp, fp, fn, tn, n, unreliable)


class CalibrationError(SpeechFeedbackError, ValueError):
    """A manifest that cannot be calibrated on; the message says what is wrong."""


def read_manifest(path: str | Path) -> list[dict]:
    """Rows of a corpus manifest, each with ``path`` made absolute."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except UnicodeDecodeError:
        raise CalibrationError(f"{path} is not UTF-8 text; pass a training.synth manifest (TSV).") from None
    for r in rows:
        for col in ("path", "phones", "intended", "sentence"):
            if r.get(col) is None:
                raise CalibrationError(f"{path} has no '{col}' column (is it a training.synth manifest?)")
        p = Path(r["path"])
        r["path"] = str(p if p.is_absolute() else path.parent / p)
    return rows


def _evaluate(items, assessor) -> DetectionMetrics:
    pairs, unreliable = [], 0
    for lp, fs, dur, sentence, intended, truth in items:
        a = assessor.assess_log_probs(lp, fs, sentence, dur)
        unreliable += not a.reliable
        pairs.append((predicted_flags(a, intended), truth))
    return detection_metrics(pairs, unreliable)


def calibrate(
    manifest_rows: Iterable[dict], recognizer, thresholds=None, *, max_frr: float = 0.05, grid=GRID
):
    """Measure detection on the rows and sweep the thresholds.

    Returns ``{"current": (Thresholds, DetectionMetrics), "best": (Thresholds, DetectionMetrics),
    "sweep": [(Thresholds, DetectionMetrics), ...]}``; "best" is the highest F1 with a
    false-rejection rate at most ``max_frr`` (the highest F1 if none qualifies).
    """
    from model.audio import AudioError, load_audio
    from model.korean import G2PError

    from .engine import Assessor, Thresholds, pronunciation_of

    thresholds = thresholds or Thresholds()
    items = []
    for row in manifest_rows:
        try:
            pronunciation_of(row["sentence"])
            wav = load_audio(row["path"])
        except (G2PError, AudioError):
            continue
        rec = recognizer.recognize(wav)
        intended = row["intended"].split()
        truth = truth_flags(intended, row["phones"].split())
        items.append((rec.log_probs, rec.frame_seconds, rec.duration, row["sentence"], intended, truth))
    current = (thresholds, _evaluate(items, Assessor(recognizer, thresholds)))
    sweep = []
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        th = replace(thresholds, **dict(zip(keys, values)))
        sweep.append((th, _evaluate(items, Assessor(recognizer, th))))
    ok = [s for s in sweep if s[1].false_rejection_rate <= max_frr] or sweep
    best = max(ok, key=lambda s: (s[1].f1, -s[1].false_rejection_rate)) if ok else current
    return {"current": current, "best": best, "sweep": sweep}


@command
def main(argv: list[str] | None = None) -> int:
    from model.acoustic.recognizer import Recognizer

    ap = argparse.ArgumentParser(prog="python -m model.assess.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("--manifest", required=True, help="training.synth manifest (TSV)")
    ap.add_argument("--checkpoint", default=None)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--split", default=None, help="only rows of this split (train/val/test)")
    ap.add_argument("--limit", type=int, default=500, help="at most this many rows (default 500)")
    ap.add_argument("--max-frr", type=float, default=0.05)
    args = ap.parse_args(argv)
    rows = read_manifest(args.manifest)
    if args.split:
        rows = [r for r in rows if r.get("split") == args.split]
    rows = rows[: args.limit]
    recognizer = Recognizer.load(args.checkpoint, args.device)
    out = calibrate(rows, recognizer, max_frr=args.max_frr)
    for name in ("current", "best"):
        th, m = out[name]
        print(
            json.dumps({"which": name, "thresholds": asdict(th), "metrics": m.to_dict()}, ensure_ascii=False)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
