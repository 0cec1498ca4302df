"""Recordings with the text that was read: native folders and synthetic manifests.

A native folder holds audio files and a ``transcripts.tsv`` (columns ``file``, ``text``), as
``data/real/*`` does; a manifest of real recordings (``training.prepare``) serves as well. A recording of several sentences (a read paragraph) is cut into one
piece per sentence, at the middle of the gap between the last phone of one sentence and
the first of the next in a CTC forced alignment of the whole text, moved to the middle of
the longest pause within 1.5 s (:func:`snap_to_pause`): verdicts are given per
sentence in the app, and a paragraph's pauses would otherwise lower its fluency. A
synthetic manifest is read by :func:`training.verdicts.calibration.synthetic_material`.

Each recording is recognised once here; the assessments then work on the stored network
output.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from torch import Tensor

from model.assess.forced_align import AlignmentError, forced_align
from model.audio import SAMPLE_RATE, AudioError, load_audio
from model.errors import SpeechFeedbackError
from model.korean import G2PError, g2p

SENTENCE_END = re.compile(r"(?<=[.?!。])\s+")
SNAP_SECONDS = 1.5  # how far from the aligned cut the pause may be
QUIET_DB = 30.0  # a 10 ms frame this far below the recording's loud frames is a pause


class CalibrationError(SpeechFeedbackError, ValueError):
    """Material that cannot be measured or calibrated on; the message says what is wrong."""


@dataclass(frozen=True)
class Recording:
    """A correctly read sentence and the network's output for it."""

    name: str  # file, with the sentence number when cut from a longer one: "a.wav#2"
    text: str
    log_probs: Tensor = field(repr=False)  # (T', C)
    frame_seconds: float
    duration: float


def sentences(text: str) -> list[str]:
    """The text cut after sentence-final punctuation."""
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


def read_transcripts(folder: str | Path) -> list[tuple[Path, str]]:
    """(audio path, text) rows of ``folder/transcripts.tsv``, or of a manifest of real recordings
    (``training.prepare``: columns ``path`` and ``text``); CalibrationError says what is wrong."""
    folder = Path(folder)
    table, column = (folder, "path") if folder.is_file() else (folder / "transcripts.tsv", "file")
    if not table.is_file():
        raise CalibrationError(f"{folder} has no transcripts.tsv (columns 'file' and 'text', tab-separated)")
    with open(table, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if rows and not {column, "text"} <= set(rows[0]):
        raise CalibrationError(f"{table} needs the columns '{column}' and 'text'")
    return [(table.parent / r[column], r["text"]) for r in rows if r.get(column) and r.get("text")]


def cut_points(log_probs: Tensor, vocabulary, parts: list[str], frame_seconds: float) -> list[float]:
    """Seconds at which to cut a recording of ``parts`` read in a row (len(parts) − 1 points)."""
    prons = [g2p(p) for p in parts]
    labels = [vocabulary.encode(p.symbols) for p in prons]
    flat = [x for lab in labels for x in lab]
    segments = forced_align(log_probs, flat, vocabulary.blank).segments
    out, k = [], 0
    for lab in labels[:-1]:
        k += len(lab)
        end, start = segments[k - 1][1], segments[k][0]
        out.append((end + 1 + start) / 2 * frame_seconds)
    return out


def snap_to_pause(wav: np.ndarray, cut: float, reach: float = SNAP_SECONDS) -> float:
    """The middle of the longest quiet stretch within ``reach`` seconds of ``cut`` (``cut`` if none).

    A model that knows the voice poorly may put a sentence's last phones a second late; the
    pause a reader makes at a full stop is in the signal itself.
    """
    hop = SAMPLE_RATE // 100
    n = wav.size // hop
    if n == 0:
        return cut
    frames = wav[: n * hop].reshape(n, hop).astype(np.float64)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    quiet = db < np.percentile(db, 95) - QUIET_DB
    lo, hi = max(0, int((cut - reach) * 100)), min(n, int((cut + reach) * 100) + 1)
    best, start = (0, cut), None
    for i in range(lo, hi + 1):
        if i < hi and quiet[i]:
            start = i if start is None else start
        elif start is not None:
            if i - start > best[0]:
                best = (i - start, (start + i) / 2 / 100)
            start = None
    return best[1]


def recognised(recognizer, name: str, text: str, wav: np.ndarray) -> Recording:
    rec = recognizer.recognize(wav)
    return Recording(name, text, rec.log_probs, rec.frame_seconds, rec.duration)


def native_recordings(
    folder: str | Path, recognizer, skipped: list[str] | None = None
) -> Iterator[Recording]:
    """The recordings of a native folder, one per sentence; unreadable ones go to ``skipped``."""
    skipped = [] if skipped is None else skipped
    one_utterance_each = Path(folder).is_file()  # a manifest's rows are utterances, never paragraphs
    for path, text in read_transcripts(folder):
        try:
            wav = load_audio(path)
            if one_utterance_each:
                g2p(text)
                yield recognised(recognizer, path.name, text, wav)
                continue
        except (AudioError, G2PError) as e:
            skipped.append(f"{path.name}: {e}")
            continue
        parts, beside_unread = [], set()
        for s in sentences(text):
            try:
                g2p(s)
                parts.append(s)
            except G2PError as e:
                skipped.append(f"{path.name}: a sentence the G2P cannot read ({e})")
                beside_unread |= {len(parts) - 1, len(parts)}  # its audio blurs their edges
        if len(parts) == 1 and not beside_unread:
            yield recognised(recognizer, path.name, parts[0], wav)
            continue
        if not parts:
            continue
        whole = recognizer.recognize(wav)
        try:
            cuts = cut_points(whole.log_probs, recognizer.vocabulary, parts, whole.frame_seconds)
        except AlignmentError as e:
            skipped.append(f"{path.name}: could not be cut into sentences ({e})")
            continue
        edges = [0, *(int(snap_to_pause(wav, c) * SAMPLE_RATE) for c in cuts), wav.size]
        for k, s in enumerate(parts):
            if k in beside_unread:
                skipped.append(f"{path.name}#{k + 1}: next to an unreadable sentence, its edges are unsure")
                continue
            try:
                piece = recognised(recognizer, f"{path.name}#{k + 1}", s, wav[edges[k] : edges[k + 1]])
            except AudioError as e:  # a cut that left (next to) nothing
                skipped.append(f"{path.name}#{k + 1}: {e}")
                continue
            yield piece
