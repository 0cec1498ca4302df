"""The checkpoint file: everything needed to use a trained model, checked on load.

A checkpoint is a ``torch.save`` of a plain dict (readable with ``weights_only=True``)::

    {"format": "speechfeedback-ds2", "format_version": 1,
     "ds2": {...DS2Config fields}, "features": {...FeatureConfig fields},
     "vocabulary": {"symbols": [...], "blank": 0},
     "metadata": {...}, "state_dict": {...}, "dtype": "float32" | "float16", "extra": {...}}

Saving is atomic (a temp file in the same folder, fsync, ``os.replace``), so a crash while
saving never leaves a half-written checkpoint under the real name.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from model.acoustic.deepspeech2 import DeepSpeech2, DS2Config
from model.acoustic.features import FeatureConfig
from model.acoustic.vocab import Vocabulary
from model.audio import SAMPLE_RATE
from model.errors import SpeechFeedbackError
from model.files import atomic_open
from model.phones import BY_SYMBOL

FORMAT = "speechfeedback-ds2"
FORMAT_VERSION = 1


class CheckpointError(SpeechFeedbackError):
    """A checkpoint that is missing, damaged, foreign or incompatible; the message says what to do."""


def _check_plain(value: Any, where: str) -> None:
    """Refuse anything ``torch.load(weights_only=True)`` could not read back."""
    if value is None or isinstance(value, (bool, int, float, str, torch.Tensor, torch.Size)):
        return
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check_plain(v, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, (str, int, float, bool)):
                raise TypeError(f"{where} has a key of type {type(k).__name__}; use str or int keys")
            _check_plain(v, f"{where}[{k!r}]")
        return
    raise TypeError(
        f"{where} is a {type(value).__name__}, which a weights-only checkpoint cannot hold; "
        "convert it to tensors, lists, dicts, numbers or strings"
    )


def save_checkpoint(
    path: str | Path,
    model_state: dict,
    ds2: DS2Config,
    features: FeatureConfig,
    vocabulary: Vocabulary,
    metadata: dict,
    *,
    half: bool = False,
    extra: dict | None = None,
) -> None:
    """Write a checkpoint atomically; ``half=True`` stores floating-point tensors as float16."""
    if len(vocabulary) != ds2.n_classes:
        raise ValueError(f"vocabulary has {len(vocabulary)} symbols but the network {ds2.n_classes} classes")
    _check_plain(metadata, "metadata")
    _check_plain(extra, "extra")
    state = {}
    for k, v in model_state.items():
        v = v.detach().cpu()
        if v.is_floating_point():
            v = v.to(torch.float16 if half else torch.float32)
        state[k] = v.contiguous()
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "ds2": dataclasses.asdict(ds2),
        "features": dataclasses.asdict(features),
        "vocabulary": {"symbols": list(vocabulary.symbols), "blank": vocabulary.blank},
        "metadata": dict(metadata),
        "state_dict": state,
        "dtype": "float16" if half else "float32",
        "extra": dict(extra) if extra else {},
    }
    with atomic_open(path, "wb") as f:
        torch.save(payload, f)


@dataclass
class ModelBundle:
    """A loaded checkpoint: configs, vocabulary, weights; builds the ready-to-use model."""

    ds2: DS2Config
    features: FeatureConfig
    vocabulary: Vocabulary
    metadata: dict
    state_dict: dict[str, torch.Tensor]
    extra: dict = field(default_factory=dict)
    path: Path | None = None

    def build_model(self, device: str | torch.device = "cpu") -> DeepSpeech2:
        """The network in eval mode, float32, on ``device``."""
        model = DeepSpeech2(self.ds2)
        try:
            model.load_state_dict(self.state_dict, strict=True)
        except RuntimeError as e:
            raise CheckpointError(
                f"The weights in {self.path or 'the checkpoint'} do not fit its network config ({e}). "
                "The file is damaged or was edited; retrain or use another checkpoint."
            ) from None
        return model.to(device=device, dtype=torch.float32).eval()

    @property
    def sample_rate(self) -> int:
        return self.features.sample_rate


def _config(cls, data: Any, name: str, path: Path):
    if not isinstance(data, dict):
        raise CheckpointError(f"{path} has no valid {name} config. The file is damaged; retrain the model.")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise CheckpointError(
            f"{path} has {name} settings this version does not know ({', '.join(unknown)}); "
            "it was made by a newer SpeechFeedback. Update SpeechFeedback or retrain the model."
        )
    try:
        return cls(**data)
    except (TypeError, ValueError) as e:
        raise CheckpointError(f"{path} has an invalid {name} config ({e}). Retrain the model.") from None


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> ModelBundle:
    """Read and check a checkpoint (``weights_only=True``); raise CheckpointError on any problem."""
    path = Path(path)
    if not path.exists():
        raise CheckpointError(
            f"Checkpoint not found: {path}. Check the path, or train one with python -m training.train."
        )
    if not path.is_file():
        raise CheckpointError(f"{path} is not a file. Pass the path of a .pt checkpoint.")
    try:
        with warnings.catch_warnings():  # e.g. "pickle protocol 4" on foreign files: we say it better
            warnings.simplefilter("ignore")
            data = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as e:  # torch raises RuntimeError, UnpicklingError, EOFError, ... here
        # torch's own sentence (about zip directories and miniz) helps nobody: name the kind only
        size = path.stat().st_size
        raise CheckpointError(
            f"{path} ({size:,} bytes) is not a readable SpeechFeedback checkpoint: it is truncated, "
            f"damaged or a different kind of file (PyTorch could not open it: {type(e).__name__}). "
            "Copy it again, or retrain."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(
            f"{path} is not a SpeechFeedback checkpoint (it is some other PyTorch file). "
            "Pass a checkpoint made by python -m training.train."
        )
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise CheckpointError(f"{path} has an invalid format version {version!r}. Retrain the model.")
    if version > FORMAT_VERSION:
        raise CheckpointError(
            f"{path} uses checkpoint format {version}, newer than this version of SpeechFeedback "
            f"understands ({FORMAT_VERSION}). Update SpeechFeedback to use it."
        )
    ds2 = _config(DS2Config, data.get("ds2"), "network", path)
    features = _config(FeatureConfig, data.get("features"), "feature", path)
    if features.sample_rate != SAMPLE_RATE:  # every recording is brought to SAMPLE_RATE before the model
        raise CheckpointError(
            f"{path} was trained on {features.sample_rate} Hz audio; this program gives models "
            f"{SAMPLE_RATE} Hz. Retrain it on {SAMPLE_RATE} Hz audio."
        )
    voc = data.get("vocabulary")
    if not isinstance(voc, dict) or not isinstance(voc.get("symbols"), (list, tuple)):
        raise CheckpointError(f"{path} has no vocabulary. The file is damaged; retrain the model.")
    try:
        vocabulary = Vocabulary(tuple(voc["symbols"]), int(voc.get("blank", 0)))
    except (TypeError, ValueError) as e:
        raise CheckpointError(f"{path} has an invalid vocabulary ({e}). Retrain the model.") from None
    for s in vocabulary.phones:
        if s not in BY_SYMBOL:
            raise CheckpointError(
                f"checkpoint vocabulary has '{s}' which this version's phone inventory lacks "
                f"({path}). Use a checkpoint trained for this version, or retrain the model."
            )
    if len(vocabulary) != ds2.n_classes:
        raise CheckpointError(
            f"{path}: the vocabulary has {len(vocabulary)} symbols but the network outputs "
            f"{ds2.n_classes} classes. The file is damaged; retrain the model."
        )
    state = data.get("state_dict")
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError(f"{path} holds no model weights. The file is damaged; retrain the model.")
    with torch.device("meta"):
        expected = DeepSpeech2(ds2).state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    wrong = [k for k in expected if k in state and tuple(state[k].shape) != tuple(expected[k].shape)]
    if missing or unexpected or wrong:
        detail = "; ".join(
            f"{label}: {', '.join(keys[:3])}{' …' if len(keys) > 3 else ''}"
            for label, keys in (("missing", missing), ("unexpected", unexpected), ("wrong shape", wrong))
            if keys
        )
        raise CheckpointError(
            f"The weights in {path} do not match its network config ({detail}). "
            "The file is damaged or from an incompatible version; retrain the model."
        )
    metadata = data.get("metadata") or {}
    extra = data.get("extra") or {}
    return ModelBundle(ds2, features, vocabulary, dict(metadata), state, dict(extra), path)
