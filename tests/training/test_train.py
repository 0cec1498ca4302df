"""The loop: learning, exact resume after a kill, the NaN guard, bad files, DDP on the CPU."""

from __future__ import annotations

import csv
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from model.acoustic.checkpoint import load_checkpoint
from training import loop as loop_module
from training.data import BucketBatchSampler
from training.manifest import read_manifest, write_manifest
from training.train import TrainConfig, main, tri_stage_lr

ROOT = Path(__file__).resolve().parents[2]
TINY = ["conv_channels=4", "rnn_hidden=16", "rnn_layers=1", "batch_seconds=4", "max_batch=4", "workers=0",
        "threads=1", "eval_every=4"]  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "training.train", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def test_tri_stage_schedule():
    cfg = TrainConfig(lr=1.0, max_steps=100, warmup_fraction=0.1, hold_fraction=0.4, final_lr_scale=0.01)
    assert tri_stage_lr(0, cfg) == pytest.approx(0.1)
    assert tri_stage_lr(9, cfg) == pytest.approx(1.0)
    assert tri_stage_lr(30, cfg) == 1.0
    assert tri_stage_lr(100, cfg) == pytest.approx(0.01)
    assert tri_stage_lr(75, cfg) == pytest.approx(0.1)


def test_bucket_sampler_is_deterministic_and_splits_ranks():
    durations = [1.0 + (i % 7) for i in range(50)]
    s = BucketBatchSampler(durations, 12.0, 8, seed=3)
    assert s.batches(0) == s.batches(0) and s.batches(0) != s.batches(1)
    assert sorted(i for b in s.batches(0) for i in b) == list(range(50))
    for b in s.batches(0):
        assert max(durations[i] for i in b) * len(b) <= 12.0 or len(b) == 1
    r0 = BucketBatchSampler(durations, 12.0, 8, seed=3, rank=0, world=2).batches(0)
    r1 = BucketBatchSampler(durations, 12.0, 8, seed=3, rank=1, world=2).batches(0)
    assert len(r0) == len(r1) and not set(map(tuple, r0)) & set(map(tuple, r1))


def test_killed_run_resumes_to_the_same_weights(tiny_corpus, tmp_path):
    common = ["--train", str(tiny_corpus), "--quiet", *TINY, "max_steps=12", "checkpoint_every=2", "seed=5"]
    assert main(["--out", str(tmp_path / "straight"), *common]) == 0

    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "training.train", "--out", str(killed), *common], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline and not (killed / "last.pt").exists():
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    interrupted_at = load_checkpoint(killed / "last.pt").extra["step"]
    assert interrupted_at < 12, "the run finished before it could be killed"
    resumed = run("--out", str(killed), "--resume", *common)
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming at step {interrupted_at}" in resumed.stdout

    a = load_checkpoint(tmp_path / "straight" / "last.pt").state_dict
    b = load_checkpoint(killed / "last.pt").state_dict
    for k in a:
        torch.testing.assert_close(a[k], b[k], rtol=0, atol=0, msg=k)


