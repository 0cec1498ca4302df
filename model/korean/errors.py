"""The error a teacher sees when a sentence cannot be turned into a pronunciation."""

from __future__ import annotations

from dataclasses import dataclass

from model.errors import SpeechFeedbackError


@dataclass(frozen=True)
class Problem:
    """One run of characters that cannot be read, with 1-based positions in the input."""

    text: str
    start: int  # 1-based, inclusive
    end: int  # 1-based, inclusive
    kind: str  # "latin", "emoji", "jamo", "hanja", "symbol", "other", "bracket"


class G2PError(SpeechFeedbackError, ValueError):
    """Text that the G2P cannot read aloud; the message says what, where, and what to write instead."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (ko or en): in Korean, one line per run that cannot be read."""
        if lang != "ko" or not self.problems:
            return str(self)
        return "\n".join(f"'{p.text}'({_where_ko(p)})을 읽을 수 없어요: {ADVICE_KO.get(p.kind, ADVICE_KO['other'])}"
                         for p in self.problems)  # fmt: skip


ADVICE_KO = {
    "latin": "로마자예요. 소리 나는 대로 한글로 써 주세요 (예: computer → 컴퓨터). 대문자 약어는 글자 이름으로 읽어요 (CG → 시지).",
    "unread": "웃음(ㅋㅋ), 이모티콘(^^), 이모지는 읽지 않아요. 읽을 문장을 한글로 써 주세요.",
    "jamo": "완성된 글자가 아닌 낱자예요. 완성된 음절로 써 주세요.",
    "hanja": "한자예요. 한글로 써 주세요 (예: 學校 → 학교).",
    "symbol": "소리 내어 읽지 않는 기호예요. 지우거나 한글로 풀어 써 주세요.",
    "bracket": "괄호 안의 발음은 한글이어야 하고, 단어 바로 뒤에 붙여 써야 해요 (예: 신고[신꼬]).",
    "other": "한국어가 아닌 글자예요. 한글로 써 주세요.",
}


def _where_ko(p: Problem) -> str:
    return f"{p.start}번째 글자" if p.start == p.end else f"{p.start}–{p.end}번째 글자"
