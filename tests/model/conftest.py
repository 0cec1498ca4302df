"""Shared by the model tests: one CPU thread each, and a tiny randomly initialised bundle."""

import pytest
import torch


@pytest.fixture(autouse=True)
def _few_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def tiny_bundle():
    from model.acoustic.checkpoint import ModelBundle
    from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
    from model.acoustic.features import FeatureConfig
    from model.acoustic.vocab import default_vocabulary

    torch.manual_seed(0)
    ds2 = DS2Config(n_mels=40, conv_channels=4, rnn_hidden=16, rnn_layers=2)
    model = DeepSpeech2(ds2)
    return ModelBundle(
        ds2, FeatureConfig(n_mels=40), default_vocabulary(), {"steps": 0}, model.state_dict(), {}
    )
