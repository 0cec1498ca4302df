"""Weighted edit distance between what should have been said and what was heard.

Unlike a left-to-right string comparison, every difference is reported in place: a
substitution, a deletion (an expected phone with nothing heard for it) or an insertion (a
heard phone that is not in the sentence). The substitution cost comes from the articulatory
distance of :func:`model.phones.distance`, so the alignment pairs ㄱ with a heard ㅋ (0.25)
rather than with a heard ㅁ, and ㅓ with ㅗ rather than with ㅣ.

Costs (documented constants):

- substitution of two consonants, or of two vowels/glides: ``SUB_WEIGHT * distance`` (≤ 0.9);
- a consonant for a vowel or the reverse: ``CROSS_COST`` (1.5), dearer than a deletion plus
  an insertion (``2 * GAP_COST`` = 1.0), so such a pair is reported as what it is: one sound
  left out and another added;
- deletion and insertion: ``GAP_COST`` (0.5) each.

The dynamic programme is vectorised over the heard axis (numpy), so 600 × 600 phones (a
minute of speech) take a few milliseconds; ties prefer match/substitution, then deletion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from model import phones as _phones

GAP_COST = 0.5
SUB_WEIGHT = 0.9
CROSS_COST = 1.5

MATCH, SUB, DEL, INS = "match", "sub", "del", "ins"


@dataclass(frozen=True)
class AlignOp:
    """One step of an alignment; ``ref``/``hyp`` index the two sequences (None on the gap side)."""

    op: str  # "match", "sub", "del" (ref phone not heard), "ins" (hyp phone not expected)
    ref: int | None
    hyp: int | None


@cache
def sub_cost(a: str, b: str) -> float:
    """Cost of hearing ``b`` where ``a`` was expected (0 when equal)."""
    if a == b:
        return 0.0
    pa, pb = _phones.phone(a), _phones.phone(b)
    if pa.is_consonant != pb.is_consonant:
        return CROSS_COST
    return SUB_WEIGHT * _phones.distance(a, b)


def _cost_matrix(ref: Sequence[str], hyp: Sequence[str]) -> np.ndarray:
    syms = sorted(set(ref) | set(hyp))
    idx = {s: i for i, s in enumerate(syms)}
    table = np.array([[sub_cost(a, b) for b in syms] for a in syms], dtype=np.float64)
    r = np.array([idx[s] for s in ref], dtype=np.int64)
    h = np.array([idx[s] for s in hyp], dtype=np.int64)
    return table[r[:, None], h[None, :]] if len(ref) and len(hyp) else np.zeros((len(ref), len(hyp)))


def align(
    ref: Sequence[str], hyp: Sequence[str], gap: float = GAP_COST, *, unit: bool = False
) -> list[AlignOp]:
    """The cheapest alignment of ``ref`` (expected phones) with ``hyp`` (heard phones), in order.

    ``unit``: plain Levenshtein (every substitution, deletion and insertion costs 1), what the
    phone error rate counts; otherwise substitutions cost by phonetic distance (whose alignment
    puts a heard phone under the expected one it resembles)."""
    n, m = len(ref), len(hyp)
    if unit:
        gap = 1.0
        sub = np.array([[0.0 if a == b else 1.0 for b in hyp] for a in ref]).reshape(n, m)
    else:
        sub = _cost_matrix(ref, hyp)
    d = np.zeros((n + 1, m + 1))
    d[0] = np.arange(m + 1) * gap
    steps = np.arange(m + 1) * gap
    for i in range(1, n + 1):
        e = np.empty(m + 1)
        e[0] = d[i - 1, 0] + gap
        e[1:] = np.minimum(d[i - 1, :-1] + sub[i - 1], d[i - 1, 1:] + gap)
        # insertions along the row: d[i, j] = min_k<=j e[k] + (j - k) * gap
        d[i] = np.minimum.accumulate(e - steps) + steps
    ops: list[AlignOp] = []
    i, j = n, m
    eps = 1e-9
    while i > 0 or j > 0:
        if i > 0 and j > 0 and abs(d[i, j] - (d[i - 1, j - 1] + sub[i - 1, j - 1])) < eps:
            ops.append(AlignOp(MATCH if ref[i - 1] == hyp[j - 1] else SUB, i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and abs(d[i, j] - (d[i - 1, j] + gap)) < eps:
            ops.append(AlignOp(DEL, i - 1, None))
            i -= 1
        else:
            ops.append(AlignOp(INS, None, j - 1))
            j -= 1
    ops.reverse()
    return ops


def distance(ref: Sequence[str], hyp: Sequence[str]) -> float:
    """Total cost of the best alignment."""
    total = 0.0
    for op in align(ref, hyp):
        if op.op == SUB:
            total += sub_cost(ref[op.ref], hyp[op.hyp])
        elif op.op in (DEL, INS):
            total += GAP_COST
    return total


def ref_to_hyp(ops: Sequence[AlignOp], n_ref: int) -> list[int | None]:
    """For each ref index, the hyp index it is aligned with (None when deleted)."""
    out: list[int | None] = [None] * n_ref
    for op in ops:
        if op.ref is not None:
            out[op.ref] = op.hyp
    return out


def mismatches(ref: Sequence[str], hyp: Sequence[str]) -> list[bool]:
    """For each ref phone, whether the alignment differs there (substituted or deleted).

    An insertion is charged to the ref phone before it (the first one when at the start),
    so that "said an extra vowel after ㄱ" counts as an error at ㄱ.
    """
    flags = [False] * len(ref)
    last = -1
    for op in align(ref, hyp):
        if op.ref is not None:
            last = op.ref
            if op.op != MATCH:
                flags[op.ref] = True
        elif ref:
            flags[max(last, 0)] = True
    return flags
