"""A phone's features → its :class:`~model.articulation.geometry.Articulation` (and blends of two)."""

from __future__ import annotations

from dataclasses import fields
from functools import cache

from model.phones import Phone, phone

from .geometry import (
    ALVEOLAR_RIDGE_X,
    BACKNESS,
    GLOTTIS_FOR,
    HEIGHT,
    HIGH_BACK,
    HIGH_FRONT,
    JAW_CONSONANT,
    JAW_FOR_HEIGHT,
    LIP_WIDTH,
    LOW_BACK,
    LOW_FRONT,
    LOWER_LIP_EDGE,
    MANNERS,
    MOUTH_FLOOR,
    PHONATIONS,
    PLACES,
    POSTALVEOLAR_X,
    REST,
    UPPER_LIP_EDGE,
    VELAR_X,
    Articulation,
    ArticulationError,
    Point,
    _lerp,
    _lerp_pt,
    _lerp_pts,
    _rotate,
    roof_y,
)

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
