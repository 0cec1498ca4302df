"""training.splice: cuts only at quiet points, labels that are the pieces' own phones, no test speaker."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from model.acoustic.recognizer import Recognizer
from training import espeak
from training.manifest import read_manifest, write_manifest
from training.splice import join, main, pieces_of, quiet_cuts

RATE = 16000
COLUMNS = ("path", "duration", "phones", "text", "speaker")


def _tone(seconds: float) -> np.ndarray:
    return 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(seconds * RATE)) / RATE).astype(np.float32)


def test_a_cut_lies_in_the_pause_and_nowhere_else():
    wav = np.concatenate([_tone(0.3), np.zeros(int(0.2 * RATE), np.float32), _tone(0.3)])
    spikes = [(3, 3), (8, 8), (20, 20), (24, 24)]  # 30 ms frames: two phones in each tone
    cuts = quiet_cuts(wav, spikes, 480, quiet_db=30.0)
    assert len(cuts) == 1
    phone, sample = cuts[0]
    assert phone == 2 and 0.3 * RATE < sample < 0.5 * RATE
    assert quiet_cuts(_tone(0.8), spikes, 480, quiet_db=30.0) == []  # a vowel is never cut


def test_joined_pieces_fade_in_and_out():
    out = join([_tone(0.1) + 0.5, _tone(0.1) + 0.5])
    assert out.size == 2 * int(0.1 * RATE)
    assert out[0] == 0.0 and out[-1] == 0.0 and abs(out[1600]) < 1e-6  # no step at the joint
    assert out[800] == pytest.approx(_tone(0.1)[800] + 0.5)


def _two_word_recordings(root: Path, speaker: str) -> Path:
    """Recordings of two espeak-ng words with a pause between them, labelled with what was spoken."""
    rows = []
    for i, (a, b) in enumerate([("아마", "나비"), ("바다", "고기")]):
        one, two = espeak.synthesize(a, speed=170), espeak.synthesize(b, speed=170)
        wav = np.concatenate([one.waveform, np.zeros(int(0.25 * RATE), np.float32), two.waveform])
        sf.write(root / f"r{i}.wav", wav, RATE)
        rows.append({"path": f"r{i}.wav", "duration": wav.size / RATE,
                     "phones": " ".join(one.phones + two.phones), "text": f"{a} {b}", "speaker": speaker})  # fmt: skip
    write_manifest(root / "real.tsv", rows, COLUMNS)
    return root / "real.tsv"


@pytest.fixture
def recordings(tmp_path) -> Path:
    if not espeak.espeak_available():
        pytest.skip("espeak-ng is not installed (make install adds it)")
    return _two_word_recordings(tmp_path, "fxa")


def test_a_recording_is_cut_between_its_words(recordings):
    utt = read_manifest(recordings).utterances[0]
    wav, _ = sf.read(utt.path, dtype="float32")
    pieces = pieces_of(0, utt, wav, Recognizer.load(None, device="cpu"), quiet_db=30.0, min_phones=3)
    first, second = espeak.synthesize("아마", speed=170), espeak.synthesize("나비", speed=170)
    assert [p.phones for p in pieces] == [tuple(first.phones), tuple(second.phones)]
    assert pieces[0].end == pieces[1].start
    loud = np.flatnonzero(np.abs(wav) > 1e-3)
    second_starts = wav.size - len(second.waveform)
    last_of_first = loud[loud < second_starts].max()
    first_of_second = loud[loud >= second_starts].min()
    assert last_of_first < pieces[0].end < first_of_second  # in the silence between the words


def test_spliced_utterances_are_made_of_the_recordings_pieces(recordings, tmp_path):
    out = tmp_path / "spliced"
    args = ["--checkpoint", "assets/checkpoints/ds2-ko-ipa.pt", "--data", str(recordings), "--out", str(out),
            "--count", "6", "--min-phones", "3"]  # fmt: skip
    assert main(args) == 0
    rows = read_manifest(out / "manifest.tsv").utterances
    assert len(rows) == 6
    known = {tuple(espeak.synthesize(w, speed=170).phones) for w in ("아마", "나비", "바다", "고기")}
    for row in rows:
        counts = [int(n) for n in row.extra["piece_phones"].split("+")]
        bounds = np.cumsum([0, *counts])
        pieces = {row.phones[a:b] for a, b in zip(bounds, bounds[1:])}
        assert pieces <= known and len(counts) >= 2, row
        assert row.extra["speaker"] == "fxa" and row.extra["engine"] == "spliced"  # counted apart in training
        assert sf.info(str(row.path)).duration == pytest.approx(row.duration, abs=1e-3)
    assert not list(out.glob(".*.tmp"))
    assert main(args) == 0  # the same seed writes the same utterances
    assert [u.phones for u in read_manifest(out / "manifest.tsv").utterances] == [u.phones for u in rows]


def test_test_speakers_are_refused_and_nothing_is_written(tmp_path, capsys):
    if not espeak.espeak_available():
        pytest.skip("espeak-ng is not installed (make install adds it)")
    manifest = _two_word_recordings(tmp_path, "pfb")
    out = tmp_path / "spliced"
    args = ["--checkpoint", "assets/checkpoints/ds2-ko-ipa.pt", "--data", str(manifest), "--out", str(out)]
    assert main(args) == 1
    assert "test speakers (pfb)" in capsys.readouterr().err
    assert not out.exists()


def test_recordings_without_a_quiet_point_say_so(tiny_corpus, tmp_path, capsys):
    args = [
        "--checkpoint",
        "assets/checkpoints/ds2-ko-ipa.pt",
        "--data",
        str(tiny_corpus),
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(args) == 1  # two-syllable words: no piece of four phones on both sides of a cut
    assert "nothing to splice" in capsys.readouterr().err
    assert not (tmp_path / "o" / "manifest.tsv").exists()
