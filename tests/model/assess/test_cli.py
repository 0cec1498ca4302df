import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

from model.acoustic import recognizer as _recognizer
from model.acoustic.checkpoint import save_checkpoint
from model.assess.__main__ import main

ROOT = Path(__file__).resolve().parents[3]


def _wav(path, seconds=1.0, amplitude=0.2):
    t = np.arange(int(16000 * seconds)) / 16000
    x = amplitude * np.sin(2 * np.pi * 180 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t))
    sf.write(path, x.astype(np.float32), 16000)
    return path


def _ckpt(tmp_path, b):
    ckpt = tmp_path / "tiny.pt"
    save_checkpoint(ckpt, b.state_dict, b.ds2, b.features, b.vocabulary, {})
    return ckpt


def test_json_output(tmp_path, tiny_bundle, capsys):
    ckpt = _ckpt(tmp_path, tiny_bundle)
    wav = _wav(tmp_path / "a.wav")
    silent = tmp_path / "s.wav"
    sf.write(silent, np.zeros(16000, dtype=np.float32), 16000)
    rc = main(
        ["--sentence", "국물", "--checkpoint", str(ckpt), "--device", "cpu", "--json", str(wav), str(silent)]
    )
    assert rc == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    for d in (first, second):
        assert d["sentence"] == "국물" and d["pronunciation"] == "궁물"
        assert {"score", "phones", "insertions", "reliable", "reason"} <= set(d)
        assert len(d["phones"]) == 6
        assert set(d["phones"][0]) >= {
            "expected",
            "heard",
            "verdict",
            "score",
            "syllable",
            "start",
            "end",
            "message",
        }
    assert second["reliable"] is False and "No speech" in second["reason"]


def test_text_output(tmp_path, tiny_bundle, capsys):
    ckpt = _ckpt(tmp_path, tiny_bundle)
    wav = _wav(tmp_path / "a.wav")
    assert (
        main(["--sentence", "국물", "--checkpoint", str(ckpt), "--device", "cpu", "--lang", "en", str(wav)])
        == 0
    )
    out = capsys.readouterr().out
    assert "[궁물]" in out and "score" in out


def test_errors_exit_1(tmp_path, tiny_bundle, capsys, monkeypatch):
    ckpt = _ckpt(tmp_path, tiny_bundle)
    wav = _wav(tmp_path / "a.wav")
    assert main(["--sentence", "hello", "--checkpoint", str(ckpt), str(wav)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Latin" in err and len(err.strip().splitlines()) == 1
    assert main(["--sentence", "국물", "--checkpoint", str(ckpt), str(tmp_path / "missing.wav")]) == 1
    assert "not found" in capsys.readouterr().err
    monkeypatch.setattr(_recognizer, "DEFAULT_CHECKPOINT", tmp_path / "none.pt")
    assert main(["--sentence", "국물", str(wav)]) == 1
    assert "No trained model" in capsys.readouterr().err


def test_subprocess_no_traceback():
    r = subprocess.run(
        [sys.executable, "-m", "model.assess", "--sentence", "hello", "x.wav"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.startswith("error:")
