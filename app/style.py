"""Colours and fonts shared by the widgets: one place decides what green, amber and red mean.

Phones and syllables take the colour of their verdict only (decided and calibrated in
:mod:`model.assess.decide`: right, not sure, wrong, not judged); the app never re-decides them
from raw scores."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

GREEN = "#2e9d4f"
AMBER = "#e0950f"
RED = "#d64541"
NEUTRAL = "#8a94a6"
INSERTED = "#8e44ad"
GOOD_SCORE = 75.0  # a sentence score (the numbers above the result) at least this is green
FAIR_SCORE = 50.0  # at least this is amber, below is red

HANGUL_FAMILIES = ["NanumGothic", "Nanum Gothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                   "Malgun Gothic", "Apple SD Gothic Neo", "UnDotum", "Baekmuk Gulim"]  # fmt: skip


def hangul_font(point_size: float = 11.0, bold: bool = False) -> QFont:
    """The app's font: NanumGothic when installed, else another Korean font the system has."""
    font = QFont()
    font.setFamilies(HANGUL_FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def score_color(score: float, reliable: bool = True) -> str:
    if not reliable:
        return NEUTRAL
    if score >= GOOD_SCORE:
        return GREEN
    if score >= FAIR_SCORE:
        return AMBER
    return RED


VERDICT_COLORS = {"correct": GREEN, "unsure": AMBER, "substituted": RED, "deleted": RED}


def syllable_color(ok: bool, unsure: bool = False, reliable: bool = True) -> str:
    """A syllable's colour is its verdict: green right, amber not sure, red holding an error, grey
    not judged. (Its GOP score is not asked again: on an unfamiliar voice it says more about the
    model than about the speaker, and the calibrated verdict has already weighed it.)"""
    if not reliable:
        return NEUTRAL
    return RED if not ok else AMBER if unsure else GREEN


def verdict_color(verdict: str, reliable: bool = True) -> str:
    """A phone's colour is its verdict (see :data:`VERDICT_COLORS`); grey when not judged."""
    return VERDICT_COLORS.get(verdict, RED) if reliable else NEUTRAL


def tint(color: str, alpha: int = 40) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c
