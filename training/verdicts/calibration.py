"""Calibrate the assessor for a model: measure its verdicts and search the thresholds.

``python -m training.calibrate [--native FOLDER ...] [--synthetic MANIFEST ...]
[--held-out FOLDER ...] [--checkpoint P] [--max-frr 0.05] [--write CHECKPOINT]``

Calibrate on some voices, report on others: ``--native`` material (a folder, or a manifest of
real recordings such as the emotiontts calibration speakers) is searched on; ``--held-out``
material (the emotiontts test speakers) is only measured under the chosen thresholds, and
those are the figures to quote. The checkpoint's metadata names both.

Two kinds of material (:mod:`.measure`):

- **native** folders (``transcripts.tsv`` + audio, e.g. ``data/real``; a folder whose
  sub-folders hold transcripts counts as one): each recording assessed against its own
  text (every flag is a false rejection of a native speaker) and against copies with one
  syllable changed (:mod:`.substitution`: every copy holds exactly one error to catch);
- **synthetic** manifests of ``training.synth`` (columns ``path``, ``phones`` as spoken,
  ``intended`` canonical phones, ``errors``, ``sentence``): the correctly spoken rows as
  native material, and every row for precision / recall / F1 of the injected errors and
  the false-rejection rate of correct phones (:class:`DetectionMetrics`).

The search (:func:`search`) tries threshold sets of ``GRID`` × ``RELIABILITY_GRID`` on
the stored evidence (coordinate ascent) and keeps the one that catches most — the mean over materials of
the caught share of changed syllables and of detection F1 — while **no** material's false
rejection exceeds ``max_frr`` (5% of syllables, and of correct phones). Unjudged
recordings flag nothing, so reliability that withholds too much loses catches, and
reliability that judges too much breaks the ceiling. ``--write`` stores the chosen values
in a checkpoint's metadata (``metadata["thresholds"]``), which the assessor then uses.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from tqdm import tqdm

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.assess.align import mismatches
from model.assess.engine import Assessor, Thresholds, pronunciation_of
from model.assess.result import Assessment
from model.audio import AudioError, load_audio
from model.errors import command
from model.korean import G2PError

from .material import CalibrationError, native_recordings, recognised
from .measure import (  # noqa: F401  (DetectionMetrics is re-exported)
    DetectionMetrics,
    Figures,
    Material,
    detection_item,
    detection_metrics,
    figures,
    flags_on,
    judge_all,
    native_item,
)

GRID = {  # the decision rule (see model.assess.decide)
    "accept_score": (0.5, 2.0, 5.0, 10.0),
    # 0 (never report a deletion) is not offered: a learner who leaves out a sound (a 받침, a
    # syllable) must hear of it, though a search on natives reading changed sentences caught a
    # little more without deletions (docs/verdicts.md)
    "delete_score": (0.5, 2.0, 10.0),
    "strong_margin": (4.0, math.inf),
    "contrast_margin": (1.0, 3.0, 5.0, 6.0, 7.0, 9.0, 12.0, math.inf),  # sharper models need wider margins
    "normalize_contrast": (False, True),
    "require_agreement": (False, True),
    "insertion_confidence": (0.95, 2.0),  # 2: never report an insertion
    "cautious_agreement": (0.0, 0.7, 0.75, 0.8, 0.85, 0.9),  # 0: never judge cautiously
    "cautious_margin": (1.0, 2.0, 3.0, 5.0),
}
# Below 0.5 agreement no setting judged native speech better than chance (the first
# checkpoint on the real voices: agreement 0.26-0.41, precision of flags 0-17% at every
# cautious margin; README: Honest verdicts), so the search never judges below it. Nor above 0.6:
# at 0.8 every reading where more than one heard phone in five differs from the sentence goes
# unjudged; a sharper model chose 0.8 on the calibration speakers and left a quarter of the
# natives unjudged (docs/model-and-training.md), and learners, who make those errors, would be
# refused far more often: the learners the tutor is for.
RELIABILITY_GRID = {"min_agreement": (0.5, 0.6)}
# "Not sure" (model.assess.decide.unsure_phones) is chosen after the rule: the lowest margin (the
# most changed syllables a learner is told to listen to again) that marks at most UNSURE_CEILING
# of any native material's read syllables "not sure". It never changes what is marked wrong.
UNSURE_GRID = (1.0, 2.0, 3.0, 4.0, 5.0, 7.0, math.inf)
UNSURE_CEILING = 0.05
CALIBRATED = (*GRID, *RELIABILITY_GRID, "unsure_margin")  # the Thresholds fields a calibration chooses


def truth_flags(intended: Sequence[str], spoken: Sequence[str]) -> list[bool]:
    """Per intended phone: was it mispronounced (the alignment with what was spoken differs)?"""
    return mismatches(list(intended), list(spoken))


def predicted_flags(assessment: Assessment, intended: Sequence[str]) -> list[bool]:
    """Per intended phone: did the assessor flag it? (The chosen variant is mapped onto
    ``intended`` by alignment; an insertion flags the phone it follows.)"""
    flags = [p.wrong for p in assessment.phones]
    for ins in assessment.insertions:
        if flags:
            flags[max(ins.after, 0)] = True
    return flags_on(intended, [p.expected for p in assessment.phones], flags)


def read_manifest(path: str | Path) -> list[dict]:
    """Rows of a corpus manifest, each with ``path`` made absolute."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except UnicodeDecodeError:
        raise CalibrationError(f"{path} is not UTF-8 text; pass a training.synth manifest (TSV).") from None
    for r in rows:
        for col in ("path", "phones", "intended", "sentence"):
            if r.get(col) is None:
                raise CalibrationError(f"{path} has no '{col}' column (is it a training.synth manifest?)")
        p = Path(r["path"])
        r["path"] = str(p if p.is_absolute() else path.parent / p)
    return rows


