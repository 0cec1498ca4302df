"""The real-voice fixture (see fixtures/README.md)."""

from pathlib import Path

import numpy as np

from model.audio import load_audio

REAL_WAV = Path(__file__).parent / "fixtures" / "leopard-test-ko.wav"
REAL_SENTENCE = "그는 이리저리 피하면서 길 한 옆으로 걸어갔다."


def real_wav() -> np.ndarray:
    return load_audio(REAL_WAV)
