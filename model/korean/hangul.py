"""Hangul syllables ↔ jamo.

Every rule of 표준 발음법 is stated over letters (초성, 중성, 종성), so the G2P works on
decomposed syllables and composes them back only to show the pronounced form. Compatibility
jamo (ㄱ, ㅏ, ㄳ …) are used throughout because they are the letters people read.
"""

from __future__ import annotations

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3

CHOSEONG: tuple[str, ...] = tuple("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
JUNGSEONG: tuple[str, ...] = tuple("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")
JONGSEONG: tuple[str, ...] = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

SILENT_ONSET = "ㅇ"

#: 겹받침 and their two letters.
CLUSTERS: dict[str, tuple[str, str]] = {
    "ㄳ": ("ㄱ", "ㅅ"),
    "ㄵ": ("ㄴ", "ㅈ"),
    "ㄶ": ("ㄴ", "ㅎ"),
    "ㄺ": ("ㄹ", "ㄱ"),
    "ㄻ": ("ㄹ", "ㅁ"),
    "ㄼ": ("ㄹ", "ㅂ"),
    "ㄽ": ("ㄹ", "ㅅ"),
    "ㄾ": ("ㄹ", "ㅌ"),
    "ㄿ": ("ㄹ", "ㅍ"),
    "ㅀ": ("ㄹ", "ㅎ"),
    "ㅄ": ("ㅂ", "ㅅ"),
}

_CHO_INDEX = {c: i for i, c in enumerate(CHOSEONG)}
_JUNG_INDEX = {c: i for i, c in enumerate(JUNGSEONG)}
_JONG_INDEX = {c: i for i, c in enumerate(JONGSEONG)}


def is_hangul_syllable(ch: str) -> bool:
    """True for one precomposed syllable 가–힣 (U+AC00–U+D7A3)."""
    return len(ch) == 1 and SYLLABLE_FIRST <= ord(ch) <= SYLLABLE_LAST


def is_jamo(ch: str) -> bool:
    """True for a lone Hangul letter (compatibility or conjoining jamo), which is not a syllable."""
    cp = ord(ch)
    return (
        0x3131 <= cp <= 0x318E or 0x1100 <= cp <= 0x11FF or 0xA960 <= cp <= 0xA97F or 0xD7B0 <= cp <= 0xD7FF
    )


def decompose(syllable: str) -> tuple[str, str, str]:
    """'닭' → ('ㄷ', 'ㅏ', 'ㄺ'); the onset of a vowel-initial syllable is 'ㅇ', a missing coda ''."""
    if not is_hangul_syllable(syllable):
        raise ValueError(f"'{syllable}' is not a Hangul syllable")
    index = ord(syllable) - SYLLABLE_FIRST
    onset, rest = divmod(index, 21 * 28)
    vowel, coda = divmod(rest, 28)
    return CHOSEONG[onset], JUNGSEONG[vowel], JONGSEONG[coda]


def compose(onset: str, vowel: str, coda: str = "") -> str:
    """('ㄷ', 'ㅏ', 'ㄺ') → '닭'. Raises ValueError for letters that cannot stand in that slot."""
    try:
        index = (_CHO_INDEX[onset] * 21 + _JUNG_INDEX[vowel]) * 28 + _JONG_INDEX[coda]
    except KeyError:
        raise ValueError(f"cannot compose a syllable from {onset!r} {vowel!r} {coda!r}") from None
    return chr(SYLLABLE_FIRST + index)


def jamo_name_syllable(letter: str) -> str:
    """A readable syllable for a lone letter: a consonant with ㅡ (ㅋ → 크), a vowel with ㅇ (ㅏ → 아)."""
    if letter in _CHO_INDEX:
        return compose(letter, "ㅡ")
    if letter in _JUNG_INDEX:
        return compose(SILENT_ONSET, letter)
    return letter
