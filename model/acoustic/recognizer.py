"""Sound -> phones: the bundle's features and network, then CTC decoding, with times.

Times: output frame ``i`` of the network covers input hops ``i * time_stride`` onwards, so
``frame_seconds = hop_length * time_stride / sample_rate`` (30 ms by default). A phone
spanning output frames ``s..e`` (inclusive) gets ``start = s * frame_seconds`` and
``end = min((e + 1) * frame_seconds, duration)``.

Confidence: the **mean posterior** of the phone's class over the frames of its span, i.e.
``mean(exp(log_probs[s..e, phone]))``. CTC outputs are peaky, so a span is usually one or
two frames and this is close to the peak posterior; a long span with a wavering posterior
gets a lower value, which is what a learner's "unsure" should mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from model.acoustic.checkpoint import CheckpointError, ModelBundle, load_checkpoint
from model.acoustic.decoding import Hypothesis, beam_decode, greedy_decode
from model.acoustic.features import log_mel
from model.assets import asset
from model.audio import AudioError
from model.errors import SpeechFeedbackError

DEFAULT_CHECKPOINT = asset("checkpoints", "ds2-ko-ipa.pt")


def decode(
    log_probs: Tensor, vocabulary, frame_seconds: float, duration: float, beam_size: int = 0
) -> Recognition:
    """The network's output (T', C) for one utterance, decoded (greedy, or beam search with
    ``beam_size``): its phones with their times and confidences (each phone's mean posterior
    over its frames). The one place that happens: the assessment takes the result as it is."""
    lp = log_probs.detach().to("cpu", torch.float32)
    if beam_size > 0:
        hyp: Hypothesis = beam_decode(lp, vocabulary, beam_size=beam_size)[0]
    else:
        hyp = greedy_decode(lp, vocabulary)
    confidences = [
        float(lp[s : e + 1, vocabulary.index(sym)].exp().mean())
        for sym, s, e in zip(hyp.phones, hyp.start_frames, hyp.end_frames)
    ]
    return Recognition(
        phones=tuple(hyp.phones),
        starts=tuple(min(s * frame_seconds, duration) for s in hyp.start_frames),
        ends=tuple(min((e + 1) * frame_seconds, duration) for e in hyp.end_frames),
        confidences=tuple(confidences),
        log_probs=lp,
        frame_seconds=frame_seconds,
        duration=duration,
    )


class DeviceError(SpeechFeedbackError, ValueError):
    """A device that does not exist here; the message says which ones to use."""


def resolve_device(device: str | torch.device = "auto") -> torch.device:
    """``auto`` (a GPU if there is one), ``cpu``, ``cuda`` or ``cuda:N``; DeviceError for anything else."""
    if str(device) == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        raise DeviceError(f"Unknown device {str(device)!r}; use auto, cpu or cuda.") from None
    if device.type not in ("cpu", "cuda"):
        raise DeviceError(f"Device {str(device)!r} is not supported; use auto, cpu or cuda.")
    if device.type == "cuda" and not torch.cuda.is_available():
        raise DeviceError("CUDA was requested but no CUDA GPU is available; use --device cpu or auto.")
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise DeviceError(
            f"There is no GPU {device.index}: this machine has {torch.cuda.device_count()}. "
            "Use --device cuda or cuda:0."
        )
    return device


def prepare_worker_thread() -> None:
    """Call in a background thread before it recognises: one intra-op thread there.

    PyTorch's CPU thread pool (OpenMP) is per calling thread; a second thread that asks for
    several intra-op threads ran 2.5× slower on this 2-core machine than with one (assessing
    5 s: 320 ms against 130 ms), while the GUI thread needs its core anyway.
    """
    torch.set_num_threads(1)


@dataclass(frozen=True)
class Recognition:
    phones: tuple[str, ...]
    starts: tuple[float, ...]  # seconds
    ends: tuple[float, ...]  # seconds
    confidences: tuple[float, ...]  # mean posterior over each phone's frames, in [0, 1]
    log_probs: Tensor = field(compare=False)  # (T', C) on CPU, the network's output for this utterance
    frame_seconds: float
    duration: float

    @property
    def ipa(self) -> str:
        return "".join(self.phones)

    def to_dict(self) -> dict:
        return {
            "phones": list(self.phones),
            "ipa": self.ipa,
            "starts": [round(x, 4) for x in self.starts],
            "ends": [round(x, 4) for x in self.ends],
            "confidences": [round(x, 4) for x in self.confidences],
            "frame_seconds": self.frame_seconds,
            "duration": self.duration,
        }

    def __repr__(self) -> str:
        return (
            f"Recognition(ipa={self.ipa!r}, phones={len(self.phones)}, duration={self.duration:.2f}s, "
            f"frames={self.log_probs.shape[0]})"
        )


class Recognizer:
    """A loaded model ready to recognise 16 kHz mono waveforms."""

    def __init__(self, bundle: ModelBundle, device: str | torch.device = "auto") -> None:
        self.bundle = bundle
        self.device = resolve_device(device)
        self.model = bundle.build_model(self.device)
        self.vocabulary = bundle.vocabulary
        self.feature_config = bundle.features
        self.frame_seconds = (
            self.feature_config.hop_length * bundle.ds2.time_stride / self.feature_config.sample_rate
        )

    @classmethod
    def load(cls, checkpoint: str | Path | None = None, device: str = "auto") -> Recognizer:
        if checkpoint is None:
            path = Path(DEFAULT_CHECKPOINT)
            if not path.exists():
                raise CheckpointError(
                    f"No trained model is bundled yet at {path}; train one with python -m training.train "
                    "or pass --checkpoint"
                )
            checkpoint = path
        return cls(load_checkpoint(checkpoint), device)

    def forward(self, waveforms: list[np.ndarray]) -> tuple[Tensor, Tensor, dict[str, float]]:
        """Batched features + network: (log_probs (B, T', C) on CPU, out_lengths (B,), timings in s)."""
        import time

        if not waveforms:
            return torch.zeros(0, 0, len(self.vocabulary)), torch.zeros(0, dtype=torch.int64), {}
        arrays = [np.asarray(w, dtype=np.float32).reshape(-1) for w in waveforms]
        for a in arrays:
            if a.size == 0:
                raise AudioError("The recording is empty. Check the microphone and record again.")
        lengths = torch.tensor([a.size for a in arrays], dtype=torch.int64)
        batch = torch.zeros(len(arrays), int(lengths.max()), dtype=torch.float32)
        for i, a in enumerate(arrays):
            batch[i, : a.size] = torch.from_numpy(a)
        with torch.inference_mode():
            t0 = time.perf_counter()
            feats, feat_lengths = log_mel(batch.to(self.device), self.feature_config, lengths.to(self.device))
            if self.device.type == "cuda":
                torch.cuda.synchronize(self.device)
            t1 = time.perf_counter()
            log_probs, out_lengths = self.model(feats, feat_lengths)
            log_probs = log_probs.float().cpu()
            t2 = time.perf_counter()
        return log_probs, out_lengths.cpu(), {"features": t1 - t0, "network": t2 - t1}

    def _finish(self, log_probs: Tensor, num_samples: int, beam_size: int) -> Recognition:
        duration = num_samples / self.feature_config.sample_rate
        return decode(log_probs, self.vocabulary, self.frame_seconds, duration, beam_size)

    def recognize(self, waveform: np.ndarray, beam_size: int = 0) -> Recognition:
        """Recognise one 16 kHz mono waveform; ``beam_size`` 0 is greedy, else beam search."""
        return self.recognize_batch([waveform], beam_size=beam_size)[0]

    def recognize_batch(self, waveforms: list[np.ndarray], beam_size: int = 0) -> list[Recognition]:
        """Recognise several waveforms in one padded forward pass."""
        log_probs, out_lengths, _ = self.forward(waveforms)
        return [
            self._finish(log_probs[i, : int(out_lengths[i])].clone(), np.asarray(w).size, beam_size)
            for i, w in enumerate(waveforms)
        ]
