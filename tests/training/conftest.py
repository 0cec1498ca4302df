"""A tiny espeak-ng corpus shared by the training tests (made once per session, a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile as sf

from training import espeak
from training.manifest import write_manifest

TEXTS = ["아마", "나비", "바다", "고기", "소리", "하나", "도마", "모자"]


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    """A manifest of eight short espeak-ng utterances labelled with what espeak-ng spoke."""
    if not espeak.espeak_available():
        pytest.skip("espeak-ng is not installed (make install adds it)")
    root = tmp_path_factory.mktemp("tiny")
    rows = []
    for i, text in enumerate(TEXTS):
        spoken = espeak.synthesize(text, speed=170)
        path = root / f"u{i}.wav"
        sf.write(path, spoken.waveform, 16000)
        rows.append({"path": path.name, "duration": len(spoken.waveform) / 16000,
                     "phones": " ".join(spoken.phones), "text": text})  # fmt: skip
    write_manifest(root / "train.tsv", rows)
    write_manifest(root / "val.tsv", rows[:4])
    return root / "train.tsv"
