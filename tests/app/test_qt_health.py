"""The reference leak that aborted the app (PySide6-Essentials 6.12.0 on Python 3.11): guarded twice.

The refcount test makes 10,000 Qt calls of the kinds the app makes and fails if ``None`` loses a
reference on them; the soak test drives the real main window through 300 assess–paint–click
cycles (long recordings and both languages included) in a subprocess, which a leaking binding
aborts (``Fatal Python error: none_dealloc``). Both fail on 6.12.0 with Python 3.11.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_qt_calls_keep_none_alive(qapp):
    from app.qt_health import CALLS, check_none_refcount

    result = check_none_refcount()
    assert result.calls == CALLS
    assert result.ok, result.message()
    assert "no reference to None lost" in result.message()


def test_a_leaking_binding_is_named_with_the_fix():
    from app.qt_health import RefcountCheck

    leaking = RefcountCheck(10_000, -10_000, "PySide6 6.12.0 on Python 3.11.7")
    assert not leaking.ok
    assert "PySide6 6.12.0" in leaking.message() and "PySide6-Essentials<6.12" in leaking.message()


@pytest.mark.slow
def test_main_window_survives_300_cycles_of_use():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    done = subprocess.run(
        [sys.executable, "-m", "tests.app.soak", "--cycles", "300"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    tail = (done.stdout + done.stderr)[-3000:]
    assert done.returncode == 0, f"the soak run died (exit {done.returncode}):\n{tail}"
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("soak: 300 cycles"), tail
    drift = int(last.rsplit(" ", 1)[1])
    assert drift > -1000, f"None lost {-drift} references over the run: a leaking Qt binding\n{tail}"
