"""The assessor: recording + sentence → :class:`~model.assess.result.Assessment`.

For each standard pronunciation of the sentence (the G2P's main one and its variants, so
맛있다 said [마딛따] is as right as [마싣따]):

1. **align** the phones heard by the recogniser (greedy CTC decoding) with the expected ones
   (weighted edit distance, :mod:`.align`): every substitution, deletion and insertion in
   place;
2. **forced-align** the expected phones to the frames (:mod:`.forced_align`) and score each
   one by its goodness of pronunciation (:mod:`.gop`);
3. **decide** each phone from both (:class:`Thresholds`): the decoder's word is not final —
   a phone it missed or replaced but whose own GOP score is at least ``accept_score`` is
   judged correct (the acoustics are clearly there), and a phone it matched but whose score
   is below ``reject_score`` while another phone beats it on its own frames by
   ``strong_margin`` nats becomes a substitution by that phone;
4. **score** phones, syllables, words, accuracy, completeness and fluency, and **diagnose**
   each error (:mod:`.diagnose`).

The variant with the fewest errors (then the highest accuracy) is kept. Then the result is
checked for **reliability**: no speech, audio that fails :func:`model.audio.check_audio`,
too few frames for the sentence, a low mean posterior of the decoded phones, or a recording
that does not match the sentence (low completeness or a large share of errors) give
``reliable=False`` with a reason in English and Korean; such a result marks **no** phone
wrong — every verdict is "correct" (scores stay the acoustic ones) and no insertion is
listed — because blaming a learner on evidence that weak does more harm than saying nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from torch import Tensor

from model.acoustic.decoding import greedy_decode
from model.acoustic.vocab import Vocabulary, default_vocabulary
from model.audio import AudioError, check_audio, load_audio
from model.korean import RULE_NAMES, G2PError, Pronunciation, g2p

from . import diagnose
from .align import DEL, INS, SUB, align, ref_to_hyp
from .diagnose import MISSING_RUN, RuleNote
from .forced_align import AlignmentError, forced_align, phone_times
from .gop import GOP_MIDPOINT, GOP_SLOPE, PhoneGOP, phone_gops
from .result import Assessment, Insertion, PhoneVerdict, SyllableScore, WordScore


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds.

    The per-phone four were calibrated for the bundled checkpoint on 400 utterances of the
    synthetic corpus's validation voices (``python -m model.assess.calibrate --manifest
    data/synth/val.tsv --limit 400``, then a finer sweep): F1 0.82 at 0.4% false rejection,
    against 0.56 at 2.1% with the hand-set values (60 / 10 / 2 / 0.5). The low acceptance
    score means the decoder's word is trusted for a deletion or substitution only when the
    expected phone is nearly absent from its own frames — which is what keeps correct
    sounds from being marked wrong. Re-measure after training a new model.
    """

    # per phone
    accept_score: float = 2.0  # GOP score at which a decoder deletion/substitution is overruled
    reject_score: float = 5.0  # a decoder match scoring below this may become a substitution …
    strong_margin: float = 4.0  # … if one phone beats the expected one on its frames by this (nats)
    insertion_confidence: float = 0.95  # mean posterior an extra heard phone needs to be reported
    gop_midpoint: float = GOP_MIDPOINT  # the logistic GOP → 0–100 (see gop.py)
    gop_slope: float = GOP_SLOPE
    # when not to judge
    min_confidence: float = 0.4  # mean posterior of the decoded phones
    min_completeness: float = 50.0  # share of expected phones heard, in %
    max_error_share: float = 0.6  # share of expected phones judged wrong …
    min_mismatch_errors: int = (
        3  # … when at least this many (one wrong vowel in 어 is an error, not a mismatch)
    )
    max_seconds: float = 60.0  # longest recording assessed
    # fluency
    pause_min: float = 0.3  # a gap between two phones longer than this (s) is a pause
    pause_scale: float = 2.0  # fluency × exp(−pause seconds / pause_scale)
    fluent_rate: float = 8.0  # phones/s from which the rate no longer lowers fluency
    # overall score = weighted mean
    weight_accuracy: float = 0.6
    weight_completeness: float = 0.2
    weight_fluency: float = 0.2


