"""The emotiontts adapter: its own layout (.wav or .flac), the transcript with its BOM, the
speaker/group/style columns, and the speaker split (test speakers never in train)."""

from __future__ import annotations

import numpy as np
import soundfile as sf

from training.emotiontts import CALIBRATION_SPEAKERS, TEST_SPEAKERS, in_split
from training.manifest import read_manifest
from training.prepare import main


def _recording(root, rel_speaker, name, text, suffix=".flac", script=None):
    speaker = root / rel_speaker
    for sub in ("wav", "transcript", "script"):
        (speaker / sub).mkdir(parents=True, exist_ok=True)
    sf.write(speaker / "wav" / f"{name}{suffix}", np.full(8000, 0.1, np.float32), 16000)
    (speaker / "transcript" / f"{name}.txt").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    (speaker / "script" / f"{name}.txt").write_text(script or text, encoding="utf-8-sig")


def _corpus(root):
    _recording(root, "Main/main/lmy", "lmy00001", "감사합니다.")
    _recording(root, "Emotional/emotional-to-emotional/nea", "nea00201", "정말 화가 나요", suffix=".wav")
    _recording(root, "Personality/pfb", "pfb00001", "육백오십이번 버스", script="652번 버스")
    _recording(root, "Personality/pma", "pma00001", "안녕하세요")


def test_emotiontts_layout_and_columns(tmp_path):
    _corpus(tmp_path / "emo")
    out = tmp_path / "all.tsv"
    assert main(["emotiontts", str(tmp_path / "emo"), "--out", str(out), "--split", "all"]) == 0
    rows = {u.extra["speaker"]: u for u in read_manifest(out).utterances}
    assert set(rows) == {"lmy", "nea", "pfb", "pma"}
    assert rows["pfb"].text == "육백오십이번 버스"  # the transcript (numbers written out), BOM gone
    assert rows["lmy"].text == "감사합니다."
    assert rows["nea"].path.suffix == ".wav"  # the published .wav layout reads too
    assert (rows["nea"].extra["group"], rows["nea"].extra["style"]) == ("Emotional", "angry")
    assert (rows["lmy"].extra["group"], rows["lmy"].extra["style"]) == ("Main", "main")
    assert abs(rows["lmy"].duration - 0.5) < 1e-3


def test_emotiontts_splits_keep_test_speakers_out_of_training(tmp_path):
    _corpus(tmp_path / "emo")
    speakers = {}
    for split in ("train", "fit", "calibration", "test"):
        out = tmp_path / f"{split}.tsv"
        assert main(["emotiontts", str(tmp_path / "emo"), "--out", str(out), "--split", split]) == 0
        speakers[split] = {u.extra["speaker"] for u in read_manifest(out).utterances}
    assert speakers == {
        "train": {"lmy", "nea", "pma"},
        "fit": {"lmy", "nea"},
        "calibration": {"pma"},
        "test": {"pfb"},
    }
    assert len(TEST_SPEAKERS) == 7 and not TEST_SPEAKERS & CALIBRATION_SPEAKERS
    assert not any(in_split(s, "train") or in_split(s, "fit") for s in TEST_SPEAKERS)


def test_emotiontts_speakers_and_style_narrow_a_split_never_widen_it(tmp_path, capsys):
    _corpus(tmp_path / "emo")
    _recording(tmp_path / "emo", "Personality/pml", "pml00001", "고맙습니다")
    root, out = str(tmp_path / "emo"), tmp_path / "x.tsv"

    def speakers(*args):
        assert main(["emotiontts", root, "--out", str(out), *args]) == 0
        return {u.extra["speaker"] for u in read_manifest(out).utterances}

    assert speakers("--split", "calibration", "--speakers", "pml") == {"pml"}
    assert speakers("--split", "calibration") == {"pma", "pml"}
    assert speakers("--split", "train", "--style", "personality") == {"pma", "pml"}
    assert speakers("--split", "all", "--style", "angry,main") == {"nea", "lmy"}
    # a test speaker asked for by name in a training split is still left out, and said so
    assert (
        main(["emotiontts", root, "--out", str(tmp_path / "leak.tsv"), "--split", "fit", "--speakers", "pfb"])
        != 0
    )
    assert "only in 'test'" in capsys.readouterr().err
    assert not (tmp_path / "leak.tsv").exists()
    assert main(["zeroth", root, "--out", str(tmp_path / "z.tsv"), "--style", "main"]) != 0
    assert "emotiontts corpus only" in capsys.readouterr().err


def test_emotiontts_wrong_folder_says_what_to_point_at(tmp_path, capsys):
    assert main(["emotiontts", str(tmp_path), "--out", str(tmp_path / "x.tsv")]) != 0
    assert "Main/, Emotional/ and Personality/" in capsys.readouterr().err
