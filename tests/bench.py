"""`make bench`: the speed figures of every stage, measured on this machine (not timed tests).

G2P throughput, recognition real-time factor split into features / network / decoding,
beam-decoder speed, training throughput of the shipped configuration, and (once those
parts exist) assessment time and the end-of-recording-to-feedback latency of the app.
"""

from __future__ import annotations

import importlib.util
import time

import torch


def section(title: str) -> None:
    print(f"\n== {title}")


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

    if importlib.util.find_spec("model.assess.bench"):
        from model.assess.bench import main as assess_bench

        section("Assessment")
        assess_bench(recognizer)
    if importlib.util.find_spec("app.bench"):
        from app.bench import main as app_bench

        section("App: end of recording → results on screen")
        app_bench(recognizer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
