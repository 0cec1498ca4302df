"""Log-mel features in pure torch (no torchaudio).

Choices, fixed here so training and the app agree:
- STFT: ``torch.stft`` with a periodic Hann window of ``win_length`` samples (zero-padded
  to ``n_fft``), ``center=True`` with **zero** (constant) padding of ``n_fft // 2`` on both
  sides. Zero rather than reflect padding is what makes a padded batch give exactly the
  features of each utterance alone: the zeros after a short utterance are the same zeros
  the centring adds. Frame ``i`` is centred on sample ``i * hop_length``; an utterance of
  ``n`` samples has ``n // hop_length + 1`` frames (``frame_count``).
- Power spectrum ``|X|^2`` -> triangular mel filters on the **HTK** mel scale
  (``2595 * log10(1 + f / 700)``), unnormalized (peak 1), as torchaudio's
  ``melscale_fbanks(norm=None, mel_scale="htk")`` -> ``log(max(mel, log_floor))``.
- Per-utterance, per-mel-channel mean/variance normalization over the valid frames only;
  padded frames are set to zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import Tensor

from model.audio import SAMPLE_RATE


@dataclass(frozen=True)
class FeatureConfig:
    sample_rate: int = SAMPLE_RATE
    n_mels: int = 80
    win_ms: float = 25.0
    hop_ms: float = 10.0
    n_fft: int = 512
    f_min: float = 20.0
    f_max: float = 7600.0
    log_floor: float = 1e-6
    normalize: bool = True

    @property
    def win_length(self) -> int:
        return int(round(self.sample_rate * self.win_ms / 1000.0))

    @property
    def hop_length(self) -> int:
        return int(round(self.sample_rate * self.hop_ms / 1000.0))

    @property
    def frame_seconds(self) -> float:
        return self.hop_length / self.sample_rate


def frame_count(num_samples: int, config: FeatureConfig) -> int:
    """Exact number of feature frames ``log_mel`` gives for ``num_samples`` samples (0 for none)."""
    return 0 if num_samples <= 0 else num_samples // config.hop_length + 1


def hz_to_mel(f: Tensor | float) -> Tensor | float:
    if isinstance(f, Tensor):
        return 2595.0 * torch.log10(1.0 + f / 700.0)
    return 2595.0 * math.log10(1.0 + f / 700.0)


def mel_to_hz(m: Tensor) -> Tensor:
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filterbank(config: FeatureConfig, device: torch.device | str = "cpu") -> Tensor:
    """(n_fft // 2 + 1, n_mels) triangular HTK-mel filters, float32."""
    n_freqs = config.n_fft // 2 + 1
    freqs = torch.linspace(0.0, config.sample_rate / 2, n_freqs, dtype=torch.float64)
    m_min, m_max = hz_to_mel(config.f_min), hz_to_mel(config.f_max)
    edges = mel_to_hz(torch.linspace(m_min, m_max, config.n_mels + 2, dtype=torch.float64))
    lower, centre, upper = edges[:-2], edges[1:-1], edges[2:]
    f = freqs[:, None]
    up = (f - lower) / (centre - lower)
    down = (upper - f) / (upper - centre)
    fb = torch.clamp(torch.minimum(up, down), min=0.0)
    return fb.to(device=device, dtype=torch.float32)


@lru_cache(maxsize=16)
def _constants(config: FeatureConfig, device: torch.device) -> tuple[Tensor, Tensor]:
    window = torch.hann_window(config.win_length, periodic=True, dtype=torch.float32, device=device)
    return window, mel_filterbank(config, device)


def log_mel(waveforms: Tensor, config: FeatureConfig, lengths: Tensor | None = None) -> tuple[Tensor, Tensor]:
    """Waveforms (T,) or (B, T) -> (features (B, frames, n_mels), frame lengths (B,) int64).

    ``lengths`` gives each waveform's valid samples (default: all). Runs on the input's device.
    """
    if waveforms.dim() == 1:
        waveforms = waveforms.unsqueeze(0)
    if waveforms.dim() != 2:
        raise ValueError(f"waveforms must be (T,) or (B, T), got shape {tuple(waveforms.shape)}")
    x = waveforms.to(torch.float32)
    batch, num_samples = x.shape
    device = x.device
    if lengths is None:
        lengths = torch.full((batch,), num_samples, dtype=torch.int64, device=device)
    lengths = lengths.to(device=device, dtype=torch.int64)
    # Zero everything past each utterance's end, so what callers padded with cannot leak in.
    sample_mask = torch.arange(num_samples, device=device)[None, :] < lengths[:, None]
    x = torch.where(sample_mask, x, 0.0)  # not x * mask: NaN * 0 is NaN
    window, fb = _constants(config, torch.device(device))
    spec = torch.stft(
        x,
        n_fft=config.n_fft,
        hop_length=config.hop_length,
        win_length=config.win_length,
        window=window,
        center=True,
        pad_mode="constant",
        return_complex=True,
    )  # (B, n_freqs, frames)
    power = spec.real.square() + spec.imag.square()
    mel = torch.matmul(power.transpose(1, 2), fb)  # (B, frames, n_mels)
    feats = torch.log(torch.clamp(mel, min=config.log_floor))
    frame_lengths = torch.where(
        lengths > 0,
        torch.div(lengths, config.hop_length, rounding_mode="floor") + 1,
        torch.zeros_like(lengths),
    )
    frame_mask = (torch.arange(feats.shape[1], device=device)[None, :] < frame_lengths[:, None]).unsqueeze(-1)
    if config.normalize:
        n = frame_lengths.clamp(min=1).to(feats.dtype)[:, None, None]
        mean = (feats * frame_mask).sum(dim=1, keepdim=True) / n
        centred = (feats - mean) * frame_mask
        std = torch.sqrt(centred.square().sum(dim=1, keepdim=True) / n).clamp(min=1e-5)
        feats = centred / std
    else:
        feats = feats * frame_mask
    return feats, frame_lengths
