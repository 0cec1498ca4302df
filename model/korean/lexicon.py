"""Word-specific pronunciations, shipped as data in `lexicon.tsv`.

Why data: which compounds take 사잇소리 (냇가 [내까]), which take ㄴ 첨가 (솜이불 [솜니불]),
which Sino-Korean words tensify (발달 [발딸]) or keep ㄴㄴ (의견란 [의견난]) cannot be
computed from spelling; a teacher extends the list by adding a line, no code.

Columns (tab-separated, '#' starts a comment):
  word           Hangul; a trailing '-' marks a verb/adjective stem for 제24항 (신- : 신고 [신꼬])
  pronunciation  the standard pronunciation of `word` said on its own, same number of
                 syllables; alternatives allowed by the standard separated by '|' (first is
                 the main one); '-' for stems
  rule           the rule name (one of tables.RULE_NAMES) that the entry stands for, or '-'
                 for an entry that only blocks a heuristic (남자 is not 남- + -자)
  article        e.g. 제30항
  note           free text
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .hangul import is_hangul_syllable
from .tables import RULE_NAMES

LEXICON_PATH = Path(__file__).with_name("lexicon.tsv")
BLOCK = "-"


@dataclass(frozen=True)
class Entry:
    word: str
    pronunciations: tuple[str, ...]  # empty for stems
    rule: str
    article: str
    note: str = ""

    @property
    def is_stem(self) -> bool:
        return not self.pronunciations


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, Entry]  # whole words and word parts, matched inside a written word
    stems: dict[str, Entry]  # 제24항 verb stems ending in ㄴ/ㅁ
    max_len: int

    def __len__(self) -> int:
        return len(self.words) + len(self.stems)


def parse(lines: list[str], rule_names: tuple[str, ...], source: str = "lexicon") -> Lexicon:
    """Parse TSV lines; a malformed line raises ValueError with its line number."""
    words: dict[str, Entry] = {}
    stems: dict[str, Entry] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 4:
            raise ValueError(f"{source}:{number}: expected word, pronunciation, rule, article: {raw!r}")
        word, pron, rule, article = cols[:4]
        note = cols[4] if len(cols) > 4 else ""
        if rule != BLOCK and rule not in rule_names:
            raise ValueError(f"{source}:{number}: unknown rule {rule!r}")
        if word.endswith("-"):
            stem = word[:-1]
            if not stem or not all(map(is_hangul_syllable, stem)):
                raise ValueError(f"{source}:{number}: stem {word!r} is not Hangul")
            stems[stem] = Entry(stem, (), rule, article, note)
            continue
        alts = tuple(p.strip() for p in pron.split("|"))
        for alt in alts:
            if len(alt) != len(word) or not all(map(is_hangul_syllable, alt + word)):
                raise ValueError(
                    f"{source}:{number}: pronunciation {alt!r} must be Hangul with as many syllables as {word!r}"
                )
        words[word] = Entry(word, alts, rule, article, note)
    max_len = max((len(w) for w in words), default=0)
    return Lexicon(words, stems, max_len)


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The shipped lexicon, read once."""
    return parse(LEXICON_PATH.read_text(encoding="utf-8").splitlines(), RULE_NAMES, str(LEXICON_PATH))
