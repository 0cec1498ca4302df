"""Articulation diagrams: where the tongue, lips and air go for every phone.

A parametric mid-sagittal (side) view of the vocal tract, facing left (lips on the left),
drawn from a phone's features in :mod:`model.phones` — so a new phone gets a picture
without anyone drawing it, and a feature value the geometry does not know raises
:class:`ArticulationError` instead of drawing something wrong.

Three layers, each usable on its own:

- :func:`articulation_for` turns a phone into an :class:`Articulation`: the geometry as
  data (tongue control points, jaw, lips, velum, glottis, markers). :func:`interpolate`
  blends two of them, so the app can animate a transition.
- :func:`shapes` turns an :class:`Articulation` into a list of :class:`Shape` (point
  lists with a style name from :data:`STYLES`, in a ``CANVAS`` x ``CANVAS`` frame) that
  the app can draw with QPainter exactly as the SVG draws them.
- :func:`svg_for`, :func:`comparison_svg` and :func:`caption` are what a learner sees.

``python -m model.articulation --out assets/articulation`` regenerates one SVG per phone
and a contact sheet ``sheet.svg``. No Qt here: stdlib only.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
from dataclasses import dataclass, fields
from functools import cache
from html import escape
from pathlib import Path

from model.errors import command
from model.files import atomic_write_text
from model.phones import PHONES, Phone, phone

Point = tuple[float, float]

CANVAS = 200.0  # every shape lives in a CANVAS x CANVAS frame (SVG user units)
FONT_FAMILY = "NanumGothic, sans-serif"
TONGUE_POINTS = 8  # tip, blade, front, dorsum, back, upper root, root, base


class ArticulationError(ValueError):
    """A phone has a feature value the diagram geometry does not know how to draw."""


# ---------------------------------------------------------------------------------------------
# Fixed anatomy (jaw closed). x grows to the right (towards the back of the head), y down.

JAW_PIVOT: Point = (150.0, 66.0)  # the jaw rotates about the condyle, in front of the ear

UPPER_INCISOR: tuple[Point, ...] = (
    (51.0, 80.0), (48.5, 86.0), (46.0, 95.0), (44.8, 102.5), (45.6, 104.2), (47.6, 103.8), (51.0, 97.0), (55.5, 89.0),
    (56.5, 82.0),
)  # fmt: skip
LOWER_INCISOR: tuple[Point, ...] = (
    (50.0, 124.0), (48.2, 114.0), (47.6, 105.0), (48.6, 100.2), (50.4, 100.0), (52.6, 104.0), (55.8, 113.0),
    (56.0, 123.0),
)  # fmt: skip

# the roof of the mouth, front to back: gum behind the upper teeth, alveolar ridge, hard palate
ORAL_ROOF: tuple[Point, ...] = (
    (55.5, 90.0), (58.0, 87.5), (61.5, 86.3), (65.0, 84.3), (69.0, 80.0), (75.0, 75.5), (84.0, 72.2), (96.0, 70.6),
    (107.0, 70.6), (118.0, 72.0), (124.0, 73.0),
)  # fmt: skip
NASAL_FLOOR: tuple[Point, ...] = ((126.0, 67.0), (110.0, 64.0), (86.0, 64.5), (62.0, 67.0), (50.0, 70.0))
ALVEOLAR_RIDGE_X = 61.0  # where ㄷ ㄴ ㄹ put the tongue tip
POSTALVEOLAR_X = (70.0, 84.0)  # where ㅈ ㅊ ㅉ put the tongue blade
VELAR_X = 127.0  # where ㄱ ㅋ ㄲ ㅇ put the back of the tongue

# the soft palate as a thick curve from the end of the hard palate; raised it closes the
# passage to the nose against the back wall of the pharynx, lowered it hangs down
VELUM_RAISED: tuple[Point, ...] = ((121.0, 70.0), (130.0, 69.0), (138.0, 67.5), (143.5, 69.5), (142.5, 75.0))
VELUM_LOWERED: tuple[Point, ...] = ((121.0, 70.0), (128.0, 73.5), (133.0, 80.0), (135.0, 88.0), (134.5, 95.0))
VELUM_THICKNESS: tuple[float, ...] = (7.0, 8.0, 8.0, 6.0, 3.5)

PHARYNX_WALL: tuple[Point, ...] = (
    (136.0, 50.0),
    (143.0, 54.0),
    (147.0, 62.0),
    (148.0, 100.0),
    (146.0, 140.0),
    (144.0, 200.0),
)
NASAL_CEILING: tuple[Point, ...] = (
    (37.0, 77.5), (37.5, 71.0), (44.0, 62.0), (56.0, 57.0), (74.0, 54.0), (96.0, 52.0), (118.0, 50.0), (136.0, 50.0),
)  # fmt: skip
LARYNX_FRONT: tuple[Point, ...] = ((128.0, 154.0), (130.0, 170.0), (131.0, 200.0))
SPINE_X = 151.0  # cervical vertebrae behind the pharynx
GLOTTIS_Y = 177.0
EPIGLOTTIS: tuple[Point, ...] = (
    (128.0, 153.0),
    (131.0, 140.0),
    (137.0, 128.0),
    (139.5, 129.0),
    (135.0, 143.0),
    (131.0, 155.0),
)
# floor of the mouth from behind the lower teeth to the vallecula (moves with the jaw)
MOUTH_FLOOR: tuple[Point, ...] = (
    (55.0, 114.0),
    (60.0, 122.0),
    (76.0, 130.0),
    (100.0, 136.0),
    (118.0, 145.0),
    (125.0, 150.0),
)

FACE_UPPER: tuple[Point, ...] = (
    (58.0, 0.0), (54.0, 18.0), (55.0, 32.0), (50.0, 44.0), (40.0, 58.0), (31.0, 70.0), (30.5, 74.5), (34.0, 78.0),
    (40.0, 78.5), (46.0, 80.5), (47.0, 84.0),
)  # fmt: skip
FACE_LOWER: tuple[Point, ...] = (
    (44.0, 119.0),
    (40.0, 125.0),
    (39.0, 136.0),
    (44.0, 146.0),
    (60.0, 151.0),
)  # moves with the jaw
NECK: tuple[Point, ...] = ((84.0, 154.0), (106.0, 160.0), (116.0, 170.0), (117.0, 186.0), (116.0, 200.0))
BACK_CUT = 170.0  # the head is cut off behind the pharynx

# lips at rest: the upper lip hangs from under the nose, the lower lip sits on the jaw
UPPER_LIP_FRONT: tuple[Point, ...] = ((45.5, 89.0), (39.5, 93.0), (36.0, 98.0))
UPPER_LIP_EDGE: Point = (38.0, 103.0)
UPPER_LIP_BACK: tuple[Point, ...] = ((44.0, 103.2), (46.0, 98.0), (47.0, 91.0))
LOWER_LIP_EDGE: Point = (38.0, 104.2)
LOWER_LIP_FRONT: tuple[Point, ...] = ((35.0, 109.0), (37.0, 115.5), (44.0, 119.0))
LOWER_LIP_BACK: tuple[Point, ...] = ((46.5, 114.0), (46.5, 108.0), (44.0, 104.4))

# front view of the lips: a small inset under the chin
LIPS_INSET_CENTER: Point = (26.0, 182.0)
LIPS_INSET_BOX: tuple[float, float, float, float] = (2.0, 166.0, 48.0, 32.0)  # x, y, w, h

# ---------------------------------------------------------------------------------------------
# Tongue postures: TONGUE_POINTS control points each, tip first, jaw closed. Vowels are a
# bilinear blend of the four corner vowels; consonants start from REST and move one part.

REST: tuple[Point, ...] = (
    (56.0, 104.0), (64.0, 98.0), (76.0, 92.0), (93.0, 88.0), (112.0, 88.5), (127.0, 97.0), (133.0, 118.0),
    (127.0, 146.0),
)  # fmt: skip
HIGH_FRONT: tuple[Point, ...] = (
    (55.0, 103.0), (61.0, 94.0), (70.0, 84.5), (86.0, 78.0), (104.0, 80.0), (119.0, 92.0), (125.0, 116.0),
    (124.0, 146.0),
)  # fmt: skip
HIGH_BACK: tuple[Point, ...] = (
    (58.0, 106.0), (67.0, 101.0), (80.0, 93.0), (98.0, 84.0), (116.0, 79.0), (131.0, 84.0), (136.0, 110.0),
    (128.0, 146.0),
)  # fmt: skip
LOW_FRONT: tuple[Point, ...] = (
    (56.0, 104.0), (64.0, 99.0), (76.0, 95.0), (92.0, 93.0), (110.0, 95.0), (126.0, 104.0), (134.0, 120.0),
    (127.0, 146.0),
)  # fmt: skip
LOW_BACK: tuple[Point, ...] = (
    (58.0, 105.0), (67.0, 101.0), (80.0, 98.0), (97.0, 96.0), (115.0, 96.0), (132.0, 102.0), (140.0, 120.0),
    (130.0, 146.0),
)  # fmt: skip

HEIGHT = {"high": 0.0, "mid": 0.5, "low": 1.0}  # how far from the high corner vowels
BACKNESS = {"front": 0.0, "central": 0.5, "back": 1.0}
JAW_FOR_HEIGHT = {"high": 2.0, "mid": 6.0, "low": 11.0}  # jaw opening in degrees
JAW_CONSONANT = 2.0
PLACES = ("bilabial", "alveolar", "alveolo-palatal", "velar", "glottal")
MANNERS = ("stop", "affricate", "fricative", "nasal", "tap", "lateral")
PHONATIONS = ("lenis", "aspirated", "tense", "voiced")
GLOTTIS_FOR = {"lenis": 0.55, "aspirated": 1.0, "tense": 0.0, "voiced": 0.12}
LIP_WIDTH = {"spread": 40.0, "neutral": 34.0, "rounded": 20.0}
MARKERS = (
    "voiced",
    "aspirated",
    "tense",
    "nasal_airflow",
    "friction",
    "lateral",
    "tap",
    "open_glottis",
    "glide",
)


@dataclass(frozen=True)
class Articulation:
    """The geometry of one phone as data; every length is in CANVAS units.

    ``tongue`` holds TONGUE_POINTS control points of the tongue's upper surface, tip
    first, already placed for the jaw; the drawn outline is a Catmull-Rom curve through
    them. The boolean fields are the markers a learner needs (see :attr:`markers`).
    """

    symbol: str
    tongue: tuple[Point, ...]
    jaw: float = JAW_CONSONANT  # jaw opening, degrees
    lip_aperture: float = 2.0  # vertical gap between the lips (0 = closed)
    lip_protrusion: float = 0.0  # how far the lips push forward
    lip_width: float = LIP_WIDTH["neutral"]  # mouth width in the front view
    velum_lowered: float = 0.0  # 0 = raised (air only through the mouth), 1 = lowered (nose open)
    glottis: float = 0.12  # opening of the vocal folds: 0 = pressed shut, 1 = wide open
    voiced: bool = False  # vocal folds vibrate
    aspirated: bool = False  # a puff of air on release (ㅍ ㅌ ㅋ ㅊ)
    tense: bool = False  # tight glottis, tense throat (ㅃ ㄸ ㄲ ㅆ ㅉ)
    nasal_airflow: bool = False  # air through the nose
    friction: bool = False  # air hisses through a narrow gap
    lateral: bool = False  # tongue tip held, air around its sides
    tap: bool = False  # tongue tip flicks the ridge once
    open_glottis: bool = False  # breath straight through an open glottis (ㅎ)
    glide: bool = False  # the tongue moves on quickly to the next vowel (j w ɰ)
    constriction: Point | None = None  # where the air is stopped or squeezed in the mouth, if anywhere

    @property
    def markers(self) -> frozenset[str]:
        """Names of the markers this articulation shows."""
        return frozenset(m for m in MARKERS if getattr(self, m))

    @property
    def lip_shape(self) -> str:
        """'closed', 'rounded', 'spread' or 'neutral' — what the front view shows."""
        if self.lip_aperture < 0.75:
            return "closed"
        if self.lip_width <= (LIP_WIDTH["rounded"] + LIP_WIDTH["neutral"]) / 2:
            return "rounded"
        if self.lip_width >= (LIP_WIDTH["spread"] + LIP_WIDTH["neutral"]) / 2:
            return "spread"
        return "neutral"


# ---------------------------------------------------------------------------------------------
# small geometry


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _lerp_pt(a: Point, b: Point, t: float) -> Point:
    return (_lerp(a[0], b[0], t), _lerp(a[1], b[1], t))


def _lerp_pts(a, b, t: float) -> tuple[Point, ...]:
    return tuple(_lerp_pt(p, q, t) for p, q in zip(a, b, strict=True))


def _rotate(p: Point, degrees: float, pivot: Point = JAW_PIVOT) -> Point:
    """Rotate about the jaw pivot; a positive angle opens the jaw (front goes down)."""
    a = math.radians(-degrees)
    dx, dy = p[0] - pivot[0], p[1] - pivot[1]
    return (pivot[0] + dx * math.cos(a) - dy * math.sin(a), pivot[1] + dx * math.sin(a) + dy * math.cos(a))


def _jaw(points, degrees: float) -> tuple[Point, ...]:
    return tuple(_rotate(p, degrees) for p in points)


def catmull_rom(points, samples: int = 8, closed: bool = False) -> tuple[Point, ...]:
    """A smooth curve through ``points`` (uniform Catmull-Rom), ``samples`` per span."""
    pts = list(points)
    if len(pts) < 3:
        return tuple(pts)
    n = len(pts)
    ext = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    spans = n if closed else n - 1
    out: list[Point] = []
    for i in range(spans):
        p0, p1, p2, p3 = ext[i], ext[i + 1], ext[i + 2], ext[i + 3]
        for s in range(samples):
            t = s / samples
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in (0, 1)
                )  # fmt: skip
            )
    if not closed:
        out.append(pts[-1])
    return tuple(out)


def _thick(center, widths, samples: int = 6) -> tuple[Point, ...]:
    """A closed outline around a smooth centre line whose width tapers as given."""
    line = catmull_rom(center, samples)
    ws = []
    for i in range(len(center) - 1):
        for s in range(samples):
            ws.append(_lerp(widths[i], widths[i + 1], s / samples))
    ws.append(widths[-1])
    left, right = [], []
    for i, (x, y) in enumerate(line):
        a, b = line[max(i - 1, 0)], line[min(i + 1, len(line) - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm, dx / norm
        h = ws[i] / 2
        left.append((x + nx * h, y + ny * h))
        right.append((x - nx * h, y - ny * h))
    return tuple(left + right[::-1])


def _y_at(curve, x: float) -> float:
    """The y of a polyline at x (the polyline runs monotonically in x, either way)."""
    pts = sorted(curve)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else _lerp(y0, y1, (x - x0) / (x1 - x0))
    return pts[0][1] if x < pts[0][0] else pts[-1][1]


def _velum_center(lowered: float) -> tuple[Point, ...]:
    return _lerp_pts(VELUM_RAISED, VELUM_LOWERED, lowered)


def roof_y(x: float, velum_lowered: float = 0.0) -> float:
    """Height of the roof of the mouth at x: hard palate, then the underside of the velum."""
    if x <= ORAL_ROOF[-1][0]:
        return _y_at(catmull_rom(ORAL_ROOF), x)
    outline = _thick(_velum_center(velum_lowered), VELUM_THICKNESS)
    half = len(outline) // 2
    under = outline[half:]  # the right-hand offset runs along the lower, oral side
    below = [p for p in under if abs(p[0] - x) < 3.0]
    if not below:
        return _y_at(catmull_rom(ORAL_ROOF), x)
    return max(p[1] for p in below)


# ---------------------------------------------------------------------------------------------
# features → Articulation


JAW_SHARE = (1.0, 1.0, 0.8, 0.5, 0.35, 0.2, 0.0, 0.0)  # how much each tongue point rides on the jaw
FLOOR_SHARE = (1.0, 1.0, 0.9, 0.6, 0.3, 0.1)  # the same for MOUTH_FLOOR


def _floor(jaw: float) -> tuple[Point, ...]:
    return tuple(_lerp_pt(p, _rotate(p, jaw), s) for p, s in zip(MOUTH_FLOOR, FLOOR_SHARE))


def _vowel_tongue(height: str, backness: str, jaw: float) -> tuple[Point, ...]:
    try:
        h, b = HEIGHT[height], BACKNESS[backness]
    except KeyError:
        raise ArticulationError(
            f"no tongue posture for a vowel of height {height!r}, backness {backness!r}"
        ) from None
    high = _lerp_pts(HIGH_FRONT, HIGH_BACK, b)
    low = _lerp_pts(LOW_FRONT, LOW_BACK, b)
    tongue = _lerp_pts(high, low, h)
    # the tip and blade ride on the jaw; the body follows it by half; the root stays
    return tuple(_lerp_pt(p, _rotate(p, jaw), s) for p, s in zip(tongue, JAW_SHARE))


def _with(points, **moved: Point) -> tuple[Point, ...]:
    names = ("tip", "blade", "front", "dorsum", "back", "upper_root", "root", "base")
    pts = list(points)
    for name, p in moved.items():
        pts[names.index(name)] = p
    return tuple(pts)


def _consonant_tongue(place: str, manner: str, jaw: float, velum: float) -> tuple[Point, ...]:
    rest = tuple(_lerp_pt(p, _rotate(p, jaw), s) for p, s in zip(REST, JAW_SHARE))
    if place in ("bilabial", "glottal"):
        return rest
    if place == "alveolar":
        gap = 3.0 if manner == "fricative" else -0.5  # ㅅ ㅆ leave a narrow slit under the ridge
        x = ALVEOLAR_RIDGE_X
        return _with(
            rest,
            tip=(x - 3.5, roof_y(x - 3.5) + gap + 0.8),
            blade=(x + 3.0, roof_y(x + 3.0) + gap + 0.6),
            front=(x + 12.0, roof_y(x + 12.0) + 6.0 + gap),
            dorsum=(90.0, 86.0),
        )
    if place == "alveolo-palatal":
        x0, x1 = POSTALVEOLAR_X
        return _with(
            rest,
            tip=(55.5, 101.0),
            blade=(x0 - 9.0, roof_y(x0 - 9.0) + 4.0),
            front=(x0, roof_y(x0) - 0.5),
            dorsum=(x1 + 2.0, roof_y(x1 + 2.0) - 0.2),
            back=(106.0, 79.0),
            upper_root=(121.0, 92.0),
        )
    if place == "velar":
        x = VELAR_X
        y = roof_y(x, velum)
        return _with(
            rest,
            front=(78.0, 91.0),
            dorsum=(100.0, roof_y(100.0) + 10.0),
            back=(x - 3.0, y - 0.6),
            upper_root=(x + 8.0, max(y + 9.0, 86.0)),
            root=(136.0, 114.0),
        )
    raise ArticulationError(f"no tongue posture for place of articulation {place!r}")


@cache  # pure function of the phone's features; the assessment asks for the same few often
def articulation_for(symbol: str | Phone) -> Articulation:
    """The articulation of a phone (an inventory symbol, or a :class:`Phone`), from its features."""
    p = symbol if isinstance(symbol, Phone) else phone(symbol)
    if p.kind == "consonant":
        return _consonant(p)
    if p.kind in ("vowel", "glide"):
        return _vowel(p)
    raise ArticulationError(f"{p.symbol!r}: unknown kind of phone {p.kind!r}")


def _consonant(p: Phone) -> Articulation:
    if p.place not in PLACES:
        raise ArticulationError(f"{p.symbol!r}: no diagram for place of articulation {p.place!r}")
    if p.manner not in MANNERS:
        raise ArticulationError(f"{p.symbol!r}: no diagram for manner of articulation {p.manner!r}")
    if p.phonation not in PHONATIONS:
        raise ArticulationError(f"{p.symbol!r}: no diagram for phonation {p.phonation!r}")
    if p.manner in ("tap", "lateral") and p.place != "alveolar":
        raise ArticulationError(
            f"{p.symbol!r}: a {p.manner} is drawn only at the alveolar ridge, not {p.place}"
        )
    if p.place == "glottal" and p.manner != "fricative":
        raise ArticulationError(f"{p.symbol!r}: a glottal {p.manner} has no diagram")
    nasal = p.manner == "nasal"
    velum = 1.0 if nasal else 0.0
    tongue = _consonant_tongue(p.place, p.manner, jaw := JAW_CONSONANT, velum)
    closed_lips = p.place == "bilabial"
    lip_nat = _natural_lip_gap(jaw)
    return Articulation(
        symbol=p.symbol,
        tongue=tongue,
        jaw=jaw,
        lip_aperture=0.0 if closed_lips else lip_nat,
        lip_protrusion=0.0,
        lip_width=LIP_WIDTH["neutral"],
        velum_lowered=velum,
        glottis=1.0 if p.place == "glottal" else GLOTTIS_FOR[p.phonation],
        voiced=p.phonation == "voiced",
        aspirated=p.phonation == "aspirated",
        tense=p.phonation == "tense",
        nasal_airflow=nasal,
        friction=p.manner in ("fricative", "affricate") and p.place != "glottal",
        lateral=p.manner == "lateral",
        tap=p.manner == "tap",
        open_glottis=p.place == "glottal",
        constriction=_constriction(p.place, tongue, velum),
    )


def _constriction(place: str, tongue: tuple[Point, ...], velum: float) -> Point | None:
    if place == "bilabial":
        return (UPPER_LIP_EDGE[0] + 1.0, (UPPER_LIP_EDGE[1] + LOWER_LIP_EDGE[1]) / 2)
    if place == "alveolar":
        x = tongue[0][0] + 1.5
        return (x, roof_y(x) + 0.5)
    if place == "alveolo-palatal":
        x = POSTALVEOLAR_X[0] - 3.0
        return (x, roof_y(x) + 1.0)
    if place == "velar":
        return (VELAR_X, roof_y(VELAR_X, velum) + 0.5)
    return None  # glottal: the constriction is the glottis itself


def _natural_lip_gap(jaw: float) -> float:
    lower = _rotate(LOWER_LIP_EDGE, jaw)
    return max(lower[1] - UPPER_LIP_EDGE[1], 0.0) + 1.0


def _vowel(p: Phone) -> Articulation:
    if p.height not in JAW_FOR_HEIGHT:
        raise ArticulationError(f"{p.symbol!r}: no diagram for vowel height {p.height!r}")
    if p.backness not in BACKNESS:
        raise ArticulationError(f"{p.symbol!r}: no diagram for vowel backness {p.backness!r}")
    if p.rounded not in (True, False):
        raise ArticulationError(f"{p.symbol!r}: rounding must be True or False, not {p.rounded!r}")
    jaw = JAW_FOR_HEIGHT[p.height]
    gap = _natural_lip_gap(jaw)
    if p.rounded:
        width = LIP_WIDTH["rounded"] - (3.0 if p.height == "high" else 0.0)
        aperture, protrusion = max(2.5, gap * 0.45), 6.0 if p.height == "high" else 4.5
    elif p.backness == "front" or p.height == "high":
        width, aperture, protrusion = LIP_WIDTH["spread"], gap, -1.0
    else:
        width, aperture, protrusion = LIP_WIDTH["neutral"], gap, 0.0
    return Articulation(
        symbol=p.symbol,
        tongue=_vowel_tongue(p.height, p.backness, jaw),
        jaw=jaw,
        lip_aperture=aperture,
        lip_protrusion=protrusion,
        lip_width=width,
        velum_lowered=0.0,
        glottis=GLOTTIS_FOR["voiced"],
        voiced=True,
        glide=p.kind == "glide",
    )


def interpolate(a: Articulation, b: Articulation, t: float) -> Articulation:
    """The articulation a fraction ``t`` of the way from ``a`` to ``b`` (0 → a, 1 → b).

    Control points and numbers are blended linearly; markers and the symbol switch at the
    halfway point.
    """
    t = min(max(t, 0.0), 1.0)
    out = {}
    for f in fields(Articulation):
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if f.name == "tongue":
            out[f.name] = _lerp_pts(va, vb, t)
        elif f.name == "constriction":
            out[f.name] = (
                _lerp_pt(va, vb, t) if va is not None and vb is not None else (va if t < 0.5 else vb)
            )
        elif isinstance(va, bool) or isinstance(va, str):
            out[f.name] = va if t < 0.5 else vb
        else:
            out[f.name] = _lerp(va, vb, t)
    return Articulation(**out)


# ---------------------------------------------------------------------------------------------
# Articulation → shapes

STYLES: dict[str, dict[str, object]] = {
    # fill, stroke, stroke width, dash pattern, opacity
    "skin": {"fill": "#f6d9c4", "stroke": "#b98b70", "width": 1.0},
    "air": {"fill": "#ffffff", "stroke": "#c9a48c", "width": 0.8},
    "bone": {"fill": "#efe4cf", "stroke": "#a88f6c", "width": 0.9},
    "flesh": {"fill": "#eaa8a0", "stroke": "#a8605a", "width": 0.9},
    "tongue": {"fill": "#e0707c", "stroke": "#8f2f3e", "width": 1.2},
    "tooth": {"fill": "#fdfdf8", "stroke": "#8c8c84", "width": 0.8},
    "lip": {"fill": "#d9717a", "stroke": "#93404a", "width": 1.0},
    "mouth": {"fill": "#5b1f2b", "stroke": "#5b1f2b", "width": 0.8},
    "fold": {"fill": "#c97a70", "stroke": "#7d3a33", "width": 0.8},
    "fold-tense": {"fill": "#d22a2a", "stroke": "#8a0f0f", "width": 1.2},
    "airflow": {"fill": "none", "stroke": "#1f77d0", "width": 1.6},
    "airflow-head": {"fill": "#1f77d0", "stroke": "#1f77d0", "width": 0.5},
    "airflow-side": {"fill": "none", "stroke": "#1f77d0", "width": 1.4, "dash": "3 2"},
    "airflow-side-head": {"fill": "#1f77d0", "stroke": "#1f77d0", "width": 0.5},
    "puff": {"fill": "#d6ebff", "stroke": "#1f77d0", "width": 1.0},
    "friction": {"fill": "none", "stroke": "#1f77d0", "width": 1.0},
    "voicing": {"fill": "none", "stroke": "#7a3fb0", "width": 1.0},
    "tension": {"fill": "none", "stroke": "#d22a2a", "width": 1.6},
    "tension-head": {"fill": "#d22a2a", "stroke": "#d22a2a", "width": 0.5},
    "motion": {"fill": "none", "stroke": "#e07800", "width": 1.5},
    "motion-head": {"fill": "#e07800", "stroke": "#e07800", "width": 0.5},
    "inset": {"fill": "#f7f7f7", "stroke": "#bbbbbb", "width": 0.8},
    "expected": {"fill": "none", "stroke": "#156b2f", "width": 1.6, "dash": "4 2.5"},
    "expected-lip": {"fill": "none", "stroke": "#156b2f", "width": 1.2, "dash": "3 2"},
}


@dataclass(frozen=True)
class Shape:
    """One thing to draw: a polyline (or polygon when ``closed``) in a :data:`STYLES` style."""

    name: str  # what it depicts: "tongue", "velum", "airflow-nasal", ...
    style: str  # a key of STYLES
    points: tuple[Point, ...]
    closed: bool = True
    marker: str | None = None  # the Articulation marker (see MARKERS) this shape shows, if any

    @property
    def d(self) -> str:
        """The SVG path data for the shape."""
        if not self.points:
            return ""
        parts = [f"M{_f(self.points[0][0])} {_f(self.points[0][1])}"]
        parts += [f"L{_f(x)} {_f(y)}" for x, y in self.points[1:]]
        return " ".join(parts) + (" Z" if self.closed else "")


def _f(v: float) -> str:
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


def _arrow(name: str, style: str, points, samples: int = 6, head: float = 4.0) -> list[Shape]:
    line = catmull_rom(points, samples) if len(points) > 2 else tuple(points)
    (x0, y0), (x1, y1) = line[-2], line[-1]
    a = math.atan2(y1 - y0, x1 - x0)
    tip = (x1 + math.cos(a) * head * 0.6, y1 + math.sin(a) * head * 0.6)
    left = (tip[0] - head * math.cos(a - 0.45), tip[1] - head * math.sin(a - 0.45))
    right = (tip[0] - head * math.cos(a + 0.45), tip[1] - head * math.sin(a + 0.45))
    return [
        Shape(name, style, line, closed=False),
        Shape(name + "-head", style + "-head", (tip, left, right)),
    ]


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 28) -> tuple[Point, ...]:
    return tuple(
        (cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)
    )


def _lips(art: Articulation) -> tuple[tuple[Point, ...], tuple[Point, ...], Point, Point]:
    """Outlines of the upper and lower lip, and their free edges."""
    nat_lower = _rotate(LOWER_LIP_EDGE, art.jaw)
    mid = (UPPER_LIP_EDGE[1] + nat_lower[1]) / 2
    half = art.lip_aperture / 2
    pro = art.lip_protrusion
    eu = (UPPER_LIP_EDGE[0] - pro, min(mid - half, UPPER_LIP_EDGE[1] + 3.0))
    el = (nat_lower[0] - pro, max(mid + half, eu[1] + art.lip_aperture))
    dy_u = eu[1] - UPPER_LIP_EDGE[1]
    front_u = [(x - pro * s, y + dy_u * s) for (x, y), s in zip(UPPER_LIP_FRONT, (0.0, 0.5, 1.0))]
    back_u = [(x, y + dy_u * s) for (x, y), s in zip(UPPER_LIP_BACK, (1.0, 0.6, 0.0))]
    upper = catmull_rom([*front_u, eu, *back_u], 5)
    lf = _jaw(LOWER_LIP_FRONT, art.jaw)
    lb = _jaw(LOWER_LIP_BACK, art.jaw)
    dy_l = el[1] - nat_lower[1]
    front_l = [(x - pro * s, y + dy_l * s) for (x, y), s in zip(lf, (1.0, 0.5, 0.0))]
    back_l = [(x, y + dy_l * s) for (x, y), s in zip(lb, (0.0, 0.6, 1.0))]
    lower = catmull_rom([el, *front_l, *back_l], 5)
    return upper, lower, eu, el


def _tongue_outline(art: Articulation) -> tuple[Point, ...]:
    top = catmull_rom(art.tongue, 8)
    tip = art.tongue[0]
    floor = _floor(art.jaw)
    lift = max(floor[1][1] - 3.0 - tip[1], 0.0)  # a raised tip shows the underside of the tongue
    under = [
        art.tongue[-1],
        floor[-2],
        floor[3],
        floor[2],
        (floor[1][0] + 2.0 + lift * 0.25, floor[1][1] - 3.0),
    ]
    if lift > 8.0:
        under.append((tip[0] + 8.0, tip[1] + lift * 0.45))
    under += [(tip[0] + 3.5, tip[1] + 3.0), tip]
    under = catmull_rom(under, 6)
    return top + under[1:-1]


def shapes(art: Articulation) -> list[Shape]:
    """Everything to draw for ``art``, back to front, in a CANVAS x CANVAS frame."""
    jaw = art.jaw
    upper_lip, lower_lip, eu, el = _lips(art)
    face_lower = _jaw(FACE_LOWER, jaw)
    head = (
        (BACK_CUT, 0.0), *FACE_UPPER, *upper_lip[: len(upper_lip) // 2],
        # across the mouth through its inside, so that no outline closes an open mouth
        eu, (eu[0] + 4.0, eu[1] + 0.5), (el[0] + 4.0, el[1] - 0.5), el,
        *lower_lip[1 : len(lower_lip) // 2], *face_lower,
        _rotate(NECK[0], jaw * 0.8), _rotate(NECK[1], jaw * 0.4), *NECK[2:], (BACK_CUT, CANVAS),
    )  # fmt: skip
    floor = _floor(jaw)
    lower_incisor = _jaw(LOWER_INCISOR, jaw)
    velum = _velum_center(art.velum_lowered)
    cavity = (
        eu, (UPPER_LIP_BACK[0][0], eu[1]), UPPER_LIP_BACK[-1], *catmull_rom(ORAL_ROOF, 4), (126.0, 70.0),
        *catmull_rom(NASAL_FLOOR, 4), *catmull_rom(NASAL_CEILING, 4), *catmull_rom(PHARYNX_WALL, 4),
        *reversed(LARYNX_FRONT), *reversed(catmull_rom(floor, 4)), lower_incisor[-1], lower_incisor[0], el,
    )  # fmt: skip
    palate = (
        *catmull_rom(ORAL_ROOF, 4),
        (126.0, 70.0),
        *catmull_rom(NASAL_FLOOR, 4),
        (49.5, 76.0),
        (51.0, 84.0),
    )
    out = [
        Shape("head", "skin", head),
        Shape("airway", "air", cavity, closed=False),  # filled; no outline across an open mouth
        *_spine(),
        Shape("epiglottis", "flesh", catmull_rom(EPIGLOTTIS, 3, closed=True)),
        Shape("tongue", "tongue", _tongue_outline(art)),
        Shape("palate", "bone", palate),
        Shape("velum", "flesh", _thick(velum, VELUM_THICKNESS)),
        Shape("upper-teeth", "tooth", catmull_rom(UPPER_INCISOR, 3, closed=True)),
        Shape("lower-teeth", "tooth", catmull_rom(lower_incisor, 3, closed=True)),
        Shape("upper-lip", "lip", upper_lip),
        Shape("lower-lip", "lip", lower_lip),
    ]
    out += _glottis(art)
    out += _markers(art, eu, el)
    out += _front_lips(art)
    return out


def _x_at(curve, y: float) -> float:
    return _y_at([(py, px) for px, py in curve], y)


def _spine() -> list[Shape]:
    out = []
    for i, y in enumerate(range(58, 200, 19)):
        x = SPINE_X + 1.0
        box = ((x, y + 2.0), (x + 2.0, y), (x + 12.0, y), (x + 14.0, y + 2.0), (x + 14.0, y + 13.0), (x + 12.0, y + 15.0),
               (x + 2.0, y + 15.0), (x, y + 13.0))  # fmt: skip
        out.append(Shape(f"vertebra-{i}", "bone", box))
    return out


def _glottis(art: Articulation) -> list[Shape]:
    y = GLOTTIS_Y
    front = _x_at(LARYNX_FRONT, y)
    back = _x_at(PHARYNX_WALL, y)
    mid = (front + back) / 2
    gap = 0.6 + 5.5 * art.glottis
    style = "fold-tense" if art.tense else "fold"
    thick = 5.0 if art.tense else 4.0
    out = [
        Shape("vocal-fold-front", style, ((front, y - thick), (mid - gap / 2, y), (front, y + thick * 0.7))),
        Shape("vocal-fold-back", style, ((back, y - thick), (mid + gap / 2, y), (back, y + thick * 0.7))),
    ]
    if art.voiced:
        wave = tuple((mid - 5 + i * 0.5, y - 7 + 1.3 * math.sin(i * 0.9)) for i in range(21))
        out.append(Shape("voicing", "voicing", wave, closed=False, marker="voiced"))
    if art.tense:
        out[:2] = _tag(out[:2], "tense")
        out += _tag(_arrow("tension-front", "tension", ((110.0, y), (121.0, y)), head=4.5), "tense")
        out += _tag(_arrow("tension-back", "tension", ((168.0, y), (157.0, y)), head=4.5), "tense")
    if art.open_glottis:
        path = ((mid, 197.0), (mid, 160.0), (140.0, 126.0), (140.0, 104.0), (130.0, 84.0), (104.0, 78.5), (76.0, 82.0),
                (56.0, 96.0), (44.0, 103.5), (28.0, 104.0))  # fmt: skip
        out += _tag(_arrow("airflow-glottis", "airflow", path), "open_glottis")
    return out


def _tag(shapes: list[Shape], marker: str) -> list[Shape]:
    return [dataclasses.replace(s, marker=marker) for s in shapes]


def _markers(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    return [
        shape
        for marker, part in (
            ("nasal_airflow", _nasal_marker),
            ("friction", _friction_marker),
            ("aspirated", _puff_marker),
            ("lateral", _lateral_marker),
            ("tap", _tap_marker),
            ("glide", _glide_marker),
        )
        if getattr(art, marker)
        for shape in _tag(part(art, eu, el), marker)
    ]


def _nasal_marker(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    return _arrow(
        "airflow-nasal", "airflow",
        ((143.0, 112.0), (146.0, 86.0), (144.0, 62.0), (124.0, 55.0), (90.0, 55.0), (60.0, 60.0), (44.0, 72.0),
         (34.0, 86.0)),
    )  # fmt: skip


def _friction_marker(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    out: list[Shape] = []
    mouth = (min(eu[0], el[0]) - 2.0, (eu[1] + el[1]) / 2)
    tip = art.tongue[0]
    cx, cy = art.constriction or (tip[0], tip[1] - 2.0)
    path = [
        (cx + 1.0, cy + 1.5),
        (min(cx - 5.0, 54.0), max(cy + 3.0, 92.0)),
        (48.0, 101.5),
        (30.0, 104.0),
    ]
    out += _arrow("airflow-oral", "airflow", path)
    for i in range(0 if art.aspirated else 3):  # the puff of air says it for ㅊ
        y = mouth[1] - 6 + i * 6
        wave = tuple((24.0 - i * 1.5 - k * 0.6, y + 1.2 * math.sin(k * 1.3)) for k in range(14))
        out.append(Shape(f"hiss-{i}", "friction", wave, closed=False))
    return out


def _puff_marker(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    out: list[Shape] = []
    mouth = (min(eu[0], el[0]) - 2.0, (eu[1] + el[1]) / 2)
    cx, cy = mouth[0] - 19.0, mouth[1] - 1.0
    for k, (dx, dy, r) in enumerate(((0, 0, 6.0), (-7, -5, 4.5), (-7, 5.5, 4.5), (-12, 0, 4.0))):
        out.append(Shape(f"puff-{k}", "puff", _ellipse(cx + dx, cy + dy, r, r * 0.9, 18)))
    out += _arrow(
        "airflow-puff", "airflow", ((mouth[0] + 1, mouth[1]), (mouth[0] - 10, mouth[1] - 1)), head=4.0
    )
    return out


def _lateral_marker(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    path = ((112.0, 92.0), (88.0, 92.0), (70.0, 90.0), (58.0, 92.0), (50.0, 98.0), (30.0, 104.0))
    return _arrow("airflow-lateral", "airflow-side", path)


def _glide_marker(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    """An arrow from the tongue's highest point towards an open vowel: the glide moves on."""
    target = _vowel_tongue("low", "central", JAW_FOR_HEIGHT["low"])
    k = min(range(1, 6), key=lambda i: art.tongue[i][1] - roof_y(art.tongue[i][0]))
    (x0, y0), (x1, y1) = art.tongue[k], target[k]
    length = max(math.hypot(x1 - x0, y1 - y0), 1.0)
    start = (x0, y0 + 4.0)
    end = (x0 + (x1 - x0) * 16.0 / length, y0 + 4.0 + (y1 - y0) * 16.0 / length)
    return _arrow("glide-motion", "motion", (start, end), head=4.5)


