"""The public entry: Korean text → standard pronunciation (Hangul and IPA phones)."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

from .. import phones as _phones
from .errors import G2PError
from .normalize import PAUSE, Normalized, normalize
from .result import PhoneToken, Pronunciation
from .rules import State, applicable_options, derive
from .tables import RULE_NAMES

_T = _phones.TENSE_MARK
_CONSONANT_LETTERS = {
    letter: p.symbol
    for p in _phones.PHONES
    if p.is_consonant
    for letter in p.hangul
    if letter not in ("ㄹ", "ㅇ")
}
ONSET = {**_CONSONANT_LETTERS, "ㄹ": "ɾ"}
CODA = {**_CONSONANT_LETTERS, "ㄹ": "l", "ㅇ": "ŋ"}
_SIMPLE = {"ㅏ": "a", "ㅓ": "ʌ", "ㅗ": "o", "ㅜ": "u", "ㅡ": "ɯ", "ㅣ": "i", "ㅔ": "e", "ㅐ": "e"}
#: Diphthongs are a glide followed by a simple vowel; ㅚ is [we] and ㅟ is [wi].
VOWEL: dict[str, tuple[str, ...]] = {
    **{k: (v,) for k, v in _SIMPLE.items()},
    "ㅑ": ("j", "a"),
    "ㅕ": ("j", "ʌ"),
    "ㅛ": ("j", "o"),
    "ㅠ": ("j", "u"),
    "ㅒ": ("j", "e"),
    "ㅖ": ("j", "e"),
    "ㅘ": ("w", "a"),
    "ㅙ": ("w", "e"),
    "ㅚ": ("w", "e"),
    "ㅝ": ("w", "ʌ"),
    "ㅞ": ("w", "e"),
    "ㅟ": ("w", "i"),
    "ㅢ": ("ɰ", "i"),
}
_CLUSTER_LETTERS = {
    "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ",
    "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ",
}  # fmt: skip
assert all(s in _phones.SYMBOLS for s in (*ONSET.values(), *CODA.values())), "phone table out of date"
assert all(s in _phones.SYMBOLS for v in VOWEL.values() for s in v)


def _phones_of(st: State) -> tuple[PhoneToken, ...]:
    out: list[PhoneToken] = []
    for i, s in enumerate(st.syls):
        if s.onset != "ㅇ":
            lateral = s.onset == "ㄹ" and i > 0 and st.bounds[i - 1] != PAUSE and st.syls[i - 1].coda == "ㄹ"
            out.append(PhoneToken("l" if lateral else ONSET[s.onset], i, "onset"))
        for v in VOWEL[s.vowel]:
            out.append(PhoneToken(v, i, "nucleus"))
        # After the rules a coda is one of ㄱㄴㄷㄹㅁㅂㅇ; a skipped rule can leave any letter,
        # which is then said as written (a learner who releases ㅅ in 옷, or says both of ㄺ).
        for letter in _CLUSTER_LETTERS.get(s.coda, s.coda):
            out.append(PhoneToken(CODA[letter], i, "coda"))
    return tuple(out)


def _pronounced(norm: Normalized, st: State) -> str:
    chars = list(norm.normalized)
    for pos, s in zip(norm.positions, st.syls):
        chars[pos] = s.text
    return "".join(chars)


def _build(
    text: str, norm: Normalized, st: State, variants: tuple[Pronunciation, ...] = (), without: tuple = ()
) -> Pronunciation:
    return Pronunciation(
        text=text,
        normalized=norm.normalized,
        pronounced=_pronounced(norm, st),
        phones=_phones_of(st),
        rules=tuple(st.applied),
        variants=variants,
        word_spans=norm.word_spans,
        phrase_spans=norm.phrase_spans,
        readings=norm.readings,
        without_rules=without,
    )


def _without_rules(norm: Normalized, st: State, skip: frozenset[str]) -> tuple:
    """For each rule that changed the text, the phones of its pronunciations (main and variants)
    with that rule left out: what the spelling gives there, so that a diagnosis can name the rule
    behind a phone without asking the G2P again."""
    out = []
    for name in dict.fromkeys(r.name for r in st.applied if r.name in RULE_NAMES):
        alt = derive(norm, skip | {name})
        forms = [_phones_of(alt)] + [
            _phones_of(derive(norm, skip | {name}, {o})) for o in applicable_options(alt)
        ]
        out.append((name, tuple(dict.fromkeys(tuple(p.symbol for p in f) for f in forms))))
    return tuple(out)


def g2p(text: str, *, skip_rules: Collection[str] = ()) -> Pronunciation:
    """Standard pronunciation of `text`.

    `skip_rules` names rules (see RULE_NAMES) not to apply, to synthesise a learner who does
    not apply them. Raises G2PError for text that cannot be read (Latin letters, emoji …).
    """
    unknown = set(skip_rules) - set(RULE_NAMES)
    if unknown:
        raise ValueError(f"unknown rule name(s) {sorted(unknown)}; known: {', '.join(RULE_NAMES)}")
    return _g2p(text, frozenset(skip_rules))


@lru_cache(maxsize=4096)
def _g2p(text: str, skip: frozenset[str]) -> Pronunciation:
    norm = normalize(text)
    st = derive(norm, skip)
    without = _without_rules(norm, st, skip)
    main = _build(text, norm, st)
    variants: list[Pronunciation] = []
    seen = {main.pronounced}
    for option in applicable_options(st):
        v = _build(text, norm, derive(norm, skip, {option}), without=without)
        if v.pronounced not in seen:
            seen.add(v.pronounced)
            variants.append(v)
    return _build(text, norm, st, tuple(variants), without)


__all__ = ["g2p", "G2PError", "Pronunciation", "PhoneToken", "RULE_NAMES"]
