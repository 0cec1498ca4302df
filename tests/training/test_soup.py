"""training.soup: the weighted mean of models of one shape, refused across shapes."""

import pytest
import torch

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.features import FeatureConfig
from model.acoustic.vocab import default_vocabulary
from training.soup import main


def _save(path, seed, hidden=8, metadata=None):
    vocabulary = default_vocabulary()
    ds2 = DS2Config(n_mels=40, n_classes=len(vocabulary), conv_channels=4, rnn_hidden=hidden, rnn_layers=1)
    torch.manual_seed(seed)
    state = DeepSpeech2(ds2).state_dict()
    save_checkpoint(path, state, ds2, FeatureConfig(n_mels=40), vocabulary, metadata or {})
    return state


def test_the_soup_is_the_weighted_mean_and_runs(tmp_path):
    calibrated = {"thresholds": {"accept_score": 5.0}, "thresholds_calibration": "{}",
                  "thresholds_kept_from": "old.pt", "other_text_calibration": "61 recordings"}  # fmt: skip
    a = _save(tmp_path / "a.pt", 0, metadata={"steps": 10, "licence": "CC BY-NC-SA 4.0", **calibrated})
    b = _save(tmp_path / "b.pt", 1, metadata={"steps": 20})
    assert main([str(tmp_path / "ab.pt"), str(tmp_path / "a.pt"), f"{tmp_path / 'b.pt'}:3"]) == 0
    soup = load_checkpoint(tmp_path / "ab.pt")
    w = "rnns.0.weight_hh_l0"
    assert torch.allclose(soup.state_dict[w], (a[w] + 3 * b[w]) / 4, atol=1e-6)
    assert not torch.allclose(a[w], b[w])
    assert torch.equal(
        soup.state_dict["conv_norms.0.num_batches_tracked"], a["conv_norms.0.num_batches_tracked"]
    )
    assert [(s["weight"], s["steps"]) for s in soup.metadata["soup"]] == [(1.0, 10), (3.0, 20)]
    assert not set(calibrated) & set(soup.metadata)  # calibrated for model a, not for the mean
    assert soup.metadata["licence"] == "CC BY-NC-SA 4.0"
    model = DeepSpeech2(soup.ds2).eval()
    model.load_state_dict(soup.state_dict)
    log_probs, _ = model(torch.randn(1, 50, 40), torch.tensor([50]))
    assert torch.isfinite(log_probs).all()


@pytest.mark.parametrize("other", ["wider", "one"])
def test_models_of_another_shape_or_a_lone_model_are_refused(tmp_path, capsys, other):
    _save(tmp_path / "a.pt", 0)
    _save(tmp_path / "b.pt", 1, hidden=12)
    models = [str(tmp_path / "a.pt")] + ([str(tmp_path / "b.pt")] if other == "wider" else [])
    assert main([str(tmp_path / "out.pt"), *models]) != 0
    assert ("another network" if other == "wider" else "at least two") in capsys.readouterr().err
    assert not (tmp_path / "out.pt").exists()
