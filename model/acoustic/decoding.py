"""CTC decoding: frame-wise log-probabilities -> phones with their frame spans.

Both decoders return :class:`Hypothesis`. A phone's span is the run of frames on which the
chosen CTC path emits it: ``start_frames[i]`` is its first frame and ``end_frames[i]`` its
last (inclusive). ``score`` is the log-probability of that single best path (no LM).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from model.acoustic.vocab import Vocabulary
from model.errors import SpeechFeedbackError


@dataclass(frozen=True)
class Hypothesis:
    phones: tuple[str, ...]
    start_frames: tuple[int, ...]
    end_frames: tuple[int, ...]  # inclusive
    score: float


def _check(log_probs: Tensor, vocabulary: Vocabulary) -> Tensor:
    if log_probs.dim() != 2 or log_probs.shape[1] != len(vocabulary):
        raise ValueError(
            f"log_probs must be (T, {len(vocabulary)}) for this vocabulary, got {tuple(log_probs.shape)}"
        )
    return log_probs.detach().to(device="cpu", dtype=torch.float32).contiguous()


def path_to_hypothesis(path: list[int], vocabulary: Vocabulary, score: float) -> Hypothesis:
    """A frame-level CTC path -> phones and spans (collapse repeats, then drop blanks)."""
    phones: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev = None
    for t, idx in enumerate(path):
        if idx != prev and idx != vocabulary.blank:
            phones.append(vocabulary.symbols[idx])
            starts.append(t)
            ends.append(t)
        elif idx == prev and idx != vocabulary.blank:
            ends[-1] = t
        prev = idx
    return Hypothesis(tuple(phones), tuple(starts), tuple(ends), float(score))


def greedy_decode(log_probs: Tensor, vocabulary: Vocabulary) -> Hypothesis:
    """Best class per frame, repeats collapsed, blanks dropped."""
    lp = _check(log_probs, vocabulary)
    if lp.shape[0] == 0:
        return Hypothesis((), (), (), 0.0)
    best, ids = lp.max(dim=1)
    return path_to_hypothesis(ids.tolist(), vocabulary, float(best.sum()))


class BeamUnavailable(SpeechFeedbackError):
    """Beam search was asked for, and flashlight-text is not installed."""


def _decoder(vocabulary: Vocabulary, beam_size: int, threshold: float):
    """A fresh decoder per call: they are cheap and hold per-decode state (not thread-safe)."""
    try:
        from flashlight.lib.text.decoder import (
            CriterionType,
            LexiconFreeDecoder,
            LexiconFreeDecoderOptions,
            ZeroLM,
        )
    except ImportError:
        raise BeamUnavailable(
            "Beam search needs the optional package flashlight-text: pip install 'speechfeedback[beam]' "
            "(make install has it). Greedy decoding (--beam 0, the default) gives the same phones."
        ) from None

    options = LexiconFreeDecoderOptions(
        beam_size=beam_size,
        beam_size_token=len(vocabulary),
        beam_threshold=threshold,
        lm_weight=0.0,
        sil_score=0.0,
        log_add=False,  # merged prefixes keep their best path's score, as greedy reports
        criterion_type=CriterionType.CTC,
    )
    # No language model: flashlight's ZeroLM scores 0 but still keys its states on the
    # token history, so hypotheses merge only when their phone sequences are equal. There
    # is no word separator; the "silence" token is the blank.
    lm = ZeroLM()  # returned too, so it outlives the decode whatever the binding's ownership
    return LexiconFreeDecoder(options, lm, vocabulary.blank, vocabulary.blank, []), lm


def beam_decode(
    log_probs: Tensor,
    vocabulary: Vocabulary,
    beam_size: int = 16,
    nbest: int = 1,
    beam_threshold: float = 50.0,
) -> list[Hypothesis]:
    """CTC prefix beam search (flashlight-text ``LexiconFreeDecoder``, no LM).

    Returns up to ``nbest`` hypotheses with distinct phone sequences, best first; the spans
    come from the best frame-level path the decoder kept for each.
    """
    if beam_size < 1 or nbest < 1:
        raise ValueError("beam_size and nbest must be at least 1")
    lp = _check(log_probs, vocabulary)
    num_frames = lp.shape[0]
    if num_frames == 0:
        return [Hypothesis((), (), (), 0.0)]
    decoder, _lm = _decoder(vocabulary, beam_size, beam_threshold)
    results = sorted(decoder.decode(lp.data_ptr(), num_frames, len(vocabulary)), key=lambda r: -r.score)
    out: list[Hypothesis] = []
    seen: set[tuple[str, ...]] = set()
    for r in results:
        # flashlight's token path has one extra (silence) step at each end
        path = list(r.tokens)[1 : num_frames + 1]
        hyp = path_to_hypothesis(path, vocabulary, r.score)
        if hyp.phones in seen:
            continue
        seen.add(hyp.phones)
        out.append(hyp)
        if len(out) == nbest:
            break
    return out or [greedy_decode(lp, vocabulary)]
