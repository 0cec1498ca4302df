"""Numbers read as Koreans read them, the readings kept visible, and nothing left as digits."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.korean import G2PError, g2p
from model.korean.hangul import is_hangul_syllable
from model.korean.normalize import normalize
from model.korean.numbers import NATIVE_COUNTERS, native, sino
from model.korean.rules import WORD_PAUSE, derive

from .number_cases import ALL, N_INSERTION_ACROSS

_SINO_DIGITS = {d: i for i, d in enumerate("영일이삼사오육칠팔구")}
_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_TENS = {w: 10 * (i + 1) for i, w in enumerate("열 스물 서른 마흔 쉰 예순 일흔 여든 아흔".split())}
_ONES = {w: i + 1 for i, w in enumerate("하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉".split())}
_ONES |= {w: i + 1 for i, w in enumerate("한 두 세 네".split())}


def value_of_sino(text: str) -> int:
    """Our own reader of Sino-Korean numerals: '이천이십육' → 2026, '만' → 10000."""
    total = section = 0
    digit = None
    for ch in text:
        if ch in _SINO_DIGITS:
            assert digit is None, f"two digits in a row in {text!r}"
            digit = _SINO_DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        elif ch in _BIG:
            section += digit or 0
            total += (section or 1) * _BIG[ch]
            section, digit = 0, None
        else:
            raise AssertionError(f"{ch!r} is not a Sino-Korean numeral ({text!r})")
    return total + section + (digit or 0)


def value_of_native(text: str) -> int:
    """Our own reader of native numerals: '스물한' → 21, '스무' → 20, '아흔아홉' → 99."""
    if text == "스무":
        return 20
    tens = next((t for t in sorted(_TENS, key=len, reverse=True) if text.startswith(t)), "")
    rest = text[len(tens) :]
    assert not rest or rest in _ONES, f"{text!r} is not a native numeral"
    return _TENS.get(tens, 0) + _ONES.get(rest, 0)


@pytest.mark.parametrize(("text", "reading", "pronounced"), ALL, ids=[t for t, _, _ in ALL])
def test_number_reading(text, reading, pronounced):
    p = g2p(text)
    assert p.normalized == reading
    if pronounced is not None:
        assert p.pronounced == pronounced
    assert not any(c.isdigit() for c in p.normalized)


@pytest.mark.parametrize(("text", "pronounced"), N_INSERTION_ACROSS, ids=[t for t, _ in N_INSERTION_ACROSS])
def test_n_insertion_across_words(text, pronounced):
    assert g2p(text).pronounced == pronounced


def test_enough_new_cases():
    assert len(ALL) + len(N_INSERTION_ACROSS) >= 150


def test_word_pause_variant():
    """제29항 붙임 2 holds for words said as one unit; said apart, neither ㄴ nor linking."""
    p = g2p("책을 읽어요")
    assert [v.pronounced for v in p.variants] == ["채글 일거요"]
    assert p.variants[0].ipa == "tɕʰekɯl ilkʌjo"
    assert [v.pronounced for v in g2p("옷 입다").variants] == ["옫 입따"]
    assert [v.pronounced for v in g2p("할 일이 많다").variants] == ["할 이리 만타"]
    assert g2p("밥 있어요").variants == () and g2p("국물이 좋아요").variants == ()
    assert any(r.name == "n_insertion" and r.span == (1, 3) for r in p.rules)
    assert WORD_PAUSE not in {r.name for r in p.rules}


def test_readings_are_recorded():
    p = g2p("사과 3개와 2,000원")
    assert [(r.written, r.said, r.kind, r.span) for r in p.readings] == [
        ("3", "세", "native", (2, 3)),
        ("2,000", "이천", "sino", (5, 7)),
    ]
    assert p.readings[0].why == "native numeral before 개"
    assert "before 원" in p.readings[1].why
    assert p.to_dict()["readings"][0] == {
        "written": "3",
        "said": "세",
        "why": "native numeral before 개",
        "span": [2, 3],
    }
    assert g2p("국물").readings == ()


def test_readings_of_each_form():
    kinds = {
        t: [r.kind for r in g2p(t).readings]
        for t in ("6월", "3:30", "3.5", "010-1234-5678", "3~4개", "2번[두번]")
    }
    assert kinds == {
        "6월": ["month"],
        "3:30": ["time"],
        "3.5": ["decimal"],
        "010-1234-5678": ["phone"],
        "3~4개": ["native", "range", "native"],
        "2번[두번]": ["bracket"],
    }
    assert "minutes" in g2p("5분").readings[0].why and "label" in g2p("2번 출구").readings[0].why
    assert "99" in g2p("100명").readings[0].why and "제" in g2p("제3권").readings[0].why


def test_phone_number_groups_are_pauses():
    p = g2p("010-7777-1234")
    assert p.normalized == "공일공 칠칠칠칠 일이삼사"
    assert p.pronounced == "공일공 칠칠칠칠 이리삼사"  # no linking across the groups: not [칠칠칠치 리]
    assert p.phrase_spans == ((0, 3), (3, 7), (7, 11))


def test_number_fix_errors():
    with pytest.raises(G2PError, match="number in brackets must be Hangul, e.g. 2번\\[두번\\]"):
        g2p("2번[두 번!]")


def test_very_long_digit_strings_are_read_digit_by_digit():
    assert g2p("1" * 5000).normalized == "일" * 5000  # past 10^24 there are no unit names
    assert g2p("1" * 25 + "개").normalized == "일" * 25 + "개"


def test_native_forms():
    assert [native(n) for n in (1, 2, 3, 4, 20, 21, 99)] == [
        "한",
        "두",
        "세",
        "네",
        "스무",
        "스물한",
        "아흔아홉",
    ]
    assert [native(n, before_counter=False) for n in (1, 2, 3, 4, 20)] == ["하나", "둘", "셋", "넷", "스물"]
    with pytest.raises(ValueError):
        native(100)


@pytest.mark.parametrize("counter", sorted(NATIVE_COUNTERS - {"분", "번"}))
def test_every_native_counter(counter):
    assert g2p(f"3{counter}").normalized == f"세{counter}"
    assert g2p(f"100{counter}").normalized == f"백{counter}"  # 100 and up: Sino-Korean
    assert g2p(f"제3{counter}").normalized == f"제삼{counter}"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**9))
def test_any_integer_reads_back(n):
    assert value_of_sino(sino(str(n))) == n
    assert value_of_sino(g2p(str(n)).normalized) == n
    assert value_of_sino(g2p(f"{n:,}").normalized) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 99), st.sampled_from(sorted(NATIVE_COUNTERS - {"분", "번", "대", "번째"})))
def test_native_numbers_read_back(n, counter):
    reading = g2p(f"{n}{counter}").normalized
    assert reading.endswith(counter)
    assert value_of_native(reading[: -len(counter)]) == n
    assert value_of_native(native(n, before_counter=False)) == n


pieces = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
    st.sampled_from(["개", "명", "분", "시", "번", "번째", "월", "일", "원", "%", "대", "살", "제", "층"]),
    st.sampled_from([" ", ".", ",", ":", "~", "-", "?"]),
    st.integers(0xAC00, 0xD7A3).map(chr),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=12).map("".join))
def test_digits_never_reach_the_rules(text):
    norm = normalize(text)
    assert all(is_hangul_syllable(s) for s in norm.syllables)
    assert not any(c.isdigit() for c in norm.normalized)
    for r in norm.readings:
        assert "".join(norm.syllables[r.span[0] : r.span[1]]) == r.said.replace(" ", "")
    state = derive(norm)
    assert all(is_hangul_syllable(s.text) for s in state.syls)
    assert len(g2p(text).pronounced_syllables) == len(norm.syllables)


@pytest.mark.parametrize(
    ("digits", "hangul"),
    [("5명", "다섯명"), ("100명", "백명"), ("책 1권", "책 한권"), ("6월 10일", "유월 십일")],
)
def test_readings_pass_through_the_rules_as_hangul(digits, hangul):
    assert g2p(digits).pronounced == g2p(hangul).pronounced
    assert g2p(digits).symbols == g2p(hangul).symbols
