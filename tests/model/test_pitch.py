"""The pitch contour on synthetic speech with a known F0, and the syllable-by-syllable warp."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from model.audio import SAMPLE_RATE
from model.pitch import pitch_contour, syllable_spans, voiced_span, warp


def voiced(f0_of_t, seconds: float = 2.0, harmonics: int = 12) -> np.ndarray:
    """A vowel-like tone: harmonics of a gliding F0 (phase-integrated), with a falling spectrum."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    phase = 2 * np.pi * np.cumsum(f0_of_t(t)) / SAMPLE_RATE
    x = sum(np.sin(k * phase) / k for k in range(1, harmonics + 1))
    return (0.3 * x / np.abs(x).max()).astype(np.float32)


def test_the_contour_follows_a_known_f0_within_5_percent():
    def truth(t):
        return 120.0 + 100.0 * t / 2.0 + 15.0 * np.sin(2 * np.pi * 1.5 * t)  # rises 120 → 220 Hz, wavering

    x = voiced(truth)
    gap = np.zeros(int(0.3 * SAMPLE_RATE), np.float32)  # silence: unvoiced, no pitch
    c = pitch_contour(np.concatenate([x, gap]))
    v = c.voiced
    inside = c.times < 2.0
    assert v[inside].mean() > 0.95 and not v[c.times > 2.1].any()
    start, end = voiced_span(c)
    assert start < 0.1 and 1.9 < end < 2.1
    err = np.abs(c.f0[v] - truth(c.times[v])) / truth(c.times[v])
    assert err.max() < 0.05, err.max()
    st = c.semitones()
    assert abs(np.nanmedian(st)) < 1e-9 and np.nanmax(st) - np.nanmin(st) > 8  # an octave's rise, near


def test_silence_and_a_click_have_no_pitch():
    assert not pitch_contour(np.zeros(SAMPLE_RATE, np.float32)).voiced.any()
    assert voiced_span(pitch_contour(np.zeros(SAMPLE_RATE, np.float32))) is None
    assert pitch_contour(np.zeros(100, np.float32)).times.size == 0


def test_syllable_spans_and_the_warp_put_each_reference_syllable_over_the_learners():
    phones = [SimpleNamespace(syllable=s, start=a, end=b) for s, a, b in
              [(0, 0.1, 0.2), (0, 0.2, 0.3), (1, 0.3, 0.5), (2, None, None)]]  # fmt: skip
    assert syllable_spans(phones, 3) == [(0.1, 0.3), (0.3, 0.5), None]
    reference = [(0.0, 0.4), (0.4, 0.6), (0.6, 1.0)]
    learner = [(0.1, 0.3), (0.3, 0.5), None]
    mapped = warp(np.array([0.0, 0.2, 0.4, 0.5, 0.6, 0.8]), reference, learner)
    assert np.allclose(mapped, [0.1, 0.2, 0.3, 0.4, 0.5, 0.7])  # last: past the knots, shifted
    assert np.allclose(warp(np.array([0.3]), [None], [None]), [0.3])  # nothing aligned: unchanged
