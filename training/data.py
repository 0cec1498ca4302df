"""Loading for training: utterances → features and targets, in length-bucketed batches.

A file that cannot be read is skipped and logged (the batch simply has one utterance less),
never a hang or a crash. The batch order is a pure function of (seed, epoch), and the
sampler can start at any batch, which is what makes resume exact.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from model.acoustic.features import FeatureConfig, log_mel
from model.acoustic.vocab import Vocabulary
from model.audio import AudioError, load_audio
from training.augment import AugmentConfig, augment_waveform
from training.manifest import Utterance

log = logging.getLogger(__name__)


@dataclass
class Batch:
    features: torch.Tensor  # (B, T, F)
    lengths: torch.Tensor  # (B,)
    targets: torch.Tensor  # (sum of target lengths,)
    target_lengths: torch.Tensor  # (B,)
    indices: list[int]
    skipped: list[int]  # indices of utterances in this batch that could not be read

    def __len__(self) -> int:
        return len(self.indices)


class SpeechDataset(Dataset):
    """Item ``(index, epoch)`` → (features, target ids, index), or just ``index`` when unreadable."""

    def __init__(
        self,
        utterances: list[Utterance],
        vocabulary: Vocabulary,
        features: FeatureConfig,
        augment: AugmentConfig | None = None,
        seed: int = 0,
    ) -> None:
        self.utterances = utterances
        self.vocabulary = vocabulary
        self.features = features
        self.augment = augment
        self.seed = seed

    def __len__(self) -> int:
        return len(self.utterances)

    def __getitem__(self, key: tuple[int, int]):
        index, epoch = key
        utt = self.utterances[index]
        try:
            wav = load_audio(utt.path)
            if wav.size < self.features.win_length:
                raise AudioError("empty audio")
            if self.augment is not None:
                rng = np.random.default_rng([self.seed, epoch, index])
                wav = augment_waveform(wav, rng, self.augment)
            if not np.isfinite(wav).all():
                raise AudioError("audio has NaN or infinite samples")
        except (AudioError, OSError, ValueError) as exc:
            log.warning("skipping %s: %s", utt.path, exc)
            return index
        feats, _ = log_mel(torch.from_numpy(wav).float(), self.features)
        targets = torch.tensor(self.vocabulary.encode(utt.phones), dtype=torch.long)
        return feats[0], targets, index


def collate(items: list) -> Batch:
    good = [it for it in items if not isinstance(it, int)]
    skipped = [it for it in items if isinstance(it, int)]
    if not good:
        return Batch(torch.zeros(0, 0, 0), torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.long),
                     torch.zeros(0, dtype=torch.long), [], skipped)  # fmt: skip
    lengths = torch.tensor([f.shape[0] for f, _, _ in good], dtype=torch.long)
    feats = torch.zeros(len(good), int(lengths.max()), good[0][0].shape[1])
    for i, (f, _, _) in enumerate(good):
        feats[i, : f.shape[0]] = f
    targets = torch.cat([t for _, t, _ in good])
    target_lengths = torch.tensor([len(t) for _, t, _ in good], dtype=torch.long)
    return Batch(feats, lengths, targets, target_lengths, [i for _, _, i in good], skipped)


class BucketBatchSampler:
    """Batches of similar duration, capped by total seconds; order fixed by (seed, epoch)."""

    def __init__(
        self,
        durations: list[float],
        batch_seconds: float,
        max_batch: int,
        seed: int,
        rank: int = 0,
        world: int = 1,
    ) -> None:
        self.durations = durations
        self.batch_seconds = batch_seconds
        self.max_batch = max_batch
        self.seed = seed
        self.rank = rank
        self.world = world
        self.epoch = 0
        self.start = 0

    def batches(self, epoch: int) -> list[list[int]]:
        rng = random.Random(self.seed * 7919 + epoch)
        # jitter so batches differ between epochs while staying length-homogeneous
        order = sorted(range(len(self.durations)), key=lambda i: self.durations[i] * rng.uniform(0.9, 1.1))
        batches: list[list[int]] = []
        current: list[int] = []
        longest = 0.0
        for i in order:
            longest_if = max(longest, self.durations[i])
            if current and (
                len(current) >= self.max_batch or longest_if * (len(current) + 1) > self.batch_seconds
            ):
                batches.append(current)
                current, longest_if = [], self.durations[i]
            current.append(i)
            longest = longest_if
        if current:
            batches.append(current)
        rng.shuffle(batches)
        usable = len(batches) - len(batches) % self.world  # every rank takes the same number of steps
        return batches[self.rank : usable : self.world]

    def set_position(self, epoch: int, start: int) -> None:
        self.epoch, self.start = epoch, start

    def __len__(self) -> int:
        return len(self.batches(self.epoch)) - self.start

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        for batch in self.batches(self.epoch)[self.start :]:
            yield [(i, self.epoch) for i in batch]


def make_loader(dataset: SpeechDataset, sampler: BucketBatchSampler, workers: int) -> DataLoader:
    return DataLoader(
        dataset,
        batch_sampler=sampler,
        collate_fn=collate,
        num_workers=workers,
        persistent_workers=False,
        prefetch_factor=4 if workers else None,
        generator=torch.Generator().manual_seed(0),  # keeps the global RNG (dropout) untouched: exact resume
    )
