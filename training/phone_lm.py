"""Does a phone language model earn the beam decoder its place? A measurement, not a feature.

A phone n-gram (interpolated absolute discounting) is estimated from the phones of text only:
the G2P'd lesson lists and the transcripts of the given manifests (their ``phones`` column; the
audio is not read). It is plugged into flashlight-text's CTC beam search as a Python ``LM``
and the beam decoder runs at several LM weights over the same network outputs (computed once
per utterance), so each weight's PER is measured on exactly the same evidence:

    python -m training.phone_lm --checkpoint C --text FIT.tsv --data CALIBRATION.tsv --weights 0,0.2,0.4
    python -m training.phone_lm --checkpoint C --text FIT.tsv --data TEST.tsv --weights 0,0.3 --bonus 1

Choose the weight on one split (calibration) and report it on another (test). Why it is not in
the app: a prior over phone sequences pulls what is heard toward what Korean usually sounds
like, which is what a pronunciation tutor must not do to a learner's errors. The assessment
decodes greedily and judges on the network's own evidence; this LM is for free recognition
(``training.evaluate``) only if the measurement says it helps.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import torch
from tqdm import tqdm

from model.acoustic.vocab import Vocabulary
from model.errors import command

DISCOUNT = 0.75
BOS, EOS = "<s>", "</s>"


class PhoneNgram:
    """An interpolated absolute-discounting n-gram over phone symbols (``order`` ≥ 1)."""

    def __init__(self, sentences: Iterable[Sequence[str]], order: int = 3) -> None:
        self.order = order
        self.counts: list[dict[tuple[str, ...], Counter[str]]] = [defaultdict(Counter) for _ in range(order)]
        vocab: set[str] = {EOS}
        for phones in sentences:
            seq = [BOS] * (order - 1) + list(phones) + [EOS]
            vocab.update(phones)
            for i in range(order - 1, len(seq)):
                for n in range(order):  # n = context length
                    self.counts[n][tuple(seq[i - n : i])][seq[i]] += 1
        self.vocab = sorted(vocab)
        self._cache: dict[tuple[tuple[str, ...], str], float] = {}

    def logprob(self, context: tuple[str, ...], phone: str) -> float:
        """ln P(phone | the last order-1 phones of context)."""
        context = context[len(context) - (self.order - 1) :] if self.order > 1 else ()
        key = (context, phone)
        if key not in self._cache:
            self._cache[key] = math.log(self._prob(context, phone))
        return self._cache[key]

    def _prob(self, context: tuple[str, ...], phone: str) -> float:
        lower = 1.0 / (len(self.vocab) + 1)  # uniform floor, one slot for unseen phones
        for n in range(len(context) + 1):
            c = self.counts[n].get(context[len(context) - n :] if n else ())
            if not c:
                continue
            total = sum(c.values())
            lower = max(c[phone] - DISCOUNT, 0.0) / total + DISCOUNT * len(c) / total * lower
        return lower


def _lm_class():
    from flashlight.lib.text.decoder import LM

    class NgramLM(LM):
        """flashlight's LM interface over :class:`PhoneNgram`; a state is the phone history."""

        def __init__(self, ngram: PhoneNgram, vocabulary: Vocabulary, bonus: float) -> None:
            LM.__init__(self)
            self.ngram, self.symbols, self.bonus = ngram, vocabulary.symbols, bonus
            self.history: dict = {}

        def start(self, start_with_nothing: bool):
            from flashlight.lib.text.decoder import LMState

            state = LMState()
            self.history[state] = (BOS,) * (self.ngram.order - 1)
            return state

        def score(self, state, token_index: int):
            out = state.child(token_index)
            phone = self.symbols[token_index]
            context = self.history[state]
            if out not in self.history:
                self.history[out] = (
                    (context + (phone,))[-(self.ngram.order - 1) :] if self.ngram.order > 1 else ()
                )
            return out, self.ngram.logprob(context, phone) + self.bonus

        def finish(self, state):
            out = state.child(-1)
            self.history.setdefault(out, self.history[state])
            return out, self.ngram.logprob(self.history[state], EOS)

    return NgramLM


