"""The microphone: record one utterance with ``sounddevice.InputStream``.

The recorder listens in 100 ms blocks, reports the level of each block (for the meter and the
clipping warning), and stops by itself when the learner has spoken and then been quiet for
``silence_seconds``, or after ``max_seconds``. The stream is made by an injectable
``stream_factory`` (default: ``sounddevice.InputStream``), so tests feed a fake stream.

The stream's callback runs on PortAudio's thread; it only copies samples and emits Qt
signals, which reach the GUI thread through queued connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from app.i18n import BilingualError
from model.audio import CLIP_LEVEL, SAMPLE_RATE, to_mono_16k

BLOCK_SECONDS = 0.1
SILENCE_SECONDS = 1.2
MAX_SECONDS = 15.0
SPEECH_DB = -42.0  # a block louder than this (RMS, dBFS) and well above the noise floor is speech
FLOOR_MARGIN_DB = 12.0
KEEP_AFTER_SPEECH = 0.4  # seconds of trailing silence kept in the recording


class MicrophoneError(BilingualError):
    """The microphone cannot be used; ``message(lang)`` says why, for a person."""


def _sd():
    """sounddevice, or a MicrophoneError when PortAudio itself is missing."""
    try:
        import sounddevice

        return sounddevice
    except OSError as e:  # libportaudio2 missing
        raise MicrophoneError(
            f"The audio library PortAudio is not installed ({e}); install libportaudio2.",
            f"오디오 라이브러리 PortAudio가 설치되어 있지 않습니다 ({e}). libportaudio2를 설치하세요.",
        ) from None


def list_input_devices() -> list[str]:
    """Names of the input devices (microphones) PortAudio sees; [] when there are none."""
    try:
        sd = _sd()
        devices = sd.query_devices()
    except Exception:
        return []
    return [d["name"] for d in devices if d.get("max_input_channels", 0) > 0]


def _device_index(name: str) -> int | None:
    if not name:
        return None
    try:
        for i, d in enumerate(_sd().query_devices()):
            if d["name"] == name and d.get("max_input_channels", 0) > 0:
                return i
    except Exception:
        pass
    return None


def no_microphone_error() -> MicrophoneError:
    return MicrophoneError(
        "No microphone was found. Plug one in (or allow this program to use it), choose it in "
        "Settings → Microphone, and try again. You can also assess a recording with File → Open audio file.",
        "마이크를 찾을 수 없습니다. 마이크를 연결하거나 이 프로그램이 마이크를 쓸 수 있게 허용한 뒤, "
        "설정 → 마이크에서 고르고 다시 시도하세요. 파일 → 음성 파일 평가로 녹음 파일을 평가할 수도 있습니다.",
    )


def _open_error(e: Exception) -> MicrophoneError:
    text = str(e)
    lowered = text.lower()
    if any(
        s in lowered
        for s in ("querying device -1", "no default input", "invalid device", "device unavailable")
    ):
        return no_microphone_error()
    return MicrophoneError(
        f"The microphone could not be opened ({text}). Close other programs that use it, check that it "
        "is plugged in, or choose another one in Settings → Microphone.",
        f"마이크를 열 수 없습니다 ({text}). 마이크를 쓰는 다른 프로그램을 닫거나, 연결을 확인하거나, "
        "설정 → 마이크에서 다른 마이크를 고르세요.",
    )


def default_stream_factory(**kwargs: Any):
    return _sd().InputStream(**kwargs)


class Recorder(QObject):
    """Record one utterance; emits ``level``, then ``finished`` (16 kHz float32) or ``failed``."""

    level = Signal(float, bool)  # dBFS peak of the latest block, and whether it clipped
    started = Signal()
    finished = Signal(object)  # np.ndarray, 16 kHz mono float32
    failed = Signal(str)  # English message (the window uses MicrophoneError for both languages)
    _ended = Signal()

    def __init__(
        self,
        stream_factory: Callable[..., Any] | None = None,
        *,
        device: str = "",
        silence_seconds: float = SILENCE_SECONDS,
        max_seconds: float = MAX_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.stream_factory = stream_factory or default_stream_factory
        self.device = device
        self.silence_seconds = silence_seconds
        self.max_seconds = max_seconds
        self._stream = None
        self._lock = threading.Lock()
        self._blocks: list[np.ndarray] = []
        self._rate = SAMPLE_RATE
        self._samples = 0
        self._floor_db: float | None = None
        self._speech_started = False
        self._last_speech_end = 0  # samples
        self._ending = False
        self.clipped = False
        self._ended.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    @property
    def recording(self) -> bool:
        return self._stream is not None

    @property
    def seconds(self) -> float:
        return self._samples / self._rate

    # ------------------------------------------------------------------ control
    def start(self) -> None:
        """Open the microphone and start listening; raise MicrophoneError when it can't."""
        if self._stream is not None:
            return
        self._reset()
        if self.stream_factory is default_stream_factory and not list_input_devices():
            raise no_microphone_error()
        device = _device_index(self.device)
        last_error: Exception | None = None
        for rate in (SAMPLE_RATE, None):  # 16 kHz, else the device's own rate (resampled at the end)
            if rate is None:
                try:
                    info = _sd().query_devices(device, "input")
                    rate = int(info["default_samplerate"])
                except Exception as e:  # no input device at all
                    raise _open_error(last_error or e) from None
                if rate == SAMPLE_RATE:
                    break
            self._rate = rate
            try:
                stream = self.stream_factory(
                    samplerate=rate,
                    channels=1,
                    dtype="float32",
                    device=device,
                    blocksize=int(rate * BLOCK_SECONDS),
                    callback=self.callback,
                )
                self._stream = stream
                stream.start()
                self.started.emit()
                return
            except MicrophoneError:
                self._close()
                raise
            except Exception as e:  # sounddevice.PortAudioError, ValueError for bad settings, ...
                self._close()
                last_error = e
        raise _open_error(last_error or RuntimeError("unknown error"))

    def stop(self) -> None:
        """Stop now and deliver what was recorded (if anything)."""
        if self._stream is not None:
            self._ending = True
            self._finish()

    def cancel(self) -> None:
        self._ending = True
        self._close()
        self._reset()

    # ------------------------------------------------------------------ audio thread
    def callback(self, indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
        """sounddevice's callback: store the block, report its level, decide whether to stop."""
        if self._ending:
            return
        block = np.array(indata, dtype=np.float32, copy=True).reshape(len(indata), -1)
        mono = block.mean(axis=1) if block.shape[1] > 1 else block[:, 0]
        with self._lock:
            self._blocks.append(mono)
            self._samples += mono.size
            samples = self._samples
        if mono.size == 0:
            return
        peak = float(np.max(np.abs(mono)))
        rms_db = 20.0 * np.log10(max(float(np.sqrt(np.mean(np.square(mono, dtype=np.float64)))), 1e-9))
        clipped = peak >= CLIP_LEVEL
        self.clipped = self.clipped or clipped
        self.level.emit(20.0 * np.log10(max(peak, 1e-9)), clipped)
        if self._floor_db is None or rms_db < self._floor_db:
            self._floor_db = rms_db
        if rms_db > SPEECH_DB and rms_db > self._floor_db + FLOOR_MARGIN_DB:
            self._speech_started = True
            self._last_speech_end = samples
        quiet = (samples - self._last_speech_end) / self._rate
        if (
            self._speech_started and quiet >= self.silence_seconds
        ) or samples / self._rate >= self.max_seconds:
            self._ending = True
            self._ended.emit()

    # ------------------------------------------------------------------ GUI thread
    def _reset(self) -> None:
        with self._lock:
            self._blocks = []
            self._samples = 0
        self._floor_db = None
        self._speech_started = False
        self._last_speech_end = 0
        self._ending = False
        self.clipped = False

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        for name in ("stop", "close"):
            try:
                getattr(stream, name)()
            except Exception:
                pass

    def _finish(self) -> None:
        if self._stream is None:
            return
        self._close()
        with self._lock:
            audio = np.concatenate(self._blocks) if self._blocks else np.zeros(0, np.float32)
        if self._speech_started:
            keep = self._last_speech_end + int(KEEP_AFTER_SPEECH * self._rate)
            audio = audio[:keep]
        try:
            audio = to_mono_16k(audio, self._rate)
        except Exception as e:
            self.failed.emit(str(e))
            return
        self.finished.emit(audio)
