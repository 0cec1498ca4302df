"""How fast is recognition? ``python -m model.acoustic.bench [--checkpoint P] [--device D]``.

For 2, 5, 10 and 30 s of audio: milliseconds for features, network and (greedy) decoding,
the real-time factor (total time / audio time) and the process's peak resident memory
(``resource.getrusage`` ru_maxrss, so it only ever grows). Each figure is the median of a
few runs after a warm-up. With no checkpoint at the default path, a randomly initialised
model of the default DS2Config is measured instead (same cost, meaningless output).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from model.acoustic.checkpoint import ModelBundle
from model.acoustic.decoding import greedy_decode
from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.features import FeatureConfig
from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognizer
from model.acoustic.vocab import default_vocabulary
from model.audio import SAMPLE_RATE
from model.errors import command

DURATIONS = (2.0, 5.0, 10.0, 30.0)


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def test_signal(seconds: float, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """A voiced-like signal (harmonics of 140 Hz with a 3 Hz envelope): same cost as speech."""
    rng = np.random.default_rng(0)
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    voiced = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 20))
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 3 * t)
    return (0.1 * envelope * voiced + 0.01 * rng.standard_normal(t.size)).astype(np.float32)


def random_bundle(ds2: DS2Config | None = None) -> ModelBundle:
    """A bundle with randomly initialised weights of the given config (for benchmarks and tests)."""
    ds2 = ds2 or DS2Config()
    vocabulary = default_vocabulary()
    model = DeepSpeech2(ds2)
    return ModelBundle(ds2, FeatureConfig(n_mels=ds2.n_mels), vocabulary, {"note": "random weights"},
                       model.state_dict(), {})  # fmt: skip


def bench_recognizer(recognizer: Recognizer, durations=DURATIONS, repeats: int = 3) -> list[dict]:
    """One row per duration: seconds, features_ms, network_ms, decoding_ms, total_ms, rtf, peak_rss_mb."""
    rows = []
    sr = recognizer.feature_config.sample_rate
    recognizer.forward([test_signal(1.0, sr)])  # warm-up (allocations, kernel selection)
    for seconds in durations:
        audio = test_signal(seconds, sr)
        runs = []
        for _ in range(repeats):
            log_probs, lengths, timing = recognizer.forward([audio])
            t0 = time.perf_counter()
            greedy_decode(log_probs[0, : int(lengths[0])], recognizer.vocabulary)
            timing["decoding"] = time.perf_counter() - t0
            runs.append(timing)
        med = {k: statistics.median(r[k] for r in runs) * 1000 for k in ("features", "network", "decoding")}
        total = sum(med.values())
        rows.append(
            {
                "seconds": seconds,
                "features_ms": med["features"],
                "network_ms": med["network"],
                "decoding_ms": med["decoding"],
                "total_ms": total,
                "rtf": total / 1000 / seconds,
                "peak_rss_mb": _peak_rss_mb(),
            }
        )
    return rows


def format_rows(rows: list[dict]) -> str:
    lines = [
        f"{'audio':>7} {'features':>9} {'network':>9} {'decoding':>9} {'total':>9} {'RTF':>7} {'peak RSS':>9}"
    ]
    for r in rows:
        lines.append(
            f"{r['seconds']:>6.0f}s {r['features_ms']:>7.1f}ms {r['network_ms']:>7.1f}ms "
            f"{r['decoding_ms']:>7.1f}ms {r['total_ms']:>7.1f}ms {r['rtf']:>7.4f} {r['peak_rss_mb']:>6.0f} MB"
        )
    return "\n".join(lines)


@command
def main(argv: list[str] | None = None) -> int:
    import torch

    from model.acoustic.deepspeech2 import count_parameters

    parser = argparse.ArgumentParser(
        prog="python -m model.acoustic.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--checkpoint", default=None, help=f"checkpoint (default: {DEFAULT_CHECKPOINT})")
    parser.add_argument("--device", default="cpu", help="auto, cpu or cuda (default: cpu)")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.checkpoint is None and not DEFAULT_CHECKPOINT.exists():
        print(
            f"No checkpoint at {DEFAULT_CHECKPOINT}: benchmarking a randomly initialised default DS2Config."
        )
        recognizer = Recognizer(random_bundle(), args.device)
    else:
        recognizer = Recognizer.load(args.checkpoint, args.device)
    print(
        f"device {recognizer.device}, {torch.get_num_threads()} CPU threads, "
        f"{count_parameters(recognizer.model) / 1e6:.2f}M parameters, {recognizer.bundle.ds2}"
    )
    print(format_rows(bench_recognizer(recognizer, repeats=args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
