"""Sound -> phones: log-mel features, a DeepSpeech2 network, its checkpoint format, CTC decoding."""

from model.acoustic.checkpoint import (
    FORMAT_VERSION,
    CheckpointError,
    ModelBundle,
    load_checkpoint,
    save_checkpoint,
)
from model.acoustic.decoding import Hypothesis, beam_decode, greedy_decode
from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.features import FeatureConfig, frame_count, log_mel
from model.acoustic.recognizer import DEFAULT_CHECKPOINT, Recognition, Recognizer
from model.acoustic.vocab import Vocabulary, default_vocabulary

__all__ = [
    "DEFAULT_CHECKPOINT",
    "FORMAT_VERSION",
    "CheckpointError",
    "DS2Config",
    "DeepSpeech2",
    "FeatureConfig",
    "Hypothesis",
    "ModelBundle",
    "Recognition",
    "Recognizer",
    "Vocabulary",
    "beam_decode",
    "default_vocabulary",
    "frame_count",
    "greedy_decode",
    "load_checkpoint",
    "log_mel",
    "save_checkpoint",
]
