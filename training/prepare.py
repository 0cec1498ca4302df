"""`python -m training.prepare FORMAT ROOT --out MANIFEST`: any supported corpus → our manifest.

Formats:
- ``manifest``: an existing manifest, checked (missing files and unreadable rows dropped).
- ``kspon``: KsponSpeech — ``.pcm`` files (16 kHz 16-bit mono, headerless) with a ``.txt``
  beside each, or ``*.trn`` lists (``path :: text``); CP949 or UTF-8. For ``(spelling)/(pronunciation)``
  pairs the pronunciation is kept; the noise tags ``b/ n/ l/ o/ u/`` and the symbols ``/ + * -``
  are dropped.
- ``zeroth``: Zeroth-Korean — ``<spk>_003_NNNN.flac`` with ``<spk>_003.trans.txt`` (``id TEXT`` lines).
- ``commonvoice``: Common Voice Korean — ``validated.tsv`` (or ``--split train`` → ``train.tsv``)
  with mp3 clips in ``clips/``.
- ``emotiontts``: the emotiontts open DB in its own layout (``training.emotiontts``); ``--split
  train|fit|calibration|test|all`` picks speakers (test speakers are never in train), and the
  manifest keeps ``speaker``, ``group`` and ``style`` columns.

Transcripts are turned into phones by our G2P; numbers are read aloud, and an utterance
whose text the G2P cannot read (Latin words, emoji) is skipped and counted.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import soundfile as sf
from tqdm import tqdm

from model.errors import command
from model.korean import G2PError, g2p
from training.emotiontts import emotiontts_items
from training.manifest import (
    MANIFEST_COLUMNS,
    SPEAKER_COLUMNS,
    ManifestError,
    duration_of,
    read_manifest,
    write_manifest,
)

FORMATS = ("manifest", "kspon", "zeroth", "commonvoice", "emotiontts")

_KSPON_PAIR = re.compile(r"\(([^()]*)\)/\(([^()]*)\)")
_KSPON_NOISE = re.compile(r"(?<!\S)[bnlou]/")


def clean_kspon(text: str) -> str:
    """KsponSpeech transcript → plain Hangul text as spoken."""
    text = _KSPON_PAIR.sub(lambda m: m.group(2), text)
    text = _KSPON_NOISE.sub(" ", text)
    text = re.sub(r"[/+*\-]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManifestError(f"{path} is neither UTF-8 nor CP949 text; convert it to UTF-8.")


def kspon_items(root: Path) -> Iterator[tuple[Path, str]]:
    trns = sorted(root.rglob("*.trn"))
    if trns:
        for trn in trns:
            for line in read_text(trn).splitlines():
                if "::" in line:
                    rel, text = (part.strip() for part in line.split("::", 1))
                    candidates = [root / rel, trn.parent / rel, root / Path(rel).name]
                    audio = next((c for c in candidates if c.exists()), candidates[0])
                    yield audio, clean_kspon(text)
        return
    for pcm in sorted(root.rglob("*.pcm")):
        txt = pcm.with_suffix(".txt")
        yield pcm, clean_kspon(read_text(txt)) if txt.exists() else ""


def zeroth_items(root: Path) -> Iterator[tuple[Path, str]]:
    for trans in sorted(root.rglob("*.trans.txt")):
        for line in read_text(trans).splitlines():
            if line.strip():
                utt_id, _, text = line.strip().partition(" ")
                yield trans.parent / f"{utt_id}.flac", text


def commonvoice_items(root: Path, split: str) -> Iterator[tuple[Path, str]]:
    table = root / f"{split}.tsv"
    if not table.is_file():  # checked now, not at the first row, so no progress bar starts first
        raise ManifestError(f"{root} has no {split}.tsv: point ROOT at the Common Voice 'ko' folder.")
    return _commonvoice_rows(root, table)


def _commonvoice_rows(root: Path, table: Path) -> Iterator[tuple[Path, str]]:
    with table.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield root / "clips" / row["path"], row.get("sentence", "")


def prepare(
    fmt: str,
    root: Path,
    out: Path,
    split: str | None = None,
    speakers: frozenset[str] | None = None,
    styles: frozenset[str] | None = None,
) -> Counter:
    """Write the manifest; return what was skipped, by reason."""
    if (speakers is not None or styles is not None) and fmt != "emotiontts":
        raise ManifestError("--speakers and --style select within the emotiontts corpus only.")
    if not root.exists():
        raise ManifestError(f"{root} does not exist: point ROOT at the corpus folder (or manifest).")
    skipped: Counter = Counter()
    rows = []
    if fmt == "manifest":
        m = read_manifest(root)
        skipped.update(m.skipped)
        for u in m.utterances:
            rows.append({"path": os.path.relpath(u.path, out.parent), "duration": f"{u.duration:.3f}",
                         "phones": " ".join(u.phones), "text": u.text})  # fmt: skip
        write_manifest(out, rows)
        return skipped
    columns = MANIFEST_COLUMNS
    if fmt == "emotiontts":
        items = emotiontts_items(root, split or "all", speakers, styles)
        columns += SPEAKER_COLUMNS
    else:
        items = ((a, t, {}) for a, t in {"kspon": lambda: kspon_items(root), "zeroth": lambda: zeroth_items(root),
                 "commonvoice": lambda: commonvoice_items(root, split or "validated")}[fmt]())  # fmt: skip
    for audio, text, extra in tqdm(items, desc=f"preparing {fmt}", unit="utt", dynamic_ncols=True):
        if not audio.is_file():
            skipped["missing audio files"] += 1
            continue
        if not text:
            skipped["empty transcripts"] += 1
            continue
        try:
            phones = g2p(text).symbols
        except G2PError:
            skipped["transcripts the G2P cannot read (Latin letters, symbols)"] += 1
            continue
        try:
            duration = duration_of(audio)
        except (RuntimeError, OSError, sf.LibsndfileError):
            skipped["unreadable audio files"] += 1
            continue
        if duration <= 0.05:
            skipped["empty audio files"] += 1
            continue
        rows.append({"path": os.path.relpath(audio.resolve(), out.parent.resolve()), "duration": f"{duration:.3f}",
                     "phones": " ".join(phones), "text": text, **extra})  # fmt: skip
    if not rows and not skipped and (speakers is not None or styles is not None):
        raise ManifestError(
            f"No recordings of split {split or 'all'!r} match --speakers/--style; a test speaker is only in 'test'."
        )
    write_manifest(out, rows, columns)
    return skipped


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.prepare", description=__doc__.splitlines()[0])
    p.add_argument("format", choices=FORMATS)
    p.add_argument("root", help="corpus folder (or manifest file for 'manifest')")
    p.add_argument("--out", required=True, help="manifest to write (TSV)")
    p.add_argument("--split", default=None,
                   help="Common Voice: the table to read (default validated); emotiontts: "
                        "train|fit|calibration|test|all (default all)")  # fmt: skip
    p.add_argument(
        "--speakers", default=None, help="emotiontts: only these speakers of the split, e.g. pmb,pml"
    )
    p.add_argument(
        "--style", default=None, help="emotiontts: only these styles, e.g. personality or neutral,happy"
    )
    args = p.parse_args(argv)
    speakers = frozenset(args.speakers.split(",")) if args.speakers else None
    styles = frozenset(args.style.split(",")) if args.style else None
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    skipped = prepare(args.format, Path(args.root), out, args.split, speakers, styles)
    kept = read_manifest(out, check_files=False)
    print(f"wrote {out}: {kept.summary()}")
    for why, n in skipped.most_common():
        print(f"  skipped {n}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