def decode_with_lm(log_probs: torch.Tensor, vocabulary: Vocabulary, ngram: PhoneNgram | None, weight: float,
                   bonus: float, beam: int = 16) -> list[str]:  # fmt: skip
    """The best phone sequence of a CTC beam search with ``weight`` × (LM + ``bonus``)."""
    from flashlight.lib.text.decoder import (
        CriterionType,
        LexiconFreeDecoder,
        LexiconFreeDecoderOptions,
        ZeroLM,
    )

    lp = log_probs.detach().float().contiguous()
    lm = _lm_class()(ngram, vocabulary, bonus) if ngram is not None and weight > 0 else ZeroLM()
    options = LexiconFreeDecoderOptions(beam_size=beam, beam_size_token=len(vocabulary), beam_threshold=50.0,
                                        lm_weight=weight, sil_score=0.0, log_add=False,
                                        criterion_type=CriterionType.CTC)  # fmt: skip
    decoder = LexiconFreeDecoder(options, lm, vocabulary.blank, vocabulary.blank, [])
    best = max(decoder.decode(lp.data_ptr(), lp.shape[0], lp.shape[1]), key=lambda r: r.score)
    path = list(best.tokens)[1 : lp.shape[0] + 1]
    out, prev = [], None
    for idx in path:
        if idx != prev and idx != vocabulary.blank:
            out.append(vocabulary.symbols[idx])
        prev = idx
    return out


def error_fate(intended: Sequence[str], said: Sequence[str], heard: Sequence[str]) -> Counter[str]:
    """For each phone said otherwise than intended (a deliberate error of the synthetic corpus):
    did the decoder hear what was said ("caught"), the intended phone ("hidden": the error
    disappeared), or something else ("other")?"""
    from model.assess.align import align, ref_to_hyp

    to_said = ref_to_hyp(align(intended, said, unit=True), len(intended))
    to_heard = ref_to_hyp(align(intended, heard, unit=True), len(intended))
    fate: Counter[str] = Counter()
    for i, e in enumerate(intended):
        s = said[to_said[i]] if to_said[i] is not None else None
        if s == e:
            continue
        h = heard[to_heard[i]] if to_heard[i] is not None else None
        fate["caught" if h == s else "hidden" if h == e else "other"] += 1
    return fate


def text_phones(manifests: Sequence[Path]) -> list[list[str]]:
    """The phones of the lesson lists and of the manifests' transcripts."""
    from model.korean import g2p
    from model.sentences import builtin_lessons
    from training.manifest import read_manifest

    out = [list(g2p(s.g2p_input()).symbols) for lesson in builtin_lessons() for s in lesson.sentences]
    for m in manifests:
        out += [list(u.phones) for u in read_manifest(m).utterances]
    return out


@command
def main(argv: list[str] | None = None) -> int:
    from model.acoustic.recognizer import Recognizer
    from model.audio import AudioError, load_audio
    from training.manifest import read_manifest
    from training.metrics import ErrorCounts

    p = argparse.ArgumentParser(prog="python -m training.phone_lm", description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", default=None)
    p.add_argument("--text", required=True, help="manifests whose transcripts train the LM (comma-separated)")
    p.add_argument("--data", required=True, help="the manifest to measure on")
    p.add_argument("--order", type=int, default=3)
    p.add_argument("--weights", default="0,0.2,0.4,0.6")
    p.add_argument("--bonus", type=float, default=0.0, help="per-phone insertion bonus, in LM nats")
    p.add_argument("--beam", type=int, default=16)
    p.add_argument(
        "--errors",
        action="store_true",
        help="also count what became of deliberate errors (a synthetic manifest's 'intended' column)",
    )
    args = p.parse_args(argv)
    ngram = PhoneNgram(text_phones([Path(t) for t in args.text.split(",")]), args.order)
    test = read_manifest(args.data)
    text_sentences = {tuple(u.phones) for t in args.text.split(",") for u in read_manifest(t).utterances}
    overlap = sum(tuple(u.phones) in text_sentences for u in test.utterances)
    rec = Recognizer.load(args.checkpoint, device="cpu")
    weights = [float(w) for w in args.weights.split(",")]
    counts = {w: ErrorCounts() for w in weights}
    fates: dict[float, Counter[str]] = {w: Counter() for w in weights}
    for utt in tqdm(test.utterances, desc="decoding", dynamic_ncols=True):
        try:
            wav = load_audio(utt.path)
        except AudioError:
            continue
        log_probs, lengths, _ = rec.forward([wav])
        lp = log_probs[0, : int(lengths[0])]
        intended = tuple(utt.extra.get("intended", "").split())
        for w in weights:
            heard = decode_with_lm(lp, rec.vocabulary, ngram, w, args.bonus, args.beam)
            counts[w].add(utt.phones, heard)
            if args.errors and intended and intended != utt.phones:
                fates[w] += error_fate(intended, utt.phones, heard)
    rows = {w: {"per": round(c.per, 4), **{k: v for k, v in c.to_dict().items() if k in ("substitutions", "deletions", "insertions")},
                **({"errors": dict(fates[w])} if args.errors else {})}
            for w, c in counts.items()}  # fmt: skip
    print(json.dumps({"order": args.order, "bonus": args.bonus, "test_sentences_in_lm_text": overlap,
                      "per_by_weight": rows}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
