"""The pieces of adapting a model to one speaker: read and check the recordings, score each one
under the starting model, hold some out, fine-tune within a wall-time budget, measure.

The training itself is the one loop (:func:`training.loop.run_loop`, as ``training.train``
runs it), with the same dataset, length-bucketed batches, augmentation and PER evaluation.
What differs is the schedule: a teacher's
few minutes of speech are trained on for a fixed *time*, not a number of steps, so the
learning rate follows the share of the budget used (warm-up, then a linear decay).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import torch
import torch.nn.functional as F

from model.acoustic.deepspeech2 import DeepSpeech2
from model.acoustic.features import FeatureConfig
from model.acoustic.vocab import Vocabulary
from model.audio import SAMPLE_RATE, AudioError, check_audio, load_audio
from training.augment import AugmentConfig
from training.data import BucketBatchSampler, SpeechDataset, make_loader
from training.evaluate import read_folder
from training.loop import LoopPosition, LoopSettings, run_loop
from training.manifest import Utterance, read_manifest
from training.metrics import ErrorCounts
from training.train import evaluate_model


@dataclass(frozen=True)
class AdaptConfig:
    minutes: float = 3.0  # wall time of the training stage
    max_steps: int = 0  # stop earlier after this many steps (0: no limit); repeatable runs, tests
    lr: float = 5e-4
    warmup_fraction: float = 0.1  # of the time budget …
    warmup_steps: int = 30  # … and at least this many steps (see lr_at)
    min_steps: int = 60  # a run the clock cuts short still takes these (with max_steps, at most max_steps)
    final_lr_scale: float = 0.1
    weight_decay: float = 1e-2
    grad_clip: float = 5.0
    batch_seconds: float = 40.0  # padded audio per batch
    max_batch: int = 16
    held_out_fraction: float = 0.1
    min_held_out: int = 3
    mismatch_factor: float = 3.0  # see ``mismatched``
    mismatch_margin: float = 0.9
    seed: int = 0


@dataclass(frozen=True)
class Dropped:
    file: str
    reason: str

    def to_dict(self) -> dict:
        return {"file": self.file, "reason": self.reason}


def load_recordings(source: Path) -> tuple[list[Utterance], list[Dropped]]:
    """The recordings with their durations and phones; unusable ones dropped, with why.

    ``source``: a folder with transcripts.tsv (file, text; phones from the G2P), or a manifest
    (e.g. the phrases ``training.phrases`` cut from paragraphs). ManifestError when it is neither."""
    if source.is_file():
        manifest = read_manifest(source)
        dropped = [Dropped(f"({n} rows of {source.name})", why) for why, n in manifest.skipped.items()]
    else:
        problems: list[tuple[str, str]] = []
        manifest = read_folder(source, problems)
        dropped = [Dropped(name, reason) for name, reason in problems]
    usable = []
    for utt in manifest.utterances:
        try:
            wav = load_audio(utt.path)
            check_audio(wav)
        except AudioError as exc:
            dropped.append(Dropped(utt.path.name, str(exc)))
            continue
        usable.append(replace(utt, duration=wav.size / SAMPLE_RATE))
    return usable, dropped


@dataclass(frozen=True)
class TextFit:
    """A recording's CTC loss per reference phone under the starting model: for its own text, and
    the median and least for other texts of the folder (inf: too short for that text)."""

    own: float
    others_median: float
    others_best: float


def text_fit(model: DeepSpeech2, utts: list[Utterance], vocabulary: Vocabulary, features: FeatureConfig,
             others: int = 8) -> list[TextFit]:  # fmt: skip
    """How well each recording fits its text, and up to ``others`` other texts of the set (one
    forward pass per recording; the extra losses reuse its output)."""
    fits: list[TextFit | None] = [None] * len(utts)
    rng = random.Random(0)
    sampler = BucketBatchSampler([u.duration for u in utts], 60.0, 16, seed=0)
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        for batch in make_loader(SpeechDataset(utts, vocabulary, features), sampler, 0):
            if not len(batch):
                continue
            log_probs, out_lengths = model(batch.features, batch.lengths)
            for i, index in enumerate(batch.indices):
                pool = [j for j in range(len(utts)) if utts[j].phones != utts[index].phones]
                texts = [utts[index].phones] + [
                    utts[j].phones for j in rng.sample(pool, min(others, len(pool)))
                ]
                targets = [torch.tensor(vocabulary.encode(t)) for t in texts]
                n = int(out_lengths[i])
                lp = log_probs[i, :n].unsqueeze(1).expand(n, len(texts), -1)
                lengths = torch.tensor([len(t) for t in targets])
                loss = F.ctc_loss(lp, torch.cat(targets), torch.full((len(texts),), n), lengths,
                                  blank=vocabulary.blank, reduction="none") / lengths  # fmt: skip
                rest = sorted(float(x) for x in loss[1:]) or [math.inf]
                fits[index] = TextFit(float(loss[0]), statistics.median(rest), rest[0])
    model.train(was_training)
    return [f if f is not None else TextFit(math.inf, math.inf, math.inf) for f in fits]


def mismatched(fits: list[TextFit], factor: float, margin: float, floor: float = 2.0) -> list[int]:
    """Indices of recordings that do not say their text.

    A faithful recording fits its own text better than any other text of the set, and clearly
    better than a typical one (own loss below ``margin`` × their median), and its loss is not
    an outlier for the voice (below ``factor`` × the median own loss, or below ``floor`` nats per
    phone, since a voice the model knows well has tiny losses whose ratios mean nothing): a recording paired with
    another sentence's text fails the first, one of something else entirely the second, a
    cut-off one the third. The comparisons are relative, so they hold on voices the model
    still recognises badly."""
    finite = [f.own for f in fits if math.isfinite(f.own)]
    limit = max(floor, factor * statistics.median(finite)) if finite else -math.inf
    return [
        i
        for i, f in enumerate(fits)
        if not f.own <= limit or f.others_best < f.own or not f.own < margin * f.others_median
    ]


def check_recordings(model: DeepSpeech2, folder: Path, vocabulary: Vocabulary, features: FeatureConfig,
                     cfg: AdaptConfig) -> tuple[list[Utterance], list[Dropped]]:  # fmt: skip
    """The usable recordings of ``folder``, and those dropped with why (unreadable, silent, no text,
    or not matching their text under ``model``)."""
    recordings, dropped = load_recordings(folder)
    bad = set(mismatched(text_fit(model, recordings, vocabulary, features), cfg.mismatch_factor,
                         cfg.mismatch_margin))  # fmt: skip
    dropped += [
        Dropped(recordings[i].path.name, "the recording does not match its text") for i in sorted(bad)
    ]
    return [u for i, u in enumerate(recordings) if i not in bad], dropped


def split_held_out(n: int, fraction: float, minimum: int, seed: int) -> tuple[list[int], list[int]]:
    """(training, held-out) indices: a tenth of the recordings, at least ``minimum``, chosen at random."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    k = max(minimum, round(n * fraction))
    return sorted(order[k:]), sorted(order[:k])


