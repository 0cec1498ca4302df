"""Measuring verdicts on stored evidence: native recordings (textual substitution) and
synthetic recordings with injected errors.

Each recording is decoded and its evidence gathered once (:func:`native_item`,
:func:`detection_item`); :func:`native_metrics` and :func:`detection_counts` then judge
it under any :class:`~model.assess.thresholds.Thresholds` with the assessor's own functions
(:mod:`.decide`), in milliseconds.

Native figures (:class:`NativeMetrics`), over syllables, a syllable counting once however
many of its phones are flagged (an insertion flags the syllable of the phone it follows):

- **judged**: share of recordings assessed against their own text that were reliable;
- **false rejection**: share of the read syllables flagged (unjudged recordings flag none);
- **caught**: share of changed syllables (:mod:`.substitution`) flagged when the recording
  is assessed against the changed text (an unjudged one catches nothing);
- **precision**: share of the syllables flagged against changed texts that are the changed one;
- **score**: mean sentence score of the judged recordings (a native should score high);
- **not sure**: share of the read syllables marked "unsure" (none wrong), and share of the
  changed syllables marked "unsure" rather than caught: what the in-between state costs a
  native speaker and what it tells a learner (``unsure_margin``, :func:`model.assess.decide.unsure_phones`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from model.acoustic.recognizer import decode
from model.assess.align import align
from model.assess.decide import Judgement, judge_recording, overall, reliability
from model.assess.evidence import Evidence, gather
from model.assess.result import WRONG
from model.assess.substitution import Change, pick_changes
from model.korean import g2p

from .material import Recording


@dataclass(frozen=True)
class NativeMetrics:
    recordings: int = 0
    judged: int = 0
    syllables: int = 0
    flagged: int = 0  # read syllables flagged: false rejections
    changes: int = 0
    caught: int = 0
    change_flags: int = 0  # syllables flagged against changed texts
    score_sum: float = 0.0  # over judged recordings
    unsure: int = 0  # read syllables marked "not sure" (and not wrong)
    change_unsure: int = 0  # changed syllables marked "not sure" instead of caught

    @property
    def judged_share(self) -> float:
        return self.judged / self.recordings if self.recordings else 0.0

    @property
    def false_rejection(self) -> float:
        return self.flagged / self.syllables if self.syllables else 0.0

    @property
    def caught_share(self) -> float:
        return self.caught / self.changes if self.changes else 0.0

    @property
    def precision(self) -> float:
        return self.caught / self.change_flags if self.change_flags else 0.0

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.judged if self.judged else 0.0

    @property
    def unsure_share(self) -> float:
        return self.unsure / self.syllables if self.syllables else 0.0

    @property
    def change_unsure_share(self) -> float:
        return self.change_unsure / self.changes if self.changes else 0.0

    def to_dict(self) -> dict:
        return {
            "recordings": self.recordings,
            "judged": round(self.judged_share, 4),
            "syllables": self.syllables,
            "false_rejection": round(self.false_rejection, 4),
            "changes": self.changes,
            "caught": round(self.caught_share, 4),
            "precision": round(self.precision, 4),
            "mean_score": round(self.mean_score, 1),
            "unsure": round(self.unsure_share, 4),
            "change_unsure": round(self.change_unsure_share, 4),
        }


@dataclass(frozen=True)
class Decoded:
    """What the decoder heard in a recording, with each phone's mean posterior."""

    heard: tuple[str, ...]
    confs: tuple[float, ...]
    frame_seconds: float


@dataclass(frozen=True)
class NativeItem:
    name: str
    decoded: Decoded
    texts: tuple[tuple[Change | None, tuple[Evidence, ...]], ...]  # the read text first (None)


def _decoded(assessor, rec: Recording) -> Decoded:
    r = decode(rec.log_probs, assessor.vocabulary, rec.frame_seconds, rec.duration)
    return Decoded(r.phones, r.confidences, rec.frame_seconds)


def _evidences(assessor, rec: Recording, text: str, heard) -> tuple[Evidence, ...]:
    th, pron = assessor.thresholds, g2p(text)
    return tuple(
        gather(rec.log_probs, assessor.vocabulary, v, heard, th.gop_midpoint, th.gop_slope)
        for v in (pron, *pron.variants)
    )


def native_item(assessor, rec: Recording, changes: int = 3, seed: int = 0) -> NativeItem:
    """The evidence of a native recording against its own text and ``changes`` changed copies."""
    d = _decoded(assessor, rec)
    texts = [(None, _evidences(assessor, rec, rec.text, d.heard))]
    texts += [(c, _evidences(assessor, rec, c.text, d.heard)) for c in pick_changes(rec.text, changes, seed)]
    return NativeItem(rec.name, d, tuple(texts))


def best_judgement(evidences: Sequence[Evidence], d: Decoded, th, vocabulary) -> Judgement:
    """The assessor's choice among the variants (before reliability is checked)."""
    return judge_recording(evidences, d.heard, d.confs, d.frame_seconds, th, vocabulary)


def flagged_syllables(j: Judgement) -> set[int]:
    phones = j.evidence.pron.phones
    out = {phones[i].syllable for i, (v, _) in enumerate(j.verdicts) if v in WRONG}
    out |= {phones[max(after, 0)].syllable for _, after in j.insertions if phones}
    return out


def unsure_syllables(j: Judgement) -> set[int]:
    """Syllables with a phone marked "not sure" and none flagged."""
    phones = j.evidence.pron.phones
    return {phones[i].syllable for i, (v, _) in enumerate(j.verdicts) if v == "unsure"} - flagged_syllables(j)


