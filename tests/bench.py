"""`make bench`: the speed figures of every stage, measured on this machine (not timed tests).

G2P throughput, recognition real-time factor split into features / network / decoding,
beam-decoder speed, training throughput of the shipped configuration, and (once those
parts exist) assessment time and the end-of-recording-to-feedback latency of the app.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch


def section(title: str) -> None:
    print(f"\n== {title}")


REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"  # beside the checkout


def held_out(tmp: Path, engine: str, utterances: int) -> Path | None:
    """A fresh corpus of voices never used in training (seed 1000), half of it mispronounced."""
    from training import espeak, mbrola
    from training.synth import main as synth

    if engine == "espeak" and not espeak.espeak_available():
        print("espeak-ng is not installed: no espeak-ng voices")
        return None
    if engine == "mbrola" and not mbrola.available():
        print("MBROLA is not installed (make install fetches it): no MBROLA voices")
        return None
    out = tmp / engine
    voices = ["--mbrola-voices", "40"]
    if engine == "espeak":  # random vocal tracts of seed 1000: unlike training's
        voices = ["--voices", ",".join(f"sfv{i:04d}" for i in range(40)), "--random-voices", "40"]
    synth(["--out", str(out), "--utterances", str(utterances), "--seed", "1000", "--engine", engine, *voices,
           "--error-rate", "0.5", "--jobs", "2"])  # fmt: skip
    return out


def evaluation_only(real: Path, out: Path) -> Path:
    """A copy of data/real without the files that may be used for training (``*-train-*``, see its
    README): the bundled model was trained on them, so they would flatter it."""
    import csv

    for folder in sorted(d for d in real.iterdir() if (d / "transcripts.tsv").is_file()):
        with (folder / "transcripts.tsv").open(encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.DictReader(f, delimiter="\t") if "-train-" not in r["file"]]
        target = out / folder.name
        target.mkdir(parents=True)
        for r in rows:
            (target / r["file"]).symlink_to(folder / r["file"])
        lines = ["file\ttext", *(f"{r['file']}\t{r['text']}" for r in rows)]
        (target / "transcripts.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def in_conditions(real: Path, out: Path) -> dict[str, Path]:
    """Copies of a data/real-like folder through each of training.augment's CONDITIONS (another
    voice, room or microphone): does a rule that is honest on a recording stay honest when only
    the conditions change?"""
    import soundfile as sf

    from model.audio import load_audio
    from training.augment import CONDITIONS, in_condition
    from training.verdicts.material import read_transcripts

    folders = {}
    for condition in CONDITIONS:
        folders[condition] = out / condition.replace(" ", "-")
        for folder in sorted(d for d in real.iterdir() if (d / "transcripts.tsv").is_file()):
            target = folders[condition] / folder.name
            target.mkdir(parents=True)
            for k, (path, _) in enumerate(read_transcripts(folder)):
                sf.write(target / path.name, in_condition(load_audio(path), condition, seed=k), 16000)
            (target / "transcripts.tsv").write_bytes((folder / "transcripts.tsv").read_bytes())
    return folders


def verdicts(recognizer) -> None:
    """Detection of injected errors on held-out synthetic voices, and the textual-substitution
    table (training.verdicts.calibration) on data/real (also through other voices, rooms and
    microphones) and those voices, at the assessor's thresholds."""
    from model.assess.engine import Assessor
    from training.verdicts.calibration import format_table, native_material, synthetic_material
    from training.verdicts.measure import figures

    assessor = Assessor(recognizer)
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {e: held_out(Path(tmp), e, n) for e, n in (("espeak", 300), ("mbrola", 200))}
        materials = []
        if REAL.is_dir():
            real = evaluation_only(REAL, Path(tmp) / "real")
            materials = [replace(native_material(real, assessor), name="data/real (evaluation files)")]
            materials += [replace(native_material(f, assessor), name=f"  the same, {c}")
                          for c, f in in_conditions(real, Path(tmp) / "conditions").items()]  # fmt: skip
        materials += [
            replace(synthetic_material(c, assessor), name=f"held-out {e}") for e, c in corpora.items() if c
        ]
    if not REAL.is_dir():
        print(f"{REAL} not found: no real voices")
    figs = figures(materials, assessor.thresholds, assessor.vocabulary)
    for f in figs:
        if f.detection:
            m = f.detection
            print(f"{f.name}: {m.utterances} utterances ({m.unreliable} judged unreliable): precision "
                  f"{m.precision:.3f}, recall {m.recall:.3f}, F1 {m.f1:.3f}, false rejection "
                  f"{m.false_rejection_rate:.1%} of correct phones")  # fmt: skip
    print(format_table([("now", figs)]))


