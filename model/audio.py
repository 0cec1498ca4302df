"""Audio in: read any recording into 16 kHz mono float32, and check it can be assessed.

Everything downstream (features, the recogniser, the assessment) assumes the format made
here: a 1-D ``np.float32`` array in [-1, 1] at ``SAMPLE_RATE``. Files are read with
soundfile (WAV, FLAC, OGG/Vorbis, MP3 with libsndfile >= 1.1) and headerless ``.pcm``
files (KsponSpeech: 16 kHz, 16-bit signed little-endian, mono) as RAW; other rates are
resampled with soxr. Problems come back as :class:`AudioError` with a message for a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from model.errors import SpeechFeedbackError

SAMPLE_RATE = 16000
MIN_SECONDS = 0.3
CLIP_LEVEL = 0.999  # |x| at or above this counts as a clipped sample
CLIP_WARN_FRACTION = 0.001  # warn when more than 0.1% of samples are clipped
SPEECH_FLOOR_DB = -50.0  # loudest frames quieter than this (dBFS): nothing to assess
QUIET_DB = -35.0  # loudest frames quieter than this: assessable but warn
_FRAME = 400  # 25 ms at 16 kHz, for the frame-energy measurements
_PCM_SUFFIXES = {".pcm", ".raw"}


class AudioError(SpeechFeedbackError):
    """A recording that cannot be read or assessed; the message says what to do."""


def to_mono_16k(data: np.ndarray, sample_rate: int) -> np.ndarray:
    """Convert samples (frames,) or (frames, channels), any dtype and rate, to 16 kHz mono float32.

    Integer samples are scaled to [-1, 1]; channels are averaged; the result is resampled
    with soxr (high quality) and clipped to [-1, 1].
    """
    data = np.asarray(data)
    if data.ndim not in (1, 2):
        raise AudioError(f"Audio must be 1-D (mono) or 2-D (frames, channels), got shape {data.shape}.")
    if sample_rate <= 0:
        raise AudioError(f"Invalid sample rate {sample_rate} Hz.")
    if np.issubdtype(data.dtype, np.integer):
        info = np.iinfo(data.dtype)
        if info.min == 0:  # unsigned (8-bit WAV): centre on zero
            data = (data.astype(np.float64) - (info.max + 1) / 2) / ((info.max + 1) / 2)
        else:
            data = data.astype(np.float64) / -float(info.min)
    data = data.astype(np.float32, copy=False)
    if data.ndim == 2:
        data = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
    if not np.all(np.isfinite(data)):
        raise AudioError("The audio contains invalid samples (NaN or infinity); record or export it again.")
    if sample_rate != SAMPLE_RATE and data.size:
        data = soxr.resample(data, sample_rate, SAMPLE_RATE, quality="HQ").astype(np.float32, copy=False)
    return np.ascontiguousarray(np.clip(data, -1.0, 1.0), dtype=np.float32)


def too_long_error(duration: float, max_seconds: float) -> AudioError:
    return AudioError(
        f"The recording is too long ({duration:.1f} s; at most {max_seconds:.0f} s). "
        "Record one sentence at a time."
    )


def _header_seconds(path: Path) -> float | None:
    """The duration the file's header claims, without reading the samples (None: no header)."""
    if path.suffix.lower() in _PCM_SUFFIXES:
        return path.stat().st_size / 2 / SAMPLE_RATE
    try:
        info = sf.info(str(path))
    except Exception:  # unreadable: the real read below says why
        return None
    return info.frames / info.samplerate if info.samplerate > 0 and info.frames > 0 else None


