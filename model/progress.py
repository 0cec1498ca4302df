"""Progress by sound: from the judged phones in the history, how often each sound went wrong,
recently and before, day by day.

Why only judged phones: an attempt the engine did not judge, and a phone it was "not sure"
about, say nothing about the learner, so they are not counted (the history keeps no phones of
an unjudged attempt; "unsure" rows are skipped here). Why evidence and not a percentage: two
attempts with one error is not "50% wrong", so a rate is shown only once ``MIN_JUDGED``
occurrences back it, and a trend only when the recent window and everything before it differ
by more than chance (a two-proportion z-test at ``TREND_Z``). Otherwise the answer is "too little to
tell", with the counts.

A *sound* is one phone (ㄱ [k]), a contrast learners confuse (ㄱ ㅋ ㄲ in onsets, ㅓ/ㅗ, ㅡ/ㅜ),
the codas (받침), or a pronunciation rule (비음화, 경음화 …: the phones the rule produced).
ㅐ/ㅔ is not one: the model's inventory merges them, as Seoul speech does (model/phones.py).

The history sums the judged phones per sound and day as it keeps them (``sound_days``), so
progress reads one row per sound and day however long the history: a year of 10,000 attempts
is summarised in milliseconds (``make bench``).
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from model.korean.state import NAMES_KO
from model.phones import PHONES, phone

MIN_JUDGED = 12  # judged occurrences before a rate is shown
WINDOW = 30  # "recent": the newest whole days holding at least this many judged occurrences
TREND_Z = 1.96  # a trend is reported only beyond chance (two-sided 5%)
#: A sound is called weak only when even the lower 95% (Wilson) bound of its recent error rate
#: is above this: twice the share of a native speaker's phones the calibrated verdicts mark
#: wrong (false rejection at most 2.5%, docs/verdicts.md), so the model's own slips are not
#: sent to practice.
WEAK_FLOOR = 0.05


@dataclass(frozen=True)
class Sound:
    key: str  # "phone:k", "contrast:k", "codas", "rule:nasalisation"
    kind: str  # "phone", "contrast", "coda" or "rule"
    label_ko: str
    label_en: str
    phones: tuple[str, ...] = ()  # the phones it covers (for practice); () for a rule

    def label(self, lang: str = "ko") -> str:
        return self.label_ko if lang == "ko" else self.label_en


_CONTRASTS = (
    (("k", "kʰ", "k͈"), "onset"), (("t", "tʰ", "t͈"), "onset"), (("p", "pʰ", "p͈"), "onset"),
    (("tɕ", "tɕʰ", "t͈ɕ"), "onset"), (("s", "s͈"), "onset"), (("ʌ", "o"), ""), (("ɯ", "u"), ""),
)  # fmt: skip
_RULES_EN = {"tensification": "tensing", "nasalisation": "nasalisation", "lateralisation": "lateralisation"}


def _build() -> tuple[dict[str, Sound], dict[str, tuple[str, str]]]:
    sounds: dict[str, Sound] = {}
    contrast_of: dict[str, tuple[str, str]] = {}  # phone → (key, slot it counts in, "" for any)
    for p in PHONES:
        sounds[f"phone:{p.symbol}"] = Sound(f"phone:{p.symbol}", "phone", f"{p.letter} [{p.symbol}]",
                                            f"{p.letter} [{p.symbol}]", (p.symbol,))  # fmt: skip
    for group, slot in _CONTRASTS:
        letters = [phone(s).letter for s in group]
        sep = " " if slot else "/"
        key = f"contrast:{group[0]}"
        where_ko, where_en = ("(첫소리)", " (onsets)") if slot else ("", "")
        sounds[key] = Sound(key, "contrast", sep.join(letters) + where_ko,
                            sep.join(letters) + where_en, group)  # fmt: skip
        for s in group:
            contrast_of[s] = (key, slot)
    sounds["codas"] = Sound("codas", "coda", "받침 (끝소리)", "codas (final consonants)",
                            tuple(p.symbol for p in PHONES if p.is_consonant))  # fmt: skip
    for name, ko in NAMES_KO.items():
        en = _RULES_EN.get(name, name.replace("_", " "))
        sounds[f"rule:{name}"] = Sound(f"rule:{name}", "rule", ko, f"{en} ({ko})")
    return sounds, contrast_of


SOUNDS, _CONTRAST_OF = _build()


def sounds_of(symbol: str, slot: str, rule: str) -> tuple[str, ...]:
    """The keys of the sounds one phone counts for."""
    keys = [f"phone:{symbol}"]
    contrast = _CONTRAST_OF.get(symbol)
    if contrast and contrast[1] in ("", slot):
        keys.append(contrast[0])
    if slot == "coda":
        keys.append("codas")
    if rule and f"rule:{rule}" in SOUNDS:
        keys.append(f"rule:{rule}")
    return tuple(keys)


@dataclass(frozen=True)
class DayCount:
    day: float  # local midnight, seconds since the epoch
    judged: int
    wrong: int

    @property
    def rate(self) -> float:
        return self.wrong / self.judged if self.judged else 0.0


@dataclass(frozen=True)
class SoundProgress:
    """One sound's record: all time, the recent window and everything before it, and per day."""

    sound: Sound
    judged: int
    wrong: int
    recent_judged: int
    recent_wrong: int
    earlier_judged: int
    earlier_wrong: int
    days: tuple[DayCount, ...]  # oldest first

    @property
    def enough(self) -> bool:
        return self.recent_judged >= MIN_JUDGED

    @property
    def recent_rate(self) -> float | None:
        """The error rate over the recent window; None when there is too little to tell."""
        return self.recent_wrong / self.recent_judged if self.enough else None

    @property
    def lower_bound(self) -> float:
        """The Wilson 95% lower bound of the recent error rate (0 with nothing judged)."""
        n = self.recent_judged
        if n == 0:
            return 0.0
        p, z = self.recent_wrong / n, 1.96
        centre = p + z * z / (2 * n)
        spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        return max(0.0, (centre - spread) / (1 + z * z / n))

    @property
    def trend(self) -> str:
        """ "better", "worse", "steady" (no difference beyond chance) or "too little" (to tell)."""
        n1, n2 = self.recent_judged, self.earlier_judged
        if n1 < MIN_JUDGED or n2 < MIN_JUDGED:
            return "too little"
        p1, p2 = self.recent_wrong / n1, self.earlier_wrong / n2
        pooled = (self.recent_wrong + self.earlier_wrong) / (n1 + n2)
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        if se == 0 or abs(p1 - p2) / se < TREND_Z:
            return "steady"
        return "better" if p1 < p2 else "worse"

    def summary(self, lang: str = "ko") -> str:
        """The evidence in words: counts always, a rate only when there is enough of them."""
        ko = lang == "ko"
        n, w = self.recent_judged, self.recent_wrong
        if not self.enough:
            return SUMMARY["little"][0 if ko else 1].format(n=n, w=w)
        text = SUMMARY["recent"][0 if ko else 1].format(n=n, w=w, rate=round(100 * w / n))
        if self.trend != "too little":
            text += SUMMARY[self.trend][0 if ko else 1]
            text += SUMMARY["earlier"][0 if ko else 1].format(n=self.earlier_judged, w=self.earlier_wrong)
        return text


