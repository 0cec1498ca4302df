"""`python -m training.train`: train DeepSpeech2 with CTC on one or more manifests.

One readable loop: AdamW, a tri-stage learning rate (warm-up, hold, decay), gradient
clipping, mixed precision on CUDA, a NaN/inf guard, atomic checkpoints (``last.pt`` every N
steps and at the end, ``best.pt`` by validation phone error rate), exact resume, a progress
bar and a metrics CSV. Runs on the CPU, one GPU, or many through
``torchrun --nproc_per_node=N -m training.train ...`` (DDP; gloo on the CPU, NCCL on GPUs).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import logging
import math
import os
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from tqdm import tqdm

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.acoustic.decoding import greedy_decode
from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config, count_parameters
from model.acoustic.features import FeatureConfig
from model.acoustic.recognizer import resolve_device
from model.acoustic.vocab import default_vocabulary
from model.errors import command
from model.files import atomic_open, atomic_write_text
from training import emotiontts, mbrola
from training.augment import AUGMENTATIONS, preset
from training.data import BucketBatchSampler, SpeechDataset, make_loader
from training.distributed import all_agree, rng_state, set_rng_state, setup_distributed
from training.loop import LoopPosition, LoopSettings, TrainingError, run_loop, train_step  # noqa: F401 (re-exported)
from training.manifest import Manifest, read_manifest
from training.metrics import ErrorCounts

log = logging.getLogger("training")


@dataclass
class TrainConfig:
    # network: DS2Config's fields, with its defaults (one set of network defaults)
    conv_layers: int = DS2Config.conv_layers
    conv_channels: int = DS2Config.conv_channels
    time_stride: int = DS2Config.time_stride
    rnn_layers: int = DS2Config.rnn_layers
    rnn_hidden: int = DS2Config.rnn_hidden
    dropout: float = DS2Config.dropout
    # optimisation
    lr: float = 1.5e-3
    weight_decay: float = 1e-2
    max_steps: int = 20000
    warmup_fraction: float = 0.05
    hold_fraction: float = 0.35
    final_lr_scale: float = 0.02
    grad_clip: float = 5.0
    batch_seconds: float = 160.0  # total padded audio per batch (per process)
    max_batch: int = 48
    max_seconds: float = 20.0  # longer utterances are left out of training
    # loop
    seed: int = 0
    checkpoint_every: int = 250
    eval_every: int = 1000
    val_limit: int = 500  # validation utterances used for PER during training
    workers: int = 1
    threads: int = 0  # torch CPU threads; 0 = all cores
    augment: str = "full"  # training.augment.AUGMENTATIONS: full, voice or none (true/false: full/none)
    amp: bool = True  # bfloat16 autocast on CUDA
    max_bad_batches: int = 20  # consecutive NaN/inf batches before giving up
    minutes: float = 0.0  # wall-time budget of the steps (0: none); the schedule follows whichever ends first

    def __post_init__(self) -> None:
        name = str(self.augment).lower()
        self.augment = {"true": "full", "false": "none"}.get(name, name)  # the older boolean setting
        if self.augment not in AUGMENTATIONS:
            raise TrainingError(f"augment={self.augment!r}: use one of {', '.join(AUGMENTATIONS)}.")

    def ds2(self, n_classes: int, n_mels: int) -> DS2Config:
        return DS2Config(
            n_mels=n_mels, n_classes=n_classes, conv_layers=self.conv_layers,
            conv_channels=self.conv_channels, time_stride=self.time_stride, rnn_layers=self.rnn_layers,
            rnn_hidden=self.rnn_hidden, dropout=self.dropout,
        )  # fmt: skip


NETWORK_FIELDS = ("conv_layers", "conv_channels", "time_stride", "rnn_layers", "rnn_hidden", "dropout")


def network_from(cfg: TrainConfig, ds2: DS2Config) -> TrainConfig:
    """The network settings of a checkpoint, so ``--init`` builds the very network it holds."""
    return dataclasses.replace(cfg, **{name: getattr(ds2, name) for name in NETWORK_FIELDS})


def _init_record(path: str, bundle) -> dict:
    """What a fine-tuned model started from, for its metadata (and the app's About box)."""
    return {"path": str(path), "date": bundle.metadata.get("date", ""), "steps": bundle.metadata.get("steps"),
            "data": bundle.metadata.get("data", {}), "init": bundle.metadata.get("init")}  # fmt: skip


def read_config(path: Path) -> TrainConfig:
    """A ``--config`` JSON file of TrainConfig fields; TrainingError when it is not one."""
    try:
        return TrainConfig(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as e:  # bad JSON or encoding, not an object, unknown fields
        raise TrainingError(f"{path} is not a JSON object of training settings ({e}).") from None


def tri_stage_lr(step: int, cfg: TrainConfig) -> float:
    """Warm up linearly, hold, then decay exponentially to ``final_lr_scale`` of the peak."""
    warm = max(1, int(cfg.max_steps * cfg.warmup_fraction))
    hold = int(cfg.max_steps * cfg.hold_fraction)
    if step < warm:
        return cfg.lr * (step + 1) / warm
    if step < warm + hold:
        return cfg.lr
    decay_steps = max(1, cfg.max_steps - warm - hold)
    progress = min(1.0, (step - warm - hold) / decay_steps)
    return cfg.lr * math.exp(math.log(cfg.final_lr_scale) * progress)


def apply_overrides(cfg: TrainConfig, overrides: list[str]) -> TrainConfig:
    """``field=value`` pairs from the command line, typed by the dataclass field."""
    types = {f.name: f.type for f in dataclasses.fields(cfg)}
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep or name not in types:
            raise TrainingError(f"Unknown setting {item!r}. Settings: {', '.join(types)}")
        kind = types[name]
        try:
            if kind in (bool, "bool"):
                parsed = value.lower() in ("1", "true", "yes", "on")
            elif kind in (int, "int"):
                parsed = int(value)
            elif kind in (float, "float"):
                parsed = float(value)
            else:
                parsed = value
        except ValueError:
            raise TrainingError(f"{name} needs a {kind}, got {value!r}") from None
        cfg = dataclasses.replace(cfg, **{name: parsed})
    return cfg


# --- the loop ---------------------------------------------------------------------------------------


def load_manifests(spec: str) -> Manifest:
    """Comma-separated manifests, merged; ``PATH*N`` repeats one N times (oversampling a small
    corpus, e.g. minutes of real speech beside hours of synthetic speech)."""
    merged = None
    for part in spec.split(","):
        path, _, times = part.strip().rpartition("*") if "*" in part else (part.strip(), "", "1")
        if not times.isdigit() or int(times) < 1:
            raise TrainingError(f"{part!r}: write PATH*N with a whole number N ≥ 1 to repeat a manifest.")
        m = read_manifest(path)
        m.utterances = m.utterances * int(times)
        if merged is None:
            merged = m
        else:
            merged.utterances += m.utterances
            merged.skipped.update(m.skipped)
    return merged


def data_licences(utterances) -> list[str]:
    """The terms a model trained on these utterances carries (MBROLA's voice, the emotiontts corpus)."""
    found = []
    if any(u.extra.get("engine") == "mbrola" for u in utterances):
        found.append(mbrola.LICENCE)
    if any(u.extra.get("corpus") == "emotiontts" for u in utterances):
        found.append(emotiontts.LICENCE)
    return found


def git_revision() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, timeout=5).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""


def evaluate_model(model: DeepSpeech2, loader, vocabulary, device: torch.device) -> ErrorCounts:
    """Greedy-decoded phone error rate over a loader (eval mode, no augmentation)."""
    counts = ErrorCounts()
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        for batch in loader:
            if not len(batch):
                continue
            log_probs, out_lengths = model(batch.features.to(device), batch.lengths.to(device))
            offset = 0
            for i in range(len(batch)):
                n = int(batch.target_lengths[i])
                ref = vocabulary.decode(batch.targets[offset : offset + n].tolist())
                offset += n
                hyp = greedy_decode(log_probs[i, : int(out_lengths[i])].cpu(), vocabulary).phones
                counts.add(ref, hyp)
    model.train(was_training)
    return counts


METRICS_HEADER = "step,epoch,loss,lr,utt_per_s,val_per,skipped,bad_batches,wall\n"


def restart_metrics(path: Path, step: int) -> None:
    """Keep metrics.csv's rows up to ``step`` (where a resumed run goes on), drop the rest.

    A row is appended just before each checkpoint, so a run killed in between (or in the
    middle of writing a row) leaves rows past its last checkpoint; the resumed run writes
    them again. A new run (step 0) starts the file afresh.
    """
    kept = []
    if step > 0 and path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                if len(row) == METRICS_HEADER.count(",") + 1 and row[0].isdigit() and int(row[0]) <= step:
                    kept.append(",".join(row) + "\n")
    atomic_write_text(path, METRICS_HEADER + "".join(kept))


def train(args: argparse.Namespace) -> int:
    out = Path(args.out)
    last_path, best_path = out / "last.pt", out / "best.pt"
    cfg = TrainConfig()
    resume = None
    if args.resume and last_path.exists():
        resume = load_checkpoint(last_path)  # CheckpointError on a damaged file: reported by main()
        if "train_config" not in resume.extra:
            raise TrainingError(f"{last_path} holds weights only, no training state to resume from.")
        cfg = TrainConfig(**json.loads(resume.extra["train_config"]))
    elif args.resume and not last_path.exists():
        print(f"No checkpoint in {out} yet: starting a new run.", file=sys.stderr)
    if args.config and not resume:
        cfg = read_config(Path(args.config))
    init = None
    if args.init and not resume:
        init = load_checkpoint(args.init)  # CheckpointError on a damaged file: reported by main()
        cfg = network_from(cfg, init.ds2)
    cfg = apply_overrides(cfg, args.overrides)
    if getattr(args, "minutes", None) is not None:
        cfg = dataclasses.replace(cfg, minutes=args.minutes)

    device = resolve_device(args.device)
    ddp = setup_distributed(device)
    if device.type == "cuda":
        device = torch.device("cuda", ddp.local_rank)
        torch.cuda.set_device(device)
    torch.set_num_threads(cfg.threads or max(1, (os.cpu_count() or 1) // ddp.world))
    torch.manual_seed(cfg.seed + ddp.rank)  # each rank its own dropout masks (seeds CUDA too)
    random.seed(cfg.seed + ddp.rank)
    np.random.seed(cfg.seed + ddp.rank)

    train_set = load_manifests(args.train)
    val_set = load_manifests(args.val) if args.val else None
    train_utts = [u for u in train_set.utterances if u.duration <= cfg.max_seconds]
    if not train_utts:
        raise TrainingError(f"No usable training utterances in {args.train} ({train_set.summary()}).")
    if ddp.main:
        print(f"train: {train_set.summary()}" + (f"\nval: {val_set.summary()}" if val_set else ""))

    vocabulary = default_vocabulary()
    features = FeatureConfig()
    if init is not None:
        if init.vocabulary.symbols != vocabulary.symbols:
            raise TrainingError(
                f"{args.init} was trained on another phone set; it cannot be fine-tuned here."
            )
        features = init.features
    ds2 = cfg.ds2(len(vocabulary), features.n_mels)
    if init is not None and dataclasses.replace(init.ds2, dropout=ds2.dropout) != ds2:
        raise TrainingError(f"--init: the network of {args.init} cannot change; drop the network overrides.")
    model = DeepSpeech2(ds2).to(device)
    if init is not None:
        model.load_state_dict({k: v.float() for k, v in init.state_dict.items()})
        if ddp.main:
            print(f"Starting from the weights of {args.init} ({count_parameters(model):,} parameters).")
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    pos, best_per = LoopPosition(), float("inf")
    if resume is not None:
        if resume.ds2 != ds2:
            raise TrainingError(
                "The checkpoint's network differs from the settings given; drop the overrides."
            )
        model.load_state_dict({k: v.float() for k, v in resume.state_dict.items()})
        optimizer.load_state_dict(resume.extra["optimizer"])
        pos = LoopPosition(resume.extra["step"], resume.extra["epoch"], resume.extra["position"],
                           resume.extra["wall"], utterances=resume.extra.get("utterances", 0))  # fmt: skip
        best_per = resume.extra["best_per"]
        own = out / f"rng-rank{ddp.rank}.pt"  # under DDP each rank resumes its own generators
        set_rng_state(
            torch.load(own, weights_only=True) if ddp.world > 1 and own.exists() else resume.extra["rng"]
        )
        if ddp.main:
            print(f"Resuming at step {pos.step} (epoch {pos.epoch}, batch {pos.batch}).")
    net = model
    if ddp.world > 1:
        net = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None
        )

    augment = preset(cfg.augment)
    train_data = SpeechDataset(train_utts, vocabulary, features, augment, seed=cfg.seed)
    sampler = BucketBatchSampler([u.duration for u in train_utts], cfg.batch_seconds, cfg.max_batch, cfg.seed,
                                 ddp.rank, ddp.world)  # fmt: skip
    val_loader = None
    if val_set is not None and ddp.main:
        val_utts = val_set.utterances[: cfg.val_limit]
        val_sampler = BucketBatchSampler([u.duration for u in val_utts], cfg.batch_seconds, cfg.max_batch, 0)
        val_loader = make_loader(SpeechDataset(val_utts, vocabulary, features), val_sampler, cfg.workers)

    metadata = {
        "init": _init_record(args.init, init) if init is not None else (resume.metadata.get("init") if resume else None),
        "data": {"train": args.train, "val": args.val or "", "train_hours": round(train_set.hours, 3),
                 "train_utterances": len(train_utts)},
        "parameters": count_parameters(model),
        "engines": dict(Counter(u.extra.get("engine") or "recorded" for u in set(train_utts))),  # not oversampled
        **({"licence": " ".join(licences)} if (licences := data_licences(train_utts)) else {}),
        "device": device.type, "world_size": ddp.world,
    }  # fmt: skip

    def save(path: Path, with_state: bool, metrics: dict) -> None:
        meta = dict(metadata, steps=pos.step, metrics=metrics, date=dt.datetime.now(dt.timezone.utc).isoformat(),
                    git_revision=git_revision(), wall_seconds=round(pos.wall, 1),
                    train_config=dataclasses.asdict(cfg))  # fmt: skip
        extra = None
        if with_state:
            extra = {"optimizer": optimizer.state_dict(), "step": pos.step, "epoch": pos.epoch,
                     "position": pos.batch, "best_per": best_per, "wall": pos.wall, "rng": rng_state(),
                     "utterances": pos.utterances,
                     "train_config": json.dumps(dataclasses.asdict(cfg))}  # fmt: skip
        save_checkpoint(path, model.state_dict(), ds2, features, vocabulary, meta, extra=extra)

    metrics_path = out / "metrics.csv"
    if ddp.main:
        atomic_write_text(out / "config.json", json.dumps(dataclasses.asdict(cfg), indent=2))
        restart_metrics(metrics_path, pos.step)
    bar = tqdm(total=cfg.max_steps, initial=pos.step, disable=not ddp.main or args.quiet, dynamic_ncols=True,
               desc="training")  # fmt: skip
    last_val = best_per if best_per != float("inf") else None
    window = {"utts": pos.utterances, "start": time.time(), "losses": []}
    budget = cfg.minutes * 60

    def share(p: LoopPosition) -> float:  # of the run: its steps, or its minutes when given and further
        if cfg.max_steps <= 0:
            return 1.0  # nothing to train (max_steps=0: the starting weights saved as they are)
        return max(p.step / cfg.max_steps, p.wall / budget if budget else 0.0)

    def lr_at(p: LoopPosition) -> float:
        return tri_stage_lr(round(share(p) * cfg.max_steps), cfg)

    def after_step(p: LoopPosition, loss: float | None) -> None:
        nonlocal last_val, best_per
        step = p.step
        if loss is not None:
            window["losses"].append(loss)
        bar.update(1)
        end = share(p) >= 1
        if ddp.main and val_loader is not None and (step % cfg.eval_every == 0 or end):
            last_val = evaluate_model(model, val_loader, vocabulary, device).per
            if last_val < best_per:
                best_per = last_val
                save(best_path, False, {"val_per": round(last_val, 4)})
        losses = window["losses"]
        rate = (p.utterances - window["utts"]) / max(1e-9, time.time() - window["start"])
        if step % 10 == 0 or end:  # after the evaluation, so it shows its PER
            bar.set_postfix(loss=f"{np.mean(losses[-20:]) if losses else float('nan'):.3f}",
                            per="-" if last_val is None else f"{last_val:.3f}",
                            lr=f"{lr_at(p):.2e}", utt_s=f"{rate:.1f}")  # fmt: skip
        if ddp.main and (step % cfg.checkpoint_every == 0 or end):
            with metrics_path.open("a", newline="") as f:
                csv.writer(f, lineterminator="\n").writerow(
                    [step, p.epoch, f"{np.mean(losses) if losses else float('nan'):.4f}", f"{lr_at(p):.3e}",
                     f"{rate:.2f}", "" if last_val is None else f"{last_val:.4f}", len(p.skipped_files),
                     p.bad_total, f"{p.wall:.0f}"]
                )  # fmt: skip
            window.update(utts=p.utterances, start=time.time(), losses=[])
            save(last_path, True, {"val_per": last_val})
        if ddp.world > 1 and (step % cfg.checkpoint_every == 0 or end):
            with atomic_open(out / f"rng-rank{ddp.rank}.pt", "wb") as f:
                torch.save(rng_state(), f)

    settings = LoopSettings(blank=vocabulary.blank, grad_clip=cfg.grad_clip, augment=augment, device=device,
                            amp=cfg.amp, seed=cfg.seed, workers=cfg.workers, rank=ddp.rank, world=ddp.world,
                            max_bad_batches=cfg.max_bad_batches, agree=lambda ok: all_agree(ok, ddp, device))  # fmt: skip
    run_loop(net, model, optimizer, train_data, sampler, settings, pos, lr_at=lr_at,
             done=lambda p: share(p) >= 1, after_step=after_step,
             on_give_up=lambda p: ddp.main and save(last_path, True, {"val_per": last_val}))  # fmt: skip
    bar.close()
    if ddp.main:
        if not best_path.exists():
            save(best_path, False, {"val_per": last_val})
        print(f"Done: {pos.step} steps, best validation PER {best_per if best_per != float('inf') else 'n/a'}; "
              f"skipped {len(pos.skipped_files)} unreadable files, {pos.bad_total} bad batches. Checkpoints in {out}.")  # fmt: skip
    if ddp.world > 1:
        check = torch.stack([sum(p.detach().double().sum() for p in model.parameters())] * 2).to(device)
        check[1] = -check[1]
        dist.all_reduce(check, op=dist.ReduceOp.MAX)  # [max, -min] of the ranks' weight sums
        if float(check[0] + check[1]) > 1e-6 * max(1.0, abs(float(check[0]))):
            raise TrainingError(
                "The processes ended with different weights: DDP lost step; rerun with --resume."
            )
        if ddp.main:
            print(f"The {ddp.world} processes ended with the same weights.")
        dist.barrier()
        dist.destroy_process_group()
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m training.train", description=__doc__.splitlines()[0])
    p.add_argument("--train", required=True, help="training manifest(s), comma-separated")
    p.add_argument("--val", default="", help="validation manifest(s), comma-separated")
    p.add_argument("--out", required=True, help="run folder: checkpoints, metrics.csv, config.json")
    p.add_argument("--config", default="", help="JSON file of TrainConfig fields")
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt if it exists")
    p.add_argument(
        "--init",
        default="",
        help="start from this checkpoint's weights and network (fine-tuning); fresh optimizer and schedule",
    )
    p.add_argument("--minutes", type=float, default=None,
                   help="wall-time budget of the training steps (minutes=M); the schedule follows it")  # fmt: skip
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("overrides", nargs="*", help="field=value settings, e.g. max_steps=2000 lr=1e-3")
    return p.parse_args(argv)


@command
def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return train(parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
