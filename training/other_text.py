"""`python -m training.other_text --data MANIFEST [--checkpoint C] [--write C]`: does the tutor notice another text?

Each real recording is assessed twice: against its own sentence (a native reading: it must never
be called another text) and against a lesson sentence it does not read (it always should be:
reason ``other_text`` or ``mismatch``; ``unfamiliar`` blames the voice instead, and a judged
result blames the learner). Prints both counts, by reason, and the spread of
:attr:`~model.assess.evidence.Evidence.overlap` for each, so the rule in
:func:`model.assess.decide.reliability` is measured on real voices, not assumed.

``--write C`` sets ``other_text_overlap`` in checkpoint C's thresholds: halfway between the
highest overlap of a reading of another sentence and the lowest of a native reading of its own
(run it on calibration speakers, report on others). When the two overlap, nothing is written.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass, field

from tqdm import tqdm

from model.acoustic.recognizer import Recognizer
from model.assess import Assessor
from model.assess.decide import reliability
from model.assess.engine import pronunciation_of
from model.audio import load_audio
from model.errors import command
from model.sentences import builtin_lessons
from training.manifest import read_manifest
from training.verdicts.calibration import update_thresholds

ANOTHER_TEXT = ("other_text", "mismatch")


@dataclass
class OtherTextFigures:
    recordings: int = 0
    own: Counter = field(default_factory=Counter)  # reason (or "judged") for the right sentence
    other: Counter = field(default_factory=Counter)  # … for another lesson sentence
    own_overlap: list = field(default_factory=list)  # Evidence.overlap, right sentence
    other_overlap: list = field(default_factory=list)

    @property
    def own_called_other(self) -> int:
        return sum(self.own[k] for k in ANOTHER_TEXT)

    @property
    def other_caught(self) -> int:
        return sum(self.other[k] for k in ANOTHER_TEXT)

    def report(self) -> str:
        def fmt(c: Counter) -> str:
            return ", ".join(f"{k} {n}" for k, n in c.most_common())

        def spread(xs: list) -> str:
            q = sorted(xs)
            return (
                " / ".join(f"{q[int(f * (len(q) - 1))]:.2f}" for f in (0.0, 0.05, 0.5, 0.95, 1.0))
                if q
                else "-"
            )

        return (
            f"{self.recordings} recordings\n"
            f"  own sentence:     called another text {self.own_called_other} ({fmt(self.own)})\n"
            f"  another sentence: called another text {self.other_caught} ({fmt(self.other)})\n"
            f"  overlap min / 5% / median / 95% / max: own {spread(self.own_overlap)}; "
            f"other {spread(self.other_overlap)}"
        )

    def threshold(self) -> float | None:
        """Halfway between the readings of other sentences and the native ones; None if they meet."""
        if not self.own_overlap or not self.other_overlap:
            return None
        lo, hi = max(self.other_overlap), min(self.own_overlap)
        return round((lo + hi) / 2, 3) if lo < hi else None


def measure(assessor: Assessor, rows, seed: int = 0) -> OtherTextFigures:
    """Each recording decoded once, then judged against its own sentence and another one; the
    reason is the one the assessor would give (``decide.reliability``), or "judged"."""
    lessons = [s.text for lesson in builtin_lessons() for s in lesson.sentences]
    rng = random.Random(seed)
    figs = OtherTextFigures()
    for path, text in tqdm(rows, desc="another text", unit="rec"):
        rec = assessor.recognizer.recognize(load_audio(path))
        heard, confs = list(rec.phones), list(rec.confidences)
        other = rng.choice([s for s in lessons if s != text])
        figs.recordings += 1
        for sentence, counts, overlaps in ((text, figs.own, figs.own_overlap),
                                           (other, figs.other, figs.other_overlap)):  # fmt: skip
            best = assessor.judgement(
                rec.log_probs, rec.frame_seconds, pronunciation_of(sentence), heard, confs
            )
            counts[reliability(best, heard, confs, assessor.thresholds) or "judged"] += 1
            overlaps.append(best.evidence.overlap)
    return figs


@command
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.other_text", description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, nargs="+", help="manifests of real recordings")
    ap.add_argument("--checkpoint", default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument(
        "--write",
        default=None,
        metavar="CHECKPOINT",
        help="store the overlap threshold these recordings give in this checkpoint",
    )
    args = ap.parse_args(argv)
    assessor = Assessor(Recognizer.load(args.checkpoint, "cpu"))
    rows = [(u.path, u.text) for d in args.data for u in read_manifest(d).utterances]
    figs = measure(assessor, rows[: args.limit or None])
    print(figs.report())
    if args.write:
        chosen = figs.threshold()
        if chosen is None:
            print("Not written: on these recordings some reading of another sentence overlaps the sentence "
                  "as much as a native reading does, so no threshold separates them.")  # fmt: skip
            return 1
        update_thresholds(
            args.write,
            {"other_text_overlap": chosen},
            other_text_calibration=f"{figs.recordings} recordings of {', '.join(args.data)}",
        )
        print(f"other_text_overlap = {chosen} written to {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
