"""The models a learner can choose: the bundled checkpoint and the adapted ones in ``<data dir>/models``.

Each is described by its metadata (``metadata["adapted"]`` for an adapted model: name, date,
held-out PER before and after). Importing checks the file with ``load_checkpoint`` before it is
copied in; import and export copy through a temp file and a rename (model/files.py), so a
half-copied model is never listed or handed to a student.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.about import format_metrics
from model.acoustic.checkpoint import CheckpointError, load_checkpoint
from model.files import atomic_open


@dataclass(frozen=True)
class ModelEntry:
    path: Path | None  # None: the bundled model
    name: str
    date: str
    per_before: float | None = None
    per_after: float | None = None
    held_out: int | None = None
    recordings: int | None = None
    minutes: float | None = None
    error: str = ""  # a file in the folder that is not a usable checkpoint
    metrics: str = ""  # a model that was not adapted: its training metrics ("PER 18.3%")

    @property
    def adapted(self) -> bool:
        return self.per_after is not None

    def figures(self, lang: str = "en") -> str:
        if self.error:
            return self.error
        if not self.adapted:
            return self.metrics
        before = f"{self.per_before:.0%}" if self.per_before is not None else "?"
        if lang == "ko":
            return (f"음소 오류율 {before} → {self.per_after:.0%} (따로 둔 녹음 {self.held_out}개) · "
                    f"녹음 {self.recordings}개, {self.minutes:.1f}분")  # fmt: skip
        return (f"PER {before} → {self.per_after:.0%} on {self.held_out} held-out · "
                f"{self.recordings} recordings, {self.minutes:.1f} min")  # fmt: skip


def _float(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def describe(path: Path | None, bundled: Path) -> ModelEntry:
    """A ModelEntry for a checkpoint file (``path`` None: the bundled one at ``bundled``)."""
    file = path or bundled
    try:
        meta = dict(load_checkpoint(file).metadata or {})
    except CheckpointError as e:
        return ModelEntry(path, file.stem, "", error=str(e))
    adapted = meta.get("adapted") if isinstance(meta.get("adapted"), dict) else {}
    name = str(adapted.get("name") or (file.stem if path else "")) or file.stem
    date = str(adapted.get("date") or meta.get("date") or "")[:16].replace("T", " ")
    recordings = adapted.get("recordings")
    held = adapted.get("held_out")
    return ModelEntry(
        path, name, date,
        per_before=_float(adapted.get("per_before")), per_after=_float(adapted.get("per_after")),
        held_out=held if isinstance(held, int) else None,
        recordings=recordings if isinstance(recordings, int) else None,
        minutes=_float(adapted.get("minutes")),
        metrics="" if adapted or not meta.get("metrics") else format_metrics(meta["metrics"]),
    )  # fmt: skip


def list_models(folder: Path, bundled: Path) -> list[ModelEntry]:
    """The bundled model first, then the adapted ones, newest first."""
    adapted = [describe(p, bundled) for p in sorted(folder.glob("*.pt"))] if folder.is_dir() else []
    adapted.sort(key=lambda e: e.date, reverse=True)
    return [describe(None, bundled), *adapted]


def _copy(src: Path, dest: Path) -> None:
    with open(src, "rb") as f, atomic_open(dest, "wb") as out:
        shutil.copyfileobj(f, out, 1 << 20)


def import_model(src: str | Path, folder: Path) -> Path:
    """Check ``src`` is a usable checkpoint and copy it into ``folder``; raise CheckpointError if not."""
    src = Path(src)
    bundle = load_checkpoint(src)
    adapted = bundle.metadata.get("adapted") if isinstance(bundle.metadata, dict) else None
    stem = str((adapted or {}).get("name") or src.stem)
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "model"
    dest = folder / f"{stem}.pt"
    n = 2
    while dest.exists():
        dest = folder / f"{stem}-{n}.pt"
        n += 1
    _copy(src, dest)
    return dest


def export_model(src: str | Path, dest: str | Path) -> Path:
    """Copy a model to ``dest`` (for a teacher to give to the students)."""
    dest = Path(dest)
    if dest.suffix != ".pt":
        dest = dest.with_suffix(".pt")
    _copy(Path(src), dest)
    return dest