@dataclass
class _Candidate:
    pron: Pronunciation
    phones: list[PhoneVerdict]
    insertions: list[Insertion]
    accuracy: float
    completeness: float
    fluency: float
    speech_rate: float
    pause_seconds: float
    aligned: bool

    @property
    def n_errors(self) -> int:
        return sum(1 for p in self.phones if p.verdict != "correct") + len(self.insertions)


REASONS = {
    "no_speech": (
        "No speech was heard in the recording.",
        "녹음에서 말소리가 들리지 않았어요.",
    ),
    "too_short": (
        "The recording is too short for this sentence.",
        "이 문장을 말하기에는 녹음이 너무 짧아요.",
    ),
    "low_confidence": (
        "The recogniser is not sure what it heard (noise, a distant microphone or an unusual "
        "voice), so the phones were not judged.",
        "인식기가 들은 소리를 확신하지 못해서 (잡음, 먼 마이크 등) 발음을 판정하지 않았어요.",
    ),
    "mismatch": (
        "The recording does not seem to be this sentence, so the phones were not judged.",
        "녹음이 이 문장과 맞지 않는 것 같아서 발음을 판정하지 않았어요.",
    ),
    "audio": ("", "녹음을 평가할 수 없어요. 다시 녹음해 주세요."),
}


def _audio_reason_ko(message: str) -> str:
    if message.startswith("No speech"):
        return (
            "말소리가 들리지 않았어요. 마이크가 선택되어 있고 음소거가 아닌지 확인한 뒤 다시 녹음해 주세요."
        )
    if "too short" in message:
        return "녹음이 너무 짧아요. 문장 전체를 다시 녹음해 주세요."
    if "too long" in message:
        return "녹음이 너무 길어요. 한 번에 한 문장씩 녹음해 주세요."
    return REASONS["audio"][1]


def pronunciation_of(sentence: str) -> Pronunciation:
    """The G2P's pronunciation; G2PError also for a sentence with nothing to say."""
    pron = g2p(sentence)
    if not pron.phones:
        raise G2PError(f"'{sentence}' has no Korean syllables to pronounce. Write the sentence in Hangul.")
    return pron


def span_text(pron: Pronunciation, a: int, b: int, pronounced: bool = False) -> str:
    """Syllables [a, b) of the written (or pronounced) sentence, with the spaces between words."""
    sylls = pron.pronounced_syllables if pronounced else pron.syllables
    words = [(max(a, s), min(b, e)) for s, e in pron.word_spans if max(a, s) < min(b, e)]
    return " ".join("".join(sylls[s:e]) for s, e in words) if words else "".join(sylls[a:b])


