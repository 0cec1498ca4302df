"""The latency bench runs offscreen and reports seconds."""

from __future__ import annotations

from app.bench import measure_latency, utterance
from model.audio import SAMPLE_RATE


def test_utterance_is_five_seconds():
    assert utterance(5.0).size == 5 * SAMPLE_RATE


def test_measure_latency(qapp, tiny_recognizer):
    seconds = measure_latency(tiny_recognizer, seconds=5.0, repeats=1)
    assert 0 < seconds < 60
