import pytest
import torch

from model.acoustic.deepspeech2 import BN_MOMENTUM, DeepSpeech2, DS2Config, count_parameters

SMALL = DS2Config(n_mels=40, conv_channels=4, rnn_hidden=16, rnn_layers=2)


def _trained_like(model: DeepSpeech2) -> DeepSpeech2:
    """Non-trivial BatchNorm statistics so eval mode is not an identity."""
    g = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
    return model.eval()


@pytest.mark.parametrize("cfg", [SMALL, DS2Config(n_mels=40, conv_channels=4, rnn_hidden=8, conv_layers=3,
                                                  time_stride=2, rnn_layers=1, bidirectional=False)])  # fmt: skip
def test_output_lengths_match_forward(cfg):
    torch.manual_seed(0)
    model = DeepSpeech2(cfg).eval()
    lengths = torch.tensor(list(range(1, 40)) + [97, 100, 101, 150])
    with torch.no_grad():
        for n in lengths.tolist():
            out, out_len = model(torch.randn(1, n, cfg.n_mels), torch.tensor([n]))
            assert out.shape[1] == int(out_len[0]) == int(model.output_lengths(torch.tensor([n]))[0])
    # the formula, written out: each layer maps L -> floor((L + 2*pad - k) / stride) + 1
    expected = lengths.clone()
    for i in range(cfg.conv_layers):
        s = cfg.time_stride if i == 0 else 1
        expected = (expected + 10 - 11) // s + 1
    assert torch.equal(model.output_lengths(lengths), expected)


def test_padding_does_not_change_outputs():
    torch.manual_seed(0)
    model = _trained_like(DeepSpeech2(SMALL))
    lengths = [37, 80, 5, 61]
    utts = [torch.randn(n, SMALL.n_mels) for n in lengths]
    batch = torch.zeros(len(utts), max(lengths), SMALL.n_mels)
    for i, u in enumerate(utts):
        batch[i, : u.shape[0]] = u
    with torch.no_grad():
        out, out_len = model(batch, torch.tensor(lengths))
        for i, u in enumerate(utts):
            alone, alone_len = model(u[None], torch.tensor([u.shape[0]]))
            assert int(out_len[i]) == int(alone_len[0])
            torch.testing.assert_close(out[i, : int(out_len[i])], alone[0], atol=1e-5, rtol=0)
            assert torch.all(out[i, int(out_len[i]) :] == 0)


def test_log_probs_normalized_and_shapes():
    model = DeepSpeech2(SMALL).eval()
    out, _ = model(torch.randn(2, 50, SMALL.n_mels), torch.tensor([50, 30]))
    assert out.shape == (2, 17, 31)
    torch.testing.assert_close(out[0].exp().sum(-1), torch.ones(17))


def test_training_mode_backward_and_batchnorm_momentum():
    model = DeepSpeech2(SMALL).train()
    out, out_len = model(torch.randn(3, 60, SMALL.n_mels), torch.tensor([60, 45, 20]))
    out.sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    assert BN_MOMENTUM == 0.01
    assert all(
        m.momentum == 0.01
        for m in model.modules()
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d))
    )


def test_default_size():
    n = count_parameters(DeepSpeech2(DS2Config()))
    assert 3e6 <= n <= 8e6


def test_bad_input():
    model = DeepSpeech2(SMALL)
    with pytest.raises(ValueError):
        model(torch.randn(1, 10, 80), torch.tensor([10]))
    with pytest.raises(ValueError):
        model(torch.randn(1, 10, SMALL.n_mels), torch.tensor([0]))
