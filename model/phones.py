"""The phone inventory: every IPA symbol SpeechFeedback uses, once, with its features.

Why phonemic and not allophonic: a learner is told which *Korean sound* they made, and a
Korean speaker hears ㄱ in 가 and in 아기 as one sound even though the second is voiced
[g]. So voicing allophones ([b d g dʑ]), the flap/lateral split inside a word apart, and
the unreleased codas are not separate symbols. What *is* kept apart is what changes
meaning: the three-way phonation contrast of stops and affricates (lenis p, aspirated pʰ,
tense p͈), s/s͈, and the liquid as a tap ɾ (onset) or a lateral l (coda and geminate ㄹㄹ),
since learners of Korean most often get exactly those wrong. ㅐ and ㅔ are merged into e
as in modern Seoul speech; ㅚ and ㅟ are the diphthongs [we] and [wi]; diphthongs are a
glide (j, w, ɰ) followed by a vowel, so the model learns 10 glide+vowel combinations from
3 + 7 symbols.

Everything else reads this table: the G2P emits only these symbols, the acoustic
vocabulary is built from them, the diagrams and messages read their features from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

TENSE_MARK = "\u0348"  # combining double vertical line below: p͈ t͈ k͈ s͈ t͈ɕ


@dataclass(frozen=True)
class Phone:
    """One phone and what a learner and the software need to know about it."""

    symbol: str
    kind: str  # "consonant", "vowel" or "glide"
    hangul: tuple[str, ...]  # the letter(s) it is written with
    # consonants
    place: str | None = None  # bilabial, alveolar, alveolo-palatal, velar, glottal
    manner: str | None = None  # stop, affricate, fricative, nasal, tap, lateral
    phonation: str | None = None  # lenis, aspirated, tense, voiced (sonorants)
    # vowels (glides: the vowel they glide from)
    height: str | None = None  # high, mid, low
    backness: str | None = None  # front, central, back
    rounded: bool | None = None
    description_ko: str = ""
    description_en: str = ""

    @property
    def is_consonant(self) -> bool:
        return self.kind == "consonant"

    @property
    def is_vowel(self) -> bool:
        return self.kind == "vowel"

    @property
    def is_glide(self) -> bool:
        return self.kind == "glide"

    @property
    def letter(self) -> str:
        """The Hangul letter learners know this phone by."""
        return self.hangul[0]


def _c(symbol, hangul, place, manner, phonation, ko, en) -> Phone:
    return Phone(symbol, "consonant", tuple(hangul), place, manner, phonation,
                 description_ko=ko, description_en=en)  # fmt: skip


def _v(symbol, hangul, height, backness, rounded, ko, en, kind="vowel") -> Phone:
    return Phone(symbol, kind, tuple(hangul), height=height, backness=backness,
                 rounded=rounded, description_ko=ko, description_en=en)  # fmt: skip


T = TENSE_MARK
PHONES: tuple[Phone, ...] = (
    # stops: lenis / aspirated / tense
    _c("p", "ㅂ", "bilabial", "stop", "lenis",
       "두 입술을 붙였다가 약하게 터뜨리는 예사소리", "lips closed, then released gently (plain)"),
    _c("pʰ", "ㅍ", "bilabial", "stop", "aspirated",
       "두 입술을 붙였다가 숨을 세게 내보내는 거센소리", "lips closed, released with a strong puff of air"),
    _c(f"p{T}", "ㅃ", "bilabial", "stop", "tense",
       "두 입술과 목을 긴장시켜 숨 없이 터뜨리는 된소리", "lips closed, throat tense, released with no air"),
    _c("t", "ㄷ", "alveolar", "stop", "lenis",
       "혀끝을 윗잇몸에 붙였다가 약하게 떼는 예사소리", "tongue tip on the gum ridge, released gently"),
    _c("tʰ", "ㅌ", "alveolar", "stop", "aspirated",
       "혀끝을 윗잇몸에 붙였다가 숨을 세게 내보내는 거센소리",
       "tongue tip on the gum ridge, released with a strong puff of air"),
    _c(f"t{T}", "ㄸ", "alveolar", "stop", "tense",
       "혀끝을 윗잇몸에 붙이고 목을 긴장시켜 숨 없이 떼는 된소리",
       "tongue tip on the gum ridge, throat tense, released with no air"),
    _c("k", "ㄱ", "velar", "stop", "lenis",
       "혀 뒤쪽을 여린입천장에 붙였다가 약하게 떼는 예사소리",
       "back of the tongue on the soft palate, released gently"),
    _c("kʰ", "ㅋ", "velar", "stop", "aspirated",
       "혀 뒤쪽을 여린입천장에 붙였다가 숨을 세게 내보내는 거센소리",
       "back of the tongue on the soft palate, released with a strong puff of air"),
    _c(f"k{T}", "ㄲ", "velar", "stop", "tense",
       "혀 뒤쪽을 여린입천장에 붙이고 목을 긴장시켜 숨 없이 떼는 된소리",
       "back of the tongue on the soft palate, throat tense, released with no air"),
    # affricates
    _c("tɕ", "ㅈ", "alveolo-palatal", "affricate", "lenis",
       "혓바닥을 잇몸 뒤 입천장에 붙였다가 약하게 마찰시키는 예사소리",
       "tongue blade behind the gum ridge, released gently with friction"),
    _c("tɕʰ", "ㅊ", "alveolo-palatal", "affricate", "aspirated",
       "혓바닥을 잇몸 뒤 입천장에 붙였다가 숨을 세게 내보내는 거센소리",
       "tongue blade behind the gum ridge, released with friction and a strong puff of air"),
    _c(f"t{T}ɕ", "ㅉ", "alveolo-palatal", "affricate", "tense",
       "혓바닥을 잇몸 뒤 입천장에 붙이고 목을 긴장시켜 숨 없이 떼는 된소리",
       "tongue blade behind the gum ridge, throat tense, released with no air"),
    # fricatives
    _c("s", "ㅅ", "alveolar", "fricative", "lenis",
       "혀끝을 윗잇몸에 가까이 대고 바람을 약하게 내보내는 소리",
       "tongue tip near the gum ridge, a soft breathy hiss"),
    _c(f"s{T}", "ㅆ", "alveolar", "fricative", "tense",
       "혀끝을 윗잇몸에 가까이 대고 목을 긴장시켜 날카롭게 내는 된소리",
       "tongue tip near the gum ridge, throat tense, a sharp hiss"),
    _c("h", "ㅎ", "glottal", "fricative", "lenis",
       "목구멍을 열고 숨을 내보내는 소리", "open throat, breath through the glottis"),
    # sonorants
    _c("m", "ㅁ", "bilabial", "nasal", "voiced",
       "입술을 닫고 코로 소리를 내보내는 콧소리", "lips closed, sound through the nose"),
    _c("n", "ㄴ", "alveolar", "nasal", "voiced",
       "혀끝을 윗잇몸에 대고 코로 소리를 내보내는 콧소리",
       "tongue tip on the gum ridge, sound through the nose"),
    _c("ŋ", "ㅇ", "velar", "nasal", "voiced",
       "혀 뒤쪽을 여린입천장에 대고 코로 내는 받침 ㅇ 소리",
       "back of the tongue on the soft palate, sound through the nose (final ㅇ)"),
    _c("ɾ", "ㄹ", "alveolar", "tap", "voiced",
       "혀끝으로 윗잇몸을 한 번 가볍게 치는 소리 (모음 사이·첫소리 ㄹ)",
       "tongue tip taps the gum ridge once (ㄹ before a vowel)"),
    _c("l", "ㄹ", "alveolar", "lateral", "voiced",
       "혀끝을 윗잇몸에 붙인 채 혀 옆으로 소리를 내는 소리 (받침 ㄹ, ㄹㄹ)",
       "tongue tip held on the gum ridge, air past its sides (final ㄹ, ㄹㄹ)"),
    # vowels (ㅐ/ㅔ merged)
    _v("a", "ㅏ", "low", "central", False, "입을 크게 벌리는 ㅏ", "mouth wide open, as in 'father'"),
    _v("ʌ", "ㅓ", "mid", "back", False,
       "입을 조금 벌리고 입술을 둥글게 하지 않는 ㅓ", "half-open, lips not rounded (not like ㅗ)"),
    _v("o", "ㅗ", "mid", "back", True, "입술을 둥글게 오므리는 ㅗ", "lips rounded and pushed forward"),
    _v("u", "ㅜ", "high", "back", True, "입술을 작고 둥글게 내미는 ㅜ", "lips tightly rounded, tongue high and back"),
    _v("ɯ", "ㅡ", "high", "back", False,
       "입술을 옆으로 펴고 혀를 뒤로 올리는 ㅡ", "lips spread, tongue high and back (no rounding)"),
    _v("i", "ㅣ", "high", "front", False, "입술을 옆으로 펴고 혀를 앞으로 올리는 ㅣ", "lips spread, tongue high and front"),
    _v("e", ("ㅔ", "ㅐ"), "mid", "front", False,
       "입을 반쯤 벌리고 혀를 앞으로 하는 ㅔ/ㅐ", "half-open, tongue front, as in 'bed' (ㅔ and ㅐ)"),
    # glides
    _v("j", ("ㅑ", "ㅕ", "ㅛ", "ㅠ", "ㅖ", "ㅒ"), "high", "front", False,
       "ㅣ 자리에서 빠르게 다음 모음으로 미끄러지는 반모음", "a quick 'y' glide from ㅣ into the vowel",
       kind="glide"),
    _v("w", ("ㅘ", "ㅝ", "ㅙ", "ㅞ", "ㅚ", "ㅟ"), "high", "back", True,
       "ㅜ/ㅗ 자리에서 빠르게 다음 모음으로 미끄러지는 반모음", "a quick 'w' glide from ㅜ into the vowel",
       kind="glide"),
    _v("ɰ", ("ㅢ",), "high", "back", False,
       "ㅡ 자리에서 ㅣ로 미끄러지는 반모음", "a quick glide from ㅡ into ㅣ (as in ㅢ)", kind="glide"),
)  # fmt: skip
del T

BY_SYMBOL: dict[str, Phone] = {p.symbol: p for p in PHONES}
SYMBOLS: tuple[str, ...] = tuple(p.symbol for p in PHONES)
CONSONANTS = tuple(p.symbol for p in PHONES if p.is_consonant)
VOWELS = tuple(p.symbol for p in PHONES if p.is_vowel)
GLIDES = tuple(p.symbol for p in PHONES if p.is_glide)


class UnknownPhoneError(ValueError):
    """An IPA string holds a symbol outside the inventory."""


def phone(symbol: str) -> Phone:
    try:
        return BY_SYMBOL[symbol]
    except KeyError:
        raise UnknownPhoneError(f"'{symbol}' is not in the phone inventory") from None


_BY_LENGTH = sorted(SYMBOLS, key=len, reverse=True)


def tokenize(ipa: str) -> list[str]:
    """Split an IPA string into inventory symbols by longest match; spaces are ignored."""
    out: list[str] = []
    i = 0
    while i < len(ipa):
        if ipa[i].isspace():
            i += 1
            continue
        for sym in _BY_LENGTH:
            if ipa.startswith(sym, i):
                out.append(sym)
                i += len(sym)
                break
        else:
            raise UnknownPhoneError(f"'{ipa[i]}' at position {i} of '{ipa}' is not in the phone inventory")
    return out


def join(symbols: list[str] | tuple[str, ...], sep: str = "") -> str:
    """Join symbols back into an IPA string (``tokenize(join(x)) == x`` for inventory symbols)."""
    for s in symbols:
        phone(s)
    return sep.join(symbols)


_PLACES = ("bilabial", "alveolar", "alveolo-palatal", "velar", "glottal")
_HEIGHTS = ("high", "mid", "low")
_BACKNESS = ("front", "central", "back")
_OBSTRUENT = {"stop", "affricate", "fricative"}


def _ordinal(values: tuple[str, ...], a: str, b: str) -> float:
    return abs(values.index(a) - values.index(b)) / (len(values) - 1)


@cache
def distance(a: str, b: str) -> float:
    """Articulatory distance in [0, 1]: 0 for the same phone, 1 for a consonant vs a vowel.

    Weighs what a listener hears as "close": a phonation change (ㄱ→ㅋ, 0.25) is nearer
    than a place change (ㄱ→ㄷ) and far nearer than a manner change (ㄱ→ㅁ); among vowels,
    rounding (ㅓ→ㅗ) is nearer than height and backness together (ㅓ→ㅣ).
    """
    if a == b:
        return 0.0
    pa, pb = phone(a), phone(b)
    if pa.is_consonant != pb.is_consonant:
        return 1.0
    if pa.is_consonant:
        d = 0.0
        if pa.place != pb.place:
            d += 0.2 + 0.15 * _ordinal(_PLACES, pa.place, pb.place)
        if pa.manner != pb.manner:
            same_class = (pa.manner in _OBSTRUENT) == (pb.manner in _OBSTRUENT)
            liquids = {pa.manner, pb.manner} == {"tap", "lateral"}
            d += 0.15 if liquids else (0.3 if same_class else 0.45)
        if pa.phonation != pb.phonation:
            d += 0.25
        return min(d, 1.0)
    d = 0.0
    if pa.kind != pb.kind:  # glide vs vowel
        d += 0.4
    d += 0.35 * _ordinal(_HEIGHTS, pa.height, pb.height)
    d += 0.3 * _ordinal(_BACKNESS, pa.backness, pb.backness)
    if pa.rounded != pb.rounded:
        d += 0.2
    return min(d, 1.0)
