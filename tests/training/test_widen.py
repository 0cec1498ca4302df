"""training.widen: a wider DeepSpeech2 that computes what the narrower one did, then trains apart."""

import pytest
import torch

from model.acoustic.checkpoint import load_checkpoint, save_checkpoint
from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.features import FeatureConfig
from model.acoustic.vocab import default_vocabulary
from training.widen import WidenError, main, widen_state


def _trained_like(ds2: DS2Config) -> DeepSpeech2:
    """A random network with BatchNorm statistics that are not the defaults (as a trained one has)."""
    torch.manual_seed(0)
    model = DeepSpeech2(ds2)
    for name, buf in model.named_buffers():
        if "running_mean" in name:
            buf.normal_(0, 0.5)
        elif "running_var" in name:
            buf.uniform_(0.5, 2.0)
    for name, p in model.named_parameters():
        if "norm" in name:
            p.data.uniform_(0.5, 1.5) if name.endswith("weight") else p.data.normal_(0, 0.3)
    return model.eval()


@pytest.mark.parametrize("bidirectional", [True, False])
def test_the_wider_network_gives_the_same_outputs(bidirectional):
    ds2 = DS2Config(n_mels=40, conv_channels=4, rnn_hidden=12, rnn_layers=3, bidirectional=bidirectional)
    narrow = _trained_like(ds2)
    state = widen_state(narrow.state_dict(), 3, 12, 20, bidirectional)
    wide = DeepSpeech2(DS2Config(n_mels=40, conv_channels=4, rnn_hidden=20, rnn_layers=3,
                                 bidirectional=bidirectional)).eval()  # fmt: skip
    wide.load_state_dict(state)
    x, lengths = torch.randn(3, 90, 40), torch.tensor([90, 61, 30])
    with torch.no_grad():
        a, la = narrow(x, lengths)
        b, lb = wide(x, lengths)
    assert torch.equal(la, lb)
    assert torch.allclose(a, b, atol=1e-5)
    # and the new units are copies: without the split of their outgoing weights the outputs would differ
    doubled = dict(state, **{"fc.weight": state["fc.weight"] * 2})
    wide.load_state_dict(doubled)
    with torch.no_grad():
        assert not torch.allclose(wide(x, lengths)[0], a, atol=1e-3)


def test_noise_lets_copies_differ_but_leaves_the_old_units_exact():
    ds2 = DS2Config(n_mels=40, conv_channels=4, rnn_hidden=8, rnn_layers=1)
    state = _trained_like(ds2).state_dict()
    exact = widen_state(state, 1, 8, 12, True)
    noisy = widen_state(state, 1, 8, 12, True, noise=0.05)
    w_exact, w_noisy = exact["rnns.0.weight_ih_l0"], noisy["rnns.0.weight_ih_l0"]
    for gate in range(3):
        old = slice(gate * 12, gate * 12 + 8)
        new = slice(gate * 12 + 8, gate * 12 + 12)
        assert torch.equal(w_exact[old], w_noisy[old])
        assert not torch.equal(w_exact[new], w_noisy[new])


def test_narrowing_is_refused():
    ds2 = DS2Config(n_mels=40, conv_channels=4, rnn_hidden=8, rnn_layers=1)
    with pytest.raises(WidenError, match="narrower"):
        widen_state(DeepSpeech2(ds2).state_dict(), 1, 8, 6, True)


def test_command_writes_a_checkpoint_that_training_can_start_from(tmp_path, capsys):
    vocabulary = default_vocabulary()
    ds2 = DS2Config(n_mels=40, n_classes=len(vocabulary), conv_channels=4, rnn_hidden=8, rnn_layers=2)
    src, out = tmp_path / "narrow.pt", tmp_path / "wide.pt"
    save_checkpoint(
        src, _trained_like(ds2).state_dict(), ds2, FeatureConfig(n_mels=40), vocabulary, {"steps": 7}
    )
    assert main([str(src), str(out), "--rnn-hidden", "16"]) == 0
    wide = load_checkpoint(out)
    assert wide.ds2.rnn_hidden == 16 and wide.ds2.rnn_layers == 2
    assert wide.metadata["widened_from"]["rnn_hidden"] == 8 and wide.metadata["steps"] == 7
    DeepSpeech2(wide.ds2).load_state_dict({k: v.float() for k, v in wide.state_dict.items()})
    assert main([str(src), str(tmp_path / "no.pt"), "--rnn-hidden", "4"]) != 0
    assert "narrower" in capsys.readouterr().err
    assert not (tmp_path / "no.pt").exists()
