"""Captions and instructions in Korean and English: what to do with the tongue, lips and air."""

from __future__ import annotations

from functools import cache

from model.phones import PHONES, Phone, phone

from .geometry import ArticulationError
from .poses import articulation_for

# ---------------------------------------------------------------------------------------------
# captions


def _ko_consonant(p: Phone) -> str:
    place, manner, ph = p.place, p.manner, p.phonation
    if manner == "tap":
        return "혀끝으로 윗잇몸을 한 번 가볍게 치세요"
    if manner == "lateral":
        return "혀끝을 윗잇몸에 붙인 채 혀 양옆으로 소리를 내보내세요"
    if place == "glottal":
        return "목구멍을 열고 숨을 내보내세요"
    if manner == "nasal":
        where = {
            "bilabial": "두 입술을 닫고",
            "alveolar": "혀끝을 윗잇몸에 붙이고",
            "velar": "혀 뒤쪽을 여린입천장에 붙이고",
        }
        return f"{where[place]} 코로 소리를 내보내세요"
    if manner == "fricative":
        how = {
            "lenis": "바람을 약하게 내보내세요",
            "tense": "목을 긴장시켜 날카롭게 내보내세요",
            "aspirated": "숨을 세게 내보내세요",
        }
        return f"혀끝을 윗잇몸에 가까이 대고 좁은 틈으로 {how[ph]}"
    start = {
        "bilabial": "두 입술을 붙였다가 떼면서",
        "alveolar": "혀끝을 윗잇몸에 붙였다가 떼면서",
        "alveolo-palatal": "혓바닥을 잇몸 뒤 입천장에 붙였다가 살짝 떼면서",
        "velar": "혀 뒤쪽을 여린입천장에 붙였다가 떼면서",
    }[place]
    how = {
        "lenis": "숨을 약하게 내보내세요",
        "aspirated": "숨을 세게 내보내세요",
        "tense": "목을 긴장시켜 숨 없이 단단하게 내세요",
    }
    return f"{start} {how[ph]}"


def _en_consonant(p: Phone) -> str:
    place, manner, ph = p.place, p.manner, p.phonation
    if manner == "tap":
        return "Flick the tongue tip once, lightly, against the gum ridge"
    if manner == "lateral":
        return "Hold the tongue tip on the gum ridge and let the sound flow out past its sides"
    if place == "glottal":
        return "Open the throat and let the breath out"
    if manner == "nasal":
        where = {
            "bilabial": "Close both lips",
            "alveolar": "Touch the tongue tip to the gum ridge",
            "velar": "Raise the back of the tongue to the soft palate",
        }
        return f"{where[place]} and let the sound out through the nose"
    if manner == "fricative":
        how = {
            "lenis": "softly",
            "tense": "sharply, with a tense throat",
            "aspirated": "with a strong breath",
        }
        return f"Bring the tongue tip close to the gum ridge and hiss through the narrow gap, {how[ph]}"
    start = {
        "bilabial": "Close both lips and release them",
        "alveolar": "Touch the tongue tip to the gum ridge and release it",
        "alveolo-palatal": "Press the tongue blade just behind the gum ridge and release it with friction",
        "velar": "Press the back of the tongue against the soft palate and release it",
    }[place]
    how = {
        "lenis": "gently, with little air",
        "aspirated": "with a strong puff of air",
        "tense": "with a tense throat and no puff of air",
    }
    joiner = " and " if place == "alveolo-palatal" and ph == "aspirated" else " "
    return f"{start}{joiner}{how[ph]}"


_KO_OPEN = {"high": "입을 조금만 벌리고", "mid": "입을 반쯤 벌리고", "low": "입을 크게 벌리고"}
_EN_OPEN = {
    "high": "Open the mouth only a little",
    "mid": "Open the mouth halfway",
    "low": "Open the mouth wide",
}
_KO_TONGUE = {
    ("high", "front"): "혀를 앞으로 높이 올리고", ("high", "central"): "혀 가운데를 높이 올리고",
    ("high", "back"): "혀 뒤쪽을 높이 올리고", ("mid", "front"): "혀를 앞쪽에 두고", ("mid", "central"): "혀를 가운데에 두고",
    ("mid", "back"): "혀를 뒤로 당기고", ("low", "front"): "혀를 앞쪽에 낮게 두고", ("low", "central"): "혀를 낮게 두고",
    ("low", "back"): "혀를 뒤쪽에 낮게 두고",
}  # fmt: skip
_EN_TONGUE = {
    ("high", "front"): "raise the tongue high and forward", ("high", "central"): "raise the middle of the tongue high",
    ("high", "back"): "raise the back of the tongue high", ("mid", "front"): "keep the tongue forward",
    ("mid", "central"): "keep the tongue in the middle", ("mid", "back"): "pull the tongue back",
    ("low", "front"): "keep the tongue low and forward", ("low", "central"): "keep the tongue low",
    ("low", "back"): "keep the tongue low and back",
}  # fmt: skip


def _ko_lips(p: Phone) -> str:
    if p.rounded:
        return "입술을 둥글게 내미세요"
    if p.backness == "front" or p.height == "high":
        return "입술을 옆으로 펴세요"
    return "입술을 둥글게 하지 마세요"


