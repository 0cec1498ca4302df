"""Phone error rate with its parts: substitutions, deletions, insertions, and the confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


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
        for op, ref, hyp in align(reference, hypothesis):
            if op == "S":
                self.substitutions += 1
                self.confusions[(ref, hyp)] += 1
            elif op == "D":
                self.deletions += 1
                self.confusions[(ref, "∅")] += 1
            elif op == "I":
                self.insertions += 1
                self.confusions[("∅", hyp)] += 1
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


def align(reference: Sequence[str], hypothesis: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
    """Plain Levenshtein alignment: a list of (op, ref, hyp) with op in '=', 'S', 'D', 'I'."""
    n, m = len(reference), len(hypothesis)
    dist = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dist[i][0] = i
    for j in range(m + 1):
        dist[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sub = dist[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1])
            dist[i][j] = min(sub, dist[i - 1][j] + 1, dist[i][j - 1] + 1)
    ops = []
    i, j = n, m
    while i or j:
        if i and j and dist[i][j] == dist[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            ops.append(
                ("=" if reference[i - 1] == hypothesis[j - 1] else "S", reference[i - 1], hypothesis[j - 1])
            )
            i, j = i - 1, j - 1
        elif i and dist[i][j] == dist[i - 1][j] + 1:
            ops.append(("D", reference[i - 1], None))
            i -= 1
        else:
            ops.append(("I", None, hypothesis[j - 1]))
            j -= 1
    return ops[::-1]


def phone_error_rate(pairs: list[tuple[Sequence[str], Sequence[str]]]) -> ErrorCounts:
    counts = ErrorCounts()
    for ref, hyp in pairs:
        counts.add(ref, hyp)
    return counts
