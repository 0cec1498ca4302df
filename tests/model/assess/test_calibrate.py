import json

import numpy as np
import pytest
import soundfile as sf

from model.acoustic.recognizer import Recognition, Recognizer
from model.assess import bench_assess
from model.assess.engine import Assessor
from model.phones import tokenize
from training.verdicts.calibration import (
    calibrate,
    detection_metrics,
    predicted_flags,
    read_manifest,
    truth_flags,
)

from .helpers import FS, VOCAB, peaky, seconds


def test_detection_metrics():
    m = detection_metrics([([True, False, True, False], [True, False, False, True]), ([False], [False])])
    assert (m.tp, m.fp, m.fn, m.tn, m.utterances) == (1, 1, 1, 2, 2)
    assert m.precision == 0.5 and m.recall == 0.5 and m.f1 == 0.5
    assert m.false_rejection_rate == pytest.approx(1 / 3)
    assert m.to_dict()["f1"] == 0.5
    with pytest.raises(ValueError):
        detection_metrics([([True], [])])


def test_truth_and_prediction_flags():
    intended = tokenize("kuŋmul")
    assert truth_flags(intended, tokenize("kukmul")) == [False, False, True, False, False, False]
    lp = peaky("kukmul")
    a = Assessor(None).assess_log_probs(lp, FS, "국물", seconds(lp))
    assert predicted_flags(a, intended) == [False, False, True, False, False, False]


class FakeRecognizer:
    """Returns a prepared peaky matrix, chosen by the recording's length."""

    vocabulary = VOCAB

    def __init__(self, by_length):
        self.by_length = by_length

    def recognize(self, wav):
        lp = self.by_length[len(wav)]
        return Recognition((), (), (), (), lp, FS, len(wav) / 16000)


def _tiny_manifest(tmp_path):
    """Four recordings with their sentences, one said right, two with an error; {length: peaky matrix}."""
    rows = [
        ("국물", "kuŋmul", "kuŋmul", []),
        ("국물", "kukmul", "kuŋmul", [{"kind": "nasalisation"}]),
        ("크다", "kɯta", "kʰɯta", [{"kind": "phonation"}]),
        ("학교", "hakk͈jo", "hakk͈jo", []),
    ]
    by_length = {}
    lines = ["path\tduration\tphones\ttext\tsentence\tintended\terrors"]
    for k, (sentence, spoken, intended, errors) in enumerate(rows):
        n = 16000 + 160 * k
        sf.write(tmp_path / f"u{k}.wav", 0.1 * np.sin(np.arange(n) / 5.0).astype(np.float32), 16000)
        by_length[n] = peaky(spoken)
        lines.append(
            f"u{k}.wav\t1.0\t{' '.join(tokenize(spoken))}\t{sentence}\t{sentence}\t"
            f"{' '.join(tokenize(intended))}\t{json.dumps(errors)}"
        )
    (tmp_path / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "manifest.tsv", by_length


def test_calibrate_on_a_tiny_manifest(tmp_path):
    path, by_length = _tiny_manifest(tmp_path)
    manifest = read_manifest(path)
    assert manifest[0]["path"] == str(tmp_path / "u0.wav")
    out = calibrate(manifest, FakeRecognizer(by_length), grid={"accept_score": (50.0, 60.0)})
    th, m = out["current"]
    assert (m.tp, m.fp, m.fn) == (2, 0, 0) and m.f1 == 1.0 and m.false_rejection_rate == 0.0
    assert len(out["sweep"]) == 2 and out["best"][1].f1 == 1.0


def test_bench_assess(tiny_bundle):
    ms = bench_assess(Recognizer(tiny_bundle, "cpu"), seconds=1.0, repeats=1)
    assert ms > 0


def test_calibrate_cli_error(tmp_path, capsys):
    from training.verdicts.calibration import main

    assert main(["--manifest", str(tmp_path / "missing.tsv")]) == 1
    assert capsys.readouterr().err.startswith("error:")


def test_thresholds_kept_from_another_checkpoint_are_measured_and_written(tmp_path, tiny_bundle, capsys):
    from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
    from training.verdicts.calibration import main

    manifest, _ = _tiny_manifest(tmp_path)
    b = tiny_bundle
    previous, model = tmp_path / "previous.pt", tmp_path / "model.pt"
    kept = {"accept_score": 10.0, "contrast_margin": 12.0, "min_agreement": 0.6, "other_text_overlap": 0.4}
    save_checkpoint(previous, b.state_dict, b.ds2, b.features, b.vocabulary, {"thresholds": kept})
    save_checkpoint(
        model, b.state_dict, b.ds2, b.features, b.vocabulary, {"thresholds": {"other_text_overlap": 0.5}}
    )
    args = ["--checkpoint", str(model), "--synthetic", str(manifest), "--max-frr", "0.025"]
    assert main([*args, "--thresholds-from", str(previous), "--write", str(model)]) == 0
    assert f"kept from {previous} (not searched)" in capsys.readouterr().out
    metadata = load_checkpoint(model).metadata
    assert {k: metadata["thresholds"][k] for k in ("accept_score", "contrast_margin", "min_agreement")} == {
        "accept_score": 10.0, "contrast_margin": 12.0, "min_agreement": 0.6}  # fmt: skip
    assert metadata["thresholds"]["other_text_overlap"] == 0.5  # its own, measured by training.other_text
    assert metadata["thresholds_kept_from"] == str(previous)
    # without the option it searches, and says by what rule it chose
    assert main([*args]) == 0
    assert "at 95% confidence" in capsys.readouterr().out
