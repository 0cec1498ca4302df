"""Articulation → shapes (point lists with a style) → SVG: what the app and the assets draw."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cache
from html import escape

from model.phones import Phone, phone

from .geometry import (
    BACK_CUT,
    CANVAS,
    EPIGLOTTIS,
    FACE_LOWER,
    FACE_UPPER,
    FONT_FAMILY,
    GLOTTIS_Y,
    JAW_FOR_HEIGHT,
    LARYNX_FRONT,
    LIPS_INSET_BOX,
    LIPS_INSET_CENTER,
    LOWER_INCISOR,
    LOWER_LIP_BACK,
    LOWER_LIP_EDGE,
    LOWER_LIP_FRONT,
    NASAL_CEILING,
    NASAL_FLOOR,
    NECK,
    ORAL_ROOF,
    PHARYNX_WALL,
    SPINE_X,
    UPPER_INCISOR,
    UPPER_LIP_BACK,
    UPPER_LIP_EDGE,
    UPPER_LIP_FRONT,
    VELUM_THICKNESS,
    Articulation,
    Point,
    _jaw,
    _rotate,
    _thick,
    _velum_center,
    _y_at,
    catmull_rom,
    roof_y,
)
from .poses import _floor, _vowel_tongue, articulation_for

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
