"""Verdicts from evidence under a set of thresholds, and whether to give them at all.

Cheap by design (numbers compared, nothing recomputed), so that
:mod:`training.verdicts.calibration` can sweep many threshold sets over stored
:class:`~model.assess.evidence.Evidence`; the assessor calls the same functions, so what is
measured is what the learner gets.

Per phone (:func:`decide`), from the decoder's alignment and the phone's own frames:

- the decoder heard nothing for it: **deleted** unless its GOP score reaches ``delete_score``;
- the decoder heard another phone ``h``: **substituted** by ``h`` unless its GOP score
  reaches ``accept_score`` (the acoustics are clearly there);
- the decoder heard it, but it scores below ``reject_score`` and another phone beats it on
  its frames by ``strong_margin`` nats: **substituted** by that phone;
- a phone of its contrast set beats it by ``contrast_margin`` nats around its frames
  (with ``normalize_contrast``: by that much more than the recording's usual margin,
  :attr:`~model.assess.evidence.Evidence.contrast_baseline`): **substituted** by that phone.

With ``require_agreement`` a substitution needs both witnesses: the decoder's phone must
be in the contrast set and the contrast margin must reach ``contrast_margin`` (deletions
still follow ``delete_score``).

**Cautious judgement** (:func:`rule_for`): on a recording whose agreement between decoder and
sentence (:attr:`~model.assess.evidence.Evidence.agreement`) is below ``cautious_agreement``
— a voice, microphone or room the model knows less well — the verdicts follow a stricter
rule: a substitution needs both witnesses with ``cautious_margin``, only a run of at least
``CAUTIOUS_MISSING_RUN`` phones that score below ``delete_score`` and that the decoder did
not hear as themselves (a skipped word, not a phone the model missed) is reported deleted,
and no insertion is. Measured on native speech (README: Honest verdicts), that is the
difference between flagging a third of a native speaker's syllables and flagging almost
none while still catching changed ones: on such a voice the model is often wrong, but
seldom wrong twice in the same way. The sentence's
accuracy is then the share of phones judged correct (the GOP scores of a voice the model
knows poorly say more about the model than about the speaker).

Per recording (:func:`reliability`): no speech, too short to align, a low mean posterior
of the decoded phones (``min_confidence``), too few of the expected phones the decoder
heard heard as themselves (:attr:`~model.assess.evidence.Evidence.agreement` below
``min_agreement``, with at least ``min_mismatch_errors`` heard as others: on a voice,
microphone or room the model does not know, the decoder and the sentence disagree
everywhere, and verdicts would blame the speaker for the model), or a recording of
something else (low completeness, or most phones wrong).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from .align import INS
from .evidence import CONTRAST, Evidence
from .result import WRONG
from .thresholds import Thresholds

# On the real test voices, in every condition measured (README: Honest verdicts), a correct
# reading had at most 5 such phones in a row.
CAUTIOUS_MISSING_RUN = 6

Verdict = tuple[str, str | None]  # ("correct" | "unsure" | "substituted" | "deleted", phone heard or None)


@dataclass(frozen=True)
class Judgement:
    """One pronunciation judged: verdicts, the insertions to report, and the sentence scores."""

    evidence: Evidence
    verdicts: tuple[Verdict, ...]
    insertions: tuple[tuple[int, int], ...]  # (index into the decoded phones, expected phone it follows)
    accuracy: float
    completeness: float
    fluency: float
    speech_rate: float
    pause_seconds: float
    cautious: bool = False  # judged under the cautious rule (see the module docstring)

    @property
    def n_errors(self) -> int:
        return sum(1 for v, _ in self.verdicts if v in WRONG) + len(self.insertions)


def decide(ev: Evidence, th: Thresholds, vocabulary) -> list[Verdict]:
    """The verdict of every expected phone (see the module docstring)."""
    out: list[Verdict] = []
    baseline = ev.contrast_baseline if th.normalize_contrast else 0.0
    for p in ev.phones:
        g, e, h = p.gop, p.expected, p.heard
        contrast = p.contrast is not None and p.contrast_margin - baseline >= th.contrast_margin
        if h is None:
            out.append(("correct", e) if g.score >= th.delete_score else ("deleted", None))
        elif th.require_agreement:
            agree = h != e and contrast and h in CONTRAST[e] and g.score < th.accept_score
            out.append(("substituted", h) if agree else ("correct", e))
        elif h != e and g.score < th.accept_score:
            out.append(("substituted", h))
        elif (
            h == e
            and g.score < th.reject_score
            and g.competitor != vocabulary.blank
            and g.competitor_margin >= th.strong_margin
        ):
            out.append(("substituted", vocabulary.symbols[g.competitor]))
        elif contrast:
            out.append(("substituted", p.contrast))
        else:
            out.append(("correct", e))
    return out


def unsure_phones(ev: Evidence, verdicts: list[Verdict], th: Thresholds) -> list[Verdict]:
    """The verdicts with the in-between phones marked "unsure": judged right, yet the decoder heard
    a phone of its contrast set (ㄱ heard as ㅋ) and that phone beats it around its frames by
    ``unsure_margin`` nats. One witness and some support, not the two a verdict of wrong needs: the
    learner is told to listen again, not that they erred (calibrated: training.verdicts)."""
    baseline = ev.contrast_baseline if th.normalize_contrast else 0.0
    out = list(verdicts)
    for i, (p, (v, _)) in enumerate(zip(ev.phones, verdicts)):
        rival = p.heard is not None and p.heard in CONTRAST.get(p.expected, ())
        if v == "correct" and rival and p.contrast_margin - baseline >= th.unsure_margin:
            out[i] = ("unsure", p.heard)
    return out


def judged_cautiously(evidences: Sequence[Evidence], th: Thresholds) -> bool:
    """One tier per recording: cautious when even the variant the decoder agrees with most agrees
    less than ``cautious_agreement``. Chosen once, so that every variant is judged under the same
    rule and the looser rule cannot make a variant the decoder did not hear win (맛있어요)."""
    return max(ev.agreement for ev in evidences) < th.cautious_agreement


def rule_for(ev: Evidence, th: Thresholds, cautious: bool | None = None) -> tuple[Thresholds, bool]:
    """The thresholds ``ev``'s verdicts follow, and whether that is the cautious rule (``cautious``:
    the recording's tier, from :func:`judged_cautiously`; None decides from ``ev`` alone)."""
    if cautious is None:
        cautious = ev.agreement < th.cautious_agreement
    if not cautious:
        return th, False
    strict = replace(th, require_agreement=True, contrast_margin=th.cautious_margin, delete_score=0.0,
                     insertion_confidence=math.inf)  # fmt: skip
    return strict, True


