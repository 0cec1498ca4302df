"""Phone error rate with its parts: substitutions, deletions, insertions, and the confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from model.assess.align import DEL, INS, SUB, align


@dataclass
class ErrorCounts:
    reference: int = 0
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0
    confusions: Counter = field(default_factory=Counter)  # (expected, heard or "∅") → count

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def per(self) -> float:
        return self.errors / self.reference if self.reference else 0.0

    def add(self, reference: Sequence[str], hypothesis: Sequence[str]) -> None:
        for op in align(reference, hypothesis, unit=True):  # plain Levenshtein: the PER's own count
            if op.op == SUB:
                self.substitutions += 1
                self.confusions[(reference[op.ref], hypothesis[op.hyp])] += 1
            elif op.op == DEL:
                self.deletions += 1
                self.confusions[(reference[op.ref], "∅")] += 1
            elif op.op == INS:
                self.insertions += 1
                self.confusions[("∅", hypothesis[op.hyp])] += 1
        self.reference += len(reference)

    def merge(self, other: ErrorCounts) -> None:
        self.reference += other.reference
        self.substitutions += other.substitutions
        self.deletions += other.deletions
        self.insertions += other.insertions
        self.confusions.update(other.confusions)

    def to_dict(self, top: int = 20) -> dict:
        return {
            "per": round(self.per, 4),
            "reference_phones": self.reference,
            "substitutions": self.substitutions,
            "deletions": self.deletions,
            "insertions": self.insertions,
            "top_confusions": [
                {"expected": a, "heard": b, "count": n} for (a, b), n in self.confusions.most_common(top)
            ],
        }


def phone_error_rate(pairs: list[tuple[Sequence[str], Sequence[str]]]) -> ErrorCounts:
    counts = ErrorCounts()
    for ref, hyp in pairs:
        counts.add(ref, hyp)
    return counts