def _tap_marker(art: Articulation, eu: Point, el: Point) -> list[Shape]:
    tip = art.tongue[0]
    out: list[Shape] = []
    cx, cy = tip[0] + 12.0, tip[1] + 2.0
    arc = tuple(
        (cx + 11 * math.cos(a), cy + 11 * math.sin(a)) for a in [math.radians(d) for d in range(110, 181, 10)]
    )
    out += _arrow("tap-motion", "motion", arc, samples=1, head=3.5)
    out += _arrow("tap-motion-back", "motion", arc[::-1], samples=1, head=3.5)
    return out


def _front_lips(art: Articulation) -> list[Shape]:
    x, y, w, h = LIPS_INSET_BOX
    cx, cy = LIPS_INSET_CENTER
    box = ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
    half_w = art.lip_width / 2
    open_h = min(art.lip_aperture * 0.55, 9.0)
    thick = 4.0 + art.lip_protrusion * 0.35
    out = [Shape("lips-front-frame", "inset", box)]
    outer_top = (thick + open_h) if art.lip_width > 26 else (thick + open_h + 1.5)
    outer = []
    for i in range(40):
        a = 2 * math.pi * i / 40
        c, s = math.cos(a), math.sin(a)
        ry = outer_top if s < 0 else outer_top + 1.0
        # a cupid's bow dip at the top centre for a lip-like outline
        dip = 1.2 * math.exp(-((c / 0.18) ** 2)) if s < 0 else 0.0
        outer.append(
            (cx + (half_w + 2.0) * c * (1 - 0.15 * s * s if art.lip_width > 26 else 1), cy + ry * s + dip)
        )
    out.append(Shape("lips-front", "lip", tuple(outer)))
    if open_h < 0.5:
        out.append(
            Shape(
                "lips-front-line",
                "mouth",
                ((cx - half_w + 2, cy), (cx, cy + 0.6), (cx + half_w - 2, cy)),
                closed=False,
            )
        )
    else:
        inner_w = half_w - (1.0 if art.lip_width > 26 else 3.0)
        out.append(Shape("lips-front-opening", "mouth", _ellipse(cx, cy, inner_w, open_h, 28)))
    return out


