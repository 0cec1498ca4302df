"""The syllables of a text while the rules run (`Syl`, `State`), and what they record."""

from __future__ import annotations

from dataclasses import dataclass

from .hangul import compose
from .lexicon import Lexicon
from .normalize import JOINED, PAUSE, Normalized
from .result import RuleApplication
from .tables import CLUSTER_KEEPS, NEUTRAL

NAMES_KO: dict[str, str] = {
    "palatalisation": "구개음화",
    "aspiration": "거센소리되기",
    "h_deletion": "ㅎ 탈락",
    "n_insertion": "ㄴ 첨가",
    "liaison": "연음",
    "tensification": "된소리되기",
    "cluster_simplification": "자음군 단순화",
    "coda_neutralisation": "음절의 끝소리 규칙",
    "nasalisation": "비음화",
    "lateralisation": "유음화",
    "vowel_simplification": "모음의 발음",
    "teacher_fix": "교사 지정 발음",
}


@dataclass
class Syl:
    """One syllable as the rules see it: current letters plus what was written."""

    onset: str
    vowel: str
    coda: str
    written: str
    word: int
    pos: int  # index within its word
    fixed: bool = False  # pronunciation given by the teacher: rules leave it alone
    lexical: bool = False  # covered by a lexicon entry: heuristics leave it alone
    n_inserted: bool = False

    @property
    def text(self) -> str:
        return compose(self.onset, self.vowel, self.coda)

    @property
    def written_onset(self) -> str:
        return chr(0x3131 + _COMPAT_OFFSETS[(ord(self.written) - 0xAC00) // (21 * 28)])


# offsets of the 19 choseong inside the compatibility jamo block (ㄱ = U+3131)
_COMPAT_OFFSETS = [ord(c) - 0x3131 for c in "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"]


class State:
    """The syllables of a text while the rules run, and the record of what fired."""

    def __init__(
        self,
        norm: Normalized,
        syls: list[Syl],
        skip: frozenset[str],
        options: frozenset[str],
        lexicon: Lexicon,
    ) -> None:
        self.norm = norm
        self.syls = syls
        self.bounds = list(norm.boundaries)
        self.skip = skip
        self.options = options
        self.lexicon = lexicon
        self.applied: list[RuleApplication] = []
        self.alternatives_used = False
        self.n_inserted_across = False
        #: for each syllable, the index of the number reading it belongs to (-1: none)
        self.reading_of = [-1] * len(syls)
        for r_i, r in enumerate(norm.readings):
            self.reading_of[r.span[0] : r.span[1]] = [r_i] * (r.span[1] - r.span[0])

    # -- geometry ---------------------------------------------------------------
    def linked(self, i: int) -> bool:
        """Syllables i and i+1 are spoken together (same word or across a space) and neither is fixed."""
        return (
            i + 1 < len(self.syls)
            and self.bounds[i] != PAUSE
            and not self.syls[i].fixed
            and not self.syls[i + 1].fixed
        )

    def joined(self, i: int) -> bool:
        """Syllables i and i+1 are in the same word (and neither is fixed)."""
        return self.linked(i) and self.bounds[i] == JOINED

    def word_text(self, w: int) -> str:
        a, b = self.norm.word_spans[w]
        return "".join(self.norm.syllables[a:b])

    def text(self, a: int, b: int) -> str:
        out = []
        for i in range(a, min(b, len(self.syls))):
            if i > a and self.bounds[i - 1] != JOINED:
                out.append(" ")
            out.append(self.syls[i].text)
        return "".join(out)

    def record(self, name: str, article: str, a: int, b: int, before: str) -> None:
        after = self.text(a, b)
        if after != before or name == "teacher_fix":
            self.applied.append(
                RuleApplication(name, NAMES_KO.get(name, name), article, (a, b), before, after)
            )

    def change_pair(
        self, name: str, article: str, i: int, coda: str | None = None, onset: str | None = None
    ) -> None:
        """Set the coda of syllable i and/or the onset of syllable i+1, and record it."""
        before = self.text(i, i + 2)
        if coda is not None:
            self.syls[i].coda = coda
        if onset is not None:
            self.syls[i + 1].onset = onset
        self.record(name, article, i, i + 2, before)


def representative(coda: str) -> str:
    """The one consonant a coda is heard as (제9–11항), without the word-specific exceptions."""
    return NEUTRAL.get(CLUSTER_KEEPS.get(coda, coda), CLUSTER_KEEPS.get(coda, coda))
