"""Augmentation that makes synthetic speech look less synthetic.

Waveform side (numpy, per utterance): speed perturbation (tempo and pitch together, via
soxr), random gain and spectral tilt (a crude equaliser), band-limiting (telephone-like
resampling round trip), codec-like µ-law quantisation, simulated room reverberation
(exponentially decaying noise as the impulse response), and additive noise at a random
SNR. Feature side (torch, per batch): vocal-tract-length perturbation as a warp of the mel
axis, and SpecAugment frequency and time masks.

Every random choice comes from a generator seeded by (seed, epoch, utterance index), so a
resumed run sees the same augmented data as an uninterrupted one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import soxr
import torch

from model.audio import SAMPLE_RATE

SR = SAMPLE_RATE


@dataclass(frozen=True)
class AugmentConfig:
    speed: tuple[float, float] = (0.85, 1.15)
    p_speed: float = 0.8
    gain_db: tuple[float, float] = (-12.0, 6.0)
    p_tilt: float = 0.5
    p_bandlimit: float = 0.2
    p_codec: float = 0.15
    p_reverb: float = 0.3
    p_noise: float = 0.5
    snr_db: tuple[float, float] = (8.0, 35.0)
    vtlp: tuple[float, float] = (0.9, 1.1)
    freq_masks: int = 2
    freq_mask_width: int = 12
    time_masks: int = 2
    time_mask_fraction: float = 0.05
    enabled: bool = True


AUGMENTATIONS = ("full", "voice", "none")


def preset(name: str) -> AugmentConfig | None:
    """The augmentation a run asks for by name; None for ``none``.

    ``full`` changes voice, room and microphone at once (every condition above). ``voice``
    changes only the speaker and the tempo (speed 0.9–1.1 on two utterances in three, VTLP,
    SpecAugment, gain): more voices from few speakers, without rooms and microphones that
    studio speech never has. What each buys is measured in docs/model-and-training.md.
    """
    if name == "full":
        return AugmentConfig()
    if name == "voice":
        return AugmentConfig(speed=(0.9, 1.1), p_speed=2 / 3, p_tilt=0.0, p_bandlimit=0.0, p_codec=0.0,
                             p_reverb=0.0, p_noise=0.0)  # fmt: skip
    if name == "none":
        return None
    raise ValueError(f"Unknown augmentation {name!r}: use one of {', '.join(AUGMENTATIONS)}.")


def augment_waveform(wav: np.ndarray, rng: np.random.Generator, cfg: AugmentConfig) -> np.ndarray:
    if not cfg.enabled or wav.size == 0:
        return wav
    x = wav.astype(np.float32)
    if rng.random() < cfg.p_speed:
        factor = rng.uniform(*cfg.speed)  # >1 faster and higher
        x = soxr.resample(x, SR * factor, SR).astype(np.float32)
    if rng.random() < cfg.p_tilt:
        x = _tilt(x, rng.uniform(-0.9, 0.9))
    if rng.random() < cfg.p_bandlimit:
        low = float(rng.choice([8000, 11025, 12000]))
        x = _bandlimit(x, low)
    if rng.random() < cfg.p_reverb:
        x = _reverb(x, rng)
    if rng.random() < cfg.p_codec:
        x = _mu_law(x, bits=int(rng.choice([6, 7, 8])))
    if rng.random() < cfg.p_noise:
        x = _add_noise(x, rng, rng.uniform(*cfg.snr_db))
    peak = float(np.abs(x).max()) or 1.0
    gain = 10 ** (rng.uniform(*cfg.gain_db) / 20)
    return (x / peak * min(0.99, 0.5 * gain)).astype(np.float32)


def _tilt(x: np.ndarray, alpha: float) -> np.ndarray:
    """A crude equaliser: alpha > 0 brightens (pre-emphasis), alpha < 0 darkens (smoothing)."""
    if alpha >= 0:
        y = x.copy()
        y[1:] -= alpha * x[:-1]
        return y
    smooth = np.convolve(x, np.array([0.25, 0.5, 0.25], dtype=np.float32), mode="same")
    return ((1 + alpha) * x - alpha * smooth).astype(np.float32)


def _reverb(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    rt60 = rng.uniform(0.15, 0.7)
    n = int(SR * rt60)
    t = np.arange(n) / SR
    ir = rng.standard_normal(n).astype(np.float32) * np.exp(-6.9 * t / rt60).astype(np.float32)
    ir[0] = 1.0 / rng.uniform(0.3, 1.0)  # direct path
    wet = np.convolve(x, ir)[: len(x)] if len(x) < 4000 else _fftconv(x, ir)
    return (wet / (np.abs(wet).max() or 1.0)).astype(np.float32)


def _fftconv(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    n = len(x) + len(h) - 1
    size = 1 << (n - 1).bit_length()
    return np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(h, size), size)[: len(x)]


def _mu_law(x: np.ndarray, bits: int) -> np.ndarray:
    mu = 255.0
    peak = float(np.abs(x).max()) or 1.0
    y = np.sign(x) * np.log1p(mu * np.abs(x / peak)) / np.log1p(mu)
    levels = 2 ** (bits - 1)
    y = np.round(y * levels) / levels
    return (np.sign(y) * (np.expm1(np.abs(y) * np.log1p(mu)) / mu) * peak).astype(np.float32)


def _add_noise(x: np.ndarray, rng: np.random.Generator, snr_db: float) -> np.ndarray:
    noise = rng.standard_normal(len(x)).astype(np.float32)
    if rng.random() < 0.5:  # brown-ish noise: hum and rumble, not only hiss
        noise = np.cumsum(noise)
        noise -= np.convolve(noise, np.ones(400) / 400, mode="same")
    p_sig = float(np.mean(x**2)) + 1e-12
    p_noise = float(np.mean(noise**2)) + 1e-12
    return (x + noise * np.sqrt(p_sig / (p_noise * 10 ** (snr_db / 10)))).astype(np.float32)


def _bandlimit(x: np.ndarray, rate: float) -> np.ndarray:
    """A round trip through ``rate`` Hz: what a narrower channel leaves of the spectrum."""
    return soxr.resample(soxr.resample(x, SR, rate), rate, SR).astype(np.float32)


def _phone_line(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return _mu_law(_bandlimit(x, 8000), 8)


# One fixed change of speaker, room or microphone each, to measure whether something that
# works on a recording still works when only the conditions change (make bench: verdicts).
CONDITIONS = {
    "lower voice": lambda x, rng: soxr.resample(x, SR * 0.9, SR).astype(np.float32),
    "higher voice": lambda x, rng: soxr.resample(x, SR * 1.1, SR).astype(np.float32),
    "room": _reverb,
    "noise 15 dB": lambda x, rng: _add_noise(x, rng, 15.0),
    "telephone": _phone_line,
}


def in_condition(wav: np.ndarray, condition: str, seed: int = 0) -> np.ndarray:
    """``wav`` as if recorded in ``condition`` (a key of :data:`CONDITIONS`), peak 0.7."""
    y = CONDITIONS[condition](wav.astype(np.float32), np.random.default_rng(seed))
    return (y / (float(np.abs(y).max()) or 1.0) * 0.7).astype(np.float32)


def augment_features(
    feats: torch.Tensor, lengths: torch.Tensor, generator: torch.Generator, cfg: AugmentConfig
) -> torch.Tensor:
    """VTLP and SpecAugment on a (B, T, F) batch of normalized log-mel features."""
    if not cfg.enabled:
        return feats
    b, t, f = feats.shape
    out = feats.clone()
    bins = torch.arange(f, dtype=torch.float32)
    for i in range(b):
        alpha = float(torch.empty(1).uniform_(*cfg.vtlp, generator=generator))
        src = (bins / alpha).clamp(0, f - 1)
        lo = src.floor().long()
        hi = (lo + 1).clamp(max=f - 1)
        w = (src - lo.float()).to(feats.dtype)
        out[i] = out[i][:, lo] * (1 - w) + out[i][:, hi] * w
        n = int(lengths[i])
        for _ in range(cfg.freq_masks):
            width = int(torch.randint(0, cfg.freq_mask_width + 1, (1,), generator=generator))
            start = int(torch.randint(0, max(1, f - width), (1,), generator=generator))
            out[i, :, start : start + width] = 0.0
        max_w = max(1, int(n * cfg.time_mask_fraction))
        for _ in range(cfg.time_masks):
            width = int(torch.randint(0, max_w + 1, (1,), generator=generator))
            start = int(torch.randint(0, max(1, n - width), (1,), generator=generator))
            out[i, start : start + width, :] = 0.0
    return out
