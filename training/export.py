"""`python -m training.export CHECKPOINT OUT`: a shipping copy of a checkpoint.

Drops the optimizer and RNG state that only resuming needs and stores the weights as
float16, which halves the file the app and the bundle carry; the recogniser loads them
back as float32. Optionally records evaluation figures in the metadata (``--metric
name=value``) so Help → About the model can tell a learner how far to trust it.
"""

from __future__ import annotations

import argparse
import json

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.errors import command


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.export", description=__doc__.splitlines()[0])
    p.add_argument("checkpoint")
    p.add_argument("out")
    p.add_argument("--float32", action="store_true", help="keep float32 weights")
    p.add_argument("--metric", action="append", default=[], help="name=value added to metadata['metrics']")
    p.add_argument("--note", default="", help="free text added to metadata['note']")
    p.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                   help="a metadata entry, e.g. real_voices='{\"per\": 0.3, \"speakers\": 7}' (About the model reads "
                        "'about', 'real_voices' and 'licence')")  # fmt: skip
    args = p.parse_args(argv)
    bundle = load_checkpoint(args.checkpoint)
    metadata = dict(bundle.metadata)
    metrics = dict(metadata.get("metrics") or {})
    for item in args.metric:
        name, _, value = item.partition("=")
        try:
            metrics[name] = float(value)
        except ValueError:
            metrics[name] = value
    metadata["metrics"] = metrics
    if args.note:
        metadata["note"] = args.note
    for item in args.set:
        key, _, value = item.partition("=")
        try:
            metadata[key] = json.loads(value)
        except json.JSONDecodeError:
            metadata[key] = value  # plain text
    save_checkpoint(args.out, bundle.state_dict, bundle.ds2, bundle.features, bundle.vocabulary, metadata,
                    half=not args.float32)  # fmt: skip
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
