"""Command line: ``python -m model.acoustic recognize|info``.

python -m model.acoustic recognize [--checkpoint P] [--device auto|cpu|cuda] [--beam N] [--json] AUDIO...
python -m model.acoustic info [--checkpoint P]
"""

from __future__ import annotations

import argparse
import json
import sys

from model.acoustic import recognizer as _recognizer
from model.acoustic.checkpoint import CheckpointError, load_checkpoint
from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognizer
from model.audio import load_audio
from model.errors import command


def _recognize(args: argparse.Namespace) -> int:
    recognizer = Recognizer.load(args.checkpoint, args.device)
    for path in args.audio:
        rec = recognizer.recognize(load_audio(path), beam_size=args.beam)
        if args.json:
            d = {"file": str(path), **rec.to_dict()}
            d["times"] = [[s, e] for s, e in zip(d["starts"], d["ends"])]
            print(json.dumps(d, ensure_ascii=False))
        else:
            spans = " ".join(
                f"{p}[{s:.2f}-{e:.2f} {c:.2f}]"
                for p, s, e, c in zip(rec.phones, rec.starts, rec.ends, rec.confidences)
            )
            print(f"{path}\t{rec.ipa}\t{spans}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from model.acoustic.deepspeech2 import count_parameters

    path = args.checkpoint or _recognizer.DEFAULT_CHECKPOINT
    if args.checkpoint is None and not path.exists():
        raise CheckpointError(
            f"No trained model is bundled yet at {path}; train one with python -m training.train "
            "or pass --checkpoint"
        )
    bundle = load_checkpoint(path)
    model = bundle.build_model("cpu")
    dtypes = sorted(
        {str(t.dtype).replace("torch.", "") for t in bundle.state_dict.values() if t.is_floating_point()}
    )
    print(f"checkpoint: {path}")
    print(f"network:    {bundle.ds2}")
    print(f"features:   {bundle.features}")
    print(f"parameters: {count_parameters(model):,} (stored as {', '.join(dtypes)})")
    print(
        f"vocabulary: {len(bundle.vocabulary)} classes, blank={bundle.vocabulary.blank}: {' '.join(bundle.vocabulary.symbols)}"
    )
    print("metadata:")
    for k, v in bundle.metadata.items():
        print(f"  {k}: {json.dumps(v, ensure_ascii=False, default=str)}")
    return 0


@command
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m model.acoustic", description="Recognise Korean phones in audio."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("recognize", help="print the phones recognised in audio files")
    rec.add_argument("--checkpoint", default=None, help=f"model checkpoint (default: {DEFAULT_CHECKPOINT})")
    rec.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    rec.add_argument("--beam", type=int, default=0, help="beam size (0: greedy decoding, the default)")
    rec.add_argument("--json", action="store_true", help="one JSON object per file")
    rec.add_argument("audio", nargs="+", help="WAV, FLAC, OGG, MP3 or 16 kHz 16-bit .pcm files")
    info = sub.add_parser("info", help="describe a checkpoint")
    info.add_argument("--checkpoint", default=None, help=f"model checkpoint (default: {DEFAULT_CHECKPOINT})")
    args = parser.parse_args(argv)
    return _recognize(args) if args.command == "recognize" else _info(args)


if __name__ == "__main__":
    sys.exit(main())
