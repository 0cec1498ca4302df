"""`python -m training.adapt`: adapt the tutor to a teacher's voice from their recordings.

``python -m training.adapt --recordings FOLDER [--checkpoint P] --out NEW.pt [--minutes M]``

FOLDER holds audio files and ``transcripts.tsv`` (``file``, ``text``); a manifest TSV (such as
``training.phrases`` writes) works too. Stages: **check** the
recordings (unreadable, silent, or not matching their text: dropped and listed), **measure**
PER on a held-out tenth (at least 3), **train** from the checkpoint for M minutes with
augmentation, measure again, and only if the held-out PER went down **calibrate** the
assessment thresholds on the teacher's speech and **save** atomically.

The app runs this as a subprocess, so the interface is fixed:

- ``--progress json``: stdout carries only JSON lines, ``{"stage": "check"|"measure"|"train"|
  "calibrate"|"save", "done": 0..1 overall, "message": English, "message_ko": Korean}``, and last
  ``{"result": {...}}`` with the fields of :class:`Result` (tqdm and messages go to stderr);
- exit codes: 0 saved; 3 not saved (the held-out PER did not go down, or fewer than 4 usable
  recordings); 1 other errors (one ``error: ...`` line on stderr); 130 interrupted (SIGINT or
  SIGTERM). A refused or interrupted run leaves no file at ``--out`` (an older one stays as it was);
- the checkpoint's ``metadata["adapted"]``: from, from_date, recordings, minutes, date, per_before,
  per_after, held_out, name; ``metadata["thresholds"]``: the recalibrated
  :class:`~model.assess.thresholds.Thresholds` fields, which the assessor reads.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from tqdm import tqdm

from model.acoustic.checkpoint import ModelBundle, load_checkpoint, save_checkpoint
from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognizer
from model.errors import SpeechFeedbackError, describe_os_error, one_line
from training import finetune as ft
from training.manifest import ManifestError
from training.recalibrate import recalibrate
from training.train import _init_record, git_revision
from training.verdicts.calibration import Calibration

MIN_RECORDINGS = 4
# Share of the whole run at the start of each stage, for the progress bar.
STAGES = {"check": 0.0, "measure": 0.08, "train": 0.12, "calibrate": 0.9, "save": 0.98}


class AdaptError(SpeechFeedbackError):
    """The command cannot run as asked; the message says why."""


class NotSaved(Exception):
    """The run finished but the model is not worth saving; the messages say why (English, Korean)."""

    def __init__(self, reason: str, reason_ko: str) -> None:
        super().__init__(reason)
        self.reason_ko = reason_ko


@dataclass
class Result:
    saved: bool = False
    out: str | None = None
    per_before: float | None = None
    per_after: float | None = None
    held_out: int = 0
    used: int = 0
    minutes: float = 0.0  # of audio trained on
    steps: int = 0  # training steps taken (also when the model was not saved)
    passes: float = 0.0  # passes over the training recordings
    dropped: list[dict] = field(default_factory=list)
    reason: str = ""
    reason_ko: str = ""


class Progress:
    """Stage messages: JSON lines on stdout (``--progress json``, for the app) or plain text on stderr."""

    def __init__(self, json_lines: bool) -> None:
        self.json_lines = json_lines
        self._last = 0.0

    def stage(
        self, stage: str, within: float, message: str, message_ko: str, *, throttle: bool = False
    ) -> None:
        if throttle and time.monotonic() - self._last < 1.0:
            return
        self._last = time.monotonic()
        names = list(STAGES)
        start = STAGES[stage]
        end = STAGES[names[names.index(stage) + 1]] if stage != names[-1] else 1.0
        done = round(start + (end - start) * min(1.0, max(0.0, within)), 4)
        if self.json_lines:
            self._emit({"stage": stage, "done": done, "message": message, "message_ko": message_ko})
        elif not throttle:
            print(message, file=sys.stderr, flush=True)

    def result(self, result: Result) -> None:
        if self.json_lines:
            self._emit({"result": dataclasses.asdict(result)})

    @staticmethod
    def _emit(obj: dict) -> None:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def adapt(args: argparse.Namespace, cfg: ft.AdaptConfig, progress: Progress, result: Result) -> None:
    """Run every stage, filling ``result``; raises NotSaved when the model is not saved."""
    folder, out = Path(args.recordings), Path(args.out)
    start_path = Path(args.checkpoint) if args.checkpoint else DEFAULT_CHECKPOINT
    progress.stage("check", 0.0, f"Checking the recordings in {folder}", f"{folder}의 녹음을 확인하는 중")
    if not folder.exists():
        raise ManifestError(f"{folder} does not exist. Pass the folder that holds the recordings.")
    start = load_checkpoint(start_path)
    vocabulary, features = start.vocabulary, start.features
    model = start.build_model()
    recordings, dropped = ft.check_recordings(model, folder, vocabulary, features, cfg)
    result.dropped = [d.to_dict() for d in dropped]
    for d in dropped:
        print(f"dropped {d.file}: {d.reason}", file=sys.stderr)
    if len(recordings) < MIN_RECORDINGS:
        if recordings:
            result.per_before = round(ft.measure(model, recordings, vocabulary, features).per, 4)
        raise NotSaved(
            f"Only {len(recordings)} usable recordings; at least {MIN_RECORDINGS} are needed "
            f"({cfg.min_held_out} are set aside to measure the result). Record more sentences.",
            f"쓸 수 있는 녹음이 {len(recordings)}개뿐이에요. 적어도 {MIN_RECORDINGS}개가 필요해요 "
            f"(결과를 재려고 {cfg.min_held_out}개를 따로 둬요). 문장을 더 녹음해 주세요.",
        )
    train_idx, held_idx = ft.split_held_out(
        len(recordings), cfg.held_out_fraction, cfg.min_held_out, cfg.seed
    )
    train_utts = [recordings[i] for i in train_idx]
    held = [recordings[i] for i in held_idx]
    result.held_out, result.used = len(held), len(train_utts)
    result.minutes = round(sum(u.duration for u in train_utts) / 60, 2)

    progress.stage("measure", 0.0, f"Measuring the model on {len(held)} held-out recordings",
                   f"따로 둔 녹음 {len(held)}개로 모델을 재는 중")  # fmt: skip
    before = ft.measure(model, held, vocabulary, features).per
    result.per_before = round(before, 4)

    progress.stage("train", 0.0, f"Training on {len(train_utts)} recordings ({result.minutes:.1f} min of audio) "
                   f"for {cfg.minutes:g} min", f"녹음 {len(train_utts)}개({result.minutes:.1f}분)로 "
                   f"{cfg.minutes:g}분 동안 학습하는 중")  # fmt: skip
    bar = tqdm(total=100, desc="adapting", unit="%", dynamic_ncols=True, disable=args.quiet, file=sys.stderr)

    def on_step(done: float, loss: float) -> None:
        bar.n = round(done * 100)
        bar.set_postfix(loss=f"{loss:.3f}", refresh=True)
        progress.stage("train", done, f"Training: {done:.0%} of the time, loss {loss:.2f}",
                       f"학습 중: {done:.0%}", throttle=True)  # fmt: skip

    run = ft.finetune(model, train_utts, vocabulary, features, cfg, on_step)
    result.steps, result.passes = run.steps, round(run.epochs, 2)
    bar.close()
    with torch.no_grad():  # the figures must be those of the saved (float16) weights
        for tensor in model.state_dict().values():
            if tensor.is_floating_point():
                tensor.copy_(tensor.half().float())
    after = ft.measure(model, held, vocabulary, features).per
    result.per_after = round(after, 4)
    print(f"{run.steps} steps ({run.epochs:.1f} passes) in {run.seconds:.0f} s; held-out PER "
          f"{before:.1%} → {after:.1%}", file=sys.stderr)  # fmt: skip
    if not after < before:
        raise NotSaved(
            f"The new model is not better on the held-out recordings (phone error rate {before:.1%} before, "
            f"{after:.1%} after), so it was not saved. Record more sentences or train longer.",
            f"새 모델이 따로 둔 녹음에서 더 나아지지 않아서 (음소 오류율 {before:.1%} → {after:.1%}) 저장하지 "
            "않았어요. 문장을 더 녹음하거나 더 오래 학습해 주세요.",
        )

    progress.stage("calibrate", 0.0, "Calibrating the assessment on the teacher's speech",
                   "선생님 음성으로 평가 기준을 맞추는 중")  # fmt: skip
    bundle = ModelBundle(start.ds2, features, vocabulary, start.metadata, model.state_dict())
    with tempfile.TemporaryDirectory(prefix="speechfeedback-others-") as tmp:
        others = other_voices(Path(tmp))
        calibration = recalibrate(Recognizer(bundle, device="cpu"), held, others, max_frr=base_ceiling(start))
    before_th, after_th = calibration.before[0].native, calibration.after[0].native
    print(f"thresholds on {len(held)} held-out recordings: false rejection {before_th.false_rejection:.1%} → "
          f"{after_th.false_rejection:.1%} of syllables, changed syllables caught {before_th.caught_share:.1%} → "
          f"{after_th.caught_share:.1%}", file=sys.stderr)  # fmt: skip
    if len(calibration.after) > 1:
        other = calibration.after[1].native
        print(f"other voices ({len(others)} synthetic recordings): false rejection {other.false_rejection:.1%}",
              file=sys.stderr)  # fmt: skip
    else:
        print(
            "espeak-ng is not installed: the thresholds were checked on the teacher's voice only",
            file=sys.stderr,
        )
    if calibration.note:
        print(calibration.note, file=sys.stderr)

    progress.stage("save", 0.0, f"Saving {out}", f"{out} 저장 중")
    name = (
        args.name
        or f"{(folder if folder.is_dir() else folder.parent).name} {dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    metadata = adapted_metadata(start, start_path, name, result, calibration, cfg, run)
    save_checkpoint(out, model.state_dict(), start.ds2, features, vocabulary, metadata, half=True)
    result.saved, result.out = True, str(out)
    progress.stage("save", 1.0, f"Saved {out}", f"{out} 저장했어요")


def base_ceiling(start: ModelBundle, default: float = 0.05) -> float:
    """The false-rejection ceiling the start model's thresholds were calibrated under: an adapted
    model answers to the same one (a looser one would loosen the thresholds for everyone)."""
    try:
        return float(json.loads(start.metadata["thresholds_calibration"])["max_frr"])
    except (KeyError, TypeError, ValueError):
        return default


OTHER_VOICES = ((1000, 1.0), (1001, 1.15))  # (seed, vocal-tract scale) of the other voices
OTHER_SENTENCES = 8  # lesson sentences each reads


def other_voices(folder: Path) -> list:
    """Everyone else, for the recalibration: synthetic voices (not the teacher's, not training's)
    reading lesson sentences; none when espeak-ng is missing."""
    from model.sentences import builtin_lessons
    from training import espeak
    from training.synth import odd_voice, speak_folder

    if not espeak.espeak_available():
        return []
    texts = [s.text for lesson in builtin_lessons() for s in lesson.sentences]
    utts = []
    for k, (seed, tract) in enumerate(OTHER_VOICES):
        chosen = texts[k * OTHER_SENTENCES :: max(1, len(texts) // (OTHER_SENTENCES * 3))][:OTHER_SENTENCES]
        voice_folder = speak_folder(
            folder / f"voice{k}", chosen, odd_voice(f"sfother{k}", seed, tract), seed=seed
        )
        recordings, _ = ft.load_recordings(voice_folder)
        utts += recordings
    return utts


def adapted_metadata(start: ModelBundle, start_path: Path, name: str, result: Result, calibration: Calibration,
                     cfg: ft.AdaptConfig, run: ft.TrainingRun) -> dict:  # fmt: skip
    """The start model's metadata, plus what it was adapted from and on, its figures and thresholds."""
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    adapted = {"from": str(start_path), "from_date": start.metadata.get("date", ""), "recordings": result.used,
               "minutes": result.minutes, "date": now, "per_before": result.per_before,
               "per_after": result.per_after, "held_out": result.held_out, "name": name}  # fmt: skip
    note = (f"Adapted to one voice from {result.used} recordings ({result.minutes:.1f} min): held-out PER "
            f"{result.per_before:.1%} → {result.per_after:.1%}.")  # fmt: skip
    return dict(start.metadata, adapted=adapted, thresholds={**(start.metadata.get("thresholds") or {}), **calibration.calibrated()},
                thresholds_calibration=json.dumps(calibration.to_dict(), ensure_ascii=False), init=_init_record(str(start_path), start),
                metrics={"held_out_per": result.per_after}, date=now, git_revision=git_revision(),
                adapt_config=dataclasses.asdict(cfg), steps=run.steps, passes=round(run.epochs, 2),
                wall_seconds=round(run.seconds, 1), note=note)  # fmt: skip


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m training.adapt", description=__doc__.splitlines()[0])
    p.add_argument(
        "--recordings", required=True, help="folder of audio files and transcripts.tsv (file, text)"
    )
    p.add_argument("--checkpoint", default="", help="model to start from (default: the bundled one)")
    p.add_argument("--out", required=True, help="the adapted checkpoint to write (.pt)")
    p.add_argument("--minutes", type=float, default=ft.AdaptConfig.minutes,
                   help=f"training time in minutes (default {ft.AdaptConfig.minutes:g}); checks and calibration add "
                   "some seconds")  # fmt: skip
    p.add_argument("--name", default="", help="the model's name in the app (default: folder and date)")
    p.add_argument(
        "--lr",
        type=float,
        default=ft.AdaptConfig.lr,
        help=f"peak learning rate (default {ft.AdaptConfig.lr:g})",
    )
    p.add_argument(
        "--max-steps", type=int, default=0, help="stop after this many steps if sooner (0: no limit)"
    )
    p.add_argument("--seed", type=int, default=ft.AdaptConfig.seed)
    p.add_argument("--progress", choices=("text", "json"), default="text",
                   help="json: one JSON object per line on stdout, for the app")  # fmt: skip
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: all cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p.parse_args(argv)


