"""fast_gru: the CPU training path gives nn.GRU's numbers (outputs and gradients), padding never
leaks into valid frames, and the whole network trains through it as through packed sequences."""

from __future__ import annotations

import copy

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.fast_gru import gru_padded, reverse_within


def test_reverse_within_keeps_padding_in_place():
    x = torch.arange(8.0).view(2, 4, 1)
    out = reverse_within(x, torch.tensor([4, 2]))
    assert out[:, :, 0].tolist() == [[3, 2, 1, 0], [5, 4, 6, 7]]


def test_gru_padded_equals_packed_nn_gru():
    torch.manual_seed(0)
    rnn = nn.GRU(12, 8, batch_first=True, bidirectional=True)
    x = torch.randn(3, 9, 12)
    lengths = torch.tensor([9, 4, 1])
    x = x * (torch.arange(9)[None, :] < lengths[:, None])[:, :, None]
    x_ref = x.clone().requires_grad_(True)
    x_new = x.clone().requires_grad_(True)
    ref, _ = rnn(pack_padded_sequence(x_ref, lengths, batch_first=True, enforce_sorted=False))
    ref, _ = pad_packed_sequence(ref, batch_first=True, total_length=9)
    new = gru_padded(rnn, x_new, lengths)
    assert torch.allclose(new, ref, atol=1e-6)
    weights = torch.randn_like(ref)
    (ref * weights).sum().backward()
    ref_grads = [p.grad.clone() for p in rnn.parameters()]
    rnn.zero_grad()
    (new * weights).sum().backward()
    for ours, theirs in zip((p.grad for p in rnn.parameters()), ref_grads):
        assert torch.allclose(ours, theirs, atol=1e-5)
    assert torch.allclose(x_new.grad, x_ref.grad, atol=1e-6)


def test_padding_does_not_reach_valid_frames():
    torch.manual_seed(1)
    rnn = nn.GRU(4, 5, batch_first=True, bidirectional=True)
    x = torch.randn(1, 6, 4)
    lengths = torch.tensor([3])
    a = gru_padded(rnn, x, lengths)
    b = gru_padded(rnn, torch.cat([x[:, :3], 100 * torch.randn(1, 3, 4)], dim=1), lengths)
    assert torch.equal(a, b)
    assert torch.count_nonzero(a[:, 3:]) == 0


def test_network_trains_the_same_through_either_path():
    torch.manual_seed(2)
    fast = DeepSpeech2(DS2Config(conv_channels=4, rnn_hidden=16, rnn_layers=2, dropout=0.0))
    packed = copy.deepcopy(fast)
    packed.padded_training = False
    feats, lengths = torch.randn(3, 40, 80), torch.tensor([40, 25, 9])
    for model in (fast, packed):
        model.train()
        log_probs, out_lengths = model(feats, lengths)
        model.out = (log_probs, out_lengths)
        (log_probs * torch.linspace(0, 1, log_probs.shape[1])[None, :, None]).sum().backward()
    assert torch.allclose(fast.out[0], packed.out[0], atol=1e-5)
    assert torch.equal(fast.out[1], packed.out[1])
    for a, b in zip(fast.parameters(), packed.parameters()):
        assert torch.allclose(a.grad, b.grad, rtol=1e-4, atol=1e-4)
    for a, b in zip(fast.buffers(), packed.buffers()):  # BatchNorm saw the same (valid) frames
        assert torch.allclose(a.float(), b.float(), atol=1e-6)