# ---------------------------------------------------------------------------------------------
# SVG


def _svg_shape(s: Shape, extra: str = "") -> str:
    st = STYLES[s.style]
    attrs = [
        f'd="{s.d}"',
        f'fill="{st["fill"]}"',
        f'stroke="{st["stroke"]}"',
        f'stroke-width="{st["width"]}"',
    ]
    if "dash" in st:
        attrs.append(f'stroke-dasharray="{st["dash"]}"')
    attrs.append('stroke-linejoin="round"')
    if not s.closed:
        attrs.append('stroke-linecap="round"')
    return f'<path class="{s.name}" {" ".join(attrs)}{extra}/>'


def _label(p: Phone) -> tuple[str, str]:
    letters = " ".join(p.hangul[:3]) + ("…" if len(p.hangul) > 3 else "")
    return letters, f"[{p.symbol}]"


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    weight: str = "normal",
    fill: str = "#222222",
    anchor: str = "start",
) -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-family="{FONT_FAMILY}" font-size="{_f(size)}" font-weight="{weight}" '
        f'fill="{fill}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _diagram_body(
    art: Articulation, p: Phone, *, labels: bool = True, overlay: Articulation | None = None
) -> str:
    parts = [_svg_shape(s) for s in shapes(art)]
    if overlay is not None:
        parts += [_svg_shape(s) for s in _overlay_shapes(overlay, art)]
    if labels:
        letters, ipa = _label(p)
        size = 20.0 if len(letters) <= 3 else 13.0
        parts.append(_text(6.0, 22.0, letters, size, weight="bold"))
        parts.append(_text(6.0, 22.0 + size * 0.5 + 10.0, ipa, 12.0, fill="#444444"))
    return "\n".join(parts)