def native_material(folder: str | Path, assessor, changes: int = 3, limit: int | None = None) -> Material:
    """A native folder (or a folder of them) recognised and turned into evidence."""
    folder = Path(folder)
    folders = [folder]  # a folder with transcripts.tsv, or a manifest file
    if folder.is_dir() and not (folder / "transcripts.tsv").is_file():
        folders = sorted(p for p in folder.iterdir() if (p / "transcripts.tsv").is_file()) or folders
    m = Material(str(folder))
    for f in folders:
        recs = native_recordings(f, assessor.recognizer, m.skipped)
        for rec in tqdm(recs, desc=f"{f.name}: recognising", unit="rec", leave=False):
            m.native.append(native_item(assessor, rec, changes))
            if limit and len(m.native) >= limit:
                return m
    return m


def synthetic_material(
    manifest: str | Path, assessor, changes: int = 3, limit: int | None = None
) -> Material:
    """A ``training.synth`` manifest (or the corpus folder: all its splits): its correct rows as
    native material, all rows for detection."""
    path = Path(manifest)
    tables = [path]
    if path.is_dir():
        tables = [t for t in (path / f"{split}.tsv" for split in ("train", "val", "test")) if t.exists()]
    rows = [r for t in tables for r in read_manifest(t)][:limit]
    m = Material(str(manifest))
    _add_rows(m, tqdm(rows, desc=f"{path.name}: recognising", unit="rec", leave=False), assessor, changes)
    return m


def _add_rows(m: Material, rows: Iterable[dict], assessor, changes: int | None) -> None:
    """Every readable row for detection; the correctly spoken ones also as native material
    (unless ``changes`` is None)."""
    for row in rows:
        try:
            pronunciation_of(row["sentence"])
            wav = load_audio(row["path"])
        except (G2PError, AudioError) as e:
            m.skipped.append(f"{row['path']}: {e}")
            continue
        rec = recognised(assessor.recognizer, Path(row["path"]).name, row["sentence"], wav)
        intended = row["intended"].split()
        truth = truth_flags(intended, row["phones"].split())
        m.detection.append(detection_item(assessor, rec, intended, truth))
        if changes is not None and not any(truth) and not json.loads(row.get("errors") or "[]"):
            m.native.append(native_item(assessor, rec, changes))


