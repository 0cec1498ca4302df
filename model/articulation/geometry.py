"""Geometry of the vocal tract: fixed anatomy, tongue postures as data, :class:`Articulation`, small helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