def _overlay_shapes(expected: Articulation, produced: Articulation) -> list[Shape]:
    """The expected tongue, velum and lips as dashed outlines to lay over the produced diagram,
    and the expected markers the produced phone lacks (a missing puff of air, a tense throat…)."""
    upper, lower, _, _ = _lips(expected)
    missing = expected.markers - produced.markers
    return [s for s in shapes(expected) if s.marker in missing] + [
        Shape("expected-tongue", "expected", catmull_rom(expected.tongue, 8), closed=False),
        Shape("expected-velum", "expected", _thick(_velum_center(expected.velum_lowered), VELUM_THICKNESS)),
        Shape("expected-upper-lip", "expected-lip", upper),
        Shape("expected-lower-lip", "expected-lip", lower),
    ]


def _svg_doc(width: float, height: float, view_w: float, view_h: float, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(view_w)} {_f(view_h)}">\n<title>{escape(title)}</title>\n'
        f'<rect x="0" y="0" width="{_f(view_w)}" height="{_f(view_h)}" fill="#ffffff"/>\n{body}\n</svg>\n'
    )


def svg_for(symbol: str, *, size: int = 240) -> str:
    """A standalone SVG side view of how to make ``symbol`` (``size`` pixels square)."""
    p = phone(symbol)
    art = articulation_for(p)
    return _svg_doc(size, size, CANVAS, CANVAS, _diagram_body(art, p), f"{p.letter} [{p.symbol}]")


