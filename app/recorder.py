"""The microphone: record one utterance with ``sounddevice.InputStream``.

The recorder listens in 100 ms blocks, reports the level of each block (for the meter and the
clipping warning), and stops by itself when the learner has spoken and then been quiet for
``silence_seconds``, or after ``max_seconds``. The stream is made by an injectable
``stream_factory`` (default: ``sounddevice.InputStream``), so tests feed a fake stream.

The stream's callback runs on PortAudio's thread; it only copies samples and emits Qt
signals, which reach the GUI thread through queued connections. The GUI side watches the
stream too: when no block has arrived for ``STALL_SECONDS`` (the device was unplugged or
hung), a timer ends the take with a message instead of leaving the window "recording".
PortAudio's status flags (input overflow: samples lost) are counted and reported once a take.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from time import monotonic
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.i18n import BilingualError
from model.audio import CLIP_LEVEL, SAMPLE_RATE, to_mono_16k

BLOCK_SECONDS = 0.1
SILENCE_SECONDS = 1.2
MAX_SECONDS = 15.0
SPEECH_DB = -42.0  # a block louder than this (RMS, dBFS) and well above the noise floor is speech
FLOOR_MARGIN_DB = 12.0
# The noise floor is a low percentile of the recent blocks' levels, not their minimum: one primed
# block of digital zeros would pin a minimum at -180 dB, and room noise would then count as speech
# (auto-stop waiting for the 15 s limit). Blocks below DIGITAL_SILENCE_DB count as that level.
FLOOR_PERCENTILE = 10.0
FLOOR_BLOCKS = 50  # the last 5 s
DIGITAL_SILENCE_DB = -90.0
KEEP_AFTER_SPEECH = 0.4  # seconds of trailing silence kept in the recording
STALL_SECONDS = 1.0  # no block from the device for this long: it is gone, end the take
WATCH_MS = 250


class MicrophoneError(BilingualError):
    """The microphone cannot be used; ``message(lang)`` says why, for a person."""


def _sd():
    """sounddevice, or a MicrophoneError when PortAudio itself is missing."""
    try:
        import sounddevice

        return sounddevice
    except OSError as e:  # libportaudio2 missing
        raise MicrophoneError(
            f"오디오 라이브러리 PortAudio가 설치되어 있지 않습니다 ({e}). libportaudio2를 설치하세요.",
            f"The audio library PortAudio is not installed ({e}); install libportaudio2.",
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
        "마이크를 찾을 수 없습니다. 마이크를 연결하거나 이 프로그램이 마이크를 쓸 수 있게 허용한 뒤, "
        "설정 → 마이크에서 고르고 다시 시도하세요. 파일 → 음성 파일 평가로 녹음 파일을 평가할 수도 있습니다.",
        "No microphone was found. Plug one in (or allow this program to use it), choose it in "
        "Settings → Microphone, and try again. You can also assess a recording with File → Open audio file.",
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
        f"마이크를 열 수 없습니다 ({text}). 마이크를 쓰는 다른 프로그램을 닫거나, 연결을 확인하거나, "
        "설정 → 마이크에서 다른 마이크를 고르세요.",
        f"The microphone could not be opened ({text}). Close other programs that use it, check that it "
        "is plugged in, or choose another one in Settings → Microphone.",
    )


def stalled_error() -> MicrophoneError:
    return MicrophoneError(
        "마이크에서 소리가 더 이상 들어오지 않습니다 (연결이 빠졌거나 다른 프로그램이 쓰고 있나요?). "
        "녹음을 멈췄습니다. 마이크를 확인하고 다시 녹음하세요.",
        "The microphone stopped sending sound (was it unplugged or taken by another program?). "
        "The recording was stopped; check the microphone and record again.",
    )


def overflow_warning(blocks: int) -> MicrophoneError:
    return MicrophoneError(
        f"녹음 중 소리 일부가 빠졌습니다 (입력 오버플로 {blocks}회): 컴퓨터가 너무 바빴습니다. "
        "계속 그러면 다른 프로그램을 닫고, 녹음을 다시 들어 보세요.",
        f"Some sound was lost while recording (input overflow in {blocks} block(s)): the computer was "
        "too busy. Close other programs if this keeps happening, and listen back to the take.",
    )


def default_stream_factory(**kwargs: Any):
    return _sd().InputStream(**kwargs)


class Recorder(QObject):
    """Record one utterance; emits ``level``, then ``finished`` (16 kHz float32) or ``failed``."""

    level = Signal(float, bool)  # dBFS peak of the latest block, and whether it clipped
    started = Signal()
    finished = Signal(object)  # np.ndarray, 16 kHz mono float32
    failed = Signal(str)  # English message; ``error`` holds it in both languages
    warning = Signal(str)  # English (``warning_error`` in both): e.g. samples lost to an input overflow
    _ended = Signal()
    _status = Signal()

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
        self._levels: deque[float] = deque(maxlen=FLOOR_BLOCKS)
        self._speech_started = False
        self._last_speech_end = 0  # samples
        self._ending = False
        self.clipped = False
        self.overflows = 0  # blocks PortAudio flagged (input overflow) in this take
        self.error: MicrophoneError | None = None
        self.warning_error: MicrophoneError | None = None
        self.stall_seconds = STALL_SECONDS
        self._last_block = 0.0  # monotonic() of the latest callback
        self._warned = False
        self._watch = QTimer(self, interval=WATCH_MS)
        self._watch.timeout.connect(self._check_alive)
        self._ended.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._status.connect(self._report_status, Qt.ConnectionType.QueuedConnection)

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
                self._last_block = monotonic()
                stream.start()
                self._watch.start()
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
        self._last_block = monotonic()
        if status:  # sounddevice.CallbackFlags: input_overflow and friends
            self.overflows += 1
            self._status.emit()
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
        self._levels.append(max(rms_db, DIGITAL_SILENCE_DB))  # zeros count as -90 dB, one of many blocks
        floor = float(np.percentile(self._levels, FLOOR_PERCENTILE))
        self._floor_db = floor
        if rms_db > SPEECH_DB and rms_db > floor + FLOOR_MARGIN_DB:
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
        self._levels = deque(maxlen=FLOOR_BLOCKS)
        self._speech_started = False
        self._last_speech_end = 0
        self._ending = False
        self.clipped = False
        self.overflows = 0
        self.error = self.warning_error = None
        self._warned = False

    def _check_alive(self) -> None:
        """GUI-side watchdog: a stream that stopped calling back is treated as a lost device."""
        if self._stream is None or self._ending:
            return
        if monotonic() - self._last_block >= self.stall_seconds:
            self._ending = True
            self._close()
            self._fail(stalled_error())

    def _report_status(self) -> None:
        if self._warned or not self.overflows:
            return
        self._warned = True
        self.warning_error = overflow_warning(self.overflows)
        self.warning.emit(self.warning_error.en)

    def _fail(self, error: MicrophoneError) -> None:
        self.error = error
        self.failed.emit(error.en)

    def _close(self) -> None:
        self._watch.stop()
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
            self._fail(MicrophoneError(str(e), str(e)))
            return
        self.finished.emit(audio)
