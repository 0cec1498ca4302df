"""`python -m training.splice`: new sentences cut from real recordings, in the speakers' own voices.

Why: the 34 emotiontts training speakers read only ~550 distinct sentences (the Main and
Emotional speakers read the same ones), so a network that hears each sentence dozens of
times learns the sentences along with the sounds, while a learner (and every test speaker)
reads sentences no one trained on. Splicing gives real voices new phone sequences.

How: each recording is force-aligned to its own phones by a trained model
(:func:`model.assess.forced_align`), and cut only where the waveform is quiet between two
phones' spikes (a pause or a stop's closure, ``quiet_db`` below the recording's loud
frames), so no cut runs through a vowel or a fricative. Pieces of different recordings of
one speaker are joined, with a few milliseconds of fade, into utterances of 3–8 s whose
phones are the pieces' phones: exactly what was said in each piece, liaison included.

The output (FLAC files and a manifest) derives from its input corpus and carries its
licence; it goes into a run folder, never into the repository. Test speakers of emotiontts
are refused, like ``training.prepare`` refuses them for training splits.
"""

from __future__ import annotations

import argparse
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import torch
from tqdm import tqdm

from model.acoustic.recognizer import Recognizer
from model.assess.forced_align import AlignmentError, forced_align
from model.audio import SAMPLE_RATE as RATE
from model.audio import AudioError, load_audio
from model.errors import SpeechFeedbackError, command
from model.files import atomic_open
from training.emotiontts import TEST_SPEAKERS
from training.manifest import MANIFEST_COLUMNS, SPEAKER_COLUMNS, Utterance, read_manifest, write_manifest

log = logging.getLogger(__name__)
WINDOW = 160  # 10 ms RMS windows to find the quiet points
FADE = 80  # 5 ms fade in and out of every piece: no click at a joint


class SpliceError(SpeechFeedbackError):
    pass


@dataclass(frozen=True)
class Piece:
    source: int  # index of the recording in the input manifest
    start: int  # samples
    end: int
    phones: tuple[str, ...]


