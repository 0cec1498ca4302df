"""The result types of an assessment: immutable, printable, JSON-ready.

The CLI, the tests and the desktop app all read these. Times are seconds from the start of
the recording; syllable indices count Hangul syllables only (spaces and punctuation are not
counted), as :attr:`model.korean.Pronunciation.syllables` does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

WRONG = ("substituted", "deleted")  # the verdicts that blame the learner ("unsure" does not)
VERDICTS = ("correct", "unsure", *WRONG)


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


@dataclass(frozen=True)
class PhoneVerdict:
    """One canonical phone of the sentence and what became of it."""

    expected: str  # IPA symbol
    heard: str | None  # None when deleted
    verdict: str  # "correct" | "unsure" (in between: decide.unsure_phones) | "substituted" | "deleted"
    score: float  # 0–100 goodness of pronunciation
    syllable: int  # index into the sentence's Hangul syllables
    start: float | None  # seconds (forced alignment); None when there was no alignment
    end: float | None
    message_ko: str = ""  # what to do, in Korean ("" when correct) …
    message: str = ""  # … and in English (``message_text(lang)`` picks one, as reason/reason_ko do)
    rule: str | None = None  # G2P rule that produced this phone, if any
    slot: str = ""  # "onset", "nucleus" or "coda" of its syllable (PhoneToken.slot)

    @property
    def ok(self) -> bool:
        return self.verdict == "correct"

    @property
    def wrong(self) -> bool:
        return self.verdict in WRONG

    def message_text(self, lang: str = "ko") -> str:
        return self.message if lang == "en" else self.message_ko

    def to_dict(self, lang: str = "ko") -> dict[str, Any]:
        return {
            "expected": self.expected,
            "heard": self.heard,
            "verdict": self.verdict,
            "score": _r(self.score, 1),
            "syllable": self.syllable,
            "start": _r(self.start),
            "end": _r(self.end),
            "message": self.message_text(lang),
            "message_ko": self.message_ko,
            "message_en": self.message,
            "rule": self.rule,
            "slot": self.slot,
        }


@dataclass(frozen=True)
class Insertion:
    """A phone that was heard but is not in the sentence; ``after`` indexes phones (-1: before all)."""

    heard: str
    after: int
    start: float
    end: float
    message_ko: str = ""
    message: str = ""

    def message_text(self, lang: str = "ko") -> str:
        return self.message if lang == "en" else self.message_ko

    def to_dict(self, lang: str = "ko") -> dict[str, Any]:
        return {
            "heard": self.heard,
            "after": self.after,
            "start": _r(self.start),
            "end": _r(self.end),
            "message": self.message_text(lang),
            "message_ko": self.message_ko,
            "message_en": self.message,
        }


@dataclass(frozen=True)
class SyllableScore:
    index: int
    text: str  # the written syllable
    score: float  # mean score of its phones
    ok: bool  # no phone judged wrong
    unsure: bool = False  # … and one or more "unsure"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "score": _r(self.score, 1), "ok": self.ok,
                "unsure": self.unsure}  # fmt: skip


@dataclass(frozen=True)
class WordScore:
    text: str
    start: int  # syllable span [start, end)
    end: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "score": _r(self.score, 1)}


@dataclass(frozen=True)
class Assessment:
    """Everything the learner is told about one recording of one sentence.

    When ``reliable`` is False the evidence was too weak to judge (no speech, low model
    confidence, a recording of something else, audio too short for the sentence): every
    phone then has verdict "correct" (its score still from the acoustic evidence), no
    insertions are reported, and ``reason``/``reason_ko`` say why — the UI shows the phones
    neutral and the reason instead of blaming the learner. The sentence-level numbers
    (accuracy, completeness …) are still the measured ones.

    When ``cautious`` is True the recording was judged under the cautious rule (a voice,
    microphone or room the model knows less well, :func:`model.assess.decide.rule_for`): only
    substitutions that the recogniser's transcript and the forced alignment both point to
    are marked, no deletion or insertion is reported, and ``note``/``note_ko`` say so.
    """

    sentence: str
    pronunciation: str  # Hangul pronounced form of the chosen standard variant
    ipa: str  # its phones
    heard_ipa: str  # what the recogniser decoded
    score: float | None  # None when not judged (``reliable`` False): no score without a verdict
    accuracy: float
    completeness: float
    fluency: float
    speech_rate: float  # phones per second of speech
    pause_seconds: float  # total length of pauses inside the utterance
    phones: tuple[PhoneVerdict, ...]
    insertions: tuple[Insertion, ...]
    syllables: tuple[SyllableScore, ...]
    words: tuple[WordScore, ...]
    reliable: bool
    reason: str  # "" when reliable
    reason_ko: str
    duration: float  # seconds of audio
    audio_problems: tuple[str, ...] = ()  # warnings from model.audio.check_audio
    cautious: bool = False  # judged under the cautious rule (see above)
    note: str = ""  # why, when cautious
    note_ko: str = ""
    # What the recogniser decoded, aligned under the expected phones whatever the verdict (the
    # learner sees what was heard, not a copy of the target): its phone at each expected phone
    # (None: nothing heard there), and the phones it heard between them as (after index, phone).
    heard_aligned: tuple[str | None, ...] = ()
    heard_extra: tuple[tuple[int, str], ...] = ()

    def heard_at(self, index: int) -> str | None:
        """What the recogniser heard at expected phone ``index`` (None: nothing)."""
        if self.heard_aligned:
            return self.heard_aligned[index]
        return self.phones[index].heard  # a result built without the decoder's alignment

    @property
    def errors(self) -> tuple[PhoneVerdict, ...]:
        return tuple(p for p in self.phones if p.wrong)

    @property
    def unsure(self) -> tuple[PhoneVerdict, ...]:
        return tuple(p for p in self.phones if p.verdict == "unsure")

    def reason_text(self, lang: str = "ko") -> str:
        return self.reason if lang == "en" else self.reason_ko

    def note_text(self, lang: str = "ko") -> str:
        return self.note if lang == "en" else self.note_ko

    def to_dict(self, lang: str = "ko") -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "pronunciation": self.pronunciation,
            "ipa": self.ipa,
            "heard_ipa": self.heard_ipa,
            "score": _r(self.score, 1),
            "accuracy": _r(self.accuracy, 1),
            "completeness": _r(self.completeness, 1),
            "fluency": _r(self.fluency, 1),
            "speech_rate": _r(self.speech_rate, 2),
            "pause_seconds": _r(self.pause_seconds),
            "phones": [p.to_dict(lang) for p in self.phones],
            "insertions": [i.to_dict(lang) for i in self.insertions],
            "syllables": [s.to_dict() for s in self.syllables],
            "words": [w.to_dict() for w in self.words],
            "reliable": self.reliable,
            "reason": self.reason,
            "reason_ko": self.reason_ko,
            "duration": _r(self.duration),
            "audio_problems": list(self.audio_problems),
            "cautious": self.cautious,
            "note": self.note,
            "note_ko": self.note_ko,
            "heard_aligned": list(self.heard_aligned),
            "heard_extra": [list(x) for x in self.heard_extra],
        }

    def to_json(self, lang: str = "ko", indent: int | None = None) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)

    def marked(self, bracket: tuple[str, str] = ("[", "]")) -> str:
        """The sentence word by word with the syllables that hold an error in brackets: '[국]물이 좋아요'."""
        bad = {p.syllable for p in self.phones if p.wrong}
        text = {s.index: s.text for s in self.syllables}
        spans = [(w.start, w.end) for w in self.words] or [(0, len(self.syllables))]
        words = []
        for a, b in spans:
            words.append("".join(f"{bracket[0]}{text[i]}{bracket[1]}" if i in bad else text[i]
                                 for i in range(a, b) if i in text))  # fmt: skip
        return " ".join(w for w in words if w)

    def __str__(self) -> str:
        score = "–" if self.score is None else f"{self.score:.0f}"
        head = f"{self.sentence} [{self.pronunciation}] score {score}"
        if not self.reliable:
            head += f" (not judged: {self.reason})"
        elif self.cautious:
            head += " (judged cautiously: only clear errors marked)"
        return head
