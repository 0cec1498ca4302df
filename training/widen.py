"""`python -m training.widen CHECKPOINT OUT --rnn-hidden N`: a wider network that computes the same function.

Training a larger DeepSpeech2 from scratch takes hours on a CPU; widening a trained one
(Net2WiderNet, Chen et al. 2016) makes trying a larger network a matter of a short
fine-tune. Every GRU layer gets N hidden units per direction instead of H: the first H
are the old units, each new unit copies a randomly chosen old unit (its input and
recurrent rows, biases, and the sequence-wise BatchNorm statistics of its output in the
next layer), and every weight that *reads* a copied unit is divided among its copies.
All copies of a unit then carry the same hidden state at every step, so the wider
network's outputs equal the old ones (to float rounding; tested). ``--noise`` adds a
little to the copied rows so the copies can drift apart when training resumes (dropout
already feeds them different masks).
"""

from __future__ import annotations

import argparse
import dataclasses

import torch
from torch import Tensor

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.errors import SpeechFeedbackError, command

_GATES = 3  # a GRU's r, z and n blocks, stacked in weight_ih / weight_hh / biases


class WidenError(SpeechFeedbackError):
    pass


def unit_map(old: int, new: int, generator: torch.Generator) -> Tensor:
    """Which old unit each of the ``new`` units copies: itself for the first ``old``, then random ones."""
    if new < old:
        raise WidenError(
            f"--rnn-hidden {new} is narrower than the network's {old}: only widening keeps its function"
        )
    extra = torch.randint(0, old, (new - old,), generator=generator)
    return torch.cat([torch.arange(old), extra])


def _rows(w: Tensor, g: Tensor, old: int) -> Tensor:
    """Copy the rows of each gate block (r, z, n) of a GRU matrix or bias by the unit map."""
    blocks = w.view(_GATES, old, *w.shape[1:])
    return blocks[:, g].reshape(_GATES * len(g), *w.shape[1:])


def _split_columns(w: Tensor, g: Tensor) -> Tensor:
    """Columns reading old units, spread over their copies (each copy gets 1/count of the weight)."""
    counts = torch.bincount(g, minlength=int(g.max()) + 1).to(w.dtype)
    return w[:, g] / counts[g]


def _bidirectional(g: Tensor, old: int) -> Tensor:
    """The unit map over a bidirectional layer's output: forward units, then backward ones."""
    return torch.cat([g, g + old])


def widen_state(state: dict[str, Tensor], layers: int, old: int, new: int, bidirectional: bool,
                noise: float = 0.0, seed: int = 0) -> dict[str, Tensor]:  # fmt: skip
    """The state dict of the same DeepSpeech2 with ``new`` GRU units per direction instead of ``old``."""
    gen = torch.Generator().manual_seed(seed)
    out = {k: v.float().clone() for k, v in state.items()}
    directions = ("", "_reverse") if bidirectional else ("",)
    prev = None  # the unit map of the previous layer's output (None: the conv features, unchanged)
    for i in range(layers):
        g = unit_map(old, new, gen)
        if prev is not None:
            # this layer's input is the previous layer's widened output, through its BatchNorm
            for name in ("weight", "bias", "running_mean", "running_var"):
                key = f"rnn_norms.{i}.{name}"
                out[key] = out[key][prev]
        for d in directions:
            p = f"rnns.{i}."
            w_ih = _rows(out[f"{p}weight_ih_l0{d}"], g, old)
            if prev is not None:
                w_ih = _split_columns(w_ih, prev)
            w_hh = _split_columns(_rows(out[f"{p}weight_hh_l0{d}"], g, old), g)
            if noise > 0 and new > old:  # on the copies' input rows only: the old units stay exact
                copies = torch.cat([torch.arange(k * new + old, (k + 1) * new) for k in range(_GATES)])
                w_ih[copies] += noise * w_ih.std() * torch.randn(len(copies), w_ih.shape[1], generator=gen)
            out[f"{p}weight_ih_l0{d}"] = w_ih
            out[f"{p}weight_hh_l0{d}"] = w_hh
            for b in ("bias_ih_l0", "bias_hh_l0"):
                out[f"{p}{b}{d}"] = _rows(out[f"{p}{b}{d}"], g, old)
        prev = _bidirectional(g, old) if bidirectional else g
    out["fc.weight"] = _split_columns(out["fc.weight"], prev)
    return out


@command
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.widen", description=__doc__.splitlines()[0])
    p.add_argument("checkpoint")
    p.add_argument("out")
    p.add_argument(
        "--rnn-hidden", type=int, required=True, help="GRU units per direction in the wider network"
    )
    p.add_argument(
        "--noise", type=float, default=0.01, help="noise on the copied input rows, relative to their std"
    )
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    bundle = load_checkpoint(args.checkpoint)
    ds2 = bundle.ds2
    state = widen_state(bundle.state_dict, ds2.rnn_layers, ds2.rnn_hidden, args.rnn_hidden, ds2.bidirectional,
                        noise=args.noise, seed=args.seed)  # fmt: skip
    wider = dataclasses.replace(ds2, rnn_hidden=args.rnn_hidden)
    metadata = dict(bundle.metadata)
    metadata["widened_from"] = {"checkpoint": str(args.checkpoint), "rnn_hidden": ds2.rnn_hidden}
    save_checkpoint(args.out, state, wider, bundle.features, bundle.vocabulary, metadata)
    print(
        f"wrote {args.out}: GRU {ds2.rnn_layers} x {ds2.rnn_hidden} -> {ds2.rnn_layers} x {args.rnn_hidden}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