@cache  # the app redraws the same comparison whenever an error is selected
def comparison_svg(expected: str, produced: str, *, size: int = 240) -> str:
    """Expected and produced side by side, and a third panel with the difference.

    The third panel draws the produced articulation with the expected tongue, velum and
    lips as dashed green outlines over it.
    """
    pe, pp = phone(expected), phone(produced)
    ae, ap = articulation_for(pe), articulation_for(pp)
    head = 18.0
    panels = [
        ("목표 · expected", _diagram_body(ae, pe)),
        ("내 발음 · produced", _diagram_body(ap, pp)),
        ("차이 · difference", _diagram_body(ap, pp, labels=False, overlay=ae)),
    ]
    body = []
    for i, (title, inner) in enumerate(panels):
        x = i * (CANVAS + 6.0)
        body.append(_text(x + CANVAS / 2, 13.0, title, 11.0, weight="bold", anchor="middle"))
        body.append(f'<g transform="translate({_f(x)},{_f(head)})">\n{inner}\n</g>')
    legend_x = 2 * (CANVAS + 6.0) + 8.0
    body.append(
        f'<path d="M{_f(legend_x)} {_f(head + 10)} L{_f(legend_x + 16)} {_f(head + 10)}" fill="none" '
        f'stroke="{STYLES["expected"]["stroke"]}" stroke-width="1.6" stroke-dasharray="4 2.5"/>'
    )
    body.append(_text(legend_x + 20, head + 13.5, f"{pe.letter} [{pe.symbol}] 목표", 9.5))
    width = 3 * CANVAS + 12.0
    height = CANVAS + head
    scale = size / CANVAS
    title = f"{pe.letter} [{pe.symbol}] vs {pp.letter} [{pp.symbol}]"
    return _svg_doc(width * scale, height * scale, width, height, "\n".join(body), title)


