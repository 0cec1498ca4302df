"""A stand-in for ``python -m training.adapt`` that speaks its command-line contract (see app/adapt_runner.py),
for the app tests: JSON progress lines on stdout, a result line, the contract's exit codes, SIGINT
handling, and a real checkpoint at --out (the start checkpoint with ``metadata["adapted"]``).

    python tests/app/fake_adapt.py --recordings DIR --checkpoint P --out NEW.pt --minutes M
        --progress json [--mode ok|refuse|slow|error]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the repository root (AdaptRun runs children there)


def emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def stage(name: str, done: float) -> None:
    emit({"stage": name, "done": done, "message": f"{name}…", "message_ko": f"{name} 단계…"})


def main() -> int:
    p = argparse.ArgumentParser()
    for a in ("--recordings", "--checkpoint", "--out", "--progress"):
        p.add_argument(a, required=True)
    p.add_argument("--minutes", type=float, required=True)
    p.add_argument("--mode", default="ok")
    args = p.parse_args()
    with open(Path(args.recordings) / "transcripts.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert all((Path(args.recordings) / r["file"]).is_file() and r["text"] for r in rows)
    result = {"saved": False, "out": None, "per_before": 0.63, "per_after": None, "held_out": 3,
              "used": len(rows) - 3, "minutes": 0.2, "dropped": [], "reason": "", "reason_ko": ""}  # fmt: skip
    try:
        stage("check", 0.0)
        result["dropped"] = [{"file": rows[-1]["file"], "reason": "does not match its text"}]
        stage("measure", 0.1)
        if args.mode == "error":
            print("error: the recordings folder is damaged", file=sys.stderr)
            emit({"result": result | {"reason": "the recordings folder is damaged"}})
            return 1
        for i in range(5 if args.mode != "slow" else 10_000):
            stage("train", 0.1 + 0.7 * min(1.0, i / 5))
            time.sleep(0.05)
        if args.mode == "refuse":
            emit({"result": result | {"per_after": 0.70, "reason": "It got worse on the held-out recordings "
                  "(63% → 70%); the model was not saved.", "reason_ko": "따로 둔 녹음에서 나빠져 저장하지 않았어요."}})  # fmt: skip
            return 3
        stage("calibrate", 0.9)
        from model.acoustic.checkpoint import load_checkpoint, save_checkpoint

        b = load_checkpoint(args.checkpoint)
        meta = dict(b.metadata) | {"adapted": {
            "from": args.checkpoint, "from_date": b.metadata.get("date", ""), "recordings": len(rows) - 3,
            "minutes": 0.2, "date": "2026-12-01T09:00:00+00:00", "per_before": 0.63, "per_after": 0.38,
            "held_out": 3, "name": "Ms Kim's voice"}}  # fmt: skip
        stage("save", 0.97)
        save_checkpoint(args.out, b.state_dict, b.ds2, b.features, b.vocabulary, meta)
        emit({"result": result | {"saved": True, "out": args.out, "per_after": 0.38}})
        return 0
    except KeyboardInterrupt:
        emit({"result": result | {"reason": "Interrupted; nothing was saved.", "reason_ko": "중단했어요."}})
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
