"""Goodness of pronunciation (GOP) of each phone from the CTC posteriors.

For a phone ``e`` forced-aligned to frames ``F`` (see :mod:`.forced_align`):

    GOP(e) = mean over t in F of [ log P(e | t) − max over q ≠ e of log P(q | t) ]

The competitor ``q`` ranges over every other class, the CTC blank included: a phone that was
left out loses to the blank on the frames the alignment had to give it, one that was
replaced loses to the phone said instead. GOP > 0 means the expected phone won its frames.

The 0–100 score is a logistic of the GOP (``GOP_MIDPOINT`` −1, ``GOP_SLOPE`` 1.5):

    score = 100 / (1 + exp(−GOP_SLOPE · (GOP − GOP_MIDPOINT)))

so GOP +1 (the phone is e ≈ 2.7 times as likely as anything else) scores 95, a tie 82, GOP −1
(the competitor 2.7 times as likely) 50, and GOP −3 five.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

GOP_MIDPOINT = -1.0
GOP_SLOPE = 1.5


@dataclass(frozen=True)
class PhoneGOP:
    gop: float  # mean log-posterior margin over the phone's frames
    score: float  # 0–100
    competitor: int  # class id of the most frequent best competitor over the frames
    competitor_margin: float  # mean log P(competitor) − log P(expected) over the frames
    posterior: float  # mean posterior of the expected phone over its frames


def gop_score(gop: float, midpoint: float = GOP_MIDPOINT, slope: float = GOP_SLOPE) -> float:
    """The documented logistic from GOP to 0–100."""
    z = slope * (gop - midpoint)
    if z < -60:
        return 0.0
    return 100.0 / (1.0 + math.exp(-z))


def phone_gops(
    log_probs: Tensor,
    labels: Sequence[int],
    segments: Sequence[tuple[int, int]],
    midpoint: float = GOP_MIDPOINT,
    slope: float = GOP_SLOPE,
) -> list[PhoneGOP]:
    """GOP of each label over its segment (frames inclusive)."""
    lp = log_probs.detach().to("cpu", torch.float32)
    out = []
    for label, (a, b) in zip(labels, segments):
        seg = lp[a : b + 1]
        own = seg[:, label]
        others = seg.clone()
        others[:, label] = float("-inf")
        best, arg = others.max(dim=1)
        margin = own - best
        gop = float(margin.mean())
        competitor = int(torch.mode(arg).values) if arg.numel() > 1 else int(arg[0])
        comp_margin = float((seg[:, competitor] - own).mean())
        out.append(
            PhoneGOP(gop, gop_score(gop, midpoint, slope), competitor, comp_margin, float(own.exp().mean()))
        )
    return out