def load_audio(path: str | Path, max_seconds: float | None = None) -> np.ndarray:
    """Read an audio file as 16 kHz mono float32 in [-1, 1]; raise AudioError if that fails.

    With ``max_seconds``, a file whose header says it is longer is refused before its samples
    are read (a long MP3 would take seconds and much memory to decode only to be rejected).
    """
    path = Path(path)
    if not path.exists():
        raise AudioError(f"Audio file not found: {path}. Check the path and try again.")
    if not path.is_file():
        raise AudioError(f"{path} is not a file. Pass an audio file (WAV, FLAC, OGG, MP3 or 16 kHz PCM).")
    if max_seconds is not None:
        seconds = _header_seconds(path)
        if seconds is not None and seconds > max_seconds:
            raise too_long_error(seconds, max_seconds)
    try:
        if path.suffix.lower() in _PCM_SUFFIXES:
            if path.stat().st_size < 2:
                raise AudioError(f"{path} is empty: it holds no audio samples. Record it again.")
            data, rate = sf.read(
                str(path),
                samplerate=SAMPLE_RATE,
                channels=1,
                format="RAW",
                subtype="PCM_16",
                endian="LITTLE",
                dtype="float32",
            )
        else:
            data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except AudioError:
        raise
    except MemoryError:
        raise _too_large(path) from None
    except (sf.LibsndfileError, RuntimeError, ValueError, TypeError, OSError) as e:
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise AudioError(
            f"Could not read {path} as audio ({detail}). The file may be damaged or in an unsupported "
            "format; save it as WAV, FLAC, OGG or MP3 and try again."
        ) from None
    if data.size == 0:
        raise AudioError(f"{path} is empty: it holds no audio samples. Record it again.")
    try:
        return to_mono_16k(data, int(rate))
    except MemoryError:
        raise _too_large(path) from None


def _too_large(path: Path) -> AudioError:
    return AudioError(
        f"{path} is too large to read into memory. Cut out the sentence you want to assess "
        "and save it as a short file."
    )


@dataclass(frozen=True)
class AudioCheck:
    """Measurements of a 16 kHz waveform and the warnings a learner should see."""

    duration: float  # seconds
    peak: float  # max |x|
    rms_db: float  # whole-recording RMS in dBFS
    clipped_fraction: float  # share of samples with |x| >= CLIP_LEVEL
    problems: tuple[str, ...] = ()  # warnings: assessable, but the result may suffer

    @property
    def ok(self) -> bool:
        return not self.problems


def _db(x: float) -> float:
    return float(20.0 * np.log10(max(x, 1e-12)))


def check_audio(waveform: np.ndarray, *, max_seconds: float = 60.0) -> AudioCheck:
    """Measure a 16 kHz mono waveform; raise AudioError when it cannot be assessed at all.

    Fatal: empty, shorter than MIN_SECONDS, longer than ``max_seconds``, or no speech (the
    loudest 5% of 25 ms frames below SPEECH_FLOOR_DB). Warnings in ``problems``: clipping
    (more than 0.1% of samples at full scale) and a very quiet recording.
    """
    x = np.asarray(waveform, dtype=np.float32)
    if x.ndim != 1:
        raise AudioError(f"Expected a mono waveform (1-D), got shape {x.shape}.")
    if x.size == 0:
        raise AudioError("The recording is empty. Check the microphone and record again.")
    duration = x.size / SAMPLE_RATE
    if duration < MIN_SECONDS:
        raise AudioError(
            f"The recording is too short ({duration:.2f} s; at least {MIN_SECONDS:.1f} s is needed). "
            "Record the whole sentence again."
        )
    if duration > max_seconds:
        raise too_long_error(duration, max_seconds)
    a = np.abs(x)
    peak = float(a.max())
    rms_db = _db(float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))))
    clipped = float(np.count_nonzero(a >= CLIP_LEVEL)) / x.size
    n = x.size // _FRAME
    frames = x[: n * _FRAME].reshape(n, _FRAME) if n else x[None, :]
    frame_rms = np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1))
    loud_db = _db(float(np.percentile(frame_rms, 95)))
    if loud_db < SPEECH_FLOOR_DB:
        raise AudioError(
            "No speech was heard: the recording is silent or almost silent "
            f"({loud_db:.0f} dBFS). Check that the right microphone is selected and not muted, then record again."
        )
    problems: list[str] = []
    if clipped > CLIP_WARN_FRACTION:
        problems.append(
            f"The recording is distorted ({clipped:.1%} of samples are clipped): "
            "speak a little further from the microphone or lower its input volume."
        )
    if loud_db < QUIET_DB:
        problems.append(
            f"The recording is very quiet ({loud_db:.0f} dBFS): speak closer to the microphone "
            "or raise its input volume."
        )
    return AudioCheck(
        duration=duration, peak=peak, rms_db=rms_db, clipped_fraction=clipped, problems=tuple(problems)
    )