Z_95 = 1.645  # one-sided 95%: the false rejection a material can vouch for (see frr_bound)


def frr_bound(flagged: int, total: int, z: float = Z_95) -> float:
    """The upper end of the Wilson interval of ``flagged / total`` (``z`` = 0: the rate itself).

    Why: four native sentences are ~200 syllables, and a threshold set that flags 4.6% of
    them may well flag 8% of the next speaker's; the search asks that the ceiling hold with
    95% confidence, which on a small material means a margin below it."""
    if total == 0:
        return 0.0
    p = flagged / total
    if z == 0:
        return p
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return (centre + spread) / (1 + z * z / total)


def worst_frr(figs: Sequence[Figures], z: float = 0.0) -> float:
    """The highest false rejection over the materials (its upper bound at ``z``, see :func:`frr_bound`)."""
    rates = [frr_bound(f.native.flagged, f.native.syllables, z) for f in figs if f.native]
    rates += [frr_bound(f.detection.fp, f.detection.fp + f.detection.tn, z) for f in figs if f.detection]
    return max(rates, default=0.0)


def catch(figs: Sequence[Figures]) -> tuple[float, float]:
    """What the search maximises: per material, the detection F1 of injected errors where it
    has them (it weighs precision and every kind of error, deletions and insertions too), else
    the share of changed syllables caught; the worst of these first, so that no material is
    sacrificed to the others, then their mean."""
    goals = [
        f.detection.f1 if f.detection else f.native.caught_share for f in figs if f.detection or f.native
    ]
    return (min(goals), sum(goals) / len(goals)) if goals else (0.0, 0.0)


def _nearest(value, choices: Sequence):
    """``value`` if the grid has it, else the grid's nearest number (its first choice for a flag)."""
    if value in choices:
        return value
    if isinstance(value, bool) or not all(isinstance(c, int | float) for c in choices):
        return choices[0]
    return min(choices, key=lambda c: abs(c - value))


def search(materials: Sequence[Material], base, vocabulary, *, max_frr: float = 0.05, grid=GRID,
           reliability_grid=RELIABILITY_GRID, passes: int = 3, restarts: int = 12, z: float = Z_95):  # fmt: skip
    """The best threshold set: most caught with no material's false rejection above ``max_frr``
    at 95% confidence (``z``; 0: the measured rate itself, see :func:`frr_bound`), or the
    lowest worst false rejection while none stays under it. Returns (Thresholds, figures).

    Coordinate ascent over ``grid`` and ``reliability_grid``: one field at a time takes the
    value that ranks best with the others held, until a pass changes nothing. It starts from
    ``base``, from ``base`` with the strictest reliability values and from ``restarts``
    random points of the grids (seeded), and keeps the best end: a few hundred sets instead
    of the product's thousands, which took half an hour on a busy 2-core machine (on the
    bundled model's material both ended at the same set).
    """
    decision_keys, keys = list(grid), [*grid, *reliability_grid]
    values = {**grid, **reliability_grid}
    judged_cache: dict[tuple, list] = {}
    progress = tqdm(desc="thresholds", unit="set", leave=False)

    def rank(th):
        key = tuple(getattr(th, k) for k in decision_keys)
        if key not in judged_cache:
            judged_cache[key] = judge_all(materials, th, vocabulary)
        figs = figures(materials, th, vocabulary, judged_cache[key])
        progress.update()
        frr = worst_frr(figs, z)
        return (frr <= max_frr, catch(figs) if frr <= max_frr else (-frr, 0.0)), figs

    rng = random.Random(0)
    on_grid = {k: _nearest(getattr(base, k), v) for k, v in values.items()}  # so every end is on the grid
    base = replace(base, **on_grid)
    starts = [base, replace(base, **{k: max(v) for k, v in reliability_grid.items()})]
    starts += [replace(base, **{k: rng.choice(v) for k, v in values.items()}) for _ in range(restarts)]
    ends = []
    for start in starts:
        th = start
        best = rank(th)
        for _ in range(passes):
            changed = False
            for k in keys:
                for v in values[k]:
                    if v == getattr(th, k):
                        continue
                    cand = replace(th, **{k: v})
                    r = rank(cand)
                    if r[0] > best[0]:
                        th, best, changed = cand, r, True
            if not changed:
                break
        ends.append((best[0], th, best[1]))
    progress.close()
    _, th, figs = max(ends, key=lambda e: e[0])
    return th, figs


