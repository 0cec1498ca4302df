"""Cutting a long read recording into phrases at the pauses the forced alignment finds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from model.acoustic.recognizer import Recognizer
from model.korean import g2p
from training import espeak
from training.manifest import read_manifest
from training.phrases import main, respell, split_recording

pytestmark = pytest.mark.skipif(not espeak.espeak_available(), reason="espeak-ng is not installed")
SENTENCES = ["학교에 가요", "오늘은 날씨가 좋아요", "저는 사과를 먹어요"]
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "azure-ko-KR"


def paragraph(pause: float = 0.7) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Three espeak-ng sentences with pauses between; returns the audio and where each pause is."""
    parts, gaps, t = [], [], 0.0
    for i, s in enumerate(SENTENCES):
        wav = espeak.synthesize(g2p(s).pronounced, speed=160).waveform
        parts.append(wav)
        t += wav.size / 16000
        if i + 1 < len(SENTENCES):
            parts.append(np.zeros(int(pause * 16000), np.float32))
            gaps.append((t, t + pause))
            t += pause
    return np.concatenate(parts).astype(np.float32), gaps


@pytest.fixture(scope="module")
def recognizer():
    return Recognizer.load(device="cpu")


def test_cuts_fall_in_the_pauses_and_labels_follow_the_text(recognizer):
    wav, gaps = paragraph()
    pieces = split_recording(wav, ". ".join(SENTENCES) + ".", recognizer, min_seconds=0.5)
    assert [p.phones for p in pieces] == [g2p(s).symbols for s in SENTENCES]
    for piece, (gap_start, gap_end) in zip(pieces[1:], gaps):
        assert gap_start - 0.1 <= piece.start <= gap_end + 0.1
    assert pieces[0].start == 0 and pieces[-1].end == pytest.approx(wav.size / 16000)


def test_short_phrases_are_joined(recognizer):
    wav, _ = paragraph()
    pieces = split_recording(wav, ". ".join(SENTENCES) + ".", recognizer, min_seconds=3.0)
    assert len(pieces) < len(SENTENCES)
    assert sum(len(p.phones) for p in pieces) == sum(len(g2p(s).symbols) for s in SENTENCES)


def test_respelling_before_the_g2p():
    assert respell("Microsoft의 기본", {"Microsoft": "마이크로소프트"}) == "마이크로소프트의 기본"


def test_cli_writes_pieces_and_a_manifest(tmp_path):
    wav, _ = paragraph()
    data = tmp_path / "data"
    data.mkdir()
    sf.write(data / "para.wav", wav, 16000)
    (data / "transcripts.tsv").write_text(
        "file\ttext\npara.wav\t" + ". ".join(SENTENCES) + ".\n", encoding="utf-8"
    )
    assert main(["--data", str(data), "--out", str(tmp_path / "out"), "--min-seconds", "0.5"]) == 0
    m = read_manifest(tmp_path / "out" / "train.tsv")
    assert len(m.utterances) == 3 and all(u.path.exists() for u in m.utterances)


@pytest.mark.skipif(not REAL.is_dir(), reason="the shared real recordings are not beside this checkout")
def test_real_azure_paragraphs_split_into_phrases(tmp_path):
    code = main(["--data", str(REAL), "--files", "azure-train-1.wav,azure-train-2.wav", "--out", str(tmp_path),
                 "--respell", "Microsoft=마이크로소프트"])  # fmt: skip
    assert code == 0
    m = read_manifest(tmp_path / "train.tsv")
    assert len(m.utterances) >= 10
    assert all(1.5 <= u.duration <= 12 for u in m.utterances)
