"""A GRU layer for CPU training: the same weights and numbers as ``nn.GRU``, a step 1.4–1.7× faster.

Why: PyTorch's CPU GRU on packed sequences takes one slice of its input per time step, and the
backward pass of each slice materialises a zero gradient the size of the whole input and adds
into it: O(T²) memory traffic. Profiled on 30 utterances of 5.4 s, ``fill_`` and ``add_`` were
60% of a training step. Here the input projection is one matrix product for all steps, the
steps are taken with ``unbind`` (whose backward is a single ``stack``), and both directions run
in one loop through batched products. Padded frames are never read by valid ones: the forward
direction meets them after the sequence ends, and the backward direction runs on each sequence
reversed within its own length. Outputs at padded frames are zero, as ``pad_packed_sequence``
gives.

Inference keeps ``nn.GRU`` on packed sequences (forward only, where it is fast).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def reverse_within(x: Tensor, lengths: Tensor) -> Tensor:
    """(B, T, C) → each sequence reversed within its length; padded frames stay where they are."""
    b, t = x.shape[:2]
    steps = torch.arange(t, device=x.device)[None, :].expand(b, t)
    lens = lengths.to(x.device)[:, None]
    index = torch.where(steps < lens, lens - 1 - steps, steps)
    return x.gather(1, index[:, :, None].expand_as(x))


def gru_padded(rnn: nn.GRU, x: Tensor, lengths: Tensor) -> Tensor:
    """One (bi)directional single-layer ``nn.GRU`` over padded ``x`` (B, T, I) → (B, T, D·H)."""
    if rnn.num_layers != 1 or not rnn.batch_first or not rnn.bias:
        raise ValueError("gru_padded runs single-layer, batch-first GRUs with biases")
    suffixes = ["_l0", "_l0_reverse"] if rnn.bidirectional else ["_l0"]
    w_ih = torch.stack([getattr(rnn, "weight_ih" + s) for s in suffixes])  # (D, 3H, I)
    w_hh = torch.stack([getattr(rnn, "weight_hh" + s) for s in suffixes])  # (D, 3H, H)
    b_ih = torch.stack([getattr(rnn, "bias_ih" + s) for s in suffixes])  # (D, 3H)
    b_hh = torch.stack([getattr(rnn, "bias_hh" + s) for s in suffixes])
    d, hidden = len(suffixes), rnn.hidden_size
    b, t, _ = x.shape
    inputs = [x, reverse_within(x, lengths)][:d]
    # every step's input projection at once: (D, B, T, 3H), then one (D, B, 3H) slice per step
    gi = torch.stack([F.linear(inp, w_ih[k], b_ih[k]) for k, inp in enumerate(inputs)])
    h = x.new_zeros(d, b, hidden)
    w_hh_t = w_hh.transpose(1, 2)  # (D, H, 3H)
    outputs = []
    for gi_t in gi.unbind(2):
        gh = torch.baddbmm(b_hh[:, None, :], h, w_hh_t)  # (D, B, 3H)
        i_r, i_z, i_n = gi_t.chunk(3, dim=-1)
        h_r, h_z, h_n = gh.chunk(3, dim=-1)
        r = torch.sigmoid(i_r + h_r)
        z = torch.sigmoid(i_z + h_z)
        n = torch.tanh(i_n + r * h_n)
        h = n + z * (h - n)  # (1 - z) * n + z * h
        outputs.append(h)
    out = torch.stack(outputs, dim=2)  # (D, B, T, H)
    directions = [out[0]] + ([reverse_within(out[1], lengths)] if d == 2 else [])
    y = torch.cat(directions, dim=-1)
    mask = torch.arange(t, device=x.device)[None, :] < lengths.to(x.device)[:, None]
    return y * mask[:, :, None].to(y.dtype)