def measure(model: DeepSpeech2, utts: list[Utterance], vocabulary: Vocabulary, features: FeatureConfig
            ) -> ErrorCounts:  # fmt: skip
    """Greedy-decoded PER over the recordings, no augmentation."""
    sampler = BucketBatchSampler([u.duration for u in utts], 60.0, 16, seed=0)
    loader = make_loader(SpeechDataset(utts, vocabulary, features), sampler, 0)
    return evaluate_model(model, loader, vocabulary, torch.device("cpu"))


def lr_at(fraction: float, cfg: AdaptConfig, step: int | None = None) -> float:
    """Learning rate after ``fraction`` of the time budget (and ``step`` steps): linear warm-up,
    then linear decay.

    The warm-up also lasts ``warmup_steps`` steps, and a run takes ``min_steps`` however slow the
    computer: Adam's first steps are as large as the learning rate whatever the gradient, and a
    run the clock cut short used to end on a few of them (measured on ``make bench``'s teacher
    voice: 9 steps took the held-out PER from 10.6% to 23.5%, 25 steps to 14.8%, 120 to 5.2%;
    with the learning rate at 0, BatchNorm statistics alone, 10.3%)."""
    if fraction < cfg.warmup_fraction:
        value = cfg.lr * max(0.05, fraction / cfg.warmup_fraction)
    else:
        rest = (fraction - cfg.warmup_fraction) / max(1e-9, 1 - cfg.warmup_fraction)
        value = cfg.lr * (1 - min(1.0, rest) * (1 - cfg.final_lr_scale))
    if step is not None and step < cfg.warmup_steps:
        value *= max(0.05, (step + 1) / cfg.warmup_steps)
    return value


@dataclass(frozen=True)
class TrainingRun:
    steps: int
    epochs: float
    seconds: float
    last_loss: float


def finetune(
    model: DeepSpeech2,
    utts: list[Utterance],
    vocabulary: Vocabulary,
    features: FeatureConfig,
    cfg: AdaptConfig,
    on_step: Callable[[float, float], None] = lambda done, loss: None,
) -> TrainingRun:
    """Train ``model`` in place on ``utts`` (augmented) for ``cfg.minutes`` of wall time (or
    ``cfg.max_steps``), at least one step.

    ``on_step(share of the budget used, loss)`` is called after every step."""
    augment = AugmentConfig()
    data = SpeechDataset(utts, vocabulary, features, augment, seed=cfg.seed)
    sampler = BucketBatchSampler([u.duration for u in utts], cfg.batch_seconds, cfg.max_batch, cfg.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    budget = max(1e-3, cfg.minutes * 60)
    start = time.monotonic()

    def used(pos: LoopPosition) -> float:  # share of the budget: of the time, or of the steps when further
        return max((time.monotonic() - start) / budget, pos.step / cfg.max_steps if cfg.max_steps else 0.0)

    last = [math.nan]
    least = max(1, min(cfg.min_steps, cfg.max_steps) if cfg.max_steps else cfg.min_steps)

    def after_step(pos: LoopPosition, loss: float | None) -> None:
        last[0] = loss if loss is not None else last[0]
        on_step(min(1.0, used(pos)), last[0])

    settings = LoopSettings(blank=vocabulary.blank, grad_clip=cfg.grad_clip, augment=augment,
                            device=torch.device("cpu"), seed=cfg.seed)  # fmt: skip
    pos = run_loop(model, model, optimizer, data, sampler, settings, LoopPosition(),
                   lr_at=lambda p: lr_at(used(p), cfg, p.step), done=lambda p: p.step >= least and used(p) >= 1,
                   after_step=after_step)  # fmt: skip
    return TrainingRun(pos.step, pos.epochs, time.monotonic() - start, last[0])
