"""`python -m training.synth`: a synthetic Korean speech corpus (espeak-ng, MBROLA hn1), with labels we trust.

Each utterance: a text (a lesson sentence, a random word sequence, or a random syllable
string) → our G2P's pronounced form → optionally one deliberate learner error injected into
that form → an engine (``--engine``, shares by ``--mix``) with a voice of its own, at a random
speed and loudness → a 16 kHz WAV and a manifest row labelled with what was spoken: for
espeak-ng what it reports it spoke, for MBROLA the phones we asked for (training/mbrola.py). The manifest also keeps
the intended (canonical) phones and the injected errors so the assessment engine can be
calibrated on them. Utterance *i* depends only on (seed, i), so a killed run resumes exactly.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import multiprocessing
import os
import random
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
from tqdm import tqdm

from model import phones
from model.audio import SAMPLE_RATE
from model.errors import command
from model.korean import RULE_NAMES, G2PError, g2p
from model.korean.hangul import compose, decompose, is_hangul_syllable
from model.sentences import builtin_lessons, load_sentence_list
from training import espeak, mbrola
from training.manifest import MANIFEST_COLUMNS, write_manifest

SPLITS = ("train", "val", "test")
PARTIAL = "manifest.partial.tsv"
ROW_COLUMNS = (*MANIFEST_COLUMNS, "sentence", "intended", "errors", "voice", "split", "kind", "engine", "id")
ENGINES = ("espeak", "mbrola")

# --- text material --------------------------------------------------------------------------

# Onsets, vowels and codas as compatibility jamo; weights keep rare ones present.
ONSETS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
CODAS = ["", "ㄱ", "ㄴ", "ㄷ", "ㄹ", "ㅁ", "ㅂ", "ㅇ"]  # the seven coda sounds after neutralisation


def random_syllables(rng: random.Random) -> str:
    """A string of random syllables in 1–4 'words': no lexicon to lean on."""
    words = []
    for _ in range(rng.randint(1, 4)):
        sylls = []
        for _ in range(rng.randint(1, 4)):
            coda = rng.choice(CODAS) if rng.random() < 0.45 else ""
            sylls.append(compose(rng.choice(ONSETS), rng.choice(VOWELS), coda))
        words.append("".join(sylls))
    return " ".join(words)


def random_words(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(2, 6)))


@dataclass
class TextPool:
    """The sentences and words utterances are drawn from, with a held-out share of sentences."""

    train_sentences: list[str]
    heldout_sentences: list[str]
    words: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, extra_files: list[Path]) -> TextPool:
        sentences = [s.text for lesson in builtin_lessons() for s in lesson.sentences]
        for path in extra_files:
            sentences += [s.text for s in load_sentence_list(path).sentences]
        sentences = sorted(set(sentences))
        heldout = [s for s in sentences if _stable_hash(s) % 10 == 0]
        train = [s for s in sentences if _stable_hash(s) % 10 != 0]
        words = sorted({w.strip(".,!?~") for s in train for w in s.split()} - {""})
        return cls(train, heldout, words)

    def draw(self, rng: random.Random, split: str) -> tuple[str, str]:
        r = rng.random()
        if r < 0.3 and self.train_sentences:
            pool = (
                self.train_sentences
                if split == "train" or not self.heldout_sentences
                else self.heldout_sentences
            )
            return rng.choice(pool), "sentence"
        if r < 0.6 and self.words:
            return random_words(rng, self.words), "words"
        return random_syllables(rng), "syllables"


def _stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


# --- deliberate learner errors, injected into the pronounced form ------------------------------

PHONATION_GROUPS = ["ㄱㅋㄲ", "ㄷㅌㄸ", "ㅂㅍㅃ", "ㅈㅊㅉ", "ㅅㅆ"]
VOWEL_SWAPS = {"ㅓ": "ㅗ", "ㅗ": "ㅓ", "ㅡ": "ㅜ", "ㅜ": "ㅡ", "ㅐ": "ㅏ", "ㅔ": "ㅏ", "ㅏ": "ㅓ",
               "ㅣ": "ㅡ", "ㅕ": "ㅛ", "ㅛ": "ㅕ", "ㅝ": "ㅘ"}  # fmt: skip
ERROR_KINDS = ("phonation", "vowel", "drop_coda", "rule_not_applied", "insert_eu")


def inject_error(text: str, pronounced: str, rng: random.Random) -> tuple[str, dict] | None:
    """One learner-like error in the pronounced Hangul form; None when this text offers none."""
    sylls = list(pronounced)
    idx = [i for i, ch in enumerate(sylls) if is_hangul_syllable(ch)]
    kinds = list(ERROR_KINDS)
    rng.shuffle(kinds)
    for kind in kinds:
        if kind == "rule_not_applied":
            fired = sorted({r.name for r in g2p(text).rules})
            rng.shuffle(fired)
            for rule in fired:
                other = g2p(text, skip_rules={rule}).pronounced
                if other != pronounced and len(other) == len(pronounced):
                    return other, {"kind": kind, "rule": rule}
            continue
        rng.shuffle(idx)
        for i in idx:
            on, vo, co = decompose(sylls[i])
            if kind == "phonation":
                group = next((g for g in PHONATION_GROUPS if on in g), None)
                if group:
                    new = rng.choice([c for c in group if c != on])
                    sylls[i] = compose(new, vo, co)
                    return "".join(sylls), {"kind": kind, "syllable": _count(sylls, i), "from": on, "to": new}
            elif kind == "vowel" and vo in VOWEL_SWAPS:
                sylls[i] = compose(on, VOWEL_SWAPS[vo], co)
                return "".join(sylls), {
                    "kind": kind,
                    "syllable": _count(sylls, i),
                    "from": vo,
                    "to": VOWEL_SWAPS[vo],
                }
            elif kind == "drop_coda" and co:
                sylls[i] = compose(on, vo, "")
                return "".join(sylls), {"kind": kind, "syllable": _count(sylls, i), "from": co, "to": ""}
            elif (
                kind == "insert_eu"
                and co in ("ㄱ", "ㄷ", "ㅂ", "ㅁ", "ㄴ", "ㄹ")
                and (i + 1 >= len(sylls) or not is_hangul_syllable(sylls[i + 1]))
            ):  # a word-final coda released with an extra ㅡ: 책 → 채크
                release = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅂ": "ㅍ"}.get(co, co)
                sylls[i] = compose(on, vo, "") + compose(release, "ㅡ", "")
                return "".join(sylls), {
                    "kind": kind,
                    "syllable": _count(sylls, i),
                    "from": co,
                    "to": release + "ㅡ",
                }
    return None


def _count(sylls: list[str], i: int) -> int:
    """Index of position ``i`` among Hangul syllables only."""
    return sum(1 for ch in sylls[:i] if is_hangul_syllable(ch))


# --- one utterance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    index: int
    seed: int
    out: str
    data_path: str
    engines: tuple[tuple[str, float, tuple[str, ...]], ...]  # (engine, share, its voices)
    splits: dict
    error_rate: float
    pool: TextPool


def mbrola_speaker(name: str, seed: int) -> mbrola.Speaker:
    """The traits of an MBROLA 'voice': fixed by its name, so held-out voices stay held out."""
    return mbrola.Speaker.random(random.Random(f"{seed}:{name}"))


def _speak(engine: str, spoken_form: str, voice: str, rng: random.Random, job: Job):
    """(waveform, spoken phones) or None when the engine cannot say this form."""
    if engine == "mbrola":
        base = mbrola_speaker(voice, job.seed)
        speaker = dataclasses.replace(base, rate=base.rate * rng.uniform(0.85, 1.15),
                                      f0=base.f0 * rng.uniform(0.92, 1.08))  # fmt: skip
        try:  # the form is already pronounced: its phones without any rule
            spoken = mbrola.synthesize(g2p(spoken_form, skip_rules=RULE_NAMES), rng, speaker)
        except (mbrola.MbrolaError, G2PError):
            return None
        return spoken.waveform, list(spoken.phones)
    speed = int(rng.uniform(140, 260))
    try:
        spoken = espeak.synthesize(spoken_form, voice, speed=speed, data_path=Path(job.data_path))
    except (espeak.EspeakError, espeak.UnknownMnemonicError):
        return None
    return spoken.waveform, spoken.phones


def make_utterance(job: Job) -> dict | None:
    """Synthesise utterance ``job.index``; a dict row for the manifest, or None if it failed."""
    rng = random.Random(job.seed * 1_000_003 + job.index)
    engine, _, voices = rng.choices(job.engines, weights=[share for _, share, _ in job.engines])[0]
    voice = rng.choice(voices)
    split = job.splits[voice]
    for _attempt in range(5):
        text, kind = job.pool.draw(rng, split)
        try:
            pron = g2p(text)
        except G2PError:
            continue
        spoken_form, errors = pron.pronounced, []
        if rng.random() < job.error_rate:
            injected = inject_error(text, pron.pronounced, rng)
            if injected:
                spoken_form, err = injected
                errors.append(err)
        said = _speak(engine, spoken_form, voice, rng, job)
        if said is None or not said[1] or said[0].size < 1600:
            continue
        waveform, spoken_phones = said
        wav = waveform * rng.uniform(0.2, 0.95) / max(1e-6, float(np.abs(waveform).max()))
        rel = Path("wav") / f"{job.index // 1000:04d}" / f"u{job.index:07d}.wav"
        path = Path(job.out) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.wav")
        sf.write(tmp, wav.astype(np.float32), SAMPLE_RATE, subtype="PCM_16")
        os.replace(tmp, path)
        return {
            "id": job.index, "path": str(rel), "duration": f"{len(wav) / SAMPLE_RATE:.3f}",
            "phones": " ".join(spoken_phones), "text": spoken_form,
            "intended": " ".join(pron.symbols), "errors": json.dumps(errors, ensure_ascii=False),
            "voice": voice, "split": split, "kind": kind, "sentence": text, "engine": engine,
        }  # fmt: skip
    return None


# --- a synthetic teacher ---------------------------------------------------------------------------


def odd_voice(name: str, seed: int, tract: float = 1.3) -> espeak.Voice:
    """A random voice whose formants are scaled by ``tract`` (training's voices span 0.88–1.2)."""
    voice = espeak.random_voice(name, random.Random(seed))
    lines = []
    for line in voice.text.splitlines():
        parts = line.split()
        if parts and parts[0] == "formant":
            parts[2] = str(round(int(parts[2]) * tract))
        lines.append(" ".join(parts))
    return espeak.Voice(name, "\n".join(lines) + "\n")


def speak_folder(out: Path, texts: list[str], voice: espeak.Voice | mbrola.Speaker, seed: int = 0) -> Path:
    """Read ``texts`` in one voice (espeak-ng, or an MBROLA hn1 speaker) into ``out``: 16 kHz WAVs and
    ``transcripts.tsv`` (file, text), the folder format of the app's teacher recordings."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    if isinstance(voice, espeak.Voice):
        data_path = espeak.make_data_dir(out / ".espeak", [voice])
    rows = []
    for i, text in enumerate(texts):
        if isinstance(voice, mbrola.Speaker):
            wav = mbrola.synthesize(g2p(text), rng, voice).waveform
        else:
            wav = espeak.synthesize(g2p(text).pronounced, voice.name, speed=int(rng.uniform(150, 200)),
                                    data_path=data_path).waveform  # fmt: skip
        name = f"r{i:03d}.wav"
        sf.write(out / name, wav * 0.8 / max(1e-6, float(np.abs(wav).max())), SAMPLE_RATE, subtype="PCM_16")
        rows.append({"file": name, "text": text})
    write_manifest(out / "transcripts.tsv", rows, columns=("file", "text"))
    return out


# --- the corpus ------------------------------------------------------------------------------------


def build_voices(n_random: int, seed: int, extra: list[str] | None) -> list[espeak.Voice]:
    rng = random.Random(seed)
    stock = [espeak.Voice(name, "") for name in espeak.stock_variants()]
    rand = [espeak.random_voice(f"sfv{i:04d}", rng) for i in range(n_random)]
    voices = stock + rand
    if extra:
        voices = [v for v in voices if v.name in set(extra)]
    return voices


def split_voices(voices: list[espeak.Voice], seed: int) -> dict[str, str]:
    """Hold out a tenth of the voices for validation and a tenth for test."""
    names = sorted(v.name for v in voices)
    random.Random(seed).shuffle(names)
    n = max(1, len(names) // 10)
    return {name: "val" if i < n else "test" if i < 2 * n else "train" for i, name in enumerate(names)}


def read_partial(path: Path) -> list[dict]:
    """The rows of a killed run. A kill can cut the last row short: it is cut off the file too, so
    the next row starts on a line of its own (utterance *i* depends only on (seed, i): it is made again)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    complete = data.rfind(b"\n") + 1
    if complete < len(data):
        with path.open("r+b") as f:
            f.truncate(complete)
    rows = list(csv.DictReader(io.StringIO(data[:complete].decode("utf-8"), newline=""), delimiter="\t"))
    return [r for r in rows if r.get("phones") is not None and r.get("sentence") is not None]


def choose_engines(names: list[str], mix: list[float]) -> dict[str, float]:
    """Engine → share, dropping (and saying why) an engine this machine lacks."""
    if any(n not in ENGINES for n in names):
        raise SystemExit(
            f"error: --engine takes {', '.join(ENGINES)} (comma-separated), got {','.join(names)}"
        )
    if mix and len(mix) != len(names):
        raise SystemExit(f"error: --mix needs one share per engine ({len(names)}), got {len(mix)}")
    shares = dict(zip(names, mix or [1.0] * len(names)))
    if "espeak" in shares and not espeak.espeak_available():
        print(
            "espeak-ng is not installed: run `make install` (or apt-get install espeak-ng).", file=sys.stderr
        )
        del shares["espeak"]
    if "mbrola" in shares and not mbrola.available():
        print(mbrola.missing_reason(), file=sys.stderr)
        del shares["mbrola"]
    return {k: v for k, v in shares.items() if v > 0}


def run(args: argparse.Namespace) -> int:
    if args.utterances < 0 or (not args.utterances and not args.hours > 0):
        raise SystemExit("error: --hours must be more than 0 (or give --utterances N, N ≥ 1).")
    engines = choose_engines(
        args.engine.split(","), [float(x) for x in args.mix.split(",")] if args.mix else []
    )
    if not engines:
        print("No synthesis engine left to use.", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = args.voices.split(",") if args.voices else None
    voices = build_voices(args.random_voices, args.seed, wanted) if "espeak" in engines else []
    hn1 = [espeak.Voice(f"hn1-{i:04d}", "") for i in range(args.mbrola_voices)] if "mbrola" in engines else []
    if wanted:
        hn1 = [v for v in hn1 if v.name in set(wanted)]
    if not voices and not hn1:
        print("No voices left after --voices filtering.", file=sys.stderr)
        return 1
    data_path = espeak.make_data_dir(out / "espeak", voices) if voices else out
    splits = {
        **split_voices(voices, args.seed),
        **split_voices(hn1, args.seed),
    }  # each engine its own held-out voices
    by_engine = {"espeak": tuple(v.name for v in voices), "mbrola": tuple(v.name for v in hn1)}
    job_engines = tuple((e, share, by_engine[e]) for e, share in engines.items() if by_engine[e])
    pool = TextPool.build([Path(p) for p in (args.sentences or [])])
    partial = out / PARTIAL
    rows = read_partial(partial) or finished_rows(out, partial)
    done = {int(r["id"]) for r in rows}
    hours = sum(float(r["duration"]) for r in rows) / 3600
    target = args.hours
    limit = args.utterances or 10**9
    message = (f"{len(splits)} voices ({sum(v == 'train' for v in splits.values())} for training); engines "
               + ", ".join(f"{e} {share / sum(engines.values()):.0%}" for e, share, _ in job_engines))  # fmt: skip
    if rows:
        message += f"; resuming with {len(rows)} utterances, {hours:.2f} h"
    print(message)
    write_header = not partial.exists() or partial.stat().st_size == 0
    if args.utterances:
        bar = tqdm(total=limit, initial=len(rows), unit="utt", desc="synthesising", dynamic_ncols=True)
    else:
        bar = tqdm(total=round(target * 3600), initial=round(hours * 3600), unit="s", desc="synthesising",
                   dynamic_ncols=True, bar_format="{l_bar}{bar}| {n:.0f}/{total_fmt} s of audio [{elapsed}<{remaining}]")  # fmt: skip
    with partial.open("a", encoding="utf-8", newline="") as f, multiprocessing.Pool(args.jobs) as workers:
        writer = csv.DictWriter(f, fieldnames=list(ROW_COLUMNS), delimiter="\t")
        if write_header:
            writer.writeheader()
        index = 0
        while hours < target and len(rows) < limit:
            chunk = []
            while len(chunk) < 256:
                if index not in done:
                    chunk.append(Job(index, args.seed, str(out), str(data_path), job_engines, splits,
                                     args.error_rate, pool))  # fmt: skip
                index += 1
            for row in workers.imap(make_utterance, chunk, chunksize=8):
                if row is None:
                    continue
                writer.writerow(row)
                rows.append(row)
                hours += float(row["duration"]) / 3600
                bar.update(float(row["duration"]) if not args.utterances else 1)
                if hours >= target or len(rows) >= limit:
                    break
            f.flush()
    bar.close()
    finish(out, rows)
    return 0


def finished_rows(out: Path, partial: Path) -> list[dict]:
    """The rows of a finished corpus (its split manifests), copied back into the partial manifest
    so that a rerun with more --hours goes on from them, and a kill of that rerun loses nothing."""
    rows = [r for split in SPLITS if (out / f"{split}.tsv").exists()
            for r in read_partial(out / f"{split}.tsv")]  # fmt: skip
    if rows:
        rows.sort(key=lambda r: int(r["id"]))
        write_manifest(partial, rows, columns=ROW_COLUMNS)
    return rows


def finish(out: Path, rows: list[dict]) -> None:
    """Write one manifest per split, drop the partial one, and print coverage so gaps are visible."""
    for split in SPLITS:
        part = [r for r in rows if r["split"] == split]
        write_manifest(out / f"{split}.tsv", part, columns=ROW_COLUMNS)
    (out / PARTIAL).unlink(missing_ok=True)
    counts = Counter(p for r in rows for p in r["phones"].split())
    pairs = Counter((a, b) for r in rows for a, b in zip(r["phones"].split(), r["phones"].split()[1:]))
    hours = {s: sum(float(r["duration"]) for r in rows if r["split"] == s) / 3600 for s in SPLITS}
    n_err = sum(1 for r in rows if r["errors"] not in ("", "[]"))
    print(f"\n{len(rows)} utterances: " + ", ".join(f"{s} {hours[s]:.2f} h" for s in SPLITS)
          + f"; {n_err} with an injected error")  # fmt: skip
    print("phone counts: " + "  ".join(f"{p} {counts.get(p, 0)}" for p in phones.SYMBOLS))
    missing = [p for p in phones.SYMBOLS if counts.get(p, 0) == 0]
    if missing:
        print("phones never spoken: " + " ".join(missing))
    total_rate = sum(len(r["phones"].split()) for r in rows) / max(
        1e-9, sum(float(r["duration"]) for r in rows)
    )
    print(f"{len(pairs)} distinct phone pairs; speaking rate {total_rate:.1f} phones/s")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m training.synth", description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="corpus folder (created; rerun to resume)")
    p.add_argument("--hours", type=float, default=10.0, help="stop at this much audio (default 10)")
    p.add_argument("--utterances", type=int, default=0, help="stop at this many utterances instead")
    p.add_argument("--sentences", action="append", help="extra sentence list (TXT/CSV/TSV/JSON)")
    p.add_argument(
        "--engine", default="espeak", help="espeak, mbrola, or both: espeak,mbrola (default espeak)"
    )
    p.add_argument("--mix", default="", help="share of each engine, in --engine's order, e.g. 0.6,0.4")
    p.add_argument("--mbrola-voices", type=int, default=200, help="MBROLA speaker trait sets ('voices')")
    p.add_argument("--voices", default="", help="comma-separated voice names to use (default: all)")
    p.add_argument("--random-voices", type=int, default=400, help="random vocal tracts to generate")
    p.add_argument("--error-rate", type=float, default=0.2, help="share of deliberately mispronounced")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    return p.parse_args(argv)


@command
def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
