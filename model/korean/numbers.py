"""Digits → the Hangul a Korean says for them, decided from what surrounds the number.

Why context: the same digit is 삼 in 3월, 세 in 3개 and 셋 in 3~4개. 표준 발음법 says
nothing about numbers, so the choices follow ordinary usage and the 표준국어대사전 forms:

- native numerals (한, 두, 세 … 스무, 아흔아홉) for 1–99 before the counters that take
  them (개, 명, 살, 시, 마리 … `NATIVE_COUNTERS`); Sino-Korean before every other word,
  for 100 and up (100명 → 백 명), for decimals and after 제 (제3권 → 제삼 권);
- 번 is native (두 번, times) unless a number label follows or the copula does
  (2번 출구 → 이 번, 정답은 3번입니다); 분 is Sino-Korean (minutes) unless people are
  meant (두 분께서, 세 분이 오셨어요); 대 of a multiple of ten is an age group (20대 → 이십
  대) unless a vehicle or machine comes before it (차 20대 → 스무 대);
- 6월 and 10월 are 유월 and 시월; 1번째 is 첫 번째; 3:30 is 세 시 삼십 분; phone numbers
  (010-1234-5678) are read digit by digit with 0 as 공, a pause between the groups; in a
  range (3~4개) the first number is said in full (셋에서 네 개).

A teacher who means another reading writes Hangul, or the reading in brackets: 2번[두번].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SINO_DIGITS = ("영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
PHONE_DIGITS = ("공", *SINO_DIGITS[1:])
_SMALL_UNITS = ("", "십", "백", "천")
_BIG_UNITS = ("", "만", "억", "조", "경", "해")
NATIVE_ONES = ("", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉")
#: Before a counter 하나 둘 셋 넷 (and 스물) shorten: 한 개, 두 명, 세 시, 네 살, 스무 살.
NATIVE_ONES_BEFORE = ("", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉")
NATIVE_TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")

#: Counters that take native numerals for 1–99.
NATIVE_COUNTERS = frozenset(
    "개 명 분 살 시 시간 마리 잔 병 권 장 대 벌 켤레 그릇 송이 사람 군데 가지 달 번 번째 "
    "곳 채 그루 자루 척 통 줄 알 끼 배 쌍 차례 바퀴 걸음 모금 봉지 상자 접시 조각 포기".split()
)
#: Words that begin like a native counter but are Sino-Korean: 3개월 [삼개월], 5달러.
SINO_WORDS = frozenset("개월 개국 개년 개소 달러 번지 번길 번호 분기 대째 시즌".split())
_COUNTER_WORDS = sorted(NATIVE_COUNTERS | SINO_WORDS, key=len, reverse=True)
#: After 번, a numbered thing: 2번 출구, 3번 버스 (Sino-Korean, a label, not a count).
LABEL_NOUNS = (
    "출구", "버스", "문제", "선", "방", "손님", "자리", "좌석", "트랙", "홈", "게이트", "창구", "테이블",
    "카드", "채널", "타자", "선수", "국도", "환자", "항목", "문항", "노선", "승강장", "출입구", "곡",
    "칸", "레인", "사물함", "고객", "마을버스", "지하철", "답", "정답", "그림", "사진", "예문",
)  # fmt: skip
_COPULA = ("이다", "입니", "이에", "이야", "이요", "이고", "이죠", "인데", "이라", "예요")
#: After 분, people rather than minutes: 두 분께서, 세 분이 오셨어요.
_PEOPLE_AFTER = ("께", "들")
_PEOPLE_NEXT = tuple("오셨 오시 오세 계시 계세 계셨 가셨 가시 모시 모셔 이세 이셨".split())
#: Before 대, machines counted one by one: 차 20대 → 스무 대.
_VEHICLES = tuple("차 버스 트럭 택시 자전거 비행기 컴퓨터 기계 오토바이 노트북 카메라".split())

_SINO_USES = {
    "번": "번 of a number label (2번 출구)",
    "분": "분 of minutes",
    "대": "대 of an age group (20대)",
}

PHONE = re.compile(r"(?:\d{2,4}-)?\d{3,4}-\d{4}(?![\d-])")
TIME = re.compile(r"(\d{1,2}):([0-5]\d)(?![\d:])")
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
_VERSUS = re.compile(r"\s*대\s*\d")
_RANGE_NEXT = re.compile(r"\s*~\s*(\d+)")


@dataclass(frozen=True)
class Reading:
    """How a run of digits was read: '3' before 개 → '세' (a native numeral)."""

    written: str  # as in the input: "3", "1,000", "010-1234-5678", "3:30"
    said: str  # Hangul; a space separates words
    why: str  # for a person: "native numeral before 개"
    kind: str = "sino"  # sino, native, month, ordinal, time, decimal, phone, range, bracket; latin, unread (normalize)
    span: tuple[int, int] = (0, 0)  # syllables of `said` in the normalized text
    pause: bool = False  # the words of `said` are separate phrases (phone numbers)

    def to_dict(self) -> dict[str, object]:
        return {"written": self.written, "said": self.said, "why": self.why, "span": list(self.span)}


def sino(digits: str) -> str:
    """Sino-Korean reading of a digit string: '2026' → '이천이십육', '10000' → '만', '0' → '영'."""
    digits = digits.lstrip("0")
    if not digits:
        return "영"
    if len(digits) > 4 * len(_BIG_UNITS):
        return "".join(SINO_DIGITS[int(d)] for d in digits)
    out = []
    for power in range((len(digits) - 1) // 4, -1, -1):
        group = digits[max(0, len(digits) - 4 * (power + 1)) : len(digits) - 4 * power].rjust(4, "0")
        words = []
        for pos, d in enumerate(group):
            n, unit = int(d), _SMALL_UNITS[3 - pos]
            if n:
                words.append(unit if n == 1 and unit else SINO_DIGITS[n] + unit)
        text = "".join(words)
        if text or power == 0:
            out.append(("" if power == 1 and text == "일" else text) + _BIG_UNITS[power])
    return "".join(out)


def decimal(number: str) -> str:
    """'3.14' → '삼점일사': the digits after the point are read one by one."""
    whole, _, frac = number.partition(".")
    return sino(whole) + ("점" + "".join(SINO_DIGITS[int(d)] for d in frac) if frac else "")


def native(n: int, before_counter: bool = True) -> str:
    """Native numeral for 1–99: 3 → '세' before a counter, '셋' on its own; 20 → '스무' / '스물'."""
    if not 1 <= n <= 99:
        raise ValueError(f"native Korean numerals go from 1 to 99, not {n}")
    tens, ones = divmod(n, 10)
    if before_counter and n == 20:
        return "스무"
    return NATIVE_TENS[tens] + (NATIVE_ONES_BEFORE if before_counter else NATIVE_ONES)[ones]


def digit_by_digit(digits: str) -> str:
    """'010' → '공일공', as phone numbers are read."""
    return "".join(PHONE_DIGITS[int(d)] for d in digits)


def _hangul_run(s: str, i: int) -> str:
    j = i
    while j < len(s) and "가" <= s[j] <= "힣":
        j += 1
    return s[i:j]


def _words_around(src: str, start: int, end: int) -> tuple[str, str, str]:
    """(previous word, the Hangul attached after the number or the next word, the word after that)."""
    before = src[:start].rstrip()
    prev = before.split()[-1] if before.split() else ""
    word = "퍼센트" if src[end : end + 1] == "%" else _hangul_run(src, end)
    rest = src[end + len(word) :]
    if not word and rest[:1] == " ":
        word = _hangul_run(src, end + 1)
        rest = src[end + 1 + len(word) :]
    following = rest.split()[0] if rest[:1] == " " and rest.split() else ""
    return prev, word, following


def _counter(word: str) -> str:
    return next((c for c in _COUNTER_WORDS if word.startswith(c)), "")


def _is_native(counter: str, word: str, following: str, prev: str, value: int) -> bool:
    """Whether `counter` (the start of `word`) takes a native numeral here; see the module doc."""
    if counter not in NATIVE_COUNTERS:
        return False
    after = word[len(counter) :]
    if counter == "번":
        label = after.startswith(_COPULA) or any(
            x.startswith(n) for x in (after, following) for n in LABEL_NOUNS if x
        )
        return not label
    if counter == "분":
        return after.startswith(_PEOPLE_AFTER) or following.startswith(_PEOPLE_NEXT)
    if counter == "대" and value % 10 == 0:
        return prev.endswith(_VEHICLES)
    return True


def read_at(src: str, start: int) -> tuple[int, Reading]:
    """Read the number that starts at `src[start]` (a digit): where it ends, and how it is said."""
    m = PHONE.match(src, start)
    if m:
        groups = m.group().split("-")
        said = " ".join(digit_by_digit(g) for g in groups)
        why = "phone number, digit by digit (0 as 공)"
        return m.end(), Reading(m.group(), said, why, "phone", pause=True)
    m = TIME.match(src, start)
    if m and int(m.group(1)) <= 24:
        hour, minute = int(m.group(1)), int(m.group(2))
        said = (native(hour) if hour else "영") + "시" + (f" {sino(str(minute))}분" if minute else "")
        return m.end(), Reading(m.group(), said, "time of day: native hours, Sino-Korean minutes", "time")
    m = NUMBER.match(src, start)
    assert m is not None, "read_at is called on a digit"
    written = m.group()
    number = written.replace(",", "")
    end = m.end()
    look = end
    ranged = _RANGE_NEXT.match(src, end)
    if ranged:  # 3~4개: the counter comes after the second number
        look = ranged.end()
    prev, word, following = _words_around(src, start, look)
    counter = _counter(word)
    if "." in number:
        return end, Reading(written, decimal(number), "decimal: digits after 점 one by one", "decimal")
    value = int(number) if len(number) <= 24 else -1  # longer: digit by digit (see `sino`)
    if _VERSUS.match(src, end):
        return end, Reading(written, sino(number), "Sino-Korean numeral: a score or ratio (1대1)")
    after_je = start > 0 and src[start - 1] == "제" and (start < 2 or not "가" <= src[start - 2] <= "힣")
    if not after_je and 1 <= value <= 99 and _is_native(counter, word, following, prev, value):
        if ranged:
            return end, Reading(
                written, native(value, False), f"range before {counter}: said in full", "native"
            )
        if counter == "번째" and value == 1:
            return end, Reading(written, "첫", "ordinal: 첫 번째", "native")
        return end, Reading(written, native(value), f"native numeral before {counter}", "native")
    if word.startswith("월") and value in (6, 10):
        return end, Reading(written, "유" if value == 6 else "시", "month name (유월, 시월)", "month")
    if after_je:
        why = "Sino-Korean numeral after 제"
    elif counter in NATIVE_COUNTERS and value > 99:
        why = f"Sino-Korean numeral: {counter} takes native numerals only up to 99"
    elif counter in _SINO_USES and value:
        why = f"Sino-Korean numeral: {_SINO_USES[counter]}"
    else:
        why = "Sino-Korean numeral" + (f" before {counter or word}" if word else "")
    return end, Reading(written, sino(number), why)