def choose_unsure(materials: Sequence[Material], th, vocabulary, *, ceiling: float = UNSURE_CEILING,
                  grid=UNSURE_GRID):  # fmt: skip
    """``th`` with the lowest ``unsure_margin`` in ``grid`` that keeps every native material's share of
    read syllables marked "not sure" at most ``ceiling`` (inf when none does); with its figures."""
    for margin in sorted(grid):
        cand = replace(th, unsure_margin=margin)
        figs = figures(materials, cand, vocabulary)
        if all(f.native is None or f.native.unsure_share <= ceiling for f in figs) or margin == math.inf:
            return cand, figs
    raise AssertionError("UNSURE_GRID ends with inf")


def calibrate(
    manifest_rows: Iterable[dict], recognizer, thresholds=None, *, max_frr: float = 0.05, grid=GRID
):
    """Detection on the rows of a synthetic manifest, at ``thresholds`` and over ``grid``.

    Returns ``{"current": (Thresholds, DetectionMetrics), "best": (Thresholds, DetectionMetrics),
    "sweep": [(Thresholds, DetectionMetrics), ...]}``; "best" is the highest F1 with a
    false-rejection rate at most ``max_frr`` (the highest F1 if none qualifies).
    """
    assessor = Assessor(recognizer, thresholds)
    thresholds = assessor.thresholds
    m = Material("manifest")
    _add_rows(m, manifest_rows, assessor, None)

    def metrics(th):
        return figures([m], th, assessor.vocabulary)[0].detection or detection_metrics([])

    current = (thresholds, metrics(thresholds))
    keys = list(grid)
    sweep = []
    for values in itertools.product(*(grid[k] for k in keys)):
        th = replace(thresholds, **dict(zip(keys, values)))
        sweep.append((th, metrics(th)))
    ok = [s for s in sweep if s[1].false_rejection_rate <= max_frr] or sweep
    best = max(ok, key=lambda s: (s[1].f1, -s[1].false_rejection_rate)) if ok else current
    return {"current": current, "best": best, "sweep": sweep}


@dataclass(frozen=True)
class Calibration:
    """The outcome of :func:`calibrate_model`."""

    thresholds: Thresholds  # the chosen set
    before: list[Figures]  # the figures under the thresholds the assessor had
    after: list[Figures]  # and under the chosen ones
    max_frr: float
    skipped: tuple[str, ...] = ()
    held_out: list[Figures] = ()  # material that never entered the search, under the chosen thresholds
    note: str = ""  # why the chosen set is what it is, when that needs saying (e.g. base thresholds kept)

    def calibrated(self) -> dict:
        """The chosen values of the calibrated fields (what goes into ``metadata["thresholds"]``)."""
        return {k: getattr(self.thresholds, k) for k in CALIBRATED}

    def table(self) -> str:
        rows = [("before", self.before), ("after", self.after)]
        return format_table(rows + ([("held out", self.held_out)] if self.held_out else []))

    def to_dict(self) -> dict:
        return {"thresholds": self.calibrated(), "max_frr": self.max_frr,
                "calibrated_on": [f.name for f in self.after],
                "before": [f.to_dict() for f in self.before], "after": [f.to_dict() for f in self.after],
                "held_out": [f.to_dict() for f in self.held_out], "note": self.note}  # fmt: skip


