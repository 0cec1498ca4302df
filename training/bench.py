"""Training throughput of a configuration on this machine: utterances/s and audio hours per hour.

Measures the real step (features from audio, forward, CTC loss, backward, AdamW) on
synthetic 3-second utterances, so the figure does not depend on a corpus being present;
and the time of each stage of adapting to a teacher's voice (``training.adapt``) on
freshly synthesised recordings.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import soundfile as sf
import torch
import torch.nn.functional as F

from model.acoustic.deepspeech2 import DeepSpeech2
from model.acoustic.features import FeatureConfig, log_mel
from model.acoustic.vocab import default_vocabulary
from model.audio import SAMPLE_RATE
from model.errors import command
from training.train import TrainConfig, apply_overrides


def bench_training(cfg: TrainConfig, steps: int = 4, seconds: float = 3.0, fast_gru: bool = True) -> dict:
    """One configuration's training step on ``seconds``-long utterances; ``fast_gru=False`` runs the
    GRUs as packed ``nn.GRU`` (the loop before model.acoustic.fast_gru), to compare on one machine."""
    torch.manual_seed(0)
    vocabulary = default_vocabulary()
    features = FeatureConfig()
    model = DeepSpeech2(cfg.ds2(len(vocabulary), features.n_mels))
    model.padded_training = fast_gru
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batch = max(1, min(cfg.max_batch, int(cfg.batch_seconds // seconds)))
    rng = np.random.default_rng(0)
    wavs = torch.from_numpy(rng.standard_normal((batch, int(SAMPLE_RATE * seconds))).astype(np.float32) * 0.1)
    per_utt = int(10 * seconds)  # ~10 phones a second, as read speech
    targets = torch.randint(1, len(vocabulary), (batch * per_utt,))
    target_lengths = torch.full((batch,), per_utt)

    def step() -> None:
        feats, lengths = log_mel(wavs, features)
        log_probs, out_lengths = model(feats, lengths)
        loss = F.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths, zero_infinity=True)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step()  # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        step()
    elapsed = time.perf_counter() - start
    utt_per_s = batch * steps / elapsed
    return {"batch": batch, "utt_per_s": utt_per_s, "audio_hours_per_hour": utt_per_s * seconds,
            "threads": torch.get_num_threads()}  # fmt: skip


def bench_adaptation(audio_minutes: float = 5.0, train_minutes: float = 1.0) -> dict:
    """Run ``training.adapt`` on ``audio_minutes`` of one synthetic voice reading the lesson
    sentences, training for ``train_minutes``; seconds per stage, and passes over the recordings."""
    import tempfile
    from argparse import Namespace
    from pathlib import Path

    from model.sentences import builtin_lessons
    from training import adapt
    from training.finetune import AdaptConfig
    from training.synth import odd_voice, speak_folder

    class Timed(adapt.Progress):
        def __init__(self) -> None:
            super().__init__(json_lines=False)
            self.starts: dict[str, float] = {}

        def stage(self, stage, within, message, message_ko, *, throttle=False) -> None:
            self.starts.setdefault(stage, time.perf_counter())

    texts = [s.text for lesson in builtin_lessons() for s in lesson.sentences]
    with tempfile.TemporaryDirectory() as tmp:
        folder = speak_folder(Path(tmp) / "teacher", texts, odd_voice("sfbench", 3, 0.6))
        durations = [sf.info(p).duration for p in sorted(folder.glob("*.wav"))]
        keep = next((i for i in range(len(durations)) if sum(durations[: i + 1]) >= audio_minutes * 60),
                    len(durations) - 1) + 1  # fmt: skip
        table = folder / "transcripts.tsv"
        table.write_text("\n".join(table.read_text(encoding="utf-8").splitlines()[: keep + 1]) + "\n",
                         encoding="utf-8")  # fmt: skip
        progress, result = Timed(), adapt.Result()
        args = Namespace(recordings=str(folder), out=str(Path(tmp) / "new.pt"), checkpoint="", name="bench",
                         quiet=True)  # fmt: skip
        start = time.perf_counter()
        try:
            adapt.adapt(args, AdaptConfig(minutes=train_minutes), progress, result)
        except adapt.NotSaved:  # still timed; the figures say it did not improve
            pass
        end = time.perf_counter()
    marks = [*progress.starts.values(), end]
    seconds = {name: marks[i + 1] - marks[i] for i, name in enumerate(progress.starts)}
    return {"recordings": keep, "audio_minutes": sum(durations[:keep]) / 60, "seconds": seconds,
            "total": end - start, "steps": result.steps, "passes": result.passes, "saved": result.saved,
            "per_before": result.per_before, "per_after": result.per_after}  # fmt: skip


def bench_synthesis(engine: str, utterances: int = 60) -> float | None:
    """Utterances per second that ``training.synth`` makes with one engine and one process
    (voice set-up included), or None when the engine is not installed."""
    import contextlib
    import io
    import tempfile

    from training import espeak, mbrola
    from training.synth import main as synth

    if not (espeak.espeak_available() if engine == "espeak" else mbrola.available()):
        return None
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):  # fmt: skip
        start = time.perf_counter()
        synth(["--out", tmp, "--utterances", str(utterances), "--engine", engine, "--jobs", "1",
               "--random-voices", "20", "--mbrola-voices", "20", "--seed", "7"])  # fmt: skip
        return utterances / (time.perf_counter() - start)


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.bench", description=__doc__.splitlines()[0])
    p.add_argument("overrides", nargs="*", help="TrainConfig field=value")
    args = p.parse_args(argv)
    cfg = apply_overrides(TrainConfig(), args.overrides)
    for line in training_lines(cfg):
        print(line)
    return 0


def training_lines(cfg: TrainConfig) -> list[str]:
    """Throughput on 3 s and 5.5 s utterances, with the GRUs of model.acoustic.fast_gru and without."""
    lines = []
    for seconds in (3.0, 5.5):
        fast, packed = (
            bench_training(cfg, seconds=seconds),
            bench_training(cfg, seconds=seconds, fast_gru=False),
        )
        lines.append(
            f"{fast['utt_per_s']:.1f} utterances/s of {seconds:g} s = {fast['audio_hours_per_hour']:.1f} audio hours "
            f"per hour (batch {fast['batch']}, {fast['threads']} threads); packed nn.GRU: "
            f"{packed['utt_per_s']:.1f} utterances/s, ×{fast['utt_per_s'] / packed['utt_per_s']:.2f} faster"
        )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
