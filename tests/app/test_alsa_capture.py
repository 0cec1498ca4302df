"""Record through real sounddevice/PortAudio from an ALSA file-capture device, then assess.

PortAudio reads the ALSA configuration when it initialises (when sounddevice is imported),
so this runs in a subprocess whose HOME holds an ``.asoundrc`` that makes the default
capture device read a raw 16 kHz S16_LE mono file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model.audio import SAMPLE_RATE

ROOT = Path(__file__).resolve().parents[2]

ASOUNDRC = """
pcm.cap {{
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "{raw}"
    format "raw"
}}
pcm.!default {{
    type plug
    slave {{
        pcm "cap"
        format S16_LE
        rate 16000
        channels 1
    }}
}}
"""

SCRIPT = r"""
import json, sys
import numpy as np
import torch
torch.set_num_threads(1)
from PySide6.QtCore import QCoreApplication, QTimer
from app.recorder import Recorder, list_input_devices
from model.assess import Assessor
from model.acoustic.recognizer import Recognizer
from tests.app.conftest import SENTENCE, tiny_bundle

app = QCoreApplication([])
out = {"devices": list_input_devices()}
rec = Recorder(silence_seconds=0.8, max_seconds=6.0)
def done(audio):
    out["samples"] = int(audio.size)
    out["peak"] = float(np.abs(audio).max()) if audio.size else 0.0
    a = Assessor(Recognizer(tiny_bundle(), device="cpu")).assess(audio, SENTENCE)
    out["phones"] = len(a.phones)
    out["score"] = a.score
    app.quit()
def failed(msg):
    out["error"] = msg
    app.quit()
rec.finished.connect(done)
rec.failed.connect(failed)
QTimer.singleShot(30000, app.quit)
rec.start()
app.exec()
print(json.dumps(out))
"""


@pytest.mark.slow
def test_record_from_alsa_file_device(tmp_path, speech):
    try:
        import sounddevice  # noqa: F401
    except OSError:
        pytest.skip("PortAudio is not installed")
    raw = tmp_path / "in.raw"
    x = np.concatenate(
        [np.zeros(int(0.3 * SAMPLE_RATE), np.float32), speech, np.zeros(2 * SAMPLE_RATE, np.float32)]
    )
    (np.clip(x, -1, 1) * 32767).astype("<i2").tofile(raw)
    (tmp_path / ".asoundrc").write_text(ASOUNDRC.format(raw=raw))
    env = dict(os.environ, HOME=str(tmp_path), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in out, out
    assert out["devices"], "the ALSA default device should be listed as an input"
    assert out["samples"] > 0.5 * speech.size and out["peak"] > 0.05
    assert out["phones"] > 0
