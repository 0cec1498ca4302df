"""`python -m training.evaluate`: phone error rate of a checkpoint on a manifest or a folder of audio.

A folder needs a ``transcripts.tsv`` with columns ``file`` and ``text``; the reference phones
come from our G2P (the standard pronunciation), so the figure says how far the model is
from what a dictionary says, which is the right yardstick for a tutor. Long recordings are
recognised whole (the network is bidirectional over the file).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from tqdm import tqdm

from model.acoustic.recognizer import Recognizer
from model.audio import AudioError, load_audio
from model.errors import command
from model.korean import G2PError, g2p
from training.manifest import Manifest, ManifestError, Utterance, read_manifest
from training.metrics import ErrorCounts


def read_folder(folder: Path) -> Manifest:
    """A folder of audio with transcripts.tsv (file, text) → a manifest with G2P phones."""
    from collections import Counter

    table = folder / "transcripts.tsv"
    if not table.is_file():
        raise ManifestError(f"{folder} has no transcripts.tsv (columns: file, text).")
    try:
        with table.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except UnicodeDecodeError:
        raise ManifestError(f"{table} is not UTF-8 text; write it as UTF-8 TSV.") from None
    utts, skipped = [], Counter()
    for row in rows:
        path = folder / (row.get("file") or "")
        if not path.is_file():
            skipped["missing audio files"] += 1
            continue
        try:
            phones = g2p(row.get("text") or "").symbols
        except G2PError:
            skipped["transcripts the G2P cannot read"] += 1
            continue
        utts.append(Utterance(path.resolve(), 0.0, phones, row.get("text") or ""))
    return Manifest(utts, skipped)


def evaluate(recognizer: Recognizer, manifest: Manifest, beam: int = 0, quiet: bool = False) -> dict:
    counts = ErrorCounts()
    unreadable = 0
    per_file = []
    for utt in tqdm(manifest.utterances, desc="evaluating", disable=quiet, dynamic_ncols=True):
        try:
            wav = load_audio(utt.path)
        except AudioError:
            unreadable += 1
            continue
        hyp = recognizer.recognize(wav, beam_size=beam).phones
        one = ErrorCounts()
        one.add(utt.phones, hyp)
        counts.merge(one)
        per_file.append({"file": str(utt.path.name), "per": round(one.per, 4), "heard": "".join(hyp)})
    result = counts.to_dict()
    result.update(
        utterances=len(per_file), unreadable=unreadable, skipped=dict(manifest.skipped), files=per_file
    )
    return result


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", default=None, help="checkpoint (default: the bundled one)")
    p.add_argument("--data", required=True, help="a manifest TSV, or a folder with transcripts.tsv")
    p.add_argument("--device", default="auto")
    p.add_argument("--beam", type=int, default=0, help="beam size (0 = greedy)")
    p.add_argument("--limit", type=int, default=0, help="evaluate only the first N utterances")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    data = Path(args.data)
    manifest = read_folder(data) if data.is_dir() else read_manifest(data)
    if args.limit:
        manifest.utterances = manifest.utterances[: args.limit]
    recognizer = Recognizer.load(args.checkpoint, device=args.device)
    result = evaluate(recognizer, manifest, args.beam, quiet=args.json)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['utterances']} utterances, {result['reference_phones']} reference phones")
    print(f"PER {result['per']:.2%}  (S {result['substitutions']}, D {result['deletions']}, "
          f"I {result['insertions']})")  # fmt: skip
    if result["skipped"] or result["unreadable"]:
        print(f"skipped: {result['skipped']}, unreadable audio: {result['unreadable']}")
    print("most frequent confusions (expected → heard):")
    for c in result["top_confusions"][:12]:
        print(f"  {c['expected']} → {c['heard']}: {c['count']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