# ---------------------------------------------------------------------------------------------
# captions


def _ko_consonant(p: Phone) -> str:
    place, manner, ph = p.place, p.manner, p.phonation
    if manner == "tap":
        return "혀끝으로 윗잇몸을 한 번 가볍게 치세요"
    if manner == "lateral":
        return "혀끝을 윗잇몸에 붙인 채 혀 양옆으로 소리를 내보내세요"
    if place == "glottal":
        return "목구멍을 열고 숨을 내보내세요"
    if manner == "nasal":
        where = {
            "bilabial": "두 입술을 닫고",
            "alveolar": "혀끝을 윗잇몸에 붙이고",
            "velar": "혀 뒤쪽을 여린입천장에 붙이고",
        }
        return f"{where[place]} 코로 소리를 내보내세요"
    if manner == "fricative":
        how = {
            "lenis": "바람을 약하게 내보내세요",
            "tense": "목을 긴장시켜 날카롭게 내보내세요",
            "aspirated": "숨을 세게 내보내세요",
        }
        return f"혀끝을 윗잇몸에 가까이 대고 좁은 틈으로 {how[ph]}"
    start = {
        "bilabial": "두 입술을 붙였다가 떼면서",
        "alveolar": "혀끝을 윗잇몸에 붙였다가 떼면서",
        "alveolo-palatal": "혓바닥을 잇몸 뒤 입천장에 붙였다가 살짝 떼면서",
        "velar": "혀 뒤쪽을 여린입천장에 붙였다가 떼면서",
    }[place]
    how = {
        "lenis": "숨을 약하게 내보내세요",
        "aspirated": "숨을 세게 내보내세요",
        "tense": "목을 긴장시켜 숨 없이 단단하게 내세요",
    }
    return f"{start} {how[ph]}"


