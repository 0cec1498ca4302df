"""Atomic writes: the file appears whole, with the mode open() would give it, and the umask is left alone."""

from __future__ import annotations

import os
import stat

from model import files


def test_atomic_write_gives_the_ordinary_mode_without_touching_the_umask(tmp_path, monkeypatch):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")  # what open() gives a new file under this process's umask
    calls = []
    real_umask = os.umask
    monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or real_umask(mask))
    files.atomic_write_text(tmp_path / "a.txt", "한국어")
    assert calls == [], "atomic writes must not set the process-wide umask (other threads create files)"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "한국어"
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
