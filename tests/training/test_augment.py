"""training.augment presets: what ``augment=full|voice|none`` asks of a training run."""

from __future__ import annotations

import numpy as np
import pytest

from model.audio import SAMPLE_RATE
from training.augment import augment_waveform, preset
from training.train import TrainConfig, TrainingError, apply_overrides


def _tone_then_silence() -> np.ndarray:
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    return np.concatenate([0.5 * np.sin(2 * np.pi * 220 * t), np.zeros(SAMPLE_RATE)]).astype(np.float32)


def test_voice_changes_the_speaker_not_the_room():
    """No noise and no reverberation tail: the silence after the tone stays silent."""
    wav = _tone_then_silence()
    for seed in range(20):
        out = augment_waveform(wav, np.random.default_rng(seed), preset("voice"))
        assert np.abs(out[-SAMPLE_RATE // 2 :]).max() < 1e-3
        assert 0.85 * wav.size <= out.size <= 1.15 * wav.size


def test_full_fills_the_silence_with_rooms_and_noise():
    wav = _tone_then_silence()
    tails = [np.abs(augment_waveform(wav, np.random.default_rng(s), preset("full"))[-SAMPLE_RATE // 2 :]).max()
             for s in range(20)]  # fmt: skip
    assert sum(t > 1e-3 for t in tails) >= 5


def test_none_is_no_augmentation():
    assert preset("none") is None


def test_the_setting_takes_names_and_the_older_booleans():
    assert TrainConfig().augment == "full"
    assert TrainConfig(augment=True).augment == "full"  # a config.json of an older run
    assert TrainConfig(augment=False).augment == "none"
    assert apply_overrides(TrainConfig(), ["augment=false"]).augment == "none"
    assert apply_overrides(TrainConfig(), ["augment=voice"]).augment == "voice"
    with pytest.raises(TrainingError, match="full, voice, none"):
        apply_overrides(TrainConfig(), ["augment=rooms"])