def _en_consonant(p: Phone) -> str:
    place, manner, ph = p.place, p.manner, p.phonation
    if manner == "tap":
        return "Flick the tongue tip once, lightly, against the gum ridge"
    if manner == "lateral":
        return "Hold the tongue tip on the gum ridge and let the sound flow out past its sides"
    if place == "glottal":
        return "Open the throat and let the breath out"
    if manner == "nasal":
        where = {
            "bilabial": "Close both lips",
            "alveolar": "Touch the tongue tip to the gum ridge",
            "velar": "Raise the back of the tongue to the soft palate",
        }
        return f"{where[place]} and let the sound out through the nose"
    if manner == "fricative":
        how = {
            "lenis": "softly",
            "tense": "sharply, with a tense throat",
            "aspirated": "with a strong breath",
        }
        return f"Bring the tongue tip close to the gum ridge and hiss through the narrow gap, {how[ph]}"
    start = {
        "bilabial": "Close both lips and release them",
        "alveolar": "Touch the tongue tip to the gum ridge and release it",
        "alveolo-palatal": "Press the tongue blade just behind the gum ridge and release it with friction",
        "velar": "Press the back of the tongue against the soft palate and release it",
    }[place]
    how = {
        "lenis": "gently, with little air",
        "aspirated": "with a strong puff of air",
        "tense": "with a tense throat and no puff of air",
    }
    joiner = " and " if place == "alveolo-palatal" and ph == "aspirated" else " "
    return f"{start}{joiner}{how[ph]}"


_KO_OPEN = {"high": "입을 조금만 벌리고", "mid": "입을 반쯤 벌리고", "low": "입을 크게 벌리고"}
_EN_OPEN = {
    "high": "Open the mouth only a little",
    "mid": "Open the mouth halfway",
    "low": "Open the mouth wide",
}
_KO_TONGUE = {
    ("high", "front"): "혀를 앞으로 높이 올리고", ("high", "central"): "혀 가운데를 높이 올리고",
    ("high", "back"): "혀 뒤쪽을 높이 올리고", ("mid", "front"): "혀를 앞쪽에 두고", ("mid", "central"): "혀를 가운데에 두고",
    ("mid", "back"): "혀를 뒤로 당기고", ("low", "front"): "혀를 앞쪽에 낮게 두고", ("low", "central"): "혀를 낮게 두고",
    ("low", "back"): "혀를 뒤쪽에 낮게 두고",
}  # fmt: skip
_EN_TONGUE = {
    ("high", "front"): "raise the tongue high and forward", ("high", "central"): "raise the middle of the tongue high",
    ("high", "back"): "raise the back of the tongue high", ("mid", "front"): "keep the tongue forward",
    ("mid", "central"): "keep the tongue in the middle", ("mid", "back"): "pull the tongue back",
    ("low", "front"): "keep the tongue low and forward", ("low", "central"): "keep the tongue low",
    ("low", "back"): "keep the tongue low and back",
}  # fmt: skip


def _ko_lips(p: Phone) -> str:
    if p.rounded:
        return "입술을 둥글게 내미세요"
    if p.backness == "front" or p.height == "high":
        return "입술을 옆으로 펴세요"
    return "입술을 둥글게 하지 마세요"


def _en_lips(p: Phone) -> str:
    if p.rounded:
        return "round and push out the lips"
    if p.backness == "front" or p.height == "high":
        return "spread the lips"
    return "keep the lips unrounded"


def _glide_start(p: Phone) -> Phone:
    for q in PHONES:
        if q.is_vowel and (q.height, q.backness, q.rounded) == (p.height, p.backness, p.rounded):
            return q
    raise ArticulationError(f"{p.symbol!r}: no vowel to glide from")