def quiet_cuts(
    wav: np.ndarray, spikes: list[tuple[int, int]], frame_samples: int, quiet_db: float
) -> list[tuple[int, int]]:
    """(phone index after the cut, sample) for each quiet point between two consecutive phones.

    ``spikes`` are the forced alignment's (first, last) frames per phone. Between the middle
    of one phone's spike and the middle of the next, the quietest 10 ms window is the cut,
    kept only if it lies ``quiet_db`` below the recording's loud (95th percentile) windows.
    """
    n = wav.size // WINDOW
    if n < 2:
        return []
    rms = np.sqrt(np.mean(wav[: n * WINDOW].reshape(n, WINDOW) ** 2, axis=1) + 1e-12)
    level = 20 * np.log10(rms)
    floor = float(np.percentile(level, 95)) - quiet_db
    cuts = []
    for i in range(1, len(spikes)):
        a = int((sum(spikes[i - 1]) / 2 + 0.5) * frame_samples) // WINDOW
        b = int((sum(spikes[i]) / 2 + 0.5) * frame_samples) // WINDOW
        if b - a < 2 or b > n:
            continue
        w = a + 1 + int(np.argmin(level[a + 1 : b]))
        if level[w] < floor:
            cuts.append((i, w * WINDOW + WINDOW // 2))
    return cuts


def pieces_of(index: int, utt: Utterance, wav: np.ndarray, recognizer: Recognizer, quiet_db: float,
              min_phones: int) -> list[Piece]:  # fmt: skip
    """The recording cut at its quiet points into pieces of at least ``min_phones`` phones."""
    log_probs, lengths, _ = recognizer.forward([wav])
    labels = recognizer.vocabulary.encode(utt.phones)
    try:
        spikes = forced_align(log_probs[0, : int(lengths[0])], labels, recognizer.vocabulary.blank).segments
    except AlignmentError:
        return []
    frame_samples = round(recognizer.frame_seconds * RATE)
    bounds = [(0, 0)]
    for phone, sample in quiet_cuts(wav, list(spikes), frame_samples, quiet_db):
        if phone - bounds[-1][0] >= min_phones and len(utt.phones) - phone >= min_phones:
            bounds.append((phone, sample))
    bounds.append((len(utt.phones), wav.size))
    return [Piece(index, s0, s1, utt.phones[p0:p1]) for (p0, s0), (p1, s1) in zip(bounds, bounds[1:])]


def join(pieces: list[np.ndarray]) -> np.ndarray:
    """Concatenate waveforms, each faded in and out over 5 ms."""
    ramp = np.linspace(0.0, 1.0, FADE, dtype=np.float32)
    out = []
    for p in pieces:
        p = p.astype(np.float32, copy=True)
        k = min(FADE, p.size // 2)
        p[:k] *= ramp[:k]
        p[p.size - k :] *= ramp[:k][::-1]
        out.append(p)
    return np.concatenate(out)


def splice(utterances: list[Utterance], recognizer: Recognizer, out: Path, count: int, seed: int = 0,
           quiet_db: float = 30.0, min_phones: int = 4, seconds: tuple[float, float] = (3.0, 8.0)) -> list[dict]:  # fmt: skip
    """Write ``count`` spliced utterances into ``out``; return their manifest rows."""
    audio: dict[int, np.ndarray] = {}
    by_speaker: dict[str, list[Piece]] = defaultdict(list)
    for i, utt in enumerate(tqdm(utterances, desc="aligning", dynamic_ncols=True)):
        try:
            wav = load_audio(utt.path)
        except AudioError as exc:
            log.warning("skipping %s: %s", utt.path, exc)
            continue
        found = pieces_of(i, utt, wav, recognizer, quiet_db, min_phones)
        if len(found) > 1:  # a recording with no cut adds nothing new
            audio[i] = wav
            by_speaker[utt.extra.get("speaker") or "?"].extend(found)
    speakers = [s for s, ps in by_speaker.items() if len({p.source for p in ps}) > 1]
    if not speakers:
        raise SpliceError("No recording could be cut at a quiet point; nothing to splice.")
    weights = np.array([len(by_speaker[s]) for s in speakers], dtype=float)
    weights /= weights.sum()
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in tqdm(range(count), desc="splicing", dynamic_ncols=True):
        speaker = speakers[rng.choice(len(speakers), p=weights)]
        pool = by_speaker[speaker]
        target = rng.uniform(*seconds) * RATE
        chosen: list[Piece] = []
        length = 0
        while length < target and len(chosen) < 8:
            piece = pool[rng.integers(len(pool))]
            if not chosen or piece.source != chosen[-1].source:  # neighbours from different recordings
                chosen.append(piece)
                length += piece.end - piece.start
        wav = join([audio[p.source][p.start : p.end] for p in chosen])
        name = f"splice-{n:05d}.flac"
        with atomic_open(out / name, "wb") as f:
            sf.write(f, wav, RATE, format="FLAC")
        first = utterances[chosen[0].source]
        rows.append({
            "path": name, "duration": f"{wav.size / RATE:.3f}",
            "phones": " ".join(ph for p in chosen for ph in p.phones), "text": "",
            "speaker": speaker, "group": first.extra.get("group", ""), "style": first.extra.get("style", ""),
            "corpus": f"{first.extra.get('corpus') or 'real'}-spliced", "engine": "spliced",
            "sources": "+".join(utterances[p.source].path.stem for p in chosen),
            "piece_phones": "+".join(str(len(p.phones)) for p in chosen),
        })  # fmt: skip
    return rows


@command
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.splice", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--checkpoint", required=True, help="a model trained on these speakers, to align them"
    )
    parser.add_argument("--data", required=True, help="manifest of real recordings (training speakers only)")
    parser.add_argument("--out", required=True, type=Path, help="folder for the FLAC files and manifest.tsv")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--quiet-db", type=float, default=30.0, help="a cut lies this far below the loud frames"
    )
    parser.add_argument("--min-phones", type=int, default=4, help="fewest phones in a piece")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.count < 1:
        raise SpliceError("--count must be at least 1.")
    utterances = read_manifest(args.data).utterances
    tested = sorted({u.extra.get("speaker") for u in utterances} & TEST_SPEAKERS)
    if tested:
        raise SpliceError(
            f"{args.data} holds emotiontts test speakers ({', '.join(tested)}): they are never trained on. "
            "Use a manifest written with --split train."
        )
    rows = splice(utterances, Recognizer.load(args.checkpoint, device="cpu"), args.out, args.count,
                  args.seed, args.quiet_db, args.min_phones)  # fmt: skip
    columns = MANIFEST_COLUMNS + SPEAKER_COLUMNS + ("engine", "sources", "piece_phones")
    write_manifest(args.out / "manifest.tsv", rows, columns)
    hours = sum(float(r["duration"]) for r in rows) / 3600
    print(f"{len(rows)} spliced utterances ({hours:.2f} h) → {args.out / 'manifest.tsv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