def calibrate_model(
    recognizer,
    native: Sequence[str | Path] = (),
    synthetic: Sequence[str | Path] = (),
    *,
    max_frr: float = 0.05,
    changes: int = 3,
    limit: int | None = None,
    thresholds: Thresholds | None = None,
    grid=GRID,
    reliability_grid=RELIABILITY_GRID,
    z: float = Z_95,
    held_out: Sequence[str | Path] = (),
) -> Calibration:
    """Measure ``recognizer``'s verdicts on native folders and synthetic manifests, and choose
    the thresholds (:func:`search`). ``limit``: at most this many recordings per material;
    ``changes``: changed copies per native recording. ``held_out``: native material (other
    speakers) only measured under the chosen thresholds, never searched on: the figures to
    report. CalibrationError when there is no material."""
    assessor = Assessor(recognizer, thresholds)
    materials = [native_material(f, assessor, changes, limit) for f in native]
    materials += [synthetic_material(f, assessor, changes, limit) for f in synthetic]
    reports = [native_material(f, assessor, changes, limit) for f in held_out]
    if not any(m.native or m.detection for m in materials):
        raise CalibrationError(
            "no recording could be measured: give --native folders or --synthetic manifests"
        )
    voc = assessor.vocabulary
    chosen, _ = search(materials, assessor.thresholds, voc, max_frr=max_frr, grid=grid,
                       reliability_grid=reliability_grid, z=z)  # fmt: skip
    chosen, after = choose_unsure(materials, chosen, voc)
    before = figures(materials, assessor.thresholds, voc)
    skipped = tuple(s for m in materials + reports for s in m.skipped)
    return Calibration(
        chosen, before, after, max_frr, skipped, figures(reports, chosen, voc) if reports else []
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def format_table(rows: Sequence[tuple[str, Sequence[Figures]]]) -> str:
    """A plain-text table: one line per (label, material)."""
    head = (f"{'':7} {'material':34} {'recs':>5} {'judged':>7} {'false rej.':>10} {'caught':>7} "
            f"{'precision':>9} {'score':>6} {'unsure':>7} | {'det. F1':>7} {'det. FRR':>8}")  # fmt: skip
    lines = [head, "-" * len(head)]
    for label, figs in rows:
        for f in figs:
            name = f.name if len(f.name) <= 34 else "…" + f.name[-33:]
            n, d = f.native, f.detection
            native = (f"{n.recordings:>5} {_pct(n.judged_share):>7} {_pct(n.false_rejection):>10} "
                      f"{_pct(n.caught_share):>7} {_pct(n.precision):>9} "
                      f"{(f'{n.mean_score:.0f}' if n.judged else '-'):>6} {_pct(n.unsure_share):>7}"
                      ) if n else f"{'':>5} {'':>7} {'':>10} {'':>7} {'':>9} {'':>6} {'':>7}"  # fmt: skip
            det = f"{d.f1:>7.3f} {_pct(d.false_rejection_rate):>8}" if d else f"{'':>7} {'':>8}"
            lines.append(f"{label:7} {name:34} {native} | {det}")
    return "\n".join(lines)


def write_thresholds(checkpoint: str | Path, calibration: Calibration, **metadata_items: str) -> None:
    """Store the chosen thresholds (and the figures behind them, and ``metadata_items``) in a
    checkpoint's metadata, atomically."""
    update_thresholds(checkpoint, calibration.calibrated(), **metadata_items,
                      thresholds_calibration=json.dumps(calibration.to_dict(), ensure_ascii=False))  # fmt: skip


def update_thresholds(checkpoint: str | Path, values: dict, **metadata_items: str) -> None:
    """Replace these thresholds in a checkpoint's metadata (any other it carries is kept, e.g.
    ``other_text_overlap`` when the calibration writes its own), with ``metadata_items``; atomically."""
    bundle = load_checkpoint(checkpoint)
    metadata = dict(bundle.metadata)
    metadata["thresholds"] = {**(metadata.get("thresholds") or {}), **values}
    metadata.update(metadata_items)
    half = any(v.dtype == torch.float16 for v in bundle.state_dict.values())
    save_checkpoint(checkpoint, bundle.state_dict, bundle.ds2, bundle.features, bundle.vocabulary, metadata,
                    half=half, extra=bundle.extra)  # fmt: skip


@command
def main(argv: list[str] | None = None) -> int:
    from model.acoustic.recognizer import Recognizer

    ap = argparse.ArgumentParser(prog="python -m training.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("--native", nargs="+", default=[], metavar="FOLDER",
                    help="folders with transcripts.tsv and audio (or folders of such folders), "
                         "or manifests of real recordings")  # fmt: skip
    ap.add_argument("--held-out", nargs="+", default=[], metavar="FOLDER",
                    help="native folders or manifests of other speakers: measured under the chosen "
                         "thresholds, never calibrated on (the figures to report)")  # fmt: skip
    ap.add_argument("--synthetic", "--manifest", nargs="+", default=[], metavar="MANIFEST", dest="synthetic",
                    help="training.synth manifests (TSV) or corpus folders")  # fmt: skip
    ap.add_argument("--checkpoint", default=None, help="model to calibrate (default: the bundled one)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--limit", type=int, default=300, help="at most this many recordings per material")
    ap.add_argument("--changes", type=int, default=3, help="changed copies of each native sentence")
    ap.add_argument("--max-frr", type=float, default=0.05, help="false-rejection ceiling (default 0.05)")
    ap.add_argument("--write", metavar="CHECKPOINT", default=None,
                    help="store the chosen thresholds in this checkpoint's metadata")  # fmt: skip
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--thresholds-from", metavar="CHECKPOINT", default=None,
                    help="measure (and with --write keep) that checkpoint's thresholds instead of searching: for a "
                         "fine-tuned model whose unseen calibration speakers are too few for a search at 95%% "
                         "confidence (the 'not sure' margin is still chosen by its own rule)")  # fmt: skip
    args = ap.parse_args(argv)
    recognizer = Recognizer.load(args.checkpoint, args.device)
    kept = {}
    if args.thresholds_from:
        kept = {"thresholds": (t := Thresholds.from_metadata(load_checkpoint(args.thresholds_from).metadata)),
                "grid": {k: (getattr(t, k),) for k in GRID},
                "reliability_grid": {k: (getattr(t, k),) for k in RELIABILITY_GRID}}  # fmt: skip
    cal = calibrate_model(recognizer, args.native, args.synthetic, max_frr=args.max_frr,
                          changes=args.changes, limit=args.limit, held_out=args.held_out, **kept)  # fmt: skip
    if args.write:
        source = {"thresholds_kept_from": str(args.thresholds_from)} if kept else {}
        write_thresholds(args.write, cal, **source)  # one write of the checkpoint
    if args.json:
        print(json.dumps(cal.to_dict(), ensure_ascii=False))
        return 0
    print(cal.table())
    how = (f"kept from {args.thresholds_from} (not searched)" if kept
           else f"chosen (worst false rejection ≤ {_pct(args.max_frr)} at 95% confidence)")  # fmt: skip
    print(f"{how}: " + ", ".join(f"{k}={v}" for k, v in cal.calibrated().items()))
    for s in cal.skipped:
        print(f"skipped: {s}", file=sys.stderr)
    if args.write:
        print(f"written to {args.write} (metadata['thresholds'])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