def _instruction(p: Phone, lang: str) -> str:
    articulation_for(p)  # raises for features the diagrams do not know
    ko = lang == "ko"
    if p.is_consonant:
        return _ko_consonant(p) if ko else _en_consonant(p)
    key = (p.height, p.backness)
    if p.is_glide:
        v = _glide_start(p)
        if ko:
            return f"{v.letter} 자리에서 시작해 다음 모음으로 빠르게 미끄러지세요 ({_KO_TONGUE[key]} {_ko_lips(p)})"
        return f"Start from the {v.letter} position and glide quickly into the next vowel ({_EN_TONGUE[key]}, {_en_lips(p)})"
    if ko:
        return f"{_KO_OPEN[p.height]} {_KO_TONGUE[key]} {_ko_lips(p)}"
    return f"{_EN_OPEN[p.height]}, {_EN_TONGUE[key]} and {_en_lips(p)}"


_RANK = {"high": 0, "mid": 1, "low": 2, "front": 0, "central": 1, "back": 2}


def changes(e: Phone, q: Phone, ko: bool) -> list[str]:
    """What to change to turn ``q`` (what was said) into ``e`` (what was wanted); also used by the
    assessment's messages, so the diagram caption and the feedback text never disagree."""
    out: list[str] = []
    if e.is_consonant:
        if e.place != q.place or e.manner != q.manner:
            if e.manner == "nasal" and q.manner != "nasal" and e.place == q.place:
                out.append("코로 소리를 내보내세요" if ko else "let the sound out through the nose")
            elif q.manner == "nasal" and e.manner != "nasal" and e.place == q.place:
                out.append(
                    "코로 숨이 새지 않게 막으세요" if ko else "keep the air from going through the nose"
                )
            else:
                out.append(_ko_consonant(e) if ko else _en_consonant(e)[0].lower() + _en_consonant(e)[1:])
                return out
        if e.phonation != q.phonation:
            if e.phonation == "aspirated":
                out.append("더 세게 숨을 내보내세요" if ko else "let out a stronger puff of air")
            elif e.phonation == "tense":
                out.append(
                    "목을 긴장시키고 숨 없이 단단하게 내세요" if ko else "tense the throat and let out no air"
                )
            elif e.phonation == "lenis" and q.phonation == "aspirated":
                out.append("숨을 더 약하게 내보내세요" if ko else "use less air, more gently")
            elif e.phonation == "lenis":
                out.append("목에 힘을 빼고 부드럽게 내세요" if ko else "relax the throat and say it softly")
        return out
    if e.kind != q.kind:
        if e.is_glide:
            out.append("다음 모음으로 더 빠르게 미끄러지세요" if ko else "glide faster into the next vowel")
        else:
            out.append(
                "미끄러지지 말고 한 모음으로 발음하세요" if ko else "hold one steady vowel, without a glide"
            )
    if e.height != q.height:
        more = _RANK[e.height] > _RANK[q.height]
        out.append(
            ("입을 더 크게 벌리고 혀를 내리세요" if more else "입을 덜 벌리고 혀를 더 올리세요")
            if ko
            else (
                "open the mouth wider and lower the tongue"
                if more
                else "close the mouth more and raise the tongue"
            )
        )
    if e.backness != q.backness:
        back = _RANK[e.backness] > _RANK[q.backness]
        out.append(
            ("혀를 뒤로 더 당기세요" if back else "혀를 앞으로 더 내미세요")
            if ko
            else ("pull the tongue back further" if back else "push the tongue forward further")
        )
    if e.rounded != q.rounded:
        if ko:
            out.append(
                "입술을 오므리며 둥글게 내미세요" if e.rounded else "입술을 둥글게 하지 말고 옆으로 펴세요"
            )
        else:
            out.append(
                "round the lips and push them out" if e.rounded else "unround the lips and spread them"
            )
    return out


@cache
def caption(expected: str, produced: str | None = None, lang: str = "ko") -> str:
    """A short instruction for saying ``expected``; with ``produced``, what to change.

    ``lang`` is "ko" or "en". Built from the phones' features, so every phone has one.
    """
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en', not {lang!r}")
    ko = lang == "ko"
    e = phone(expected)
    how = _instruction(e, lang)
    if produced is None or produced == expected:
        return how
    q = phone(produced)
    _instruction(q, lang)
    name_e = f"{e.letter}[{e.symbol}]"
    name_q = f"{q.letter}[{q.symbol}]"
    if e.is_consonant != q.is_consonant:
        return f"{name_q}이 아니라 {name_e}: {how}" if ko else f"{name_e}, not {name_q}: {how}"
    steps = changes(e, q, ko)
    if not steps:
        return how
    if ko:
        return f"{name_q} 대신 {name_e}: " + ", ".join(steps)
    return f"For {name_e} instead of {name_q}: " + ", ".join(steps)


# ---------------------------------------------------------------------------------------------
# files

_STEMS = {
    "p": "p", "pʰ": "ph", "p\u0348": "pp", "t": "t", "tʰ": "th", "t\u0348": "tt", "k": "k", "kʰ": "kh",
    "k\u0348": "kk", "tɕ": "c", "tɕʰ": "ch", "t\u0348ɕ": "cc", "s": "s", "s\u0348": "ss", "h": "h", "m": "m",
    "n": "n", "ŋ": "ng", "ɾ": "r", "l": "l", "a": "a", "ʌ": "eo", "o": "o", "u": "u", "ɯ": "eu", "i": "i",
    "e": "e", "j": "j", "w": "w", "ɰ": "eu-glide",
}  # fmt: skip


def file_stem(symbol: str) -> str:
    """A safe ASCII file name (without extension) for a phone's diagram."""
    phone(symbol)
    if symbol in _STEMS:
        return _STEMS[symbol]
    if symbol.isascii() and symbol.isalnum():
        return symbol
    return "u" + "-".join(f"{ord(c):04x}" for c in symbol)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def sheet_svg(columns: int = 6) -> str:
    """All phones' diagrams in a grid, each with its Korean and English instruction."""
    cell_w, cell_h, pad = CANVAS + 16.0, CANVAS + 66.0, 8.0
    rows = math.ceil(len(PHONES) / columns)
    body = []
    for i, p in enumerate(PHONES):
        x = (i % columns) * cell_w + pad
        y = (i // columns) * cell_h + pad
        body.append(
            f'<g transform="translate({_f(x)},{_f(y)})">\n{_diagram_body(articulation_for(p), p)}\n</g>'
        )
        ty = y + CANVAS + 11.0
        for line in _wrap(caption(p.symbol, lang="ko"), 22):
            body.append(_text(x + 2, ty, line, 8.5))
            ty += 10.5
        for line in _wrap(caption(p.symbol, lang="en"), 44):
            body.append(_text(x + 2, ty, line, 7.5, fill="#555555"))
            ty += 9.0
    w, h = columns * cell_w + 2 * pad, rows * cell_h + 2 * pad
    return _svg_doc(w, h, w, h, "\n".join(body), "SpeechFeedback articulation diagrams")


def write_assets(out: str | os.PathLike, *, size: int = 240) -> list[Path]:
    """Write one SVG per phone and ``sheet.svg`` into ``out``; return the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for p in PHONES:
        path = out / f"{file_stem(p.symbol)}.svg"
        atomic_write_text(path, svg_for(p.symbol, size=size))
        written.append(path)
    path = out / "sheet.svg"
    atomic_write_text(path, sheet_svg())
    written.append(path)
    return written


@command
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m model.articulation", description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="assets/articulation", help="folder for the SVGs (default: %(default)s)")
    ap.add_argument("--size", type=int, default=240, help="pixel size of each diagram (default: %(default)s)")
    args = ap.parse_args(argv)
    paths = write_assets(args.out, size=args.size)
    print(f"wrote {len(paths)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
