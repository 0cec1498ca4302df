"""'Practise my weak sounds': a short session built from what the history says is weak.

For each of the learner's weakest sounds (:meth:`model.progress.Progress.weakest`), the
sentences of the lesson lists (and the teacher's) that hold that phone in the *contexts where
it was missed* (its place in the syllable and the rule that made it: ㄱ as an onset after
된소리되기 is not ㄱ in a coda), most such places first; then the minimal pairs of real words
from ``assets/minimal_pairs.tsv`` that contrast it (달 탈 딸). The session is a
:class:`~model.sentences.Lesson`, so the app shows and assesses it like any other, and every
attempt feeds the progress back.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from model.assess.result import WRONG
from model.assets import asset
from model.korean import G2PError, g2p
from model.phones import tokenize
from model.progress import Progress, SoundProgress
from model.sentences import Lesson, Sentence

SENTENCES_PER_SOUND = 3
PAIRS_PER_SOUND = 2


@dataclass(frozen=True)
class MinimalSet:
    """Real words that differ in one sound, each with its standard pronunciation."""

    words: tuple[str, ...]
    pronounced: tuple[str, ...]
    ipa: tuple[str, ...]
    meaning_en: str
    meaning_ko: str

    @property
    def contrasted(self) -> frozenset[str]:
        """The phones in which its words differ (t, tʰ, t͈ for 달 탈 딸)."""
        words = [tokenize(w) for w in self.ipa]
        if len({len(w) for w in words}) != 1:
            return frozenset()
        return frozenset(s for column in zip(*words) if len(set(column)) > 1 for s in column)

    def as_sentence(self) -> Sentence:
        return Sentence(
            " ".join(self.words), self.meaning_en, f"{self.meaning_ko} · [{' '.join(self.pronounced)}]"
        )


@cache
def minimal_sets() -> tuple[MinimalSet, ...]:
    with asset("minimal_pairs.tsv").open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return tuple(
            MinimalSet(tuple(r["words"].split()), tuple(r["pronounced"].split()), tuple(r["ipa"].split()),
                       r["meaning_en"], r["meaning_ko"])
            for r in rows
        )  # fmt: skip


def missed_contexts(history, symbol: str) -> Counter[tuple[str, str]]:
    """How often ``symbol`` was judged wrong per (slot, rule): where the learner misses it."""
    db = history.connection()
    if db is None:
        return Counter()
    marks = ", ".join("?" * len(WRONG))
    rows = db.execute(
        f"SELECT slot, rule, COUNT(*) FROM phones WHERE phone = ? AND verdict IN ({marks}) GROUP BY slot, rule",
        (symbol, *WRONG),
    ).fetchall()
    return Counter({(slot, rule): n for slot, rule, n in rows})


@cache
def _places(text: str) -> tuple[tuple[str, str, str], ...]:
    """(phone, slot, rule) of every phone of a sentence, the rule as the assessment names it
    (:func:`model.assess.engine.rule_notes`, what the history keeps); () when it cannot be read."""
    from model.assess.engine import rule_notes

    try:
        pr = g2p(text)
    except G2PError:
        return ()
    notes, _ = rule_notes(pr)
    return tuple((t.symbol, t.slot, n[-1].rule.name if n else "") for t, n in zip(pr.phones, notes))


def _matches(sentence: Sentence, symbol: str, contexts: Counter[tuple[str, str]]) -> int:
    """The sentence's occurrences of ``symbol`` in contexts where it was missed, each weighted by
    how often it was missed there (every occurrence counts 1 when no context is known)."""
    places = [(slot, rule) for s, slot, rule in _places(sentence.g2p_input()) if s == symbol]
    return sum(contexts[p] for p in places) if contexts else len(places)


@dataclass(frozen=True)
class PracticeSession:
    lesson: Lesson  # what to read, in order
    weak: tuple[SoundProgress, ...]  # the sounds it was built for

    def __bool__(self) -> bool:
        return bool(self.lesson.sentences)


def practice_session(progress: Progress, history, sentences: Iterable[Sentence]) -> PracticeSession:
    """A session for the three weakest sounds (none when there is too little to tell)."""
    pool = list({s.text: s for s in sentences}.values())
    weak = progress.weakest(3)
    chosen: dict[str, Sentence] = {}
    for sp in weak:
        symbol = sp.sound.phones[0]
        contexts = missed_contexts(history, symbol)
        ranked = sorted(((_matches(s, symbol, contexts), -i) for i, s in enumerate(pool)), reverse=True)
        picks = [pool[-i] for n, i in ranked if n > 0 and pool[-i].text not in chosen][:SENTENCES_PER_SOUND]
        pairs = [m.as_sentence() for m in minimal_sets() if symbol in m.contrasted]
        pairs = [p for p in pairs if p.text not in chosen][:PAIRS_PER_SOUND]
        for s in picks + pairs:
            why = sp.sound.label("en")
            chosen[s.text] = Sentence(
                s.text, s.translation, f"{why} · {s.note}" if s.note else why, s.pronunciation
            )
    labels = ", ".join(sp.sound.label_ko for sp in weak)
    labels_en = ", ".join(sp.sound.label_en for sp in weak)
    lesson = Lesson(
        "practice",
        f"약한 소리 연습: {labels}",
        f"Practise my weak sounds: {labels_en}",
        tuple(chosen.values()),
    )
    return PracticeSession(lesson, weak)