def test_truncated_checkpoint_is_reported_not_loaded(tiny_corpus, tmp_path):
    out = tmp_path / "run"
    assert main(["--train", str(tiny_corpus), "--out", str(out), "--quiet", *TINY, "max_steps=2"]) == 0
    data = (out / "last.pt").read_bytes()
    (out / "last.pt").write_bytes(data[: len(data) // 2])
    r = run("--train", str(tiny_corpus), "--out", str(out), "--resume", "--quiet", *TINY, "max_steps=4")
    assert r.returncode == 1
    assert "truncated" in r.stderr and "Traceback" not in r.stderr


def poison(monkeypatch, positions: set[int] | None) -> None:
    """Fill the features of the training batches at ``positions`` (None: all) with NaN."""
    real, seen = loop_module.make_loader, itertools.count()

    def loader(*args, **kwargs):
        for batch in real(*args, **kwargs):
            if positions is None or next(seen) in positions:
                batch.features.fill_(float("nan"))
            yield batch

    monkeypatch.setattr(loop_module, "make_loader", loader)  # the one loop's batches


def test_nan_batches_are_skipped_and_counted(tiny_corpus, tmp_path, monkeypatch):
    poison(monkeypatch, {1, 2})
    out = tmp_path / "run"
    assert main(["--train", str(tiny_corpus), "--out", str(out), "--quiet", *TINY, "max_steps=6",
                 "checkpoint_every=6", "max_bad_batches=3"]) == 0  # fmt: skip
    with (out / "metrics.csv").open(newline="") as f:
        assert [row["bad_batches"] for row in csv.DictReader(f)] == ["2"]
    assert all(torch.isfinite(v).all() for v in load_checkpoint(out / "last.pt").state_dict.values())


def test_nan_losses_stop_with_a_clear_message(tiny_corpus, tmp_path, monkeypatch, capsys):
    poison(monkeypatch, None)
    out = tmp_path / "nan"
    code = main(["--train", str(tiny_corpus), "--out", str(out), "--quiet", *TINY, "max_steps=40",
                 "max_bad_batches=3"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "3 batches in a row gave a NaN or infinite loss" in err
    assert all(torch.isfinite(v).all() for v in load_checkpoint(out / "last.pt").state_dict.values())


def test_resume_keeps_metrics_up_to_the_checkpoint_and_replaces_config(tiny_corpus, tmp_path):
    out = tmp_path / "run"
    common = ["--train", str(tiny_corpus), "--out", str(out), "--quiet"]
    settings = [*TINY, "checkpoint_every=2", "max_steps=4"]
    assert main([*common, *settings, "max_steps=2"]) == 0
    at_step_2 = (out / "last.pt").read_bytes()
    os.link(out / "config.json", tmp_path / "old-config.json")
    assert main([*common, "--resume", *settings]) == 0
    # A kill after the row for step 4 was written, before last.pt of step 4 replaced step 2's,
    # and a kill in the middle of a later row:
    (out / "last.pt").write_bytes(at_step_2)
    with (out / "metrics.csv").open("a") as f:
        f.write("6,0,1.2")
    assert main([*common, "--resume", *settings]) == 0
    with (out / "metrics.csv").open(newline="") as f:
        assert [row["step"] for row in csv.DictReader(f)] == ["2", "4"]
    # config.json is replaced by a new file (a kill cannot leave half of it), not rewritten in place
    assert json.loads((tmp_path / "old-config.json").read_text())["max_steps"] == 2
    assert json.loads((out / "config.json").read_text())["max_steps"] == 4


def test_unreadable_files_are_skipped(tiny_corpus, tmp_path, capsys):
    rows = [{"path": str(u.path), "duration": u.duration, "phones": " ".join(u.phones), "text": u.text}
            for u in read_manifest(tiny_corpus).utterances]  # fmt: skip
    (tmp_path / "empty.wav").write_bytes(b"")
    sf.write(tmp_path / "silent.wav", np.zeros(10, dtype="float32"), 16000)
    (tmp_path / "bad.pcm").write_bytes(b"\x01")
    for name in ("empty.wav", "silent.wav", "bad.pcm"):
        rows.append({"path": str(tmp_path / name), "duration": 1.0, "phones": "a", "text": "아"})
    write_manifest(tmp_path / "m.tsv", rows)
    assert main(["--train", str(tmp_path / "m.tsv"), "--out", str(tmp_path / "run"), "--quiet", *TINY,
                 "max_steps=6", "batch_seconds=100", "max_batch=20"]) == 0  # fmt: skip
    assert "skipped 3 unreadable files" in capsys.readouterr().out


@pytest.mark.slow
def test_two_process_ddp_on_cpu(tiny_corpus, tmp_path):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    r = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--master_port=29517",
         "-m", "training.train", "--train", str(tiny_corpus), "--val", str(tiny_corpus.parent / "val.tsv"),
         "--out", str(tmp_path / "ddp"), "--quiet", *TINY, "max_steps=12", "checkpoint_every=4", "--device", "cpu"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    bundle = load_checkpoint(tmp_path / "ddp" / "last.pt")
    assert bundle.metadata["world_size"] == 2 and bundle.extra["step"] == 12
    assert "The 2 processes ended with the same weights." in r.stdout
    with (tmp_path / "ddp" / "metrics.csv").open() as f:
        losses = [float(row["loss"]) for row in csv.DictReader(f)]
    assert len(losses) == 3 and losses[-1] < losses[0]  # it learned
    # each rank keeps its own generators (seeded seed + rank) for an exact resume
    ranks = [torch.load(tmp_path / "ddp" / f"rng-rank{r}.pt", weights_only=True) for r in (0, 1)]
    assert not torch.equal(ranks[0]["torch"], ranks[1]["torch"])


def test_init_starts_from_the_checkpoint_weights(tiny_corpus, tmp_path):
    base = tmp_path / "base"
    assert main(["--train", str(tiny_corpus), "--out", str(base), "--quiet", *TINY, "max_steps=2"]) == 0
    tuned = tmp_path / "tuned"
    # No network settings given: they come from the checkpoint (TINY's would not match the defaults).
    code = main(["--train", str(tiny_corpus), "--out", str(tuned), "--init", str(base / "last.pt"), "--quiet",
                 "batch_seconds=4", "max_batch=4", "workers=0", "threads=1", "max_steps=0"])  # fmt: skip
    assert code == 0
    start, at_zero = load_checkpoint(base / "last.pt"), load_checkpoint(tuned / "best.pt")
    assert at_zero.ds2 == start.ds2
    for k, v in start.state_dict.items():
        torch.testing.assert_close(at_zero.state_dict[k], v, rtol=0, atol=0, msg=k)
    assert at_zero.metadata["init"]["path"] == str(base / "last.pt")
    assert at_zero.metadata["steps"] == 0


def test_init_refuses_a_different_network(tiny_corpus, tmp_path, capsys):
    base = tmp_path / "base"
    assert main(["--train", str(tiny_corpus), "--out", str(base), "--quiet", *TINY, "max_steps=1"]) == 0
    code = main(["--train", str(tiny_corpus), "--out", str(tmp_path / "t"), "--init", str(base / "last.pt"),
                 "--quiet", "rnn_hidden=32", "max_steps=1"])  # fmt: skip
    assert code == 1
    assert "cannot change" in capsys.readouterr().err


def test_metadata_names_the_engines_and_the_hn1_licence(tiny_corpus, tmp_path):
    rows = [dict(r, engine="mbrola" if i % 2 else "espeak") for i, r in enumerate(read_rows(tiny_corpus))]
    manifest = tiny_corpus.parent / "engines.tsv"
    write_manifest(manifest, rows, columns=(*rows[0].keys(),))
    out = tmp_path / "run"
    assert main(["--train", str(manifest), "--out", str(out), "--quiet", *TINY, "max_steps=1"]) == 0
    meta = load_checkpoint(out / "last.pt").metadata
    assert meta["engines"] == {"espeak": 4, "mbrola": 4}
    assert "not to be sold" in meta["licence"]
    assert (
        main(["--train", str(tiny_corpus), "--out", str(tmp_path / "plain"), "--quiet", *TINY, "max_steps=1"])
        == 0
    )
    plain = load_checkpoint(tmp_path / "plain" / "last.pt").metadata
    assert plain["engines"] == {"recorded": 8} and "licence" not in plain


def read_rows(manifest: Path) -> list[dict]:
    import csv

    with manifest.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_a_bad_batch_moves_neither_weights_nor_batchnorm_in_the_one_loop():
    """train_step, every step of training.loop.run_loop, which train and adaptation both run."""
    from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
    from training.data import Batch
    from training.loop import train_step

    torch.manual_seed(0)
    model = DeepSpeech2(DS2Config(conv_channels=4, rnn_hidden=16, rnn_layers=2))
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    feats = torch.randn(2, 60, 80)
    batch = Batch(
        feats, torch.tensor([60, 40]), torch.tensor([1, 2, 3, 1, 2]), torch.tensor([3, 2]), [0, 1], []
    )
    args = dict(blank=0, lr=1e-3, grad_clip=5.0, augment=None, device=torch.device("cpu"))
    assert train_step(model, model, optimizer, batch, **args) is not None  # a good batch: a step
    before = [t.clone() for t in [*model.parameters(), *model.buffers()]]
    feats[0, 5, 3] = float("nan")
    assert train_step(model, model, optimizer, batch, **args) is None
    after = [*model.parameters(), *model.buffers()]
    assert all(torch.equal(a, b) for a, b in zip(before, after))
    import training.finetune as finetune
    import training.train as train

    assert finetune.run_loop is train.run_loop  # one loop for a corpus and for a teacher's voice


def test_a_wall_time_budget_ends_the_run_and_its_schedule(tiny_corpus, tmp_path, monkeypatch):
    """minutes=: the run stops when its steps have taken that long, far short of max_steps, and the
    learning rate has decayed as if the steps had run out (the schedule follows whichever ends first)."""
    from training import loop

    clock = iter(range(0, 10_000, 30))  # every step takes 30 s of the loop's (fake) clock

    class Clock:
        @staticmethod
        def time() -> float:
            return float(next(clock))

    monkeypatch.setattr(loop, "time", Clock)
    out = tmp_path / "budget"
    assert main(["--train", str(tiny_corpus), "--out", str(out), "--quiet", "--minutes", "2", *TINY,
                 "max_steps=1000", "checkpoint_every=1", "lr=1e-3", "final_lr_scale=0.01"]) == 0  # fmt: skip
    with (out / "metrics.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert int(rows[-1]["step"]) == 4  # 4 steps × 30 s = 2 minutes
    assert float(rows[-1]["lr"]) == pytest.approx(1e-5, rel=1e-3)  # decayed to the end of the schedule
    assert json.loads((out / "config.json").read_text())["minutes"] == 2
