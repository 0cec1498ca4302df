"""The one training loop: `training.train` (a corpus, by steps or minutes, checkpointed) and
`training.adapt` (a teacher's voice, for a few minutes) both run :func:`run_loop`.

It walks the length-bucketed batches epoch after epoch from a :class:`LoopPosition`, takes one
:func:`~training.train.train_step` per batch (augmentation, CTC, clipping, the NaN guard, the
BatchNorm restore of a bad batch), stops when ``done`` says so, and gives up after
``max_bad_batches`` bad batches in a row. What a caller does between steps (evaluate, write
metrics, save checkpoints, report progress) goes in ``after_step``; the learning rate comes from
``lr_at``, so each caller keeps its own schedule.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from model.acoustic.deepspeech2 import DeepSpeech2
from model.errors import SpeechFeedbackError
from training.augment import AugmentConfig, augment_features
from training.data import make_loader


class TrainingError(SpeechFeedbackError):
    """Training cannot go on; the message says why and what to do."""


@dataclass
class LoopPosition:
    """Where a run is: saved in checkpoints so that ``--resume`` goes on from the same batch."""

    step: int = 0
    epoch: int = 0
    batch: int = 0  # batches of ``epoch`` already taken
    wall: float = 0.0  # seconds spent in steps (not in evaluation or saving)
    batches_in_epoch: int = 0
    bad_in_row: int = 0
    bad_total: int = 0
    utterances: int = 0  # taken so far, all processes together
    skipped_files: set = field(default_factory=set)

    @property
    def epochs(self) -> float:
        """Passes over the data, fractional."""
        return self.epoch + (self.batch / self.batches_in_epoch if self.batches_in_epoch else 0.0)


@dataclass(frozen=True)
class LoopSettings:
    blank: int
    grad_clip: float
    augment: object | None  # AugmentConfig, or None for no augmentation
    device: torch.device
    amp: bool = False
    seed: int = 0
    workers: int = 0
    rank: int = 0
    world: int = 1
    max_bad_batches: int = 20
    agree: Callable[[bool], bool] = lambda ok: ok  # every DDP process skips a bad batch together


def train_step(net, model: DeepSpeech2, optimizer, batch, *, blank: int, lr: float, grad_clip: float,
               augment: AugmentConfig | None, device: torch.device, amp: bool = False,
               generator: torch.Generator | None = None, agree=lambda ok: ok) -> float | None:  # fmt: skip
    """One optimiser step on ``batch``: its loss, or None when the batch was bad (empty, NaN or
    infinite loss or gradient) and skipped — BatchNorm statistics included, which the forward pass
    moves. ``agree(ok)`` lets every DDP process skip together. Every step of :func:`run_loop`."""
    ok = len(batch) > 0
    saved_buffers = [b.detach().clone() for b in model.buffers()]
    loss = torch.zeros((), device=device)
    if ok:
        feats = batch.features
        if augment is not None:
            feats = augment_features(feats, batch.lengths, generator or torch.Generator(), augment)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp and device.type == "cuda"):
            log_probs, out_lengths = net(feats.to(device), batch.lengths.to(device))
        loss = F.ctc_loss(log_probs.float().transpose(0, 1), batch.targets.to(device), out_lengths,
                          batch.target_lengths.to(device), blank=blank, reduction="mean",
                          zero_infinity=True)  # fmt: skip
        ok = bool(torch.isfinite(loss))
    optimizer.zero_grad(set_to_none=True)
    if agree(ok):
        loss.backward()
        ok = bool(torch.isfinite(torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)))
    else:  # every process skips together, so DDP's gradient all-reduce stays in step
        ok = False
    if agree(ok):
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        return float(loss.detach())
    with torch.no_grad():
        for buffer, saved in zip(model.buffers(), saved_buffers):
            buffer.copy_(saved)
    return None


def run_loop(
    net, model, optimizer, data, sampler, settings: LoopSettings, pos: LoopPosition, *,
    lr_at: Callable[[LoopPosition], float], done: Callable[[LoopPosition], bool],
    after_step: Callable[[LoopPosition, float | None], None] = lambda pos, loss: None,
    on_give_up: Callable[[LoopPosition], None] = lambda pos: None,
) -> LoopPosition:  # fmt: skip
    """Train until ``done(pos)`` (checked before the first step too); ``pos`` is updated in place."""
    s = settings
    model.train()
    while not done(pos):
        sampler.set_position(pos.epoch, pos.batch)
        pos.batches_in_epoch = pos.batch + len(sampler)  # len: the batches left from pos.batch
        for batch in make_loader(data, sampler, s.workers):
            t0 = time.time()
            pos.batch += 1
            pos.skipped_files.update(getattr(batch, "skipped", ()))
            loss = train_step(
                net, model, optimizer, batch, blank=s.blank, lr=lr_at(pos), grad_clip=s.grad_clip,
                augment=s.augment, device=s.device, amp=s.amp, agree=s.agree,
                generator=torch.Generator().manual_seed(s.seed * 1_000_003 + pos.step * s.world + s.rank),
            )  # fmt: skip
            if loss is None:
                pos.bad_in_row += 1
                pos.bad_total += 1
                if pos.bad_in_row >= s.max_bad_batches:
                    on_give_up(pos)
                    raise TrainingError(
                        f"{pos.bad_in_row} batches in a row gave a NaN or infinite loss at step {pos.step}. "
                        "Lower the learning rate (lr=...) or check the data; the last good state is in last.pt."
                    )
            else:
                pos.bad_in_row = 0
            pos.step += 1
            pos.utterances += len(batch) * s.world
            pos.wall += time.time() - t0
            after_step(pos, loss)
            if done(pos):
                return pos
        pos.epoch, pos.batch = pos.epoch + 1, 0
    return pos
