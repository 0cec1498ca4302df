"""Headless rendering: ``python -m app --screenshot``; Hangul really renders with the app's font."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.style import hangul_font

from .conftest import SENTENCE

ROOT = Path(__file__).resolve().parents[2]


def run_app(*args, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_screenshot_png(tmp_path, speech_wav, tiny_checkpoint):
    out = tmp_path / "result.png"
    done = run_app(
        "--sentence", SENTENCE, "--audio", str(speech_wav), "--screenshot", str(out),
        "--checkpoint", str(tiny_checkpoint), "--device", "cpu", tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 20_000
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 1000 and image.height() >= 800
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
    assert len(colours) > 20  # a real window, not a blank page


def test_screenshot_failure_is_one_line(tmp_path, tiny_checkpoint):
    done = run_app(
        "--sentence", SENTENCE, "--audio", str(tmp_path / "missing.wav"), "--screenshot", str(tmp_path / "x.png"),
        "--checkpoint", str(tiny_checkpoint), "--device", "cpu", tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "missing.wav" in lines[0]
    assert not (tmp_path / "x.png").exists()


def render(text: str) -> QImage:
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setFont(hangul_font(28))
    p.setPen(QColor("black"))
    p.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return image


def test_hangul_renders_with_app_font(qapp):
    hangul = render("국")
    missing = render("\uffff")
    other = render("말")
    assert hangul != missing
    assert hangul != other  # distinct glyphs, not the same fallback box
    ink = sum(1 for x in range(120) for y in range(60) if QColor(hangul.pixel(x, y)).lightness() < 128)
    assert ink > 50