def adaptation() -> None:
    """Each stage of ``training.adapt`` on 5 minutes of a synthetic voice (see training/bench.py)."""
    from training import espeak
    from training.bench import bench_adaptation

    if not espeak.espeak_available():
        print("espeak-ng is not installed: skipped")
        return
    r = bench_adaptation(5.0, 1.0)
    print(f"{r['recordings']} recordings, {r['audio_minutes']:.1f} min: "
          + ", ".join(f"{k} {v:.0f} s" for k, v in r["seconds"].items())
          + f"; total {r['total']:.0f} s")  # fmt: skip
    per_pass = (
        f"{r['seconds']['train'] / r['passes']:.0f} s a pass" if r["passes"] > 0 else "less than a pass"
    )
    verdict = "saved" if r["saved"] else "not saved: no better on the held-out recordings"
    print(f"training: {r['steps']} steps, {r['passes']:.2f} passes over the recordings ({per_pass}); "
          f"held-out PER {r['per_before']:.1%} → {r['per_after']:.1%} ({verdict})")  # fmt: skip


def progress_speed(attempts: int = 10_000, phones: int = 25) -> tuple[float, int]:
    """Milliseconds to compute the progress by sound of a history of ``attempts`` judged attempts
    (``phones`` each, a year of practice), and how many phone rows that history holds."""
    import random

    from model.assess import PhoneVerdict
    from model.history import History
    from model.phones import PHONES
    from model.progress import progress

    rng = random.Random(0)
    symbols = [p.symbol for p in PHONES]
    verdicts = ["correct"] * 8 + ["substituted", "deleted", "unsure"]
    with tempfile.TemporaryDirectory() as tmp:
        h = History(Path(tmp) / "history.sqlite3")
        h.connection().execute("PRAGMA synchronous=OFF")  # filling only: the bench measures reading
        start = time.time() - attempts * 3000.0
        for a in range(attempts):
            row = tuple(
                PhoneVerdict(rng.choice(symbols), None, rng.choice(verdicts), 50.0, 0, None, None,
                             rule=rng.choice([None, "nasalisation", "tensification"]),
                             slot=rng.choice(["onset", "nucleus", "coda"]))
                for _ in range(phones)
            )  # fmt: skip
            h.add("가", 80.0, True, start + a * 3000.0, "", "", row, ("가",))
        progress(h)
        t = time.perf_counter()
        for _ in range(10):
            progress(h)
        ms = (time.perf_counter() - t) / 10 * 1000
        h.close()
    return ms, attempts * phones


def main() -> int:
    torch.set_num_threads(2)
    from model.korean.bench import bench_g2p

    section("G2P (10,000 generated sentences)")
    print(f"{bench_g2p():.0f} sentences/s")

    section("Progress by sound: a history of 10,000 judged attempts")
    ms, rows = progress_speed()
    print(f"{ms:.1f} ms ({rows:,} phone verdicts kept)")

    import numpy as np

    from model.pitch import pitch_contour

    section("Pitch contour of 5 s (Praat through parselmouth)")
    t = np.arange(5 * 16000) / 16000
    tone = np.sin(2 * np.pi * np.cumsum(150 + 30 * np.sin(t)) / 16000).astype(np.float32)
    pitch_contour(tone)
    start = time.perf_counter()
    for _ in range(10):
        pitch_contour(tone)
    print(f"{(time.perf_counter() - start) / 10 * 1000:.1f} ms")

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

    from training.bench import training_lines
    from training.train import TrainConfig

    section("Training throughput (shipped configuration)")
    cfg = TrainConfig(**{k: v for k, v in recognizer.bundle.metadata.get("train_config", {}).items()
                         if k in TrainConfig.__dataclass_fields__})  # fmt: skip
    for line in training_lines(cfg):
        print(line)

    from training.bench import bench_synthesis

    section("Synthetic training speech (one process)")
    for engine in ("espeak", "mbrola"):
        rate = bench_synthesis(engine)
        print(f"{engine}: " + ("not installed" if rate is None else f"{rate:.0f} utterances/s"))

    section("Adapting to a teacher's voice: 5 min of recordings, 1 min of training (CPU)")
    adaptation()

    section("Verdicts: injected errors on held-out synthetic voices; natives read as written and changed")
    verdicts(recognizer)

    from model.assess.bench import bench_assess

    section("Assessment of a 5 s utterance, recognition included (CPU)")
    print(f"{bench_assess(recognizer, 5.0):.0f} ms")

    from app.bench import measure_latency

    section("App: end of recording → results on screen, 5 s take (CPU)")
    print(f"{measure_latency(recognizer, 5.0, 3) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
