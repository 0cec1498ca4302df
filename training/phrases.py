"""`python -m training.phrases`: cut long read recordings into phrases, for training.

Real speech is what the model lacks most, but what we have comes as paragraphs of 30–50 s:
too long for a training batch, and one label sequence for all of it. The known text is
forced-aligned with the current model and cut between phrases (punctuation) as the
native-speech calibration cuts its paragraphs (training/verdicts/material.py: the middle of the gap
between the last phone of one phrase and the first of the next, moved to the pause in the
signal nearby); even a model that recognises the voice poorly finds those pauses. Neighbouring phrases are joined until a piece lasts at least
``--min-seconds``. Output: 16 kHz WAVs and a manifest (``train.tsv``) labelled by our G2P.

Words the G2P cannot read (Latin letters) are respelt first: ``--respell Microsoft=마이크로소프트``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import torch
from tqdm import tqdm

from model.acoustic.recognizer import Recognizer
from model.assess.forced_align import AlignmentError
from model.audio import SAMPLE_RATE, AudioError, load_audio
from model.errors import command
from model.korean import G2PError, g2p
from training.manifest import MANIFEST_COLUMNS, write_manifest
from training.verdicts.material import cut_points, snap_to_pause

PHRASE_END = re.compile(r"[.,?!;:/~…-]+\s*")
HANGUL = re.compile(r"[가-힣]")


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


def phrases(text: str) -> list[str]:
    """The text cut after punctuation (each piece a phrase the reader may pause after)."""
    return [p.strip() for p in PHRASE_END.split(text) if HANGUL.search(p)]


def split_recording(wav: np.ndarray, text: str, recognizer: Recognizer, min_seconds: float = 2.0,
                    max_seconds: float = 12.0) -> list[Piece]:  # fmt: skip
    """Pieces of a long recording of `text`, each one or more whole phrases."""
    parts = phrases(text)
    log_probs, lengths, _ = recognizer.forward([wav])
    cuts = cut_points(log_probs[0, : int(lengths[0])], recognizer.vocabulary, parts, recognizer.frame_seconds)
    bounds = [0.0, *(snap_to_pause(wav, c) for c in cuts), wav.size / SAMPLE_RATE]
    pieces: list[Piece] = []
    first = 0
    for k in range(len(parts)):
        start, end = bounds[first], bounds[k + 1]
        if end - start < min_seconds and k + 1 < len(parts) and bounds[k + 2] - start <= max_seconds:
            continue  # too short: join the next phrase
        joined = " ".join(parts[first : k + 1])
        phones = tuple(s for part in parts[first : k + 1] for s in g2p(part).symbols)
        pieces.append(Piece(start, end, joined, phones))
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