def _en_lips(p: Phone) -> str:
    if p.rounded:
        return "round and push out the lips"
    if p.backness == "front" or p.height == "high":
        return "spread the lips"
    return "keep the lips unrounded"


def _glide_start(p: Phone) -> Phone:
    for q in PHONES:
        if q.is_vowel and (q.height, q.backness, q.rounded) == (p.height, p.backness, p.rounded):
            return q
    raise ArticulationError(f"{p.symbol!r}: no vowel to glide from")


def _instruction(p: Phone, lang: str) -> str:
    articulation_for(p)  # raises for features the diagrams do not know
    ko = lang == "ko"
    if p.is_consonant:
        return _ko_consonant(p) if ko else _en_consonant(p)
    key = (p.height, p.backness)
    if p.is_glide:
        v = _glide_start(p)
        if ko:
            return f"{v.letter} 자리에서 시작해 다음 모음으로 빠르게 미끄러지세요 ({_KO_TONGUE[key]} {_ko_lips(p)})"
        return f"Start from the {v.letter} position and glide quickly into the next vowel ({_EN_TONGUE[key]}, {_en_lips(p)})"
    if ko:
        return f"{_KO_OPEN[p.height]} {_KO_TONGUE[key]} {_ko_lips(p)}"
    return f"{_EN_OPEN[p.height]}, {_EN_TONGUE[key]} and {_en_lips(p)}"


_RANK = {"high": 0, "mid": 1, "low": 2, "front": 0, "central": 1, "back": 2}


def changes(e: Phone, q: Phone, ko: bool) -> list[str]:
    """What to change to turn ``q`` (what was said) into ``e`` (what was wanted); also used by the
    assessment's messages, so the diagram caption and the feedback text never disagree."""
    out: list[str] = []
    if e.is_consonant:
        if e.place != q.place or e.manner != q.manner:
            if e.manner == "nasal" and q.manner != "nasal" and e.place == q.place:
                out.append("코로 소리를 내보내세요" if ko else "let the sound out through the nose")
            elif q.manner == "nasal" and e.manner != "nasal" and e.place == q.place:
                out.append(
                    "코로 숨이 새지 않게 막으세요" if ko else "keep the air from going through the nose"
                )
            else:
                out.append(_ko_consonant(e) if ko else _en_consonant(e)[0].lower() + _en_consonant(e)[1:])
                return out
        if e.phonation != q.phonation:
            if e.phonation == "aspirated":
                out.append("더 세게 숨을 내보내세요" if ko else "let out a stronger puff of air")
            elif e.phonation == "tense":
                out.append(
                    "목을 긴장시키고 숨 없이 단단하게 내세요" if ko else "tense the throat and let out no air"
                )
            elif e.phonation == "lenis" and q.phonation == "aspirated":
                out.append("숨을 더 약하게 내보내세요" if ko else "use less air, more gently")
            elif e.phonation == "lenis":
                out.append("목에 힘을 빼고 부드럽게 내세요" if ko else "relax the throat and say it softly")
        return out
    if e.kind != q.kind:
        if e.is_glide:
            out.append("다음 모음으로 더 빠르게 미끄러지세요" if ko else "glide faster into the next vowel")
        else:
            out.append(
                "미끄러지지 말고 한 모음으로 발음하세요" if ko else "hold one steady vowel, without a glide"
            )
    if e.height != q.height:
        more = _RANK[e.height] > _RANK[q.height]
        out.append(
            ("입을 더 크게 벌리고 혀를 내리세요" if more else "입을 덜 벌리고 혀를 더 올리세요")
            if ko
            else (
                "open the mouth wider and lower the tongue"
                if more
                else "close the mouth more and raise the tongue"
            )
        )
    if e.backness != q.backness:
        back = _RANK[e.backness] > _RANK[q.backness]
        out.append(
            ("혀를 뒤로 더 당기세요" if back else "혀를 앞으로 더 내미세요")
            if ko
            else ("pull the tongue back further" if back else "push the tongue forward further")
        )
    if e.rounded != q.rounded:
        if ko:
            out.append(
                "입술을 오므리며 둥글게 내미세요" if e.rounded else "입술을 둥글게 하지 말고 옆으로 펴세요"
            )
        else:
            out.append(
                "round the lips and push them out" if e.rounded else "unround the lips and spread them"
            )
    return out


@cache
def caption(expected: str, produced: str | None = None, lang: str = "ko") -> str:
    """A short instruction for saying ``expected``; with ``produced``, what to change.

    ``lang`` is "ko" or "en". Built from the phones' features, so every phone has one.
    """
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', not {lang!r}")
    ko = lang == "ko"
    e = phone(expected)
    how = _instruction(e, lang)
    if produced is None or produced == expected:
        return how
    q = phone(produced)
    _instruction(q, lang)
    name_e = f"{e.letter}[{e.symbol}]"
    name_q = f"{q.letter}[{q.symbol}]"
    if e.is_consonant != q.is_consonant:
        return f"{name_q}이 아니라 {name_e}: {how}" if ko else f"{name_e}, not {name_q}: {how}"
    steps = changes(e, q, ko)
    if not steps:
        return how
    if ko:
        return f"{name_q} 대신 {name_e}: " + ", ".join(steps)
    return f"For {name_e} instead of {name_q}: " + ", ".join(steps)
