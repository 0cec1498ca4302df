"""Where the shipped files are: ``assets/`` of the repository, or of the PyInstaller bundle
(``sys._MEIPASS``), found in one place for the recogniser, the lessons and the self-test."""

from __future__ import annotations

import sys
from pathlib import Path


def root() -> Path:
    """The folder that holds ``assets/``: the bundle's unpack folder, or the repository."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parents[1]


def asset(*parts: str) -> Path:
    """``assets/<parts>``, e.g. ``asset("checkpoints", "ds2-ko-ipa.pt")``."""
    return root().joinpath("assets", *parts)
