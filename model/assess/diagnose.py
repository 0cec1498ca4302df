"""What went wrong and what to do about it, in Korean and English.

Every message is built from the phones' features (:mod:`model.phones`) and, where the
expected phone comes from a rule of 표준 발음법, from the G2P's rule provenance. The
families, most specific first:

- a pronunciation rule not applied: the heard phone is what the spelling gives without the
  rule (``g2p(text, skip_rules={rule})``) — "국물 [궁물]: ㄱ before ㅁ is said [ŋ] (비음화,
  표준 발음법 제18항) — you said [k].";
- phonation (lenis / aspirated / tense): "ㅋ is aspirated: release it with a strong puff of
  air — you said a plain ㄱ.";
- flap vs lateral ㄹ; nasal vs oral; other place and manner changes;
- vowels: height, backness, rounding, a glide added or left out;
- a dropped coda, a dropped onset or vowel, a run of dropped phones ("this part was not
  said");
- an inserted vowel (ㅡ epenthesis) and other insertions.

Korean messages put the variable part after a colon ("들린 소리: ㄱ [k]") so no particle
has to agree with a symbol.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.articulation.captions import caption, changes
from model.korean import RuleApplication
from model.phones import Phone, phone

Message = tuple[str, str]  # (ko, en)

RULE_EN = {
    "palatalisation": "palatalisation",
    "aspiration": "aspiration",
    "h_deletion": "silent ㅎ",
    "n_insertion": "ㄴ insertion",
    "liaison": "linking",
    "tensification": "tensing",
    "cluster_simplification": "cluster simplification",
    "coda_neutralisation": "final-consonant rule",
    "nasalisation": "nasalisation",
    "lateralisation": "lateralisation",
    "vowel_simplification": "vowel simplification",
}

PHONATION_EN = {
    "lenis": "plain (lenis): release it gently, with a little breath and no tension",
    "aspirated": "aspirated: release it with a strong puff of air",
    "tense": "tense: tighten the throat and release it sharply, with no puff of air",
}
PHONATION_KO = {
    "lenis": "예사소리예요: 힘을 빼고 숨을 약하게 내보내며 부드럽게 떼세요",
    "aspirated": "거센소리예요: 숨을 세게 내보내며 터뜨리세요",
    "tense": "된소리예요: 목을 긴장시키고 숨 없이 짧고 단단하게 터뜨리세요",
}
PHONATION_HEARD_EN = {"lenis": "a plain", "aspirated": "an aspirated", "tense": "a tense"}
PHONATION_HEARD_KO = {"lenis": "예사소리", "aspirated": "거센소리", "tense": "된소리"}

PLACE_EN = {
    "bilabial": "with both lips",
    "alveolar": "with the tongue tip on the gum ridge",
    "alveolo-palatal": "with the tongue blade just behind the gum ridge",
    "velar": "with the back of the tongue against the soft palate",
    "glottal": "in the throat",
}
PLACE_KO = {
    "bilabial": "두 입술로",
    "alveolar": "혀끝을 윗잇몸에 대고",
    "alveolo-palatal": "혓바닥을 윗잇몸 뒤 입천장에 대고",
    "velar": "혀 뒤쪽을 여린입천장에 대고",
    "glottal": "목구멍에서",
}

#: Consecutive deleted phones from which a span is reported as "not said".
MISSING_RUN = 3


def name(symbol: str) -> str:
    """'ㄱ [k]'; glides, which have no letter of their own, as 'glide [j]'."""
    p = phone(symbol)
    if p.is_glide:
        return f"glide [{symbol}]"
    return f"{p.letter} [{symbol}]"


def name_ko(symbol: str) -> str:
    p = phone(symbol)
    if p.is_glide:
        return f"반모음 [{symbol}]"
    return f"{p.letter} [{symbol}]"


@dataclass(frozen=True)
class RuleNote:
    """A rule that made a canonical phone what it is, and what the spelling alone would give."""

    rule: RuleApplication
    without: str | None  # the phone there without the rule; None when the rule added the phone
    word: str = ""  # the written words of the rule's span and their pronunciation: "국물 [궁물]"


def _how(symbol: str, lang: str) -> str:
    return caption(symbol, None, lang)


def _rule_label(r: RuleApplication) -> tuple[str, str]:
    en = RULE_EN.get(r.name, r.name.replace("_", " "))
    return f"{r.name_ko}, 표준 발음법 {r.article}", f"{en}: {r.name_ko}, 표준 발음법 {r.article}"


def rule_not_applied(
    note: RuleNote,
    expected: str | None,
    heard: str | None,
    next_symbol: str | None,
    prev_symbol: str | None = None,
) -> Message:
    """The learner said what the spelling gives, not what the rule makes of it."""
    r = note.rule
    word = note.word or f"{r.before} [{r.after}]"
    lab_ko, lab_en = _rule_label(r)
    if expected is None:  # the rule removes a sound that the learner said
        return (
            f"{word}: {lab_ko}에 따라 {name_ko(heard)} 소리를 내지 않아요 — 들린 소리: [{heard}]",
            f"{word}: {name(heard)} is not pronounced here ({lab_en}) — you said [{heard}].",
        )
    if heard is None:  # the rule adds a sound that the learner left out
        return (
            f"{word}: {lab_ko}에 따라 {name_ko(expected)} 소리를 더해 발음해요 — 이 소리가 빠졌어요",
            f"{word}: an extra {name(expected)} is said here ({lab_en}) — you left it out.",
        )
    spelled = phone(note.without).letter if note.without else phone(expected).letter
    # the conditioning neighbour: a following consonant (국물: ㄱ before ㅁ), else a preceding one
    ctx_en = ctx_ko = ""
    if next_symbol and phone(next_symbol).is_consonant:
        ctx_en, ctx_ko = f" before {phone(next_symbol).letter}", f" {phone(next_symbol).letter} 앞에서"
    elif prev_symbol and phone(prev_symbol).is_consonant:
        ctx_en, ctx_ko = f" after {phone(prev_symbol).letter}", f" {phone(prev_symbol).letter} 뒤에서"
    return (
        f"{word}:{ctx_ko} {spelled} 소리는 [{expected}] 소리로 발음해요 ({lab_ko}) — 들린 소리: [{heard}]",
        f"{word}: {spelled}{ctx_en} is said [{expected}] ({lab_en}) — you said [{heard}].",
    )


def _vowel_kind(p: Phone) -> str:
    if p.is_glide:
        return "glide"
    r = "rounded" if p.rounded else "unrounded"
    return f"{p.height} {p.backness} {r} vowel"


def substitution(
    expected: str,
    heard: str,
    note: RuleNote | None = None,
    next_symbol: str | None = None,
    prev_symbol: str | None = None,
) -> Message:
    """``heard`` was said where ``expected`` belongs (between ``prev_symbol`` and ``next_symbol``)."""
    if note is not None and note.without == heard:
        return rule_not_applied(note, expected, heard, next_symbol, prev_symbol)
    e, h = phone(expected), phone(heard)
    you_en = f"you said {name(heard)}"
    you_ko = f"들린 소리: {name_ko(heard)}"
    if e.is_consonant and h.is_consonant:
        if (
            e.place == h.place
            and e.manner == h.manner
            and e.phonation != h.phonation
            and e.phonation in PHONATION_EN
        ):
            heard_kind_en = PHONATION_HEARD_EN.get(h.phonation, "a")
            heard_kind_ko = PHONATION_HEARD_KO.get(h.phonation, "")
            return (
                f"{name_ko(expected)}: {PHONATION_KO[e.phonation]} — 들린 소리: {heard_kind_ko} {name_ko(heard)}",
                f"{name(expected)} is {PHONATION_EN[e.phonation]} — you said {heard_kind_en} {name(heard)}.",
            )
        if {e.manner, h.manner} == {"tap", "lateral"}:
            if e.manner == "tap":
                return (
                    "모음 앞의 ㄹ [ɾ]은 혀끝으로 윗잇몸을 한 번 가볍게 치는 소리예요 — 혀를 붙인 채 끌지 마세요. "
                    "들린 소리: 받침 ㄹ [l]",
                    "ㄹ before a vowel is a tap [ɾ]: flick the tongue tip once against the gum ridge, "
                    "don't hold it — you said a held [l].",
                )
            return (
                "받침 ㄹ과 ㄹㄹ [l]은 혀끝을 윗잇몸에 붙인 채 혀 옆으로 소리를 내요 — 들린 소리: 튀기는 [ɾ]",
                "ㄹ at the end of a syllable (and ㄹㄹ) is a lateral [l]: keep the tongue tip on the gum "
                "ridge — you said a tap [ɾ].",
            )
        if (e.manner == "nasal") != (h.manner == "nasal") and e.place == h.place:
            if e.manner == "nasal":
                return (
                    f"{name_ko(expected)}: 콧소리예요 — 입을 막은 채 코로 소리를 내보내세요. {you_ko}",
                    f"{name(expected)} is nasal: keep the mouth closed and let the sound out through "
                    f"the nose — {you_en}.",
                )
            return (
                f"{name_ko(expected)}: 콧소리가 아니에요 — 코로 새지 않게 막았다가 터뜨리세요. {you_ko}",
                f"{name(expected)} is not nasal: block the nose and release the sound through the "
                f"mouth — {you_en}.",
            )
        if e.place != h.place and e.manner == h.manner and e.phonation == h.phonation:
            return (
                f"{name_ko(expected)}: {PLACE_KO[e.place]} 내는 소리예요 — {you_ko} ({PLACE_KO[h.place]} 낸 소리)",
                f"{name(expected)} is made {PLACE_EN[e.place]} — {you_en}, made {PLACE_EN[h.place]}.",
            )
        return (
            f"{caption(expected, heard, 'ko')} — {you_ko}",
            f"{caption(expected, heard, 'en')} — {you_en}.",
        )
    if not e.is_consonant and not h.is_consonant:
        ko, en = changes(e, h, ko=True), changes(e, h, ko=False)
        if not ko:
            ko, en = [_how(expected, "ko")], [_how(expected, "en")]
        return (
            f"{name_ko(expected)}: " + ", ".join(ko) + f" — {you_ko}",
            f"{name(expected)} is a {_vowel_kind(e)}: " + ", ".join(en) + f" — {you_en}.",
        )
    return (
        f"{name_ko(expected)} 자리에 {name_ko(heard)} 소리가 났어요: {_how(expected, 'ko')}",
        f"{name(heard)} was said where {name(expected)} belongs: {_how(expected, 'en')}.",
    )


def deletion(expected: str, slot: str, syllable_text: str, note: RuleNote | None = None) -> Message:
    """``expected`` (in ``slot`` of ``syllable_text``) was not heard."""
    if note is not None and note.without is None:
        return rule_not_applied(note, expected, None, None)
    how_ko, how_en = _how(expected, "ko"), _how(expected, "en")
    if slot == "coda":
        return (
            f"{syllable_text}의 받침 {name_ko(expected)} 소리가 빠졌어요: 음절을 이 소리로 닫으세요. {how_ko}",
            f"The final {name(expected)} of {syllable_text} was dropped: close the syllable with it. {how_en}.",
        )
    where_ko = "첫소리" if slot == "onset" else "모음"
    where_en = "first sound" if slot == "onset" else "vowel"
    return (
        f"{syllable_text}의 {where_ko} {name_ko(expected)} 소리가 들리지 않았어요: {how_ko}",
        f"The {where_en} {name(expected)} of {syllable_text} was not heard: {how_en}.",
    )


def unsure(expected: str, heard: str, syllable_text: str) -> Message:
    """The evidence for ``expected`` was in between: it may have sounded like ``heard``."""
    return (
        f"{syllable_text}의 {name_ko(expected)}: 확실하지 않아요. {name_ko(heard)}처럼 들렸을 수도 있어요. "
        "본보기 소리를 듣고 다시 말해 보세요.",
        f"{syllable_text}, {name(expected)}: not sure. It may have sounded like {name(heard)}. "
        "Listen to the model and say it again.",
    )


def missing_part(text: str) -> Message:
    """A run of phones that were not said at all."""
    return (f"이 부분을 말하지 않았어요: {text}", f"This part was not said: {text}.")


def insertion(
    heard: str,
    before: str | None,
    after: str | None,
    note: RuleNote | None = None,
    heard_before: str | None = None,
) -> Message:
    """``heard`` was said between the expected phones ``before`` and ``after`` (None at the
    ends); ``heard_before`` is the phone heard just before it, if any."""
    if note is not None:
        return rule_not_applied(note, None, heard, None)
    h = phone(heard)
    prev = heard_before if heard_before is not None else before
    if heard == "ɯ" and prev is not None and phone(prev).is_consonant:
        # ㅡ epenthesis: a consonant released into a vowel (학교 said [하크꾜])
        where_en = f" after {phone(prev).letter}"
        where_ko = f"{phone(prev).letter} 뒤에 "
        return (
            f"{where_ko}모음 ㅡ [ɯ] 소리를 덧붙였어요: 모음을 넣지 말고 자음으로 끝내세요 (터뜨리지 말고 닫은 채로).",
            f"An extra vowel ㅡ [ɯ] was added{where_en}: end on the consonant without releasing "
            "it into a vowel.",
        )
    where_en = f" after {name(before)}" if before else (f" before {name(after)}" if after else "")
    where_ko = f"{name_ko(before)} 뒤에 " if before else (f"{name_ko(after)} 앞에 " if after else "")
    kind_en = "vowel" if not h.is_consonant else "sound"
    kind_ko = "모음을" if not h.is_consonant else "자음을"
    return (
        f"{where_ko}없는 {kind_ko} 덧붙였어요: {name_ko(heard)}",
        f"An extra {kind_en} {name(heard)} was heard{where_en}.",
    )
