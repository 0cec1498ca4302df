"""`python -m training.phrases`: cut long read recordings into phrases, for training.

Real speech is what the model lacks most, but what we have comes as paragraphs of 30–50 s:
too long for a training batch, and one label sequence for all of it. The known text is
forced-aligned (our CTC Viterbi, model/assess/forced_align.py) with the current model; even a
model that recognises the voice poorly finds the pauses at punctuation, and that is all the
cut needs: each cut sits in the middle of the gap between the last phone of one phrase and
the first of the next. Neighbouring phrases are joined until a piece lasts at least
``--min-seconds``. Output: 16 kHz WAVs and a manifest (``train.tsv``) labelled by our G2P.

Words the G2P cannot read (Latin letters) are respelt first: ``--respell Microsoft=마이크로소프트``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import torch
from tqdm import tqdm

from model.acoustic.recognizer import Recognizer
from model.assess.forced_align import AlignmentError, forced_align
from model.audio import AudioError, load_audio
from model.errors import command
from model.korean import G2PError, g2p
from training.manifest import MANIFEST_COLUMNS, write_manifest

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class Piece:
    start: float  # seconds
    end: float
    text: str  # the normalized text of its phrases
    phones: tuple[str, ...]


def respell(text: str, spellings: dict[str, str]) -> str:
    for written, said in spellings.items():
        text = text.replace(written, said)
    return text


def cut_points(
    phrase_of: list[int], segments: list[tuple[int, int]], frame_seconds: float
) -> dict[int, float]:
    """Seconds where phrase k+1 begins: the middle of the gap before its first phone."""
    cuts = {}
    for i in range(1, len(phrase_of)):
        if phrase_of[i] != phrase_of[i - 1]:
            gap_start = (segments[i - 1][1] + 1) * frame_seconds
            gap_end = segments[i][0] * frame_seconds
            cuts[phrase_of[i]] = (gap_start + gap_end) / 2
    return cuts


def split_recording(wav: np.ndarray, text: str, recognizer: Recognizer, min_seconds: float = 2.0,
                    max_seconds: float = 12.0) -> list[Piece]:  # fmt: skip
    """Pieces of a long recording of `text`, each one or more whole phrases."""
    pron = g2p(text)
    spans = [s for s in pron.phrase_spans if s[1] > s[0]]
    phrase_of = [next(k for k, (a, b) in enumerate(spans) if a <= t.syllable < b) for t in pron.phones]
    log_probs, lengths, _ = recognizer.forward([wav])
    labels = recognizer.vocabulary.encode(t.symbol for t in pron.phones)
    alignment = forced_align(log_probs[0, : int(lengths[0])], labels, recognizer.vocabulary.blank)
    duration = wav.size / SAMPLE_RATE
    cuts = {0: 0.0, **cut_points(phrase_of, list(alignment.segments), recognizer.frame_seconds)}
    bounds = [cuts.get(k) for k in range(len(spans))] + [duration]
    syllables = pron.syllables
    pieces: list[Piece] = []
    first = 0
    for k in range(len(spans)):
        start, end = bounds[first], bounds[k + 1]
        if start is None or end is None:
            continue
        if end - start < min_seconds and k + 1 < len(spans) and bounds[k + 2] - start <= max_seconds:
            continue  # too short: join the next phrase
        a, b = spans[first][0], spans[k][1]
        phones = tuple(t.symbol for t in pron.phones if a <= t.syllable < b)
        pieces.append(Piece(start, end, "".join(syllables[a:b]), phones))
        first = k + 1
    return pieces


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.phrases", description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="folder with audio files and transcripts.tsv (file, text)")
    p.add_argument("--files", default="", help="comma-separated files of that folder to use (default: all)")
    p.add_argument("--out", required=True, help="output folder: wav/ and train.tsv")
    p.add_argument(
        "--respell", action="append", default=[], help="WRITTEN=HANGUL, e.g. Microsoft=마이크로소프트"
    )
    p.add_argument("--checkpoint", default=None, help="model for the alignment (default: the bundled one)")
    p.add_argument("--min-seconds", type=float, default=2.0)
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    data, out = Path(args.data), Path(args.out)
    spellings = dict(item.split("=", 1) for item in args.respell if "=" in item)
    recognizer = Recognizer.load(args.checkpoint, device="cpu")
    with (data / "transcripts.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    wanted = set(filter(None, args.files.split(",")))
    rows = [r for r in rows if not wanted or r["file"] in wanted]
    manifest = []
    for row in tqdm(rows, desc="aligning", unit="file"):
        try:
            wav = load_audio(data / row["file"])
            pieces = split_recording(wav, respell(row["text"], spellings), recognizer, args.min_seconds)
        except (AudioError, G2PError, AlignmentError, OSError) as exc:
            print(f"skipped {row['file']}: {exc}", file=sys.stderr)
            continue
        for i, piece in enumerate(pieces):
            rel = Path("wav") / f"{Path(row['file']).stem}-{i:03d}.wav"
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            clip = wav[int(piece.start * SAMPLE_RATE) : int(piece.end * SAMPLE_RATE)]
            sf.write(out / rel, clip, SAMPLE_RATE, subtype="PCM_16")
            manifest.append({"path": str(rel), "duration": f"{clip.size / SAMPLE_RATE:.3f}",
                             "phones": " ".join(piece.phones), "text": piece.text})  # fmt: skip
    write_manifest(out / "train.tsv", manifest, columns=MANIFEST_COLUMNS)
    seconds = sum(float(r["duration"]) for r in manifest)
    print(f"{len(manifest)} pieces, {seconds:.0f} s, from {len(rows)} recordings → {out / 'train.tsv'}")
    return 0 if manifest else 1


if __name__ == "__main__":
    raise SystemExit(main())
