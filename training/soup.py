"""`python -m training.soup OUT CHECKPOINT CHECKPOINT...`: average the weights of fine-tuned models (a model soup).

Two fine-tunes of one parent (say, with and without augmentation) lie in one basin; the
mean of their weights, BatchNorm statistics included, is one network of the same size
that often reads new voices better than either (Wortsman et al. 2022) — measured here
before it is used (docs/model-and-training.md). ``CHECKPOINT:W`` weights a model.
The result starts a training run (``--init``) or is exported and calibrated like any run.
"""

from __future__ import annotations

import argparse
import dataclasses

import torch

from model.acoustic.checkpoint import ModelBundle, load_checkpoint, save_checkpoint
from model.errors import SpeechFeedbackError, command


class SoupError(SpeechFeedbackError):
    pass


# The verdict thresholds and the records of how they were chosen: true of one model only.
CALIBRATION_RECORDS = (
    "thresholds",
    "thresholds_calibration",
    "thresholds_kept_from",
    "other_text_calibration",
)


def soup(bundles: list[ModelBundle], weights: list[float]) -> dict[str, torch.Tensor]:
    """The weighted mean of the models' float tensors (integer buffers, e.g. BatchNorm's counter, from the first)."""
    first = bundles[0]
    for b in bundles[1:]:
        if (
            dataclasses.replace(b.ds2, dropout=first.ds2.dropout) != first.ds2
            or b.state_dict.keys() != first.state_dict.keys()
        ):
            raise SoupError(
                f"{b.path} is another network than {first.path}: only models of one shape can be averaged."
            )
        if b.vocabulary.symbols != first.vocabulary.symbols or b.features != first.features:
            raise SoupError(f"{b.path} has other phones or features than {first.path}.")
    if len(weights) != len(bundles) or min(weights) < 0 or sum(weights) <= 0:
        raise SoupError("Weights must be one per model, none negative, not all zero.")
    total = sum(weights)
    out = {}
    for key, value in first.state_dict.items():
        if value.is_floating_point():
            out[key] = sum(b.state_dict[key].float() * (w / total) for b, w in zip(bundles, weights))
        else:
            out[key] = value.clone()
    return out


def _parse(item: str) -> tuple[str, float]:
    path, sep, weight = item.rpartition(":")
    try:
        return (path, float(weight)) if sep else (item, 1.0)
    except ValueError:
        return item, 1.0  # a colon in the path, no weight


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.soup", description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("checkpoints", nargs="+", metavar="CHECKPOINT[:WEIGHT]")
    args = p.parse_args(argv)
    if len(args.checkpoints) < 2:
        raise SoupError("A soup needs at least two checkpoints.")
    parsed = [_parse(c) for c in args.checkpoints]
    bundles = [load_checkpoint(path) for path, _ in parsed]
    state = soup(bundles, [w for _, w in parsed])
    first = bundles[0]
    metadata = dict(first.metadata)
    metadata["soup"] = [{"path": path, "weight": w, "steps": b.metadata.get("steps"), "data": b.metadata.get("data")}
                        for (path, w), b in zip(parsed, bundles)]  # fmt: skip
    for key in CALIBRATION_RECORDS:  # calibrated for one model, not for their mean
        metadata.pop(key, None)
    save_checkpoint(args.out, state, first.ds2, first.features, first.vocabulary, metadata)
    print(f"wrote {args.out}: the mean of {len(bundles)} models")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
