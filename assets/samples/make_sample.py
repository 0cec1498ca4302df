"""Regenerate the bundled self-test recording (from the repository root)::

    .venv/bin/python assets/samples/make_sample.py

espeak-ng reads the *pronounced* form of a lesson sentence (what a learner should say), and
the project's own audio code turns it into 16 kHz mono 16-bit PCM (``sample.wav``); the
sentence goes beside it in ``sample.json``. Needs espeak-ng (Debian package ``espeak-ng``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SENTENCE = "정말 감사합니다."  # assets/sentences/04-nasalisation.tsv
LESSON = "04-nasalisation.tsv"
SPEED = 140  # words per minute, as app.player's reference voice


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import soundfile as sf

    from model.assess import pronunciation_of
    from model.audio import to_mono_16k

    pron = pronunciation_of(SENTENCE)
    spoken = pron.pronounced
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", str(SPEED), "-w", str(raw), spoken], check=True)
        data, rate = sf.read(str(raw), dtype="int16", always_2d=False)
    audio = to_mono_16k(data, rate)
    sf.write(str(HERE / "sample.wav"), audio, 16000, subtype="PCM_16")
    meta = {
        "sentence": SENTENCE,
        "pronounced": spoken,
        "lesson": LESSON,
        "source": f"espeak-ng -v ko -s {SPEED} (pronounced form), resampled by model.audio.to_mono_16k",
        "seconds": round(audio.size / 16000, 3),
    }
    (HERE / "sample.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{HERE / 'sample.wav'}: {meta['seconds']} s, [{spoken}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
