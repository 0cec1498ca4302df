"""Intonation to see: the pitch contour of a recording (Praat's autocorrelation pitch tracker
through praat-parselmouth) and the reference's contour laid over the learner's, syllable by
syllable.

Display only: no intonation score is given until a measurement says one would be honest.
Contours are in semitones around each speaker's median, so a teacher's low voice and a
learner's high one are compared by their melody, not their register. The reference is warped
in time piecewise-linearly, so that each of its syllables (from the forced alignment the
assessment already has) lies over the learner's same syllable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.audio import SAMPLE_RATE

TIME_STEP = 0.01  # s between pitch frames
FLOOR, CEILING = 60.0, 500.0  # Hz: adult and child voices


@dataclass(frozen=True)
class Contour:
    times: np.ndarray  # seconds, frame centres
    f0: np.ndarray  # Hz; NaN where unvoiced

    @property
    def voiced(self) -> np.ndarray:
        return ~np.isnan(self.f0)

    def semitones(self) -> np.ndarray:
        """Semitones from the speaker's median voiced pitch (NaN where unvoiced)."""
        if not self.voiced.any():
            return np.full_like(self.f0, np.nan)
        return 12.0 * np.log2(self.f0 / np.nanmedian(self.f0))


def pitch_contour(waveform: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Contour:
    """The F0 contour of a mono waveform (empty for one shorter than three pitch periods)."""
    import parselmouth

    x = np.asarray(waveform, dtype=np.float64).reshape(-1)
    if x.size < 3 * sample_rate / FLOOR:
        return Contour(np.zeros(0), np.zeros(0))
    pitch = parselmouth.Sound(x, sampling_frequency=sample_rate).to_pitch_ac(
        time_step=TIME_STEP, pitch_floor=FLOOR, pitch_ceiling=CEILING
    )
    f0 = pitch.selected_array["frequency"].astype(np.float64)
    f0[f0 <= 0] = np.nan
    return Contour(np.asarray(pitch.xs(), dtype=np.float64), f0)


Span = tuple[float, float] | None


def voiced_span(contour: Contour) -> Span:
    """From the first to the last voiced frame (None when nothing is voiced): the knots of a
    whole-utterance warp when no syllable could be aligned."""
    t = contour.times[contour.voiced]
    return (float(t[0]), float(t[-1])) if t.size else None


def syllable_spans(phones: Sequence, n_syllables: int) -> list[Span]:
    """Each syllable's (start, end) from an assessment's phones (None: not aligned)."""
    spans: list[Span] = [None] * n_syllables
    for p in phones:
        if p.start is None or p.end is None or not 0 <= p.syllable < n_syllables:
            continue
        s = spans[p.syllable]
        spans[p.syllable] = (p.start, p.end) if s is None else (min(s[0], p.start), max(s[1], p.end))
    return spans


def warp(times: np.ndarray, source: Sequence[Span], target: Sequence[Span]) -> np.ndarray:
    """Map ``times`` of the reference onto the learner's time axis: syllable edges that both have
    are the knots of a piecewise-linear map (outside them: shifted by the nearest knot)."""
    knots = [(s[0], t[0]) for s, t in zip(source, target) if s and t] + [
        (s[1], t[1]) for s, t in zip(source, target) if s and t
    ]
    if not knots:
        return np.asarray(times, dtype=np.float64)
    knots.sort()
    xs, ys = np.array([k[0] for k in knots]), np.array([k[1] for k in knots])
    keep = np.concatenate([[True], np.diff(xs) > 1e-6])  # a strictly increasing map
    xs, ys = xs[keep], np.maximum.accumulate(ys[keep])
    t = np.asarray(times, dtype=np.float64)
    out = np.interp(t, xs, ys)
    out[t < xs[0]] = t[t < xs[0]] - xs[0] + ys[0]
    out[t > xs[-1]] = t[t > xs[-1]] - xs[-1] + ys[-1]
    return out
