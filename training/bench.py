"""Training throughput of a configuration on this machine: utterances/s and audio hours per hour.

Measures the real step (features from audio, forward, CTC loss, backward, AdamW) on
synthetic 3-second utterances, so the figure does not depend on a corpus being present.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F

from model.acoustic.deepspeech2 import DeepSpeech2
from model.acoustic.features import FeatureConfig, log_mel
from model.acoustic.vocab import default_vocabulary
from model.errors import command
from training.train import TrainConfig, apply_overrides


def bench_training(cfg: TrainConfig, steps: int = 4, seconds: float = 3.0) -> dict:
    torch.manual_seed(0)
    vocabulary = default_vocabulary()
    features = FeatureConfig()
    model = DeepSpeech2(cfg.ds2(len(vocabulary), features.n_mels))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batch = max(1, min(cfg.max_batch, int(cfg.batch_seconds // seconds)))
    rng = np.random.default_rng(0)
    wavs = torch.from_numpy(rng.standard_normal((batch, int(16000 * seconds))).astype(np.float32) * 0.1)
    targets = torch.randint(1, len(vocabulary), (batch * 30,))
    target_lengths = torch.full((batch,), 30)

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
    r = bench_training(apply_overrides(TrainConfig(), args.overrides))
    print(f"training: {r['utt_per_s']:.1f} utterances/s of 3 s, {r['audio_hours_per_hour']:.2f} audio hours per hour "
          f"(batch {r['batch']}, {r['threads']} threads)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
