import numpy as np
import pytest
import soundfile as sf

from model.audio import SAMPLE_RATE, AudioCheck, AudioError, check_audio, load_audio, to_mono_16k


def tone(seconds=1.0, rate=SAMPLE_RATE, freq=440.0, amp=0.5):
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize(
    "fmt,ext,subtype,tol",
    [("WAV", "wav", "PCM_16", 1e-3), ("FLAC", "flac", "PCM_16", 1e-3), ("OGG", "ogg", "VORBIS", 0.1)],
)
def test_load_formats(tmp_path, fmt, ext, subtype, tol):
    x = tone()
    path = tmp_path / f"a.{ext}"
    sf.write(path, x, SAMPLE_RATE, format=fmt, subtype=subtype)
    y = load_audio(path)
    assert y.dtype == np.float32 and y.ndim == 1
    assert abs(y.size - x.size) < 2000
    n = min(x.size, y.size)
    assert np.sqrt(np.mean((y[:n] - x[:n]) ** 2)) < tol


def test_load_mp3(tmp_path):
    if "MP3" not in sf.available_formats():
        pytest.skip("this libsndfile cannot write MP3")
    path = tmp_path / "a.mp3"
    try:
        sf.write(path, tone(), SAMPLE_RATE, format="MP3", subtype="MPEG_LAYER_III")
    except Exception as e:  # pragma: no cover - depends on the libsndfile build
        pytest.skip(f"this libsndfile cannot write MP3: {e}")
    y = load_audio(path)
    assert y.dtype == np.float32 and abs(y.size - SAMPLE_RATE) < 3000
    # a 440 Hz tone survives: its spectrum peaks at 440 Hz
    spec = np.abs(np.fft.rfft(y[2000:14000]))
    assert abs(np.argmax(spec) * SAMPLE_RATE / 12000 - 440) < 5


def test_load_pcm(tmp_path):
    x = tone()
    path = tmp_path / "KsponSpeech_000001.pcm"
    (np.round(x * 32767).astype("<i2")).tofile(path)
    y = load_audio(path)
    assert y.size == x.size
    np.testing.assert_allclose(y, x, atol=1e-4)


@pytest.mark.parametrize("rate", [8000, 44100])
def test_resample(tmp_path, rate):
    path = tmp_path / "a.wav"
    sf.write(path, tone(rate=rate, freq=300), rate, subtype="FLOAT")
    y = load_audio(path)
    assert abs(y.size - SAMPLE_RATE) <= 1
    spec = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spec) * SAMPLE_RATE / y.size - 300) < 2


def test_stereo_to_mono(tmp_path):
    x = tone()
    path = tmp_path / "s.wav"
    sf.write(path, np.stack([x, np.zeros_like(x)], axis=1), SAMPLE_RATE, subtype="FLOAT")
    np.testing.assert_allclose(load_audio(path), x / 2, atol=1e-6)


def test_to_mono_16k_int_and_shape():
    x = (tone() * 32767).astype(np.int16)
    y = to_mono_16k(x, SAMPLE_RATE)
    assert y.dtype == np.float32 and np.abs(y).max() <= 1.0
    np.testing.assert_allclose(y, tone(), atol=1e-4)
    with pytest.raises(AudioError):
        to_mono_16k(np.zeros((2, 2, 2)), SAMPLE_RATE)


@pytest.mark.parametrize("content", [b"", b"RIFF\x00\x00garbage" * 10, b"\x00"])
@pytest.mark.parametrize("ext", ["wav", "flac", "pcm"])
def test_corrupt_or_empty(tmp_path, content, ext):
    path = tmp_path / f"bad.{ext}"
    path.write_bytes(content)
    if ext == "pcm" and len(content) >= 2:
        return  # any bytes are valid headerless PCM
    with pytest.raises(AudioError) as e:
        load_audio(path)
    assert str(path) in str(e.value)


def test_empty_wav(tmp_path):
    path = tmp_path / "e.wav"
    sf.write(path, np.zeros(0, dtype=np.float32), SAMPLE_RATE)
    with pytest.raises(AudioError, match="empty"):
        load_audio(path)


def test_missing(tmp_path):
    with pytest.raises(AudioError, match="not found"):
        load_audio(tmp_path / "nope.wav")


def test_check_ok():
    c = check_audio(tone(2.0))
    assert isinstance(c, AudioCheck) and c.problems == () and c.ok
    assert c.duration == pytest.approx(2.0)
    assert c.peak == pytest.approx(0.5, abs=1e-3)
    assert c.rms_db == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.1)
    assert c.clipped_fraction == 0.0


@pytest.mark.parametrize(
    "wave,match",
    [
        (np.zeros(0, np.float32), "empty"),
        (tone(0.2), "too short"),
        (tone(61.0), "too long"),
        (np.zeros(SAMPLE_RATE, np.float32), "No speech"),
        (tone(1.0, amp=1e-4), "No speech"),
    ],
)
def test_check_fatal(wave, match):
    with pytest.raises(AudioError, match=match):
        check_audio(wave)


def test_check_max_seconds():
    with pytest.raises(AudioError, match="too long"):
        check_audio(tone(3.0), max_seconds=2.0)


def test_check_clipping_warns():
    x = np.clip(tone(1.0, amp=2.0), -1, 1)
    c = check_audio(x)
    assert c.clipped_fraction > 0.1
    assert any("clipped" in p for p in c.problems)


def test_check_quiet_warns():
    c = check_audio(tone(1.0, amp=0.01))
    assert any("quiet" in p for p in c.problems)
