"""Colours and fonts shared by the widgets: one place decides what green, amber and red mean."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

GREEN = "#2e9d4f"
AMBER = "#e0950f"
RED = "#d64541"
NEUTRAL = "#8a94a6"
INSERTED = "#8e44ad"
GOOD_SCORE = 75.0  # a phone or syllable scoring at least this is green
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


def syllable_color(ok: bool, score: float, reliable: bool = True) -> str:
    """A syllable's colour: by its score, but the verdict decides right or wrong — a syllable
    judged right is at worst amber (unsure), one holding an error at best amber (close)."""
    color = score_color(score, reliable)
    if (ok and color == RED) or (not ok and color == GREEN):
        return AMBER
    return color


def verdict_color(verdict: str, score: float, reliable: bool = True) -> str:
    """A phone's colour: deleted is red, a substitution red or amber by its score, a correct
    phone green (amber when the recogniser was unsure); grey when the result is unreliable."""
    if not reliable:
        return NEUTRAL
    if verdict == "deleted":
        return RED
    if verdict == "substituted":
        return AMBER if score >= FAIR_SCORE else RED
    return GREEN if score >= FAIR_SCORE + 10 else AMBER


def tint(color: str, alpha: int = 40) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c
