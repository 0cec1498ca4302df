"""`make bench`: the speed figures of every stage, measured on this machine (not timed tests).

G2P throughput, recognition real-time factor split into features / network / decoding,
beam-decoder speed, training throughput of the shipped configuration, and (once those
parts exist) assessment time and the end-of-recording-to-feedback latency of the app.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import torch


def section(title: str) -> None:
    print(f"\n== {title}")


def detection(recognizer, utterances: int = 300) -> None:
    """Synthesise a fresh test set (new random voices, half mispronounced) and score detection."""
    from model.assess.calibration import calibrate, read_manifest
    from training import espeak
    from training.synth import main as synth

    if not espeak.espeak_available():
        print("espeak-ng is not installed: skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        voices = ",".join(f"sfv{i:04d}" for i in range(40))  # seed 1000: vocal tracts unlike training's
        synth(["--out", tmp, "--utterances", str(utterances), "--seed", "1000", "--random-voices", "40",
               "--voices", voices, "--error-rate", "0.5", "--jobs", "2"])  # fmt: skip
        rows = [r for split in ("train", "val", "test") for r in read_manifest(Path(tmp) / f"{split}.tsv")]
        thresholds, m = calibrate(rows, recognizer, grid={k: (v,) for k, v in _defaults().items()})["current"]
    print(f"{m.utterances} utterances ({m.unreliable} judged unreliable): precision {m.precision:.3f}, "
          f"recall {m.recall:.3f}, F1 {m.f1:.3f}, false rejection {m.false_rejection_rate:.1%} of correct phones")  # fmt: skip


def adaptation() -> None:
    """Each stage of ``training.adapt`` on 5 minutes of a synthetic voice (see training/bench.py)."""
    from training import espeak
    from training.bench import bench_adaptation

    if not espeak.espeak_available():
        print("espeak-ng is not installed: skipped")
        return
    r = bench_adaptation(5.0, 1.0)
    per_pass = r["seconds"]["train"] / max(r["passes"], 1e-9)
    print(f"{r['recordings']} recordings, {r['audio_minutes']:.1f} min: "
          + ", ".join(f"{k} {v:.0f} s" for k, v in r["seconds"].items())
          + f"; total {r['total']:.0f} s")  # fmt: skip
    print(f"training: {r['steps']} steps, {r['passes']:.2f} passes over the recordings ({per_pass:.0f} s a pass); "
          f"held-out PER {r['per_before']:.1%} → {r['per_after']:.1%}")  # fmt: skip


def _defaults() -> dict:
    from dataclasses import asdict

    from model.assess.calibration import GRID
    from model.assess.engine import Thresholds

    return {k: v for k, v in asdict(Thresholds()).items() if k in GRID}


def main() -> int:
    torch.set_num_threads(2)
    from model.korean.bench import bench_g2p

    section("G2P (10,000 generated sentences)")
    print(f"{bench_g2p():.0f} sentences/s")

    from model.acoustic.bench import bench_recognizer, format_rows, random_bundle
    from model.acoustic.checkpoint import CheckpointError
    from model.acoustic.decoding import beam_decode, greedy_decode
    from model.acoustic.recognizer import Recognizer

    section("Recognition (bundled checkpoint, CPU)")
    try:
        recognizer = Recognizer.load(device="cpu")
    except CheckpointError as exc:
        print(f"no bundled checkpoint ({exc}); measuring a random model of the default size")
        recognizer = Recognizer(random_bundle(), device="cpu")
    print(format_rows(bench_recognizer(recognizer)))

    section("CTC decoding of 10 s of network output")
    log_probs = torch.randn(334, len(recognizer.vocabulary)).log_softmax(-1)
    for name, fn in [("greedy", lambda: greedy_decode(log_probs, recognizer.vocabulary)),
                     ("beam 16", lambda: beam_decode(log_probs, recognizer.vocabulary, beam_size=16))]:  # fmt: skip
        fn()
        start = time.perf_counter()
        for _ in range(20):
            fn()
        print(f"{name}: {(time.perf_counter() - start) / 20 * 1000:.2f} ms")

    from training.bench import bench_training
    from training.train import TrainConfig

    section("Training throughput (shipped configuration)")
    cfg = TrainConfig(**{k: v for k, v in recognizer.bundle.metadata.get("train_config", {}).items()
                         if k in TrainConfig.__dataclass_fields__})  # fmt: skip
    r = bench_training(cfg)
    print(f"{r['utt_per_s']:.1f} utterances/s of 3 s = {r['audio_hours_per_hour']:.1f} audio hours per hour "
          f"(batch {r['batch']}, {r['threads']} threads)")  # fmt: skip

    from training.bench import bench_synthesis

    section("Synthetic training speech (one process)")
    for engine in ("espeak", "mbrola"):
        rate = bench_synthesis(engine)
        print(f"{engine}: " + ("not installed" if rate is None else f"{rate:.0f} utterances/s"))

    section("Adapting to a teacher's voice: 5 min of recordings, 1 min of training (CPU)")
    adaptation()

    section("Mispronunciation detection (synthetic, voices never used in training)")
    detection(recognizer)

    from model.assess.bench import bench_assess

    section("Assessment of a 5 s utterance, recognition included (CPU)")
    print(f"{bench_assess(recognizer, 5.0):.0f} ms")

    from app.bench import measure_latency

    section("App: end of recording → results on screen, 5 s take (CPU)")
    print(f"{measure_latency(recognizer, 5.0, 3) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
