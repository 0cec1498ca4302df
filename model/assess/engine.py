"""The assessor: recording + sentence → :class:`~model.assess.result.Assessment`.

For each standard pronunciation of the sentence (the G2P's main one and its variants, so
맛있다 said [마딛따] is as right as [마싣따]):

1. gather the **evidence** (:mod:`.evidence`): the phones heard by the recogniser (greedy
   CTC decoding) aligned with the expected ones, the expected phones forced-aligned to the
   frames with each one's goodness of pronunciation and contrast margin;
2. **decide** each phone and score the sentence under :class:`Thresholds` (:mod:`.decide`),
   under the stricter cautious rule when the decoder and the sentence agree less than on a
   voice the model knows (``cautious=True``, with a note in English and Korean).

The variant with the fewest errors (then the highest accuracy) is kept, its errors are
**diagnosed** and explained (:mod:`.diagnose`). Then the result is checked for
**reliability** (:func:`.decide.reliability`): no speech, audio that fails
:func:`model.audio.check_audio`, too few frames for the sentence, a low mean posterior of
the decoded phones, too little agreement between decoder and sentence for the model to be
trusted on this voice, or a recording that does not match the sentence give
``reliable=False`` with a reason in English and Korean; such a result marks **no** phone
wrong — every verdict is "correct" (scores stay the acoustic ones) and no insertion is
listed — because blaming a learner on evidence that weak does more harm than saying nothing.

Thresholds: those given, else the ones calibrated for the recogniser's checkpoint
(``metadata["thresholds"]``, written by ``python -m training.calibrate --write``), else
the defaults.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from torch import Tensor

from model.acoustic.recognizer import Recognition, decode
from model.acoustic.vocab import Vocabulary, default_vocabulary
from model.audio import SAMPLE_RATE, AudioError, check_audio, load_audio
from model.korean import RULE_NAMES, G2PError, Pronunciation, g2p

from . import diagnose
from .align import DEL, INS, SUB, align
from .decide import Judgement, judge_recording, overall, reliability
from .diagnose import MISSING_RUN, RuleNote
from .evidence import gather
from .forced_align import phone_times
from .result import Assessment, Insertion, PhoneVerdict, SyllableScore, WordScore
from .thresholds import Thresholds

REASONS = {  # key → (Korean, English), as every bilingual pair here
    "no_speech": (
        "녹음에서 말소리가 들리지 않았어요.",
        "No speech was heard in the recording.",
    ),
    "too_short": (
        "이 문장을 말하기에는 녹음이 너무 짧아요.",
        "The recording is too short for this sentence.",
    ),
    "low_confidence": (
        "인식기가 들은 소리를 확신하지 못해서 (잡음, 먼 마이크 등) 발음을 판정하지 않았어요.",
        "The recogniser is not sure what it heard (noise, a distant microphone or an unusual "
        "voice), so the phones were not judged.",
    ),
    "unfamiliar": (
        "문장의 소리 중 예상대로 인식된 것이 너무 적어서, 이 목소리를 공정하게 판정할 수 없어요. "
        "모델이 아직 이 목소리나 마이크, 방의 소리에 익숙하지 않아 발음을 판정하지 않았어요.",
        "Too few of the sentence's sounds were recognised as expected for the model to judge this "
        "voice fairly: it does not know this voice, microphone or room well enough yet, so the "
        "phones were not judged.",
    ),
    "mismatch": (
        "녹음이 이 문장과 맞지 않는 것 같아서 발음을 판정하지 않았어요.",
        "The recording does not seem to be this sentence, so the phones were not judged.",
    ),
    "other_text": (
        "이 문장을 읽은 것 같지 않아요. 들린 소리가 문장과 너무 적게 맞거나, 문장보다 훨씬 많은 말이 "
        "들어 있어요. 판정하지 않았고 점수도 저장하지 않았어요. 이 문장만 또렷하게 녹음해 주세요.",
        "This does not sound like the sentence: what was heard matches it too little, or holds far more "
        "speech than it. Nothing was judged and no score was kept. Record just this sentence, clearly.",
    ),
    "audio": ("녹음을 평가할 수 없어요. 다시 녹음해 주세요.", ""),
}
CAUTIOUS_NOTE = (
    "모델이 이 목소리나 마이크, 방의 소리에 아직 덜 익숙해서 확실한 오류만 표시했어요 "
    "(두 가지 검사 모두에서 다른 소리로 들린 경우). 소리 하나가 빠지거나 더 들어간 것은 판정하지 않았어요. "
    "조용한 곳에서 마이크를 가까이 하거나, 선생님 목소리 적응(교사 메뉴)을 하면 더 자세히 알려 드릴 수 있어요.",
    "The model knows this voice, microphone or room less well, so only clear errors are marked "
    "(a sound heard as another one by both of its checks); single missing or extra sounds are not judged. "
    "A quieter room, a closer microphone or a teacher's voice adaptation (Teacher menu) gives finer feedback.",
)


def _audio_reason_ko(message: str) -> str:
    if message.startswith("No speech"):
        return (
            "말소리가 들리지 않았어요. 마이크가 선택되어 있고 음소거가 아닌지 확인한 뒤 다시 녹음해 주세요."
        )
    if "too short" in message:
        return "녹음이 너무 짧아요. 문장 전체를 다시 녹음해 주세요."
    if "too long" in message:
        return "녹음이 너무 길어요. 한 번에 한 문장씩 녹음해 주세요."
    return REASONS["audio"][0]


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
            forms = pron.without_rule(r.name)  # recorded by the G2P: no second run
            if not forms:
                continue
            aligned = [(syms, align(exp, list(syms))) for syms in forms]
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


def decoded_alignment(
    evidence, heard: list[str]
) -> tuple[tuple[str | None, ...], tuple[tuple[int, str], ...]]:
    """The decoder's phones under the expected ones, and those it heard in between (after index, phone)."""
    extra, last = [], -1
    for op in evidence.ops:
        if op.ref is not None:
            last = op.ref
        elif op.op == INS:
            extra.append((last, heard[op.hyp]))
    return tuple(p.heard for p in evidence.phones), tuple(extra)