def judge_native(items: Sequence[NativeItem], th, vocabulary) -> list[list[Judgement]]:
    """Per item, per text (the read one first): the chosen judgement."""
    return [[best_judgement(evs, it.decoded, th, vocabulary) for _, evs in it.texts] for it in items]


def native_metrics(items: Sequence[NativeItem], th, vocabulary, judged=None) -> NativeMetrics:
    """The native figures; ``judged`` (from :func:`judge_native` with the same decision
    thresholds) saves judging again when only the reliability thresholds differ."""
    judged = judge_native(items, th, vocabulary) if judged is None else judged
    n = judged_n = syllables = flagged = changes = caught = change_flags = unsure = change_unsure = 0
    score_sum = 0.0
    for item, bests in zip(items, judged):
        for (change, _), best in zip(item.texts, bests):
            key = reliability(best, item.decoded.heard, item.decoded.confs, th)
            flags = set() if key else flagged_syllables(best)
            doubts = set() if key else unsure_syllables(best)
            if change is None:
                n += 1
                syllables += len(best.evidence.pron.syllables)
                flagged += len(flags)
                unsure += len(doubts)
                if not key:
                    judged_n += 1
                    score_sum += overall(best, th)
            else:
                changes += 1
                caught += change.syllable in flags
                change_flags += len(flags)
                change_unsure += change.syllable in doubts
    return NativeMetrics(n, judged_n, syllables, flagged, changes, caught, change_flags, score_sum,
                         unsure, change_unsure)  # fmt: skip


@dataclass(frozen=True)
class DetectionItem:
    """A synthetic recording with its truth: per intended phone, was it mispronounced."""

    decoded: Decoded
    evidences: tuple[Evidence, ...]
    intended: tuple[str, ...]
    truth: tuple[bool, ...]
    maps: tuple[tuple[int | None, ...], ...] = ()  # per evidence: intended phone → its phone


def phone_map(intended: Sequence[str], expected: Sequence[str]) -> tuple[int | None, ...]:
    """For each intended phone, the index of the ``expected`` phone aligned with it (None: none)."""
    out: list[int | None] = [None] * len(intended)
    for op in align(list(intended), list(expected)):
        if op.ref is not None and op.hyp is not None:
            out[op.ref] = op.hyp
    return tuple(out)


def detection_item(assessor, rec: Recording, intended: Sequence[str], truth: Sequence[bool]) -> DetectionItem:
    d = _decoded(assessor, rec)
    evs = _evidences(assessor, rec, rec.text, d.heard)
    maps = tuple(phone_map(intended, [p.expected for p in ev.phones]) for ev in evs)
    return DetectionItem(d, evs, tuple(intended), tuple(truth), maps)


def flags_on(intended: Sequence[str], expected: Sequence[str], flags: Sequence[bool],
             mapping: Sequence[int | None] | None = None) -> list[bool]:  # fmt: skip
    """Flags of the ``expected`` phones (the chosen variant) carried over to ``intended`` by alignment."""
    mapping = phone_map(intended, expected) if mapping is None else mapping
    return [m is not None and flags[m] for m in mapping]


def predicted_from_judgement(j: Judgement, key: str, intended: Sequence[str], mapping=None) -> list[bool]:
    """Per intended phone: did the assessor flag it (nothing when unreliable)?"""
    flags = [v in WRONG and not key for v, _ in j.verdicts]
    if not key:
        for _, after in j.insertions:
            if flags:
                flags[max(after, 0)] = True
    return flags_on(intended, [p.expected for p in j.evidence.phones], flags, mapping)


def judge_detection(items: Sequence[DetectionItem], th, vocabulary) -> list[Judgement]:
    return [best_judgement(it.evidences, it.decoded, th, vocabulary) for it in items]


def detection_counts(items: Sequence[DetectionItem], th, vocabulary, judged=None):
    """(predicted, truth) flag pairs and the number judged unreliable, as the assessor would flag."""
    judged = judge_detection(items, th, vocabulary) if judged is None else judged
    pairs, unreliable = [], 0
    for it, best in zip(items, judged):
        key = reliability(best, it.decoded.heard, it.decoded.confs, th)
        unreliable += bool(key)
        mapping = it.maps[next(i for i, ev in enumerate(it.evidences) if ev is best.evidence)]
        pairs.append((predicted_from_judgement(best, key, it.intended, mapping), it.truth))
    return pairs, unreliable


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


@dataclass
class Material:
    """One body of recordings measured together (a native folder, a synthetic manifest)."""

    name: str
    native: list[NativeItem] = field(default_factory=list)
    detection: list[DetectionItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    """A material's figures under one threshold set."""

    name: str
    native: NativeMetrics | None
    detection: DetectionMetrics | None

    def to_dict(self) -> dict:
        return {"material": self.name, "native": self.native and self.native.to_dict(),
                "detection": self.detection and self.detection.to_dict()}  # fmt: skip


def figures(materials: Sequence[Material], th, vocabulary, judged=None) -> list[Figures]:
    """Every material's figures under ``th``; ``judged``: see :func:`judge_all`."""
    judged = judge_all(materials, th, vocabulary) if judged is None else judged
    out = []
    for m, (jn, jd) in zip(materials, judged):
        native = native_metrics(m.native, th, vocabulary, jn) if m.native else None
        detection = None
        if m.detection:
            pairs, unreliable = detection_counts(m.detection, th, vocabulary, jd)
            detection = detection_metrics(pairs, unreliable)
        out.append(Figures(m.name, native, detection))
    return out


def judge_all(materials: Sequence[Material], th, vocabulary) -> list[tuple[list, list]]:
    """The judgements under ``th``'s decision thresholds, reusable for any reliability thresholds."""
    return [(judge_native(m.native, th, vocabulary), judge_detection(m.detection, th, vocabulary))
            for m in materials]  # fmt: skip