def missing_runs(ev: Evidence, verdicts: list[Verdict], delete_score: float) -> list[Verdict]:
    """The cautious rule's deletions: runs of ``CAUTIOUS_MISSING_RUN`` or more expected phones,
    each scoring below ``delete_score`` on its forced-aligned frames and not heard as itself."""
    out: list[Verdict] = []
    missing = [p.gop.score < delete_score and p.heard != p.expected for p in ev.phones]
    for gone, group in groupby(range(len(verdicts)), key=lambda i: missing[i]):
        run = list(group)
        out += (
            [("deleted", None)] * len(run)
            if gone and len(run) >= CAUTIOUS_MISSING_RUN
            else [verdicts[i] for i in run]
        )
    return out


def judge(ev: Evidence, heard: Sequence[str], confs: Sequence[float], frame_seconds: float, th,
          vocabulary, cautious: bool | None = None) -> Judgement:  # fmt: skip
    """Verdicts, insertions and the accuracy / completeness / fluency of one pronunciation."""
    rule, cautious = rule_for(ev, th, cautious)
    verdicts = decide(ev, rule, vocabulary)
    if cautious:
        verdicts = missing_runs(ev, verdicts, th.delete_score)
    verdicts = unsure_phones(ev, verdicts, rule)
    exp = [p.expected for p in ev.phones]
    insertions = []
    last = -1
    for op in ev.ops:
        if op.ref is not None:
            last = op.ref
            continue
        if op.op != INS:
            continue
        h = heard[op.hyp]
        before = exp[last] if last >= 0 else None
        after = exp[last + 1] if last + 1 < len(exp) else None
        if h in (before, after) or confs[op.hyp] < rule.insertion_confidence:
            continue  # a lengthened neighbour, or too unsure to blame anyone
        insertions.append((op.hyp, last))
    n = len(exp)
    if cautious:
        accuracy = 100.0 * sum(1 for v, _ in verdicts if v not in WRONG) / n
    else:
        accuracy = sum(p.gop.score for p in ev.phones) / (n + len(insertions))
    completeness = 100.0 * sum(1 for v, _ in verdicts if v != "deleted") / n
    rate = pauses = fluency = 0.0
    seg = ev.segments
    if ev.aligned:
        span = (seg[-1][1] + 1 - seg[0][0]) * frame_seconds
        rate = n / span if span > 0 else 0.0
        for (_, b), (a2, _) in zip(seg, seg[1:]):
            gap = (a2 - b - 1) * frame_seconds
            if gap > th.pause_min:
                pauses += gap
        fluency = 100.0 * min(1.0, rate / th.fluent_rate) * math.exp(-pauses / th.pause_scale)
    return Judgement(ev, tuple(verdicts), tuple(insertions), accuracy, completeness, fluency, rate, pauses,
                     cautious)  # fmt: skip


