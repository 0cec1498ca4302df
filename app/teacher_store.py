"""The teacher's recordings on disk: 16 kHz mono WAV files and ``transcripts.tsv`` (``file<TAB>text``),
the folder format ``training.evaluate --data`` and ``training.adapt --recordings`` read.

One file per sentence, named from the sentence itself, so recording the same sentence again (in
this session or a later one, from any list) replaces the take instead of adding a second one.
Every write is atomic (model/files.py): a crash never leaves half a WAV or half a transcript list.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf

from model.audio import SAMPLE_RATE
from model.files import atomic_open, atomic_write_text

TRANSCRIPTS = "transcripts.tsv"
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")


@dataclass
class ImportReport:
    """What ``TeacherRecordings.import_from`` took, and what it left out with why."""

    imported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)


def recordings_in(source: Path) -> list[tuple[Path, str]]:
    """(audio, sentence) pairs: a ``transcripts.tsv`` (``file``, ``text``) or a folder holding one, or
    a folder of audio files named by their sentence (``국물이 좋아요.wav``)."""
    table = source if source.is_file() else source / TRANSCRIPTS
    if table.is_file():
        rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")), delimiter="\t"))
        return [(table.parent / (r.get("file") or "").strip(), (r.get("text") or "").strip()) for r in rows]
    return [(f, f.stem.strip()) for f in sorted(source.iterdir()) if f.suffix.lower() in AUDIO_SUFFIXES]


@dataclass(frozen=True)
class Take:
    file: str  # name inside the folder
    text: str
    seconds: float


def take_name(text: str) -> str:
    """A stable file name for a sentence: its first syllables and a short hash of the whole text."""
    written = re.sub(r"\[[^\]]*\]", "", text)  # 신고[신꼬] -> 신고: the inline pronunciation stays out
    stem = "".join(ch for ch in written if ch.isalnum())[:12] or "take"
    return f"{stem}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}.wav"


class TeacherRecordings:
    """The takes in ``folder``, by sentence text, in the order they were first recorded."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.takes: dict[str, Take] = {}
        self.problems: list[str] = []  # rows of transcripts.tsv that were skipped, and why
        self._read()

    def _read(self) -> None:
        path = self.folder / TRANSCRIPTS
        if not path.is_file():
            return
        try:
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            self.problems.append(f"{path} can't be read ({e}); recordings start afresh.")
            return
        for row in rows:
            name, text = (row.get("file") or "").strip(), (row.get("text") or "").strip()
            wav = self.folder / name
            if not name or not text or not wav.is_file():
                self.problems.append(f"skipped {name or '(no file)'}: missing file or text")
                continue
            try:
                seconds = sf.info(str(wav)).duration
            except Exception as e:  # damaged WAV: leave it out, the teacher records it again
                self.problems.append(f"skipped {name}: {e}")
                continue
            self.takes[text] = Take(name, text, float(seconds))

    def __len__(self) -> int:
        return len(self.takes)

    def has(self, text: str) -> bool:
        return text in self.takes

    def path(self, text: str) -> Path | None:
        take = self.takes.get(text)
        return self.folder / take.file if take else None

    @property
    def minutes(self) -> float:
        return sum(t.seconds for t in self.takes.values()) / 60.0

    def save(self, text: str, audio: np.ndarray) -> Take:
        """Keep ``audio`` (16 kHz mono float32) as the take of ``text``, replacing an older one."""
        audio = np.asarray(audio, dtype=np.float32)
        take = Take(take_name(text), text, audio.size / SAMPLE_RATE)
        with atomic_open(self.folder / take.file, "wb") as f:
            sf.write(f, audio, SAMPLE_RATE, format="WAV", subtype="PCM_16")
        self.takes[text] = take
        self._write_transcripts()
        return take

    def import_from(self, source: str | Path) -> ImportReport:
        """Take recordings the teacher already has, with the checks a new take gets (readable audio,
        resampled to 16 kHz mono, speech that is neither silent, clipped nor too long; a sentence the
        G2P reads). Each is saved as its sentence's take; nothing is half-written."""
        from model.audio import AudioError, check_audio, load_audio
        from model.korean import G2PError, g2p

        source = Path(source)
        report = ImportReport()
        try:
            pairs = recordings_in(source)
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            report.skipped.append((source.name, f"cannot be read ({e})"))
            return report
        if not pairs:
            report.skipped.append(
                (source.name, "no transcripts.tsv and no audio files named by their sentence")
            )
        for audio_path, text in pairs:
            try:
                if not text:
                    raise ValueError("no sentence")
                g2p(text)
                audio = load_audio(audio_path)
                check_audio(audio)
            except (AudioError, G2PError, ValueError, OSError) as e:
                report.skipped.append((audio_path.name, str(e).splitlines()[0]))
                continue
            self.save(text, audio)
            report.imported += 1
        return report

    def load(self, text: str) -> np.ndarray | None:
        path = self.path(text)
        if path is None:
            return None
        data, _ = sf.read(str(path), dtype="float32")
        return data

    def _write_transcripts(self) -> None:
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(["file", "text"])
        for take in self.takes.values():
            writer.writerow([take.file, take.text])
        atomic_write_text(self.folder / TRANSCRIPTS, out.getvalue())
