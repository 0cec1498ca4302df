"""Text → the Hangul that is read aloud, with word and phrase boundaries recorded.

Why a separate step: the rules need to know where speech links syllables (inside a word,
across a space) and where it does not (punctuation is a pause, so no linking across it).
Numbers are spelled out as they are said (`numbers`: 3개 → 세개, 3월 → 삼월), Latin
abbreviations by their letter names (CG → 시지, OST → 오에스티), and laughter letters,
emoticons and emoji (ㅋㅋ, ^^, T_T, 😀) are left out: how each was read is kept, so the learner
sees what is read. Anything else that cannot be read (a Latin word, Hanja, single letters) is
refused up front with a message a teacher can act on, rather than silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .errors import G2PError, Problem
from .hangul import is_hangul_syllable, is_jamo, jamo_name_syllable
from .numbers import Reading, read_at

# Boundaries between consecutive syllables.
JOINED = ""  # same word
SPACE = " "  # next word, spoken in the same breath
PAUSE = "|"  # punctuation: a new phrase, nothing links across it

#: Quotes and parentheses do not make a pause; other punctuation does.
TRANSPARENT = set("'\"‘’“”«»「」『』()")
#: Symbols that are read as words.
READ_SYMBOLS = {"%": "퍼센트"}
LATIN_NAMES = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        "에이 비 시 디 이 에프 지 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 아르 에스 티 유 브이 더블유 엑스 와이 제트".split(),
    )
)

#: Not read aloud, left out (shown as a reading that says nothing): laughter and crying letters
#: (ㅋㅋ ㅎㅎ ㅠㅠ ㅜㅜ) and text emoticons. Emoji are left out the same way.
UNREAD = re.compile(r"[ㅋㅎㅠㅜ]{2,}|\^[_\-.oO~]?\^+|T[_.]T|-_-;*|;;+|[:;]-?[)(DPp](?![A-Za-z])|<3")
#: The longest all-capitals run read by letter names (NATO, OECD); longer ones are words.
MAX_ABBREVIATION = 6


@dataclass(frozen=True)
class Normalized:
    """The readable text and where its syllables sit."""

    text: str  # the input
    normalized: str  # Hangul, single spaces, punctuation kept, numbers spelled out
    syllables: tuple[str, ...]
    positions: tuple[int, ...]  # index of each syllable in `normalized`
    boundaries: tuple[str, ...]  # len(syllables) - 1 entries: JOINED, SPACE or PAUSE
    word_spans: tuple[tuple[int, int], ...]
    phrase_spans: tuple[tuple[int, int], ...]
    fixes: tuple[tuple[int, int, str], ...]  # (start, end, pronounced Hangul) from 신고[신꼬]
    readings: tuple[Reading, ...] = ()  # how each number, abbreviation or left-out run was read


def _kind(ch: str) -> str:
    cp = ord(ch)
    if is_hangul_syllable(ch):
        return "hangul"
    if ch.isspace():
        return "space"
    if "0" <= ch <= "9":
        return "digit"
    if is_jamo(ch):
        return "jamo"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FA1F:
        return "hanja"
    if cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF or 0x2B00 <= cp <= 0x2BFF or cp in (0x200D, 0xFE0F, 0x20E3):
        return "emoji"
    if ch in READ_SYMBOLS:
        return "read"
    category = unicodedata.category(ch)
    if category.startswith("L"):
        return "latin" if "LATIN" in unicodedata.name(ch, "") else "other"
    if category.startswith("P") or ch in "~…·":
        return "punct"
    if category.startswith("S"):
        return "symbol"
    if category.startswith("C") or category.startswith("Z"):
        return "space"
    return "other"


_RANGE_CONTINUES = re.compile(r"\s*[0-9]")


def _word_kinds(pieces: list[tuple[str, str]]) -> list[str]:
    """The kinds of the syllable pieces of the word being read (back to the last space or mark)."""
    out = []
    for kind, _ in reversed(pieces):
        if kind not in ("syl", "num"):
            break
        out.append(kind)
    return out


def _run_end(kinds: list[str], i: int) -> int:
    """The end of the run of characters of ``kinds[i]``'s kind that starts at ``i``."""
    j = i + 1
    while j < len(kinds) and kinds[j] == kinds[i]:
        j += 1
    return j


def _position(start: int, end: int) -> str:
    return f"position {start}" if start == end else f"position {start}–{end}"