def judge_recording(evidences: Sequence[Evidence], heard: Sequence[str], confs: Sequence[float],
                    frame_seconds: float, th, vocabulary) -> Judgement:  # fmt: skip
    """Every standard variant judged under the recording's one tier; the one the speaker came closest to."""
    cautious = judged_cautiously(evidences, th)
    return best_of([judge(ev, heard, confs, frame_seconds, th, vocabulary, cautious) for ev in evidences])


def best_of(judgements: Sequence[Judgement]) -> Judgement:
    """The standard variant the speaker came closest to: fewest errors, then highest accuracy."""
    return min(judgements, key=lambda j: (j.n_errors, -j.accuracy))


def reliability(best: Judgement, heard: Sequence[str], confs: Sequence[float], th: Thresholds) -> str:
    """The key of the reason not to judge (see engine.REASONS); empty when the verdicts can be given."""
    n = len(best.verdicts)
    wrong = sum(1 for v, _ in best.verdicts if v in WRONG)
    if not heard:
        return "no_speech"
    if len(heard) > th.max_heard_ratio * n + th.max_heard_extra:
        return "other_text"  # far more speech than the sentence holds: something else was read
    if not best.evidence.aligned:
        return "too_short"
    if sum(confs) / len(confs) < th.min_confidence:
        return "low_confidence"
    ev = best.evidence
    if ev.overlap < th.other_text_overlap:
        return "other_text"  # less of the sentence heard than in any native reading of it
    if ev.agreement < th.min_agreement and ev.substituted >= th.min_mismatch_errors:
        return "unfamiliar"  # (a short sentence with one or two errors is still judged)
    if best.completeness < th.min_completeness or (
        wrong > th.max_error_share * n and wrong >= th.min_mismatch_errors
    ):
        return "mismatch"
    return ""


def overall(j: Judgement, th: Thresholds) -> float:
    """The sentence score: the weighted mean of accuracy, completeness and fluency."""
    w = th.weight_accuracy + th.weight_completeness + th.weight_fluency
    return (th.weight_accuracy * j.accuracy + th.weight_completeness * j.completeness
            + th.weight_fluency * j.fluency) / w  # fmt: skip