#: The words of :meth:`SoundProgress.summary`, Korean first.
SUMMARY = {
    "little": (
        "판단하기에 아직 부족해요 (채점된 {n}번 중 {w}번 틀림)",
        "too little to tell yet ({w} wrong of {n} judged)",
    ),
    "recent": ("최근 {n}번 중 {w}번 틀림 ({rate}%)", "{w} wrong of the last {n} ({rate}%)"),
    "better": (", 이전보다 좋아졌어요", ", better than before"),
    "worse": (", 이전보다 나빠졌어요", ", worse than before"),
    "steady": (", 이전과 비슷해요", ", about as before"),
    "earlier": (" — 이전 {n}번 중 {w}번", " — {w} of {n} earlier"),
}


@dataclass(frozen=True)
class Progress:
    sounds: tuple[SoundProgress, ...]  # every sound practised at least once, in SOUNDS order
    judged_phones: int

    def get(self, key: str) -> SoundProgress | None:
        return next((s for s in self.sounds if s.sound.key == key), None)

    @property
    def telling(self) -> bool:
        """Some sound has enough judged occurrences to tell anything."""
        return any(s.enough for s in self.sounds)

    def weakest(self, n: int = 3, kind: str = "phone") -> tuple[SoundProgress, ...]:
        """The ``n`` sounds of ``kind`` with the highest recent error rate, among those with
        enough evidence whose rate is surely above ``WEAK_FLOOR`` (none when nothing stands out)."""
        ranked = [s for s in self.sounds if s.sound.kind == kind and s.enough and s.lower_bound > WEAK_FLOOR]
        ranked.sort(key=lambda s: (-(s.recent_rate or 0.0), -s.recent_judged))
        return tuple(ranked[:n])


def _windows(days: list[DayCount]) -> tuple[int, int, int, int]:
    """(recent judged, wrong, earlier judged, wrong): recent is the newest whole days holding at
    least ``WINDOW`` judged occurrences, earlier is every day before them."""
    recent = [0, 0]
    k = len(days)
    while k > 0 and recent[0] < WINDOW:
        k -= 1
        recent[0] += days[k].judged
        recent[1] += days[k].wrong
    return recent[0], recent[1], sum(d.judged for d in days[:k]), sum(d.wrong for d in days[:k])


def midnight(day: int) -> float:
    """Local midnight of a day kept by the history (:func:`model.history.local_day`)."""
    return time.mktime(date.fromordinal(day).timetuple())


def progress(history) -> Progress:
    """The progress by sound in ``history`` (a :class:`model.history.History`, or anything with
    ``connection()``); empty when the history is off or can't be read."""
    db = history.connection()
    if db is None:
        return Progress((), 0)
    try:
        rows = db.execute("SELECT sound, day, judged, wrong FROM sound_days ORDER BY sound, day").fetchall()
    except sqlite3.Error:
        return Progress((), 0)
    per_sound: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for key, day, n, w in rows:
        per_sound[key].append((day, n, w))
    midnights = {d: midnight(d) for d in {d for days in per_sound.values() for d, _, _ in days}}
    total = 0  # every judged phone counts for exactly one "phone:" sound
    out = []
    for key, sound in SOUNDS.items():
        if key not in per_sound:
            continue
        days = [DayCount(midnights[d], n, w) for d, n, w in per_sound[key]]
        if sound.kind == "phone":
            total += sum(d.judged for d in days)
        judged, wrong_n = sum(d.judged for d in days), sum(d.wrong for d in days)
        out.append(SoundProgress(sound, judged, wrong_n, *_windows(days), tuple(days)))
    return Progress(tuple(out), total)
