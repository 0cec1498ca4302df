import pickle
import zipfile

import pytest
import torch

from model.acoustic.checkpoint import FORMAT_VERSION, CheckpointError, load_checkpoint, save_checkpoint
from model.acoustic.deepspeech2 import DeepSpeech2
from model.acoustic.vocab import Vocabulary, default_vocabulary
from model.phones import SYMBOLS


def _save(path, b, **kw):
    save_checkpoint(path, b.state_dict, b.ds2, b.features, b.vocabulary, b.metadata, **kw)


@pytest.mark.parametrize("half", [False, True])
def test_round_trip(tmp_path, tiny_bundle, half):
    path = tmp_path / "m.pt"
    extra = {"optimizer": {"step": 3, "betas": [0.9, 0.98], "m": torch.ones(2)}, "rng": torch.get_rng_state()}
    meta = {"data": ["synthetic"], "steps": 12, "metrics": {"per": 0.25}, "date": "2026-01-01", "git": "abc"}
    save_checkpoint(path, tiny_bundle.state_dict, tiny_bundle.ds2, tiny_bundle.features, tiny_bundle.vocabulary,
                    meta, half=half, extra=extra)  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt"]  # no temp file left behind
    b = load_checkpoint(path)
    assert b.ds2 == tiny_bundle.ds2 and b.features == tiny_bundle.features
    assert b.vocabulary == default_vocabulary() and b.metadata == meta
    assert b.extra["optimizer"]["step"] == 3 and torch.equal(b.extra["rng"], extra["rng"])
    want = torch.float16 if half else torch.float32
    assert all(v.dtype == want for v in b.state_dict.values() if v.is_floating_point())
    model = b.build_model("cpu")
    assert not model.training
    assert all(p.dtype == torch.float32 for p in model.parameters())
    ref = DeepSpeech2(tiny_bundle.ds2)
    ref.load_state_dict(tiny_bundle.state_dict)
    ref.eval()
    x, n = torch.randn(1, 40, 40), torch.tensor([40])
    with torch.no_grad():
        tol = 1e-2 if half else 0.0
        torch.testing.assert_close(model(x, n)[0], ref(x, n)[0], atol=tol, rtol=tol)


def test_missing(tmp_path):
    with pytest.raises(CheckpointError, match="not found"):
        load_checkpoint(tmp_path / "nope.pt")


def test_truncated(tmp_path, tiny_bundle):
    path = tmp_path / "m.pt"
    _save(path, tiny_bundle)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="truncated"):
        load_checkpoint(path)


def test_foreign_pickle(tmp_path):
    path = tmp_path / "p.pt"
    path.write_bytes(pickle.dumps({"a": object.__new__(zipfile.ZipInfo)}))
    with pytest.raises(CheckpointError):
        load_checkpoint(path)


def test_foreign_zip(tmp_path):
    path = tmp_path / "z.pt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CheckpointError):
        load_checkpoint(path)


def test_foreign_torch_file(tmp_path):
    path = tmp_path / "sd.pt"
    torch.save({"weight": torch.ones(2)}, path)
    with pytest.raises(CheckpointError, match="not a SpeechFeedback checkpoint"):
        load_checkpoint(path)


def _tamper(path, **changes):
    data = torch.load(path, weights_only=True)
    for k, v in changes.items():
        data[k] = v
    torch.save(data, path)


def test_newer_version(tmp_path, tiny_bundle):
    path = tmp_path / "m.pt"
    _save(path, tiny_bundle)
    _tamper(path, format_version=FORMAT_VERSION + 1)
    with pytest.raises(CheckpointError, match="newer"):
        load_checkpoint(path)


def test_unknown_symbol(tmp_path, tiny_bundle):
    path = tmp_path / "m.pt"
    _save(path, tiny_bundle)
    _tamper(path, vocabulary={"symbols": ["<blank>", *SYMBOLS[:-1], "ɛ"], "blank": 0})
    with pytest.raises(
        CheckpointError, match="vocabulary has 'ɛ' which this version's phone inventory lacks"
    ):
        load_checkpoint(path)


def test_unknown_config_field(tmp_path, tiny_bundle):
    path = tmp_path / "m.pt"
    _save(path, tiny_bundle)
    data = torch.load(path, weights_only=True)
    _tamper(path, ds2={**data["ds2"], "attention": True})
    with pytest.raises(CheckpointError, match="attention"):
        load_checkpoint(path)


def test_weights_do_not_fit(tmp_path, tiny_bundle):
    path = tmp_path / "m.pt"
    _save(path, tiny_bundle)
    data = torch.load(path, weights_only=True)
    _tamper(path, ds2={**data["ds2"], "rnn_hidden": 32})
    with pytest.raises(CheckpointError, match="do not match"):
        load_checkpoint(path)


def test_save_rejects_unloadable_extra(tmp_path, tiny_bundle):
    with pytest.raises(TypeError, match="extra"):
        _save(tmp_path / "m.pt", tiny_bundle, extra={"x": object()})
    assert list(tmp_path.iterdir()) == []


def test_save_rejects_vocabulary_mismatch(tmp_path, tiny_bundle):
    with pytest.raises(ValueError):
        save_checkpoint(tmp_path / "m.pt", tiny_bundle.state_dict, tiny_bundle.ds2, tiny_bundle.features,
                        Vocabulary(("<blank>", "a")), {})  # fmt: skip


def test_a_checkpoint_for_another_sample_rate_is_refused(tmp_path):
    import dataclasses

    from model.acoustic.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
    from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
    from model.acoustic.features import FeatureConfig
    from model.acoustic.vocab import default_vocabulary

    vocabulary = default_vocabulary()
    ds2 = DS2Config(n_classes=len(vocabulary), conv_channels=4, rnn_hidden=16, rnn_layers=1)
    features = dataclasses.replace(FeatureConfig(), sample_rate=8000)
    path = tmp_path / "8k.pt"
    save_checkpoint(path, DeepSpeech2(ds2).state_dict(), ds2, features, vocabulary, {})
    with pytest.raises(CheckpointError, match="8000 Hz"):
        load_checkpoint(path)
