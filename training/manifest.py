"""The manifest: one UTF-8 TSV per dataset, the only format the training loop reads.

Columns: ``path`` (relative to the manifest), ``duration`` (seconds), ``phones``
(space-separated inventory symbols), ``text``; extra columns are kept. Every corpus
adapter (`training.prepare`) writes this format, so training on KsponSpeech or Zeroth is
the same command as training on our synthetic speech.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import soundfile as sf

from model import phones as phone_inventory
from model.errors import SpeechFeedbackError
from model.files import atomic_open
from model.korean import G2PError, g2p

MANIFEST_COLUMNS = ("path", "duration", "phones", "text")
SPEAKER_COLUMNS = ("speaker", "group", "style", "corpus")  # a real corpus's own columns (prepare, splice)


class ManifestError(SpeechFeedbackError):
    """A manifest that cannot be used at all (missing, no header, wrong columns)."""


@dataclass(frozen=True)
class Utterance:
    path: Path  # absolute
    duration: float
    phones: tuple[str, ...]
    text: str
    extra: dict = field(default_factory=dict, compare=False)


@dataclass
class Manifest:
    utterances: list[Utterance]
    skipped: Counter  # reason → count

    @property
    def hours(self) -> float:
        return sum(u.duration for u in self.utterances) / 3600

    def summary(self) -> str:
        text = f"{len(self.utterances)} utterances, {self.hours:.2f} h"
        if self.skipped:
            text += "; skipped " + ", ".join(f"{n} {why}" for why, n in self.skipped.most_common())
        return text


def read_manifest(path: str | Path, *, check_files: bool = True) -> Manifest:
    """Read a manifest; rows that cannot be used are skipped and counted, never fatal."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError(f"Manifest {path} does not exist. Make one with python -m training.prepare.")
    root = path.parent
    utterances: list[Utterance] = []
    skipped: Counter = Counter()
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t")
            missing = {"path"} - set(reader.fieldnames or ())
            if missing or not ({"phones", "text"} & set(reader.fieldnames or ())):
                raise ManifestError(
                    f"Manifest {path} needs a header with 'path' and 'phones' or 'text' columns; "
                    f"it has {reader.fieldnames}."
                )
            for row in reader:
                utt = _utterance(row, root, skipped, check_files)
                if utt is not None:
                    utterances.append(utt)
    except UnicodeDecodeError:
        raise ManifestError(f"Manifest {path} is not UTF-8 text; write it as UTF-8 TSV.") from None
    return Manifest(utterances, skipped)


def _utterance(row: dict, root: Path, skipped: Counter, check_files: bool) -> Utterance | None:
    rel = (row.get("path") or "").strip()
    if not rel:
        skipped["rows without a path"] += 1
        return None
    audio = (root / rel).resolve()
    if check_files and not audio.is_file():
        skipped["missing audio files"] += 1
        return None
    try:
        duration = float(row.get("duration") or 0.0)
    except ValueError:
        duration = 0.0
    if duration <= 0.0 and check_files:  # no duration: read it from the file's header (bucketing and
        try:  # max_seconds depend on it), not a silent 0.0
            duration = duration_of(audio)
        except (RuntimeError, OSError, sf.LibsndfileError):
            skipped["unreadable audio files"] += 1
            return None
    text = (row.get("text") or "").strip()
    symbols = tuple((row.get("phones") or "").split())
    try:
        if symbols:
            for s in symbols:
                phone_inventory.phone(s)
        elif text:
            symbols = g2p(text).symbols
    except phone_inventory.UnknownPhoneError:
        skipped["phones outside the inventory"] += 1
        return None
    except G2PError:
        skipped["transcripts the G2P cannot read"] += 1
        return None
    if not symbols:
        skipped["empty transcripts"] += 1
        return None
    extra = {k: v for k, v in row.items() if k not in MANIFEST_COLUMNS and k is not None}
    return Utterance(audio, duration, symbols, text, extra)


def duration_of(path: Path) -> float:
    """Seconds of an audio file, from its header (headerless .pcm/.raw: 16 kHz 16-bit mono)."""
    if path.suffix.lower() in (".pcm", ".raw"):
        return path.stat().st_size / 32000
    return sf.info(str(path)).duration


def write_manifest(path: str | Path, rows: list[dict], columns: tuple[str, ...] = MANIFEST_COLUMNS) -> None:
    """Write rows atomically (temp file, then rename) so a killed job never leaves half a manifest."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), delimiter="\t", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _clean(row.get(k, "")) for k in columns})


def _clean(value) -> str:
    return str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")
