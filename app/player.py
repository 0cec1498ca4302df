"""Sound out: play a waveform (or a stretch of it), and the reference voice from espeak-ng."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np

from app.i18n import BilingualError
from model.audio import SAMPLE_RATE, AudioError, to_mono_16k

ESPEAK = "espeak-ng"
ESPEAK_VOICE = "ko"
ESPEAK_SPEED = 140  # words per minute: a little slower than espeak's 175, for learners


class PlaybackError(BilingualError):
    """Sound can't be played; ``message(lang)`` says why, for a person."""


def play(waveform: np.ndarray, start: float | None = None, end: float | None = None) -> None:
    """Play ``waveform`` (16 kHz), or the stretch start..end seconds; raise PlaybackError."""
    x = np.asarray(waveform, dtype=np.float32).reshape(-1)
    if start is not None or end is not None:
        a = max(0, int((start or 0.0) * SAMPLE_RATE) - int(0.03 * SAMPLE_RATE))
        b = min(
            x.size,
            int((end if end is not None else x.size / SAMPLE_RATE) * SAMPLE_RATE) + int(0.03 * SAMPLE_RATE),
        )
        x = x[a:b]
    if x.size == 0:
        return
    try:
        import sounddevice as sd

        sd.stop()
        sd.play(x, SAMPLE_RATE)
    except Exception as e:  # OSError (no PortAudio), sounddevice.PortAudioError (no output device), ...
        raise PlaybackError(
            f"소리를 재생할 수 없습니다: 스피커나 출력 장치가 없습니다 ({e}).",
            f"Can't play sound: no speaker or audio output device is available ({e}).",
        ) from None


def stop() -> None:
    try:
        import sounddevice as sd

        sd.stop()
    except Exception:
        pass


def espeak_available() -> bool:
    return shutil.which(ESPEAK) is not None


def reference_voice(text: str, timeout: float = 20.0) -> np.ndarray:
    """espeak-ng speaking ``text`` (give it the pronounced form), as 16 kHz float32.

    Blocking (runs a process): call it off the GUI thread. Raises AudioError on failure.
    """
    exe = shutil.which(ESPEAK)
    if exe is None:
        raise AudioError(
            "espeak-ng is not installed, so there is no reference voice (apt install espeak-ng)."
        )
    try:
        done = subprocess.run(
            [exe, "-v", ESPEAK_VOICE, "-s", str(ESPEAK_SPEED), "--stdout", text],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise AudioError(f"espeak-ng failed to run ({e}).") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise AudioError(f"espeak-ng could not speak the sentence ({detail}).")
    import soundfile as sf

    try:
        data, rate = sf.read(io.BytesIO(done.stdout), dtype="float32", always_2d=True)
    except Exception as e:
        raise AudioError(f"espeak-ng's output could not be read ({e}).") from None
    return to_mono_16k(data, int(rate))
