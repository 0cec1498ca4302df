import math

import numpy as np
import pytest
import torch

from model.acoustic.features import FeatureConfig, frame_count, log_mel, mel_filterbank


def numpy_filterbank(cfg: FeatureConfig) -> np.ndarray:
    """HTK-mel triangles, written out directly."""

    def mel(f):
        return 2595 * np.log10(1 + f / 700)

    def hz(m):
        return 700 * (10 ** (m / 2595) - 1)

    freqs = np.arange(cfg.n_fft // 2 + 1) * cfg.sample_rate / cfg.n_fft
    edges = hz(np.linspace(mel(cfg.f_min), mel(cfg.f_max), cfg.n_mels + 2))
    fb = np.zeros((freqs.size, cfg.n_mels))
    for m in range(cfg.n_mels):
        lo, c, hi = edges[m], edges[m + 1], edges[m + 2]
        for k, f in enumerate(freqs):
            if lo < f <= c:
                fb[k, m] = (f - lo) / (c - lo)
            elif c < f < hi:
                fb[k, m] = (hi - f) / (hi - c)
    return fb


def test_filterbank_matches_numpy():
    cfg = FeatureConfig()
    np.testing.assert_allclose(mel_filterbank(cfg).numpy(), numpy_filterbank(cfg), atol=1e-5)


def test_config_derived():
    cfg = FeatureConfig()
    assert (cfg.win_length, cfg.hop_length) == (400, 160)


@pytest.mark.parametrize("n", [1, 159, 160, 161, 400, 16000, 16001, 33333])
def test_frame_count_exact(n):
    cfg = FeatureConfig()
    feats, lengths = log_mel(torch.zeros(n), cfg)
    assert feats.shape == (1, frame_count(n, cfg), 80)
    assert int(lengths[0]) == frame_count(n, cfg)
    assert frame_count(0, cfg) == 0


def test_tone_lands_in_right_bin():
    cfg = FeatureConfig(normalize=False)
    freq = 1000.0
    t = torch.arange(16000) / 16000
    feats, _ = log_mel(torch.sin(2 * math.pi * freq * t), cfg)
    best = int(feats[0, 50].argmax())
    fb = numpy_filterbank(cfg)
    expected = int(np.argmax(fb[round(freq * cfg.n_fft / cfg.sample_rate)]))
    assert best == expected
    # the same frame computed directly in numpy: frame 50 is centred on sample 50 * 160
    x = np.sin(2 * np.pi * freq * np.arange(16000) / 16000)
    centre = 50 * cfg.hop_length
    frame = x[centre - cfg.n_fft // 2 : centre + cfg.n_fft // 2]
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(cfg.win_length) / cfg.win_length)
    window = np.zeros(cfg.n_fft)
    offset = (cfg.n_fft - cfg.win_length) // 2
    window[offset : offset + cfg.win_length] = hann
    power = np.abs(np.fft.rfft(frame * window)) ** 2
    expected = power @ fb
    # float32 STFT: compare energies to within a millionth of the peak (sidelobes are tiny)
    np.testing.assert_allclose(feats[0, 50].exp().numpy(), expected, rtol=1e-3, atol=1e-6 * expected.max())


def test_silence_is_floor():
    cfg = FeatureConfig(normalize=False)
    feats, _ = log_mel(torch.zeros(2, 1600), cfg)
    assert torch.allclose(feats, torch.full_like(feats, math.log(cfg.log_floor)))


def test_normalized_statistics_and_padding():
    cfg = FeatureConfig()
    g = torch.Generator().manual_seed(0)
    a = torch.randn(8000, generator=g) * 0.1
    b = torch.randn(12345, generator=g) * 0.3
    batch = torch.zeros(2, 12345)
    batch[0, :8000] = a
    batch[0, 8000:] = 99.0  # garbage beyond the length must not leak in, not even NaN or infinity
    batch[0, 9000:9100] = float("nan")
    batch[0, 10000:10100] = float("inf")
    batch[1] = b
    feats, lengths = log_mel(batch, cfg, torch.tensor([8000, 12345]))
    alone, alone_len = log_mel(a, cfg)
    assert int(lengths[0]) == int(alone_len[0]) == frame_count(8000, cfg)
    n = int(lengths[0])
    torch.testing.assert_close(feats[0, :n], alone[0], atol=1e-4, rtol=1e-4)
    assert torch.all(feats[0, n:] == 0)
    valid = feats[1]
    torch.testing.assert_close(valid.mean(0), torch.zeros(80), atol=1e-4, rtol=0)
    torch.testing.assert_close(valid.std(0, unbiased=False), torch.ones(80), atol=1e-3, rtol=0)


def test_deterministic():
    x = torch.randn(3, 4000)
    assert torch.equal(log_mel(x, FeatureConfig())[0], log_mel(x, FeatureConfig())[0])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_matches_cpu():
    x = torch.randn(2, 8000)
    cpu, _ = log_mel(x, FeatureConfig())
    gpu, lengths = log_mel(x.cuda(), FeatureConfig())
    assert gpu.device.type == "cuda" and lengths.device.type == "cuda"
    torch.testing.assert_close(gpu.cpu(), cpu, atol=1e-3, rtol=1e-3)