def rule_notes(pron: Pronunciation) -> tuple[list[list[RuleNote]], dict[int, list[tuple[RuleNote, str]]]]:
    """Which expected phones each rule produced, and the phones the rules removed.

    Compares ``pron`` with the G2P's output when the rule is skipped: a phone that differs
    inside the rule's span was produced by the rule (``RuleNote.without`` is what the
    spelling gives there, None when the rule added the phone); a phone present only without
    the rule is returned under the index of the expected phone it would follow (-1: first).
    """
    exp = pron.symbols
    per: list[list[RuleNote]] = [[] for _ in exp]
    removed: dict[int, list[tuple[RuleNote, str]]] = {}
    by_name: dict[str, tuple[tuple[str, ...], list]] = {}
    for r in pron.rules:
        if r.name not in RULE_NAMES:
            continue
        if r.name not in by_name:
            try:
                alt = g2p(pron.text, skip_rules={r.name})
            except (G2PError, ValueError):
                continue
            cands = [alt, *alt.variants]
            aligned = [(c.symbols, align(exp, c.symbols)) for c in cands]
            by_name[r.name] = min(aligned, key=lambda x: sum(1 for op in x[1] if op.op != "match"))
        alt_syms, alt_ops = by_name[r.name]
        last = -1
        a, b = r.span
        word = f"{span_text(pron, a, b)} [{span_text(pron, a, b, pronounced=True)}]"
        for op in alt_ops:
            if op.ref is not None:
                last = op.ref
                if not a <= pron.phones[op.ref].syllable < b:
                    continue
                if op.op == SUB:
                    per[op.ref].append(RuleNote(r, alt_syms[op.hyp], word))
                elif op.op == DEL:
                    per[op.ref].append(RuleNote(r, None, word))
            elif op.op == INS:
                near = pron.phones[max(last, 0)].syllable if exp else 0
                if a <= near < b or (last + 1 < len(exp) and a <= pron.phones[last + 1].syllable < b):
                    removed.setdefault(last, []).append((RuleNote(r, None, word), alt_syms[op.hyp]))
    return per, removed


