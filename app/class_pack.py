"""A class pack: one file a teacher hands to the class, holding the sentence list, the teacher's
recordings of it (the model voice, and the intonation reference) and, optionally, the model
adapted to the teacher's voice.

The file is a zip (``.sfpack``): ``manifest.json`` (format, version, name, and the SHA-256 of
every other member), ``sentences.tsv``, ``recordings/`` (WAV + ``transcripts.tsv``, the
folder format of Teacher's voice) and ``model.pt``. Import checks everything before it writes
anything: the zip, the manifest, every member's digest (a truncated, damaged or edited pack is
refused: the digests catch accidents and edits, they are not a signature), no member outside
its folder, the list through the sentence-list reader, each recording through soundfile and
the model through the checkpoint loader. Then it unpacks into a temporary folder beside the
destination and renames it into place: a class is installed whole or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import soundfile as sf

from app.i18n import BilingualError
from app.teacher_store import TRANSCRIPTS, TeacherRecordings
from model.files import atomic_open

FORMAT = "speechfeedback-class-pack"
VERSION = 1
SUFFIX = ".sfpack"
# a pack larger than this, unpacked, is refused (a zip bomb or a wrong file; a class of 300 takes
# and a model is ~70 MB)
MAX_BYTES = 512 * 1024**2


class ClassPackError(BilingualError):
    """A pack that can't be made or taken in; ``message(lang)`` says why and what to do."""


def _bad(ko: str, en: str) -> ClassPackError:
    return ClassPackError(f"수업 자료를 가져올 수 없어요: {ko} 선생님께 파일을 다시 받아 주세요.",
                          f"The class pack can't be imported: {en} Ask your teacher for the file again.")  # fmt: skip


