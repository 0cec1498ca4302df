"""The desktop bundle: build.spec builds a one-folder PyInstaller app whose ``--self-test``
passes without Python, a microphone or a display, and the folder stays under 1.2 GB."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINT = ROOT / "assets" / "checkpoints" / "ds2-ko-ipa.pt"
SAMPLE = json.loads((ROOT / "assets" / "samples" / "sample.json").read_text(encoding="utf-8"))
MAX_BYTES = 1_200_000_000  # 1.2 GB
BUILD_TIMEOUT = 45 * 60

needs_checkpoint = pytest.mark.skipif(
    not CHECKPOINT.is_file(), reason=f"the default checkpoint {CHECKPOINT.relative_to(ROOT)} is missing"
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )


def folder_bytes(folder: Path) -> int:
    """What ``du`` counts: every file once, links not followed."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(dirpath, name)
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def check_report(out: str) -> None:
    assert "SpeechFeedback self-test" in out
    assert SAMPLE["sentence"] in out
    assert re.search(r"^\s+heard IPA\s+\S", out, re.M), out
    score = re.search(r"^\s+score\s+(\d+\.\d)", out, re.M)
    assert score and 0.0 <= float(score.group(1)) <= 100.0, out
    assert re.search(r"^\s+reliable\s+(yes|no)", out, re.M), out
    assert re.search(r"^\s+time taken\s+\d+\.\d+ s to assess", out, re.M), out
    assert re.search(r"window visible \d+\.\d+ s after", out), out
    assert re.search(r"^self-test passed in \d+\.\d+ s$", out, re.M), out


@needs_checkpoint
def test_self_test_from_source():
    r = _run([sys.executable, "-m", "app", "--self-test"], timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    check_report(r.stdout)


@pytest.mark.slow
@needs_checkpoint
def test_bundle_builds_runs_self_test_and_fits(tmp_path):
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyinstaller"], check=True)
    dist, work = tmp_path / "dist", tmp_path / "build"
    pyinstaller = [sys.executable, "-m", "PyInstaller", "--noconfirm"]
    paths = ["--distpath", str(dist), "--workpath", str(work)]
    build = _run([*pyinstaller, *paths, str(ROOT / "build.spec")], timeout=BUILD_TIMEOUT)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-6000:]

    folder = dist / "SpeechFeedback"
    exe = folder / ("SpeechFeedback.exe" if sys.platform == "win32" else "SpeechFeedback")
    assert exe.is_file()
    size = folder_bytes(folder)
    print(f"bundle: {size / 1e6:.0f} MB")
    assert size <= MAX_BYTES, f"the bundle is {size / 1e9:.2f} GB, more than 1.2 GB"
    # nothing that must not ship
    internal = folder / "_internal"
    assert not (internal / "training").exists() and not (internal / "tests").exists()
    assert not list(internal.rglob("libQt6Quick*")) and not list(internal.rglob("libQt6WebEngine*"))
    assert not list(internal.rglob("*torch_cuda*"))

    r = _run([str(exe), "--self-test"], timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    check_report(r.stdout)
    assert "_internal" in r.stdout  # the bundled checkpoint, not the repository's

    bad = _run([str(exe), "--self-test", "--checkpoint", str(tmp_path / "missing.pt")], timeout=300)
    assert bad.returncode == 1
    lines = [ln for ln in bad.stderr.splitlines() if ln.startswith("self-test failed:")]
    assert len(lines) == 1 and "missing.pt" in lines[0], bad.stderr