class Assessor:
    """Assess recordings of sentences with one recogniser."""

    def __init__(
        self, recognizer, thresholds: Thresholds | None = None, *, vocabulary: Vocabulary | None = None
    ):
        self.recognizer = recognizer
        self.thresholds = thresholds or Thresholds.for_recognizer(recognizer)
        if vocabulary is None:
            vocabulary = recognizer.vocabulary if recognizer is not None else default_vocabulary()
        self.vocabulary = vocabulary

    # --- entry points -------------------------------------------------------------------

    def assess(self, waveform: np.ndarray, sentence: str) -> Assessment:
        """Assess a 16 kHz mono waveform. Raises G2PError for a sentence the G2P rejects;
        audio that cannot be assessed (silence, too short, too long) gives reliable=False."""
        pron = pronunciation_of(sentence)
        x = np.asarray(waveform, dtype=np.float32).reshape(-1)
        duration = x.size / SAMPLE_RATE
        try:
            check = check_audio(x, max_seconds=self.thresholds.max_seconds)
        except AudioError as e:
            return self._unjudged(pron, duration, str(e), _audio_reason_ko(str(e)))
        if self.recognizer is None:
            raise ValueError("this Assessor has no recognizer; use assess_log_probs")
        result = self.assess_recognition(self.recognizer.recognize(x), sentence)
        return replace(result, audio_problems=check.problems)

    def judgement(
        self, log_probs: Tensor, frame_seconds: float, pron: Pronunciation, heard, confs
    ) -> Judgement:
        """The standard variant of ``pron`` the speaker came closest to, all judged under one tier."""
        th = self.thresholds
        lp = log_probs.detach().float().cpu()
        evidences = [gather(lp, self.vocabulary, v, heard, th.gop_midpoint, th.gop_slope)
                     for v in (pron, *pron.variants)]  # fmt: skip
        return judge_recording(evidences, heard, confs, frame_seconds, th, self.vocabulary)

    def assess_log_probs(
        self, log_probs: Tensor, frame_seconds: float, sentence: str, duration: float
    ) -> Assessment:
        """Assess the network output (T', C) for ``sentence`` (tests build these by hand)."""
        return self.assess_recognition(decode(log_probs, self.vocabulary, frame_seconds, duration), sentence)

    def assess_recognition(self, rec: Recognition, sentence: str) -> Assessment:
        """Assess what the recogniser made of a recording (its phones, times, confidences and
        log-probabilities, taken as they are) for ``sentence``."""
        th = self.thresholds
        pron = pronunciation_of(sentence)
        heard, confs = list(rec.phones), list(rec.confidences)
        frame_seconds, duration = rec.frame_seconds, rec.duration
        best = self.judgement(rec.log_probs, frame_seconds, pron, heard, confs)
        score = overall(best, th)
        key = reliability(best, heard, confs, th)
        reason_ko, reason = REASONS[key] if key else ("", "")
        phones, insertions = self._explained(best, rec)
        if key:
            phones = [
                replace(p, verdict="correct", heard=p.expected, message_ko="", message="") for p in phones
            ]
            insertions = []
            score = None  # nothing judged, so nothing scored (every view shows "–" and the reason)
        result = self._result(
            best.evidence.pron, sentence, "".join(heard), phones, insertions, score, best, reason, reason_ko,
            duration,
        )  # fmt: skip
        aligned, extra = decoded_alignment(best.evidence, heard)
        result = replace(result, heard_aligned=aligned, heard_extra=extra)
        if best.cautious and not key:
            result = replace(result, cautious=True, note_ko=CAUTIOUS_NOTE[0], note=CAUTIOUS_NOTE[1])
        return result

    # --- internals ----------------------------------------------------------------------

    def _unjudged(self, pron: Pronunciation, duration: float, reason: str, reason_ko: str) -> Assessment:
        phones = [
            PhoneVerdict(t.symbol, t.symbol, "correct", 0.0, t.syllable, None, None, slot=t.slot)
            for t in pron.phones
        ]
        result = self._result(pron, pron.text, "", phones, [], None, None, reason, reason_ko, duration)
        return replace(result, heard_aligned=(None,) * len(phones))  # nothing was recognised

    def _result(
        self, pron, sentence, heard_ipa, phones, insertions, score, judged, reason, reason_ko, duration
    ):
        sylls = pron.syllables
        syllables = []
        for i, text in enumerate(sylls):
            mine = [p for p in phones if p.syllable == i]
            s = sum(p.score for p in mine) / len(mine) if mine else 100.0
            ok = not any(p.wrong for p in mine)
            syllables.append(SyllableScore(i, text, s, ok, ok and any(p.verdict == "unsure" for p in mine)))
        words = []
        for a, b in pron.word_spans:
            mine = [p for p in phones if a <= p.syllable < b]
            if not mine:
                continue
            words.append(WordScore("".join(sylls[a:b]), a, b, sum(p.score for p in mine) / len(mine)))
        j = judged
        return Assessment(
            sentence=sentence,
            pronunciation=pron.pronounced,
            ipa=pron.ipa,
            heard_ipa=heard_ipa,
            score=None if score is None else float(score),
            accuracy=float(j.accuracy) if j else 0.0,
            completeness=float(j.completeness) if j else 0.0,
            fluency=float(j.fluency) if j else 0.0,
            speech_rate=float(j.speech_rate) if j else 0.0,
            pause_seconds=float(j.pause_seconds) if j else 0.0,
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

    @staticmethod
    def _times(j: Judgement, fs: float, duration: float) -> list[tuple[float | None, float | None]]:
        if not j.evidence.aligned:
            return [(None, None)] * len(j.verdicts)
        return phone_times(j.evidence.segments, fs, duration)

    def _explained(self, j: Judgement, rec: Recognition):
        """The judged phones and insertions with their diagnoses (Korean and English)."""
        pron = j.evidence.pron
        exp = list(pron.symbols)
        verdicts = j.verdicts
        times = self._times(j, rec.frame_seconds, rec.duration)
        notes, removed = rule_notes(pron)
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
            elif v == "unsure":
                messages[i] = diagnose.unsure(exp[i], h, pron.syllables[pron.phones[i].syllable])
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
                score=float(j.evidence.phones[i].gop.score),
                syllable=pron.phones[i].syllable,
                start=times[i][0],
                end=times[i][1],
                message_ko=messages[i][0],
                message=messages[i][1],
                rule=rules[i],
                slot=pron.phones[i].slot,
            )
            for i, e in enumerate(exp)
        ]
        insertions = []
        heard = rec.phones
        for k, last in j.insertions:
            h = heard[k]
            before = exp[last] if last >= 0 else None
            after = exp[last + 1] if last + 1 < len(exp) else None
            note = next((n for n, sym in removed.get(last, []) if sym == h), None)
            ko, en = diagnose.insertion(h, before, after, note, heard[k - 1] if k > 0 else None)
            insertions.append(
                Insertion(
                    heard=h,
                    after=last,
                    start=rec.starts[k],
                    end=rec.ends[k],
                    message_ko=ko,
                    message=en,
                )
            )
        return phones, insertions


def assess_file(
    path: str | Path, sentence: str, recognizer, thresholds: Thresholds | None = None
) -> Assessment:
    """Load an audio file and assess it (AudioError when the file cannot be read)."""
    return Assessor(recognizer, thresholds).assess(load_audio(path), sentence)
