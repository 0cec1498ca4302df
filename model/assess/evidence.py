"""What a recording says about each expected phone, computed once and judged cheaply.

Everything costly in an assessment happens here, once per recording and pronunciation: the
decoder's phones aligned with the expected ones (:mod:`.align`), the CTC forced alignment
(:mod:`.forced_align`), each phone's goodness of pronunciation (:mod:`.gop`) and its
**contrast margin**: how much more the network believes, around the phone's own frames, in
the phone a learner confuses it with (:data:`CONTRAST`, e.g. ㅋ or ㄲ for ㄱ, ㅗ for ㅓ)
than in the phone itself. Deciding verdicts under a set of thresholds
(:func:`model.assess.decide.decide`) then only compares numbers, so the calibration can
sweep many threshold sets over the same evidence.

Why a contrast set: a GOP against every class (the blank included) is low whenever the
model is unsure, which on an unfamiliar voice is almost always; asking instead "was it ㄱ
rather than ㅋ or ㄲ?" on the frames the alignment gave to ㄱ is the question a tutor
needs answered, and a weak model is less often confidently wrong about it. The margin
compares **peak** log-posteriors over a window of ``CONTRAST_WINDOW`` frames either side
of the segment (clipped at the neighbours' segments), because CTC fires a phone on one or
two frames, not necessarily the ones the Viterbi path gave it.

Per-recording normalization: how confidently the network prefers a rival on correctly
spoken phones depends on how well it knows the voice (its contrast margins on a native
espeak-ng voice sit near −7 nats, on a real voice near −1, spread wide). The evidence keeps
the recording's ``CONTRAST_BASELINE_PERCENTILE``-th percentile of contrast margins, so
that a margin can be judged against what this recording's phones usually show: one
threshold then transfers across voices (measured in README: Honest verdicts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

from model.korean import Pronunciation

from .align import MATCH, AlignOp, align, ref_to_hyp
from .forced_align import AlignmentError, forced_align
from .gop import PhoneGOP, phone_gops

# The phones a learner (and a recogniser) confuses each phone with: the three phonations of
# a stop or affricate, the two of ㅅ, ㄴ/ㄹ, and the vowel pairs Korean teachers drill.
_GROUPS = (
    ("p", "pʰ", "p͈"), ("t", "tʰ", "t͈"), ("k", "kʰ", "k͈"), ("tɕ", "tɕʰ", "t͈ɕ"), ("s", "s͈"),
    ("n", "ɾ", "l"), ("ʌ", "o"), ("ɯ", "u"), ("a", "ʌ"), ("i", "ɯ"), ("o", "u"), ("e", "i"),
)  # fmt: skip
CONTRAST: dict[str, tuple[str, ...]] = {}
for _g in _GROUPS:
    for _s in _g:
        CONTRAST[_s] = tuple(dict.fromkeys((*CONTRAST.get(_s, ()), *(x for x in _g if x != _s))))
CONTRAST_WINDOW = 2  # frames (60 ms) either side of a phone's segment
CONTRAST_BASELINE_PERCENTILE = 75


@dataclass(frozen=True)
class PhoneEvidence:
    expected: str
    heard: str | None  # the decoder's phone aligned with it; None when the decoder has none
    gop: PhoneGOP
    contrast: str | None  # the contrast-set phone that rivals it most around its frames
    contrast_margin: float  # peak log P(contrast) − peak log P(expected) there (nats)


@dataclass(frozen=True)
class Evidence:
    """One pronunciation of the sentence against one recording."""

    pron: Pronunciation
    phones: tuple[PhoneEvidence, ...]
    segments: tuple[tuple[int, int], ...]  # forced alignment, per phone; () when not aligned
    aligned: bool
    ops: tuple[AlignOp, ...]  # decoder ↔ expected alignment
    contrast_baseline: float = 0.0  # the recording's usual contrast margin (see module doc)

    @property
    def substituted(self) -> int:
        """Expected phones the decoder heard as another phone."""
        return sum(1 for p in self.phones if p.heard is not None and p.heard != p.expected)

    @property
    def agreement(self) -> float:
        """Of the expected phones the decoder heard anything for, the share it heard as themselves.

        (Phones it heard nothing for are left to completeness: a learner who stops halfway
        made an error the tutor should name, not a sign of an unfamiliar voice.)"""
        heard = sum(1 for p in self.phones if p.heard is not None)
        return (heard - self.substituted) / heard if heard else 0.0

    @property
    def overlap(self) -> float:
        """Phones the decoder heard as expected, over the longer of the two sequences (expected,
        heard). Unlike :attr:`agreement` it also counts what was not heard and what was heard
        besides: reading another text of about the same length can agree by chance on the
        phones it shares, not on a whole sentence's worth of them (training.other_text)."""
        matched = sum(1 for op in self.ops if op.op == MATCH)
        heard = sum(1 for op in self.ops if op.hyp is not None)
        longer = max(len(self.phones), heard)
        return matched / longer if longer else 0.0

    @property
    def alignment_posterior(self) -> float:
        """Mean posterior of the expected phones on their forced-aligned frames."""
        n = len(self.phones)
        return sum(p.gop.posterior for p in self.phones) / n if n and self.aligned else 0.0