INTERRUPTED = ("Interrupted; nothing was saved.", "중단했어요. 아무것도 저장하지 않았어요.")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    # also when started with SIGINT ignored (a background job); restored on return, so that a caller
    # in the same process (the tests) does not hand the handler on to every process it forks later
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _run(args)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(args: argparse.Namespace) -> int:
    cfg = ft.AdaptConfig(minutes=args.minutes, max_steps=args.max_steps, lr=args.lr, seed=args.seed)
    progress, result, code = Progress(args.progress == "json"), Result(), 0
    try:
        if args.minutes <= 0:
            raise AdaptError("--minutes must be more than 0.")
        adapt(args, cfg, progress, result)
    except NotSaved as exc:
        result.reason, result.reason_ko, code = str(exc), exc.reason_ko, 3
        print(exc, file=sys.stderr)
    except (SpeechFeedbackError, OSError) as exc:  # reported as model.errors.command does, plus the result
        message = one_line(describe_os_error(exc) if isinstance(exc, OSError) else str(exc))
        result.reason, result.reason_ko, code = message, f"오류가 났어요: {message}", 1
        print(f"error: {message}", file=sys.stderr)
    except KeyboardInterrupt:
        (result.reason, result.reason_ko), code = INTERRUPTED, 130
        print(INTERRUPTED[0], file=sys.stderr)
    if code == 0:
        print(
            f"Saved {result.out}: held-out PER {result.per_before:.1%} → {result.per_after:.1%}",
            file=sys.stderr,
        )
    progress.result(result)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