def _abbreviation(run: str) -> str | None:
    """The letter names of an abbreviation in capitals (CG → 시지), or None for anything else."""
    if not (run.isascii() and run.isalpha() and run.isupper() and len(run) <= MAX_ABBREVIATION):
        return None
    return "".join(LATIN_NAMES[c.lower()] for c in run)


def _advice(kind: str, run: str) -> str:
    if kind == "latin":
        letters = [LATIN_NAMES.get(c.lower()) for c in run]
        if all(letters) and (run.isupper() or len(run) <= 3):
            return f"Latin letters. Write the word in Hangul (e.g. {''.join(letters)}); an abbreviation in capitals is read by letter names."  # type: ignore[arg-type]
        return "Latin letters. Write the word in Hangul as it is said (e.g. 컴퓨터 for 'computer')."
    if kind == "jamo":
        example = "".join(jamo_name_syllable(c) for c in run)
        return f"single Hangul letters, not whole syllables. Write full syllables (e.g. {example})."
    if kind == "hanja":
        return "Chinese characters (Hanja). Write the word in Hangul (e.g. 학교 for 學校)."
    if kind == "symbol":
        return "a symbol that is not read aloud. Remove it or write it out in Hangul."
    return "characters that are not Korean. Write the sentence in Hangul."


def _problem_message(p: Problem) -> str:
    return f"Cannot read '{p.text}' at {_position(p.start, p.end)}: {_advice(p.kind, p.text)}"


