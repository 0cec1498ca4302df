import json

import numpy as np
import pytest
import soundfile as sf
import torch

from model.acoustic import recognizer as recognizer_module
from model.acoustic.__main__ import main
from model.acoustic.bench import bench_recognizer
from model.acoustic.checkpoint import CheckpointError, save_checkpoint
from model.acoustic.recognizer import Recognition, Recognizer


def speechlike(seconds, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * 16000)) / 16000
    return (
        0.2 * np.sin(2 * np.pi * 200 * t) * (1 + np.sin(2 * np.pi * 4 * t))
        + 0.02 * rng.standard_normal(t.size)
    ).astype(np.float32)


def test_recognize_and_batch(tiny_bundle):
    r = Recognizer(tiny_bundle, "cpu")
    assert r.device == torch.device("cpu") and not r.model.training
    waves = [speechlike(0.7, 1), speechlike(1.3, 2), speechlike(0.4, 3)]
    batch = r.recognize_batch(waves, beam_size=0)
    for w, rec in zip(waves, batch):
        alone = r.recognize(w)
        assert isinstance(rec, Recognition)
        assert rec.phones == alone.phones
        torch.testing.assert_close(rec.log_probs, alone.log_probs, atol=1e-5, rtol=0)
        assert rec.duration == pytest.approx(w.size / 16000)
        assert rec.frame_seconds == pytest.approx(0.03)
        assert len(rec.phones) == len(rec.starts) == len(rec.ends) == len(rec.confidences)
        assert all(0 <= s < e <= rec.duration + 1e-9 for s, e in zip(rec.starts, rec.ends))
        assert all(0.0 <= c <= 1.0 for c in rec.confidences)
        d = rec.to_dict()
        assert "log_probs" not in d and d["ipa"] == rec.ipa == "".join(rec.phones)
        json.dumps(d)
    beam = r.recognize(waves[0], beam_size=4)
    assert isinstance(beam, Recognition)


def test_missing_default_checkpoint(tmp_path, monkeypatch):
    monkeypatch.setattr(recognizer_module, "DEFAULT_CHECKPOINT", tmp_path / "none.pt")
    with pytest.raises(CheckpointError, match="No trained model is bundled yet"):
        Recognizer.load()


def test_load_from_file_and_cli(tmp_path, tiny_bundle, capsys):
    ckpt = tmp_path / "m.pt"
    b = tiny_bundle
    save_checkpoint(ckpt, b.state_dict, b.ds2, b.features, b.vocabulary, {"metrics": {"per": 0.5}})
    r = Recognizer.load(ckpt, device="auto")
    assert r.vocabulary == b.vocabulary
    wav = tmp_path / "a.wav"
    sf.write(wav, speechlike(0.8), 16000)
    assert main(["recognize", "--checkpoint", str(ckpt), "--device", "cpu", "--json", str(wav)]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert out["file"] == str(wav) and {"phones", "ipa", "times"} <= set(out)
    assert main(["info", "--checkpoint", str(ckpt)]) == 0
    assert "per" in capsys.readouterr().out


def test_cli_errors(tmp_path, tiny_bundle, capsys, monkeypatch):
    monkeypatch.setattr(recognizer_module, "DEFAULT_CHECKPOINT", tmp_path / "none.pt")
    assert main(["recognize", str(tmp_path / "a.wav")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: No trained model") and "Traceback" not in err and len(err.splitlines()) == 1
    assert main(["info"]) == 1
    assert capsys.readouterr().err.startswith("error: No trained model")
    ckpt = tmp_path / "m.pt"
    b = tiny_bundle
    save_checkpoint(ckpt, b.state_dict, b.ds2, b.features, b.vocabulary, {})
    assert main(["recognize", "--checkpoint", str(ckpt), str(tmp_path / "missing.wav")]) == 1
    err = capsys.readouterr().err
    assert "not found" in err and len(err.splitlines()) == 1


def test_bench_rows(tiny_bundle):
    rows = bench_recognizer(Recognizer(tiny_bundle, "cpu"), durations=(0.5, 1.0), repeats=1)
    assert [r["seconds"] for r in rows] == [0.5, 1.0]
    assert all(r["total_ms"] > 0 and r["rtf"] > 0 for r in rows)


def test_cli_subprocess_no_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    p = subprocess.run([sys.executable, "-m", "model.acoustic", "info", "--checkpoint", str(bad)],
                       cwd=root, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert p.returncode == 1 and "Traceback" not in p.stderr and p.stderr.startswith("error: ")