def contrast_margins(
    log_probs: Tensor, labels: Sequence[int], segments: Sequence[tuple[int, int]], symbols: Sequence[str]
) -> list[tuple[str | None, float]]:
    """Per label: its strongest contrast phone and peak log-posterior margin (see module doc)."""
    index = {s: i for i, s in enumerate(symbols)}
    out = []
    n_frames = log_probs.shape[0]
    for k, (label, (a, b)) in enumerate(zip(labels, segments)):
        rivals = [index[q] for q in CONTRAST.get(symbols[label], ()) if q in index]
        if not rivals:
            out.append((None, -math.inf))
            continue
        lo = max(a - CONTRAST_WINDOW, segments[k - 1][1] + 1 if k else 0, 0)
        hi = min(b + CONTRAST_WINDOW, segments[k + 1][0] - 1 if k + 1 < len(segments) else n_frames - 1)
        window = log_probs[min(lo, a) : max(hi, b) + 1]
        own = float(window[:, label].max())
        peaks = window[:, rivals].max(dim=0).values
        best = int(peaks.argmax())
        out.append((symbols[rivals[best]], float(peaks[best]) - own))
    return out


def gather(
    log_probs: Tensor, vocabulary, pron: Pronunciation, heard: Sequence[str], gop_midpoint: float,
    gop_slope: float,
) -> Evidence:  # fmt: skip
    """The evidence for ``pron`` from the (T', C) log-probabilities and the decoded phones."""
    exp = list(pron.symbols)
    labels = vocabulary.encode(exp)
    ops = align(exp, list(heard))
    r2h = ref_to_hyp(ops, len(exp))
    lp = log_probs.detach().to("cpu", torch.float32)
    try:
        segments = tuple(forced_align(lp, labels, vocabulary.blank).segments)
        aligned = True
    except AlignmentError:
        segments, aligned = (), False
    if aligned:
        gops = phone_gops(lp, labels, segments, gop_midpoint, gop_slope)
        contrasts = contrast_margins(lp, labels, segments, vocabulary.symbols)
    else:
        gops = [PhoneGOP(-math.inf, 0.0, vocabulary.blank, math.inf, 0.0) for _ in exp]
        contrasts = [(None, -math.inf)] * len(exp)
    phones = tuple(
        PhoneEvidence(e, heard[r2h[i]] if r2h[i] is not None else None, gops[i], *contrasts[i])
        for i, e in enumerate(exp)
    )
    finite = [m for _, m in contrasts if math.isfinite(m)]
    baseline = float(np.percentile(finite, CONTRAST_BASELINE_PERCENTILE)) if finite else 0.0
    return Evidence(pron, phones, segments, aligned, tuple(ops), baseline)