def normalize(text: str) -> Normalized:
    """Read `text` into Hangul syllables; raise G2PError naming everything that cannot be read."""
    src = unicodedata.normalize("NFC", text)
    kinds = [_kind(c) for c in src]
    for m in UNREAD.finditer(src):
        kinds[m.start() : m.end()] = ["unread"] * (m.end() - m.start())
    kinds = ["unread" if k == "emoji" else k for k in kinds]
    problems: list[Problem] = []
    i = 0
    while i < len(src):
        k = kinds[i]
        j = _run_end(kinds, i)
        if k in ("jamo", "hanja", "symbol", "other") or (k == "latin" and _abbreviation(src[i:j]) is None):
            problems.append(Problem(src[i:j], i + 1, j, k))
        i = j

    # pieces: ("syl", ch) | ("num", ch): a syllable said for digits | ("space",) | ("pause",):
    # a pause without punctuation (between the groups of a phone number) | ("punct", ch) | ("quote", ch)
    pieces: list[tuple[str, str]] = []
    fixes: list[tuple[int, int, str]] = []
    readings: list[Reading] = []
    n_syl = 0
    i = 0
    while i < len(src):
        ch, k = src[i], kinds[i]
        if k == "hangul":
            pieces.append(("syl", ch))
            n_syl += 1
            i += 1
        elif k == "digit":
            i, reading = read_at(src, i)
            a = n_syl
            for s in reading.said:
                if s == " ":
                    pieces.append(("pause" if reading.pause else "space", " "))
                else:
                    pieces.append(("num", s))
                    n_syl += 1
            readings.append(replace(reading, span=(a, n_syl)))
        elif k in ("latin", "unread"):
            j = _run_end(kinds, i)
            if k == "latin":  # an abbreviation (the others are problems): its letters' names
                said = _abbreviation(src[i:j]) or ""
                pieces += [("syl", s) for s in said]
                why = f"letter names: {src[i:j]} is said {said}"
            else:  # a pause where it stood, nothing said
                said, why = "", "laughter, emoticon or emoji: not read aloud"
                pieces.append(("pause", " "))
            readings.append(Reading(src[i:j], said, why, k, (n_syl, n_syl + len(said))))
            n_syl += len(said)
            i = j
        elif k == "read":
            for s in READ_SYMBOLS[ch]:
                pieces.append(("syl", s))
                n_syl += 1
            i += 1
        elif ch == "~" and _RANGE_CONTINUES.match(src, i + 1) and "num" in _word_kinds(pieces):
            # 3~4개, 3시~5시: the tilde is said 에서
            pieces += [("syl", "에"), ("syl", "서"), ("space", " ")]
            readings.append(Reading("~", "에서", "range: ~ is said 에서", "range", (n_syl, n_syl + 2)))
            n_syl += 2
            i += 1
        elif ch == "[":
            close = src.find("]", i + 1)
            kinds_of_word = _word_kinds(pieces)
            word_len = len(kinds_of_word)
            if close < 0 or word_len == 0:
                problems.append(
                    Problem(
                        src[i : (close + 1 if close >= 0 else len(src))],
                        i + 1,
                        close + 1 if close >= 0 else len(src),
                        "bracket",
                    )
                )
                i = close + 1 if close >= 0 else len(src)
                continue
            fix = src[i + 1 : close].strip()
            word = "".join(p[1] for p in pieces[len(pieces) - word_len :])
            said_for_digits = "num" in kinds_of_word  # 2번[두번]: the brackets give the reading too
            if (
                not fix
                or not all(is_hangul_syllable(c) for c in fix)
                or (len(fix) != word_len and not said_for_digits)
            ):
                kind = "bracket-number" if said_for_digits else "bracket:" + word
                problems.append(Problem(src[i : close + 1], i + 1, close + 1, kind))
            else:
                if said_for_digits:
                    del pieces[len(pieces) - word_len :]
                    n_syl -= word_len
                    readings = [r for r in readings if r.span[1] <= n_syl]
                    pieces += [("num", c) for c in fix]
                    written = src[:i].split()[-1]
                    readings.append(
                        Reading(written, fix, "as written in brackets", "bracket", (n_syl, n_syl + len(fix)))
                    )
                    n_syl += len(fix)
                fixes.append((n_syl - len(fix), n_syl, fix))
            i = close + 1
        elif k == "space":
            pieces.append(("space", " "))
            i += 1
        elif k == "punct" or ch == "]":
            pieces.append(("quote" if ch in TRANSPARENT else "punct", ch))
            i += 1
        else:  # problem characters, already reported
            i += 1

    if problems:
        lines = []
        for p in problems:
            if p.kind.startswith("bracket"):
                word = p.kind.partition(":")[2]
                if p.kind == "bracket-number":
                    detail = "the reading of a number in brackets must be Hangul, e.g. 2번[두번]"
                elif word:
                    detail = f"the pronunciation must be Hangul with one syllable per syllable of '{word}', e.g. 신고[신꼬]"
                else:
                    detail = "a pronunciation in brackets must follow its word directly, e.g. 신고[신꼬]"
                lines.append(f"Cannot read '{p.text}' at {_position(p.start, p.end)}: {detail}.")
            else:
                lines.append(_problem_message(p))
        raise G2PError("\n".join(lines), tuple(problems))

    if not any(kind in ("syl", "num") for kind, _ in pieces) and any(r.kind == "unread" for r in readings):
        raise G2PError(
            f"Nothing to read in '{text.strip()}': laughter, emoticons and emoji are not read aloud. "
            "Write a sentence in Hangul.",
            (Problem(text.strip(), 1, len(src), "unread"),),
        )

    # Build the normalized string and the boundaries.
    out: list[str] = []
    length = 0  # characters in `out`
    syllables: list[str] = []
    positions: list[int] = []
    boundaries: list[str] = []
    pending = JOINED  # strongest separator since the last syllable
    pending_text = ""
    for piece in pieces:
        kind, ch = piece
        if kind in ("syl", "num"):
            if syllables:
                boundaries.append(pending)
            if out or pending_text.strip():
                out.append(pending_text if syllables else pending_text.lstrip())
                length += len(out[-1])
            positions.append(length)
            out.append(ch)
            length += 1
            syllables.append(ch)
            pending, pending_text = JOINED, ""
        elif kind in ("space", "pause"):
            if pending == JOINED or kind == "pause":
                pending = SPACE if kind == "space" else PAUSE
            if not pending_text.endswith(" "):
                pending_text += " "
        else:
            if kind == "punct":
                pending = PAUSE
            pending_text += ch
    tail = pending_text.rstrip()
    if tail.strip():
        out.append(tail if syllables else tail.strip())
    normalized = "".join(out)

    word_spans: list[tuple[int, int]] = []
    phrase_spans: list[tuple[int, int]] = []
    w0 = p0 = 0
    for b_i, b in enumerate(boundaries):
        if b != JOINED:
            word_spans.append((w0, b_i + 1))
            w0 = b_i + 1
        if b == PAUSE:
            phrase_spans.append((p0, b_i + 1))
            p0 = b_i + 1
    if syllables:
        word_spans.append((w0, len(syllables)))
        phrase_spans.append((p0, len(syllables)))
    return Normalized(
        text=text,
        normalized=normalized,
        syllables=tuple(syllables),
        positions=tuple(positions),
        boundaries=tuple(boundaries),
        word_spans=tuple(word_spans),
        phrase_spans=tuple(phrase_spans),
        fixes=tuple(fixes),
        readings=tuple(readings),
    )
