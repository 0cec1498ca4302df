"""training.other_text: the overlap threshold it proposes and stores."""

from __future__ import annotations

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.acoustic.recognizer import DEFAULT_CHECKPOINT
from model.assess import Thresholds
from training.other_text import OtherTextFigures
from training.verdicts.calibration import update_thresholds


def test_the_threshold_lies_halfway_between_other_texts_and_native_readings():
    figs = OtherTextFigures(recordings=3, own_overlap=[0.5, 0.62, 0.8], other_overlap=[0.1, 0.41, 0.3])
    assert figs.threshold() == 0.455
    assert "overlap" in figs.report()
    assert OtherTextFigures(own_overlap=[0.4], other_overlap=[0.45]).threshold() is None  # they meet
    assert OtherTextFigures().threshold() is None


def test_update_thresholds_keeps_the_other_thresholds(tmp_path):
    b = load_checkpoint(DEFAULT_CHECKPOINT)
    ckpt = tmp_path / "m.pt"
    save_checkpoint(ckpt, b.state_dict, b.ds2, b.features, b.vocabulary, b.metadata, half=True)
    update_thresholds(ckpt, {"other_text_overlap": 0.44}, other_text_calibration="3 recordings of x.tsv")
    loaded = load_checkpoint(ckpt)
    th = loaded.metadata["thresholds"]
    assert (
        th["other_text_overlap"] == 0.44 and th["min_agreement"] == b.metadata["thresholds"]["min_agreement"]
    )
    assert loaded.metadata["other_text_calibration"] == "3 recordings of x.tsv"
    assert Thresholds.from_metadata(loaded.metadata).other_text_overlap == 0.44
    assert not list(tmp_path.glob(".m.pt.*"))
