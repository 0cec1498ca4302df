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


def test_calibrate_on_a_tiny_manifest(tmp_path):
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
    manifest = read_manifest(tmp_path / "manifest.tsv")
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
