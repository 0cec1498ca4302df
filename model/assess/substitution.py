"""Textual substitution: a native recording becomes a test of mispronunciation detection.

A native speaker reading a sentence correctly pronounced every phone of it; relative to a
copy of the sentence with **one syllable changed** so that its standard pronunciation
differs in exactly one phone, the same recording holds exactly that one error, at that
syllable. (The method of mispronunciation-detection research on native speech.) The
changes are the contrasts learners of Korean get wrong: an onset's phonation (ㄱ/ㅋ/ㄲ,
ㄷ/ㅌ/ㄸ, ㅂ/ㅍ/ㅃ, ㅈ/ㅊ/ㅉ, ㅅ/ㅆ), ㄴ/ㄹ, and the vowel pairs ㅓ/ㅗ, ㅡ/ㅜ, ㅏ/ㅓ, ㅣ/ㅡ, ㅕ/ㅛ.

A change counts only when the G2P says the two sentences differ in exactly one phone, in
the changed syllable, and no standard variant of one is a variant of the other (else the
"error" could not be heard).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from model.korean import G2PError, g2p
from model.korean.hangul import compose, decompose, is_hangul_syllable

ONSETS = ("ㄱㅋㄲ", "ㄷㅌㄸ", "ㅂㅍㅃ", "ㅈㅊㅉ", "ㅅㅆ", "ㄴㄹ")
VOWELS = ("ㅓㅗ", "ㅡㅜ", "ㅏㅓ", "ㅣㅡ", "ㅕㅛ")


@dataclass(frozen=True)
class Change:
    """The sentence with one syllable changed; the speaker said ``spoken`` where it expects ``expected``."""

    text: str  # the changed sentence (normalized Hangul)
    syllable: int  # index among the sentence's Hangul syllables
    original: str  # the syllable read
    changed: str  # the syllable written instead
    spoken: str  # phone said (IPA)
    expected: str  # phone the changed sentence expects


def _alternatives(letter: str, groups: tuple[str, ...]) -> list[str]:
    return [x for g in groups if letter in g for x in g if x != letter]


def _symbol_sets(pron) -> set[tuple[str, ...]]:
    return {p.symbols for p in (pron, *pron.variants)}


def changes_at(sentence: str, syllable: int) -> list[Change]:
    """Every valid one-phone change of the ``syllable``-th Hangul syllable of ``sentence``."""
    pron = g2p(sentence)
    chars = list(pron.normalized)
    where = [i for i, c in enumerate(chars) if is_hangul_syllable(c)]
    pos = where[syllable]
    onset, vowel, coda = decompose(chars[pos])
    candidates = [compose(x, vowel, coda) for x in _alternatives(onset, ONSETS)]
    candidates += [compose(onset, x, coda) for x in _alternatives(vowel, VOWELS)]
    before = _symbol_sets(pron)
    out = []
    for new in candidates:
        text = "".join(chars[:pos] + [new] + chars[pos + 1 :])
        try:
            alt = g2p(text)
        except G2PError:
            continue
        a, b = pron.symbols, alt.symbols
        if len(a) != len(b) or _symbol_sets(alt) & before:
            continue
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diff) != 1:
            continue
        i = diff[0]
        if pron.phones[i].syllable != syllable or alt.phones[i].syllable != syllable:
            continue
        out.append(Change(text, syllable, chars[pos], new, a[i], b[i]))
    return out


def pick_changes(sentence: str, n: int, seed: int = 0) -> list[Change]:
    """Up to ``n`` changes of ``sentence``, each in a different syllable, chosen reproducibly."""
    rng = random.Random(f"{seed}:{sentence}")
    syllables = list(range(len(g2p(sentence).syllables)))
    rng.shuffle(syllables)
    out: list[Change] = []
    for k in syllables:
        if len(out) >= n:
            break
        options = changes_at(sentence, k)
        if options:
            out.append(rng.choice(options))
    return sorted(out, key=lambda c: c.syllable)