@dataclass(frozen=True)
class ClassPack:
    """An installed pack."""

    name: str
    folder: Path
    sentences: Path  # the list (<name>.tsv: the pack's sentences.tsv, named for the tree)
    recordings: Path  # the teacher's takes (TeacherRecordings folder)
    model: Path | None  # the adapted model, where the pack had one

    @property
    def takes(self) -> int:
        """How many recordings it holds (read when asked: listing packs reads no transcripts)."""
        return len(TeacherRecordings(self.recordings).takes)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_pack(path: str | Path, name: str, recordings: Path, model: Path | None = None) -> Path:
    """Write the teacher's takes in ``recordings`` (and ``model``) as a pack at ``path`` (atomic)."""
    store = TeacherRecordings(recordings)
    if not store.takes:
        raise ClassPackError("녹음한 문장이 없어요. 먼저 교사 → 선생님 목소리에서 문장을 녹음하세요.",
                             "There are no recordings yet. Record sentences first (Teacher → Teacher's voice).")  # fmt: skip
    members: dict[str, bytes] = {}
    rows = io.StringIO()
    writer = csv.writer(rows, delimiter="\t", lineterminator="\n")
    writer.writerow(["text"])
    for text in store.takes:
        writer.writerow([text])
    members["sentences.tsv"] = rows.getvalue().encode("utf-8")
    for take in store.takes.values():
        members[f"recordings/{take.file}"] = (store.folder / take.file).read_bytes()
    members[f"recordings/{TRANSCRIPTS}"] = (store.folder / TRANSCRIPTS).read_bytes()
    if model is not None:
        members["model.pt"] = Path(model).read_bytes()
    manifest = {"format": FORMAT, "version": VERSION, "name": name, "created": time.time(),
                "files": {k: _sha256(v) for k, v in members.items()}}  # fmt: skip
    path = Path(path)
    with atomic_open(path, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for k, v in members.items():
            z.writestr(k, v)
    return path


def _read(path: Path) -> tuple[dict, dict[str, bytes]]:
    """The manifest and every member, each checked against its digest."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_BYTES:
                raise _bad(
                    f"압축을 풀면 {MAX_BYTES / 1024**2:g} MB가 넘어요.",
                    f"it would unpack to more than {MAX_BYTES / 1024**2:g} MB.",
                )
            manifest = json.loads(z.read("manifest.json").decode("utf-8"))
            members = {
                i.filename: z.read(i) for i in infos if i.filename != "manifest.json" and not i.is_dir()
            }
    except ClassPackError:
        raise
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError, UnicodeDecodeError) as e:
        raise _bad("파일이 잘렸거나 손상되었어요, 또는 수업 자료 파일이 아니에요.",
                   f"the file is truncated, damaged or not a class pack ({e}).") from None  # fmt: skip
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _bad("수업 자료 파일이 아니에요.", "it is not a SpeechFeedback class pack.")
    if manifest.get("version") != VERSION:
        raise _bad("이 프로그램이 모르는 버전이에요. 프로그램을 업데이트해 보세요.",
                   f"it is version {manifest.get('version')}, this program reads version {VERSION}; update it.")  # fmt: skip
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(members):
        raise _bad(
            "목록에 없는 파일이 있거나 빠진 파일이 있어요.", "files are missing from it or were added to it."
        )
    for member, digest in files.items():
        parts = PurePosixPath(member).parts
        if PurePosixPath(member).is_absolute() or ".." in parts or "\\" in member:
            raise _bad("폴더 밖을 가리키는 파일이 있어요.", f"'{member}' points outside its folder.")
        if _sha256(members[member]) != digest:
            raise _bad(f"'{member}' 파일이 바뀌었거나 손상되었어요.", f"'{member}' was changed or damaged.")
    if "sentences.tsv" not in members or f"recordings/{TRANSCRIPTS}" not in members:
        raise _bad(
            "문장 목록이나 녹음 목록이 없어요.", "its sentence list or its list of recordings is missing."
        )
    return manifest, members


def _check_contents(folder: Path) -> None:
    """The unpacked files read as what they claim to be (list, recordings, model)."""
    from model.sentences import SentenceListError, load_sentence_list

    try:
        if not load_sentence_list(folder / "sentences.tsv").sentences:
            raise _bad("문장 목록이 비어 있어요.", "its sentence list is empty.")
    except SentenceListError as e:
        raise _bad("문장 목록을 읽을 수 없어요.", f"its sentence list can't be read ({e}).") from None
    store = TeacherRecordings(folder / "recordings")
    if store.problems or not store.takes:
        raise _bad(
            "녹음 목록을 읽을 수 없어요.",
            f"its list of recordings can't be read ({'; '.join(store.problems)}).",
        )
    for take in store.takes.values():
        try:
            sf.info(str(store.folder / take.file))
        except (RuntimeError, OSError) as e:
            raise _bad(
                f"녹음 '{take.file}'을 읽을 수 없어요.", f"the recording '{take.file}' can't be read ({e})."
            ) from None
    if (folder / "model.pt").exists():
        from model.acoustic.checkpoint import CheckpointError, load_checkpoint

        try:
            load_checkpoint(folder / "model.pt")
        except CheckpointError as e:
            raise _bad("모델 파일을 읽을 수 없어요.", f"its model can't be loaded ({e}).") from None


def _safe_name(name: str) -> str:
    keep = "".join(c for c in name if c.isalnum() or c in " -_").strip()
    return keep[:60] or "class"


def import_pack(path: str | Path, classes: Path) -> ClassPack:
    """Check the pack at ``path`` and install it as ``classes/<its name>`` (replacing an older copy);
    raise ClassPackError (and leave ``classes`` as it was) when anything is wrong."""
    manifest, members = _read(Path(path))
    name = _safe_name(str(manifest.get("name", "")))
    classes.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=classes, prefix=".import-"))
    try:
        for member, data in members.items():
            target = staging / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _check_contents(staging)
        os.replace(staging / "sentences.tsv", staging / f"{name}.tsv")  # the list shows by the class's name
        final = classes / name
        old = None
        if final.exists():
            old = classes / f".old-{name}-{os.getpid()}"
            os.replace(final, old)
        os.replace(staging, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return installed(final)


def installed(folder: Path) -> ClassPack:
    model = folder / "model.pt"
    return ClassPack(folder.name, folder, folder / f"{folder.name}.tsv", folder / "recordings",
                     model if model.exists() else None)  # fmt: skip


def installed_packs(classes: Path) -> list[ClassPack]:
    """The packs installed in ``classes`` (folders left half-way by a crash are skipped)."""
    if not classes.is_dir():
        return []
    return [installed(d) for d in sorted(classes.iterdir()) if d.is_dir() and not d.name.startswith(".")]
