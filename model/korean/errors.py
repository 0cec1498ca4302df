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
