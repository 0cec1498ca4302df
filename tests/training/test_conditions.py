"""training.augment.CONDITIONS: the fixed changes of voice, room and microphone make bench measures."""

import numpy as np
import pytest

from training.augment import CONDITIONS, in_condition


def tone(seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(16000 * seconds)) / 16000
    return (0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)


@pytest.mark.parametrize("condition", list(CONDITIONS))
def test_each_condition_changes_the_sound_reproducibly(condition):
    x = tone()
    y = in_condition(x, condition, seed=3)
    assert y.dtype == np.float32 and np.isfinite(y).all()
    assert abs(float(np.abs(y).max()) - 0.7) < 1e-4
    assert 0.85 * x.size < y.size < 1.15 * x.size  # a change of voice changes the tempo too
    assert np.array_equal(y, in_condition(x, condition, seed=3))
    if y.size == x.size:
        assert not np.allclose(y, x / np.abs(x).max() * 0.7, atol=1e-3)


def test_a_lower_voice_is_slower_and_a_higher_one_faster():
    x = tone()
    assert in_condition(x, "lower voice").size > x.size > in_condition(x, "higher voice").size