class Assessor:
    """Assess recordings of sentences with one recogniser."""

    def __init__(
        self, recognizer, thresholds: Thresholds | None = None, *, vocabulary: Vocabulary | None = None
    ):
        self.recognizer = recognizer
        self.thresholds = thresholds or Thresholds()
        if vocabulary is None:
            vocabulary = recognizer.vocabulary if recognizer is not None else default_vocabulary()
        self.vocabulary = vocabulary

    # --- entry points -------------------------------------------------------------------

    def assess(self, waveform: np.ndarray, sentence: str) -> Assessment:
        """Assess a 16 kHz mono waveform. Raises G2PError for a sentence the G2P rejects;
        audio that cannot be assessed (silence, too short, too long) gives reliable=False."""
        pron = pronunciation_of(sentence)
        x = np.asarray(waveform, dtype=np.float32).reshape(-1)
        duration = x.size / 16000
        try:
            check = check_audio(x, max_seconds=self.thresholds.max_seconds)
        except AudioError as e:
            return self._unjudged(pron, duration, str(e), _audio_reason_ko(str(e)))
        if self.recognizer is None:
            raise ValueError("this Assessor has no recognizer; use assess_log_probs")
        rec = self.recognizer.recognize(x)
        result = self.assess_log_probs(rec.log_probs, rec.frame_seconds, sentence, rec.duration)
        return replace(result, audio_problems=check.problems)

    def assess_log_probs(
        self, log_probs: Tensor, frame_seconds: float, sentence: str, duration: float
    ) -> Assessment:
        """Assess the network output (T', C) for ``sentence`` (tests build these by hand)."""
        th = self.thresholds
        pron = pronunciation_of(sentence)
        lp = log_probs.detach().float().cpu()
        hyp = greedy_decode(lp, self.vocabulary)
        heard = list(hyp.phones)
        confs = [
            float(lp[s : e + 1, self.vocabulary.index(p)].exp().mean())
            for p, s, e in zip(hyp.phones, hyp.start_frames, hyp.end_frames)
        ]
        cands = [
            self._candidate(v, lp, frame_seconds, duration, heard, hyp.start_frames, hyp.end_frames, confs)
            for v in (pron, *pron.variants)
        ]
        best = min(cands, key=lambda c: (c.n_errors, -c.accuracy))
        score = (
            th.weight_accuracy * best.accuracy
            + th.weight_completeness * best.completeness
            + th.weight_fluency * best.fluency
        ) / (th.weight_accuracy + th.weight_completeness + th.weight_fluency)
        reason = reason_ko = ""
        n = len(best.phones)
        error_share = sum(1 for p in best.phones if p.verdict != "correct") / n
        if not heard:
            reason, reason_ko = REASONS["no_speech"]
        elif not best.aligned:
            reason, reason_ko = REASONS["too_short"]
        elif sum(confs) / len(confs) < th.min_confidence:
            reason, reason_ko = REASONS["low_confidence"]
        elif best.completeness < th.min_completeness or (
            error_share > th.max_error_share and n * error_share >= th.min_mismatch_errors
        ):
            reason, reason_ko = REASONS["mismatch"]
        phones, insertions = best.phones, best.insertions
        if reason:
            phones = [
                replace(p, verdict="correct", heard=p.expected, message_ko="", message_en="") for p in phones
            ]
            insertions = []
            if not heard:
                score = 0.0
        return self._result(
            best.pron, sentence, "".join(heard), phones, insertions, score, best, reason, reason_ko, duration
        )

    # --- internals ----------------------------------------------------------------------

    def _unjudged(self, pron: Pronunciation, duration: float, reason: str, reason_ko: str) -> Assessment:
        phones = [
            PhoneVerdict(t.symbol, t.symbol, "correct", 0.0, t.syllable, None, None) for t in pron.phones
        ]
        cand = _Candidate(pron, phones, [], 0.0, 0.0, 0.0, 0.0, 0.0, False)
        return self._result(pron, pron.text, "", phones, [], 0.0, cand, reason, reason_ko, duration)

    def _result(
        self, pron, sentence, heard_ipa, phones, insertions, score, cand, reason, reason_ko, duration
    ):
        sylls = pron.syllables
        syllables = []
        for i, text in enumerate(sylls):
            mine = [p for p in phones if p.syllable == i]
            s = sum(p.score for p in mine) / len(mine) if mine else 100.0
            syllables.append(SyllableScore(i, text, s, all(p.verdict == "correct" for p in mine)))
        words = []
        for a, b in pron.word_spans:
            mine = [p for p in phones if a <= p.syllable < b]
            if not mine:
                continue
            words.append(WordScore("".join(sylls[a:b]), a, b, sum(p.score for p in mine) / len(mine)))
        return Assessment(
            sentence=sentence,
            pronunciation=pron.pronounced,
            ipa=pron.ipa,
            heard_ipa=heard_ipa,
            score=float(score),
            accuracy=float(cand.accuracy),
            completeness=float(cand.completeness),
            fluency=float(cand.fluency),
            speech_rate=float(cand.speech_rate),
            pause_seconds=float(cand.pause_seconds),
            phones=tuple(phones),
            insertions=tuple(insertions),
            syllables=tuple(syllables),
            words=tuple(words),
            reliable=not reason,
            reason=reason,
            reason_ko=reason_ko,
            duration=float(duration),
            audio_problems=(),
        )

    def _candidate(self, pron, lp, fs, duration, heard, h_starts, h_ends, confs) -> _Candidate:
        th = self.thresholds
        exp = list(pron.symbols)
        labels = self.vocabulary.encode(exp)
        ops = align(exp, heard)
        r2h = ref_to_hyp(ops, len(exp))
        try:
            segments = list(forced_align(lp, labels, self.vocabulary.blank).segments)
            aligned = True
        except AlignmentError:
            segments, aligned = [], False
        if aligned:
            gops = phone_gops(lp, labels, segments, th.gop_midpoint, th.gop_slope)
            times = phone_times(segments, fs, duration)
        else:
            gops = [PhoneGOP(-math.inf, 0.0, self.vocabulary.blank, math.inf, 0.0) for _ in exp]
            times = [(None, None)] * len(exp)
        notes, removed = rule_notes(pron)

        # 1. verdicts
        verdicts: list[tuple[str, str | None]] = []
        for i, e in enumerate(exp):
            g = gops[i]
            j = r2h[i]
            if j is None:
                verdicts.append(("correct", e) if g.score >= th.accept_score else ("deleted", None))
            elif heard[j] != e:
                verdicts.append(("correct", e) if g.score >= th.accept_score else ("substituted", heard[j]))
            elif (
                g.score < th.reject_score
                and g.competitor != self.vocabulary.blank
                and g.competitor_margin >= th.strong_margin
            ):
                verdicts.append(("substituted", self.vocabulary.symbols[g.competitor]))
            else:
                verdicts.append(("correct", e))

        # 2. messages
        messages: list[tuple[str, str]] = [("", "")] * len(exp)
        rules: list[str | None] = [n[-1].rule.name if n else None for n in notes]
        i = 0
        while i < len(exp):
            v, h = verdicts[i]
            nxt = exp[i + 1] if i + 1 < len(exp) else None
            if v == "substituted":
                note = next((n for n in notes[i] if n.without == h), None)
                if note:
                    rules[i] = note.rule.name
                messages[i] = diagnose.substitution(exp[i], h, note, nxt, exp[i - 1] if i else None)
            elif v == "deleted":
                k = i
                while k < len(exp) and verdicts[k][0] == "deleted":
                    k += 1
                if k - i >= MISSING_RUN:
                    syl = sorted({pron.phones[m].syllable for m in range(i, k)})
                    msg = diagnose.missing_part("".join(pron.syllables[s] for s in syl))
                    for m in range(i, k):
                        messages[m] = msg
                    i = k
                    continue
                note = next((n for n in notes[i] if n.without is None), None)
                if note:
                    rules[i] = note.rule.name
                tok = pron.phones[i]
                messages[i] = diagnose.deletion(exp[i], tok.slot, pron.syllables[tok.syllable], note)
            i += 1
        phones = [
            PhoneVerdict(
                expected=e,
                heard=verdicts[i][1],
                verdict=verdicts[i][0],
                score=float(gops[i].score),
                syllable=pron.phones[i].syllable,
                start=times[i][0],
                end=times[i][1],
                message_ko=messages[i][0],
                message_en=messages[i][1],
                rule=rules[i],
            )
            for i, e in enumerate(exp)
        ]

        # 3. insertions
        insertions: list[Insertion] = []
        last = -1
        for op in ops:
            if op.ref is not None:
                last = op.ref
                continue
            if op.op != INS:
                continue
            h = heard[op.hyp]
            before = exp[last] if last >= 0 else None
            after = exp[last + 1] if last + 1 < len(exp) else None
            if h in (before, after) or confs[op.hyp] < th.insertion_confidence:
                continue  # a lengthened neighbour, or too unsure to blame anyone
            note = next((n for n, sym in removed.get(last, []) if sym == h), None)
            heard_before = heard[op.hyp - 1] if op.hyp > 0 else None
            ko, en = diagnose.insertion(h, before, after, note, heard_before)
            insertions.append(
                Insertion(
                    heard=h,
                    after=last,
                    start=min(h_starts[op.hyp] * fs, duration),
                    end=min((h_ends[op.hyp] + 1) * fs, duration),
                    message_ko=ko,
                    message_en=en,
                )
            )

        # 4. sentence scores
        n = len(exp)
        accuracy = sum(p.score for p in phones) / (n + len(insertions))
        completeness = 100.0 * sum(1 for p in phones if p.verdict != "deleted") / n
        rate = pauses = 0.0
        fluency = 0.0
        if aligned:
            span = (segments[-1][1] + 1 - segments[0][0]) * fs
            rate = n / span if span > 0 else 0.0
            for (_, b), (a2, _) in zip(segments, segments[1:]):
                gap = (a2 - b - 1) * fs
                if gap > th.pause_min:
                    pauses += gap
            fluency = 100.0 * min(1.0, rate / th.fluent_rate) * math.exp(-pauses / th.pause_scale)
        return _Candidate(pron, phones, insertions, accuracy, completeness, fluency, rate, pauses, aligned)


def assess_file(
    path: str | Path, sentence: str, recognizer, thresholds: Thresholds | None = None
) -> Assessment:
    """Load an audio file and assess it (AudioError when the file cannot be read)."""
    return Assessor(recognizer, thresholds).assess(load_audio(path), sentence)
