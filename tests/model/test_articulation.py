"""Articulation diagrams: every phone has one, features show up as pixels, assets are current."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import numpy as np
import pytest

from model import articulation as A
from model.phones import PHONES, TENSE_MARK, Phone

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "articulation"
RENDER = 200  # pixels: one pixel per CANVAS unit
T = TENSE_MARK


def render(svg: str, size: int = RENDER) -> np.ndarray:
    """Rasterise an SVG string to an (h, w, 3) uint8 array on white."""
    from PySide6.QtCore import QByteArray, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    r = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    assert r.isValid()
    img = QImage(QSize(size, size), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    r.render(p)
    p.end()
    buf = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes())
    arr = buf.reshape(size, img.bytesPerLine())[:, : size * 4].reshape(size, size, 4)
    return arr[:, :, :3].copy()


def changed(a: np.ndarray, b: np.ndarray, level: int = 40) -> np.ndarray:
    """Mask of pixels that differ clearly (not just antialiasing)."""
    return np.abs(a.astype(int) - b.astype(int)).max(axis=2) > level


# --- every phone ------------------------------------------------------------------------------


@pytest.mark.parametrize("ph", PHONES, ids=[p.symbol for p in PHONES])
def test_every_phone_has_a_diagram_and_captions(ph: Phone):
    art = A.articulation_for(ph.symbol)
    assert art.symbol == ph.symbol
    assert len(art.tongue) == A.TONGUE_POINTS
    assert all(0 <= x <= A.CANVAS and 0 <= y <= A.CANVAS for x, y in art.tongue)
    names = {s.name for s in A.shapes(art)}
    assert {"tongue", "palate", "velum", "upper-lip", "lower-lip", "upper-teeth", "lips-front"} <= names
    svg = A.svg_for(ph.symbol)
    assert svg.startswith("<svg") and ph.letter in svg and 'font-family="NanumGothic, sans-serif"' in svg
    for lang in ("ko", "en"):
        text = A.caption(ph.symbol, None, lang)
        assert text and len(text) < 160
    assert re.search("[가-힣]", A.caption(ph.symbol, None, "ko"))
    assert (
        A.caption(ph.symbol, None, "en").isascii() or ph.is_glide
    )  # glides name their starting vowel letter
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", A.file_stem(ph.symbol))


def test_file_stems_are_unique_and_match_the_brief():
    stems = [A.file_stem(p.symbol) for p in PHONES]
    assert len(set(stems)) == len(stems)
    assert A.file_stem("tʰ") == "th" and A.file_stem(f"t{T}ɕ") == "cc" and A.file_stem("ɾ") == "r"
    assert A.file_stem("ŋ") == "ng" and A.file_stem("ʌ") == "eo"


@pytest.mark.parametrize(
    "changes",
    [
        {"place": "uvular"},
        {"manner": "trill"},
        {"phonation": "breathy"},
        {"kind": "click"},
    ],
)
def test_unknown_consonant_features_raise(changes):
    fake = dataclasses.replace(PHONES[0], symbol="q", **changes)
    with pytest.raises(A.ArticulationError):
        A.articulation_for(fake)


@pytest.mark.parametrize("changes", [{"height": "near-open"}, {"backness": "retracted"}, {"rounded": None}])
def test_unknown_vowel_features_raise(changes):
    i = next(p for p in PHONES if p.symbol == "i")
    with pytest.raises(A.ArticulationError):
        A.articulation_for(dataclasses.replace(i, symbol="ɨ", **changes))


def test_a_new_phone_with_known_features_gets_a_diagram_without_drawing():
    i = next(p for p in PHONES if p.symbol == "i")
    y = dataclasses.replace(i, symbol="y", rounded=True)  # a front rounded vowel nobody drew
    art = A.articulation_for(y)
    assert art.lip_shape == "rounded" and art.tongue == A.articulation_for("i").tongue


# --- geometry as data ---------------------------------------------------------------------------


def test_articulation_follows_the_features():
    p, m, t, s, k, h = (A.articulation_for(x) for x in ("p", "m", "t", "s", "k", "h"))
    assert p.lip_shape == "closed" and m.lip_shape == "closed" and t.lip_shape != "closed"
    assert m.velum_lowered == 1.0 and m.nasal_airflow and p.velum_lowered == 0.0
    assert h.open_glottis and h.glottis == 1.0 and h.constriction is None
    # the tip touches the alveolar ridge for ㄷ and leaves a narrow gap for ㅅ
    gap_t = t.tongue[0][1] - A.roof_y(t.tongue[0][0])
    gap_s = s.tongue[0][1] - A.roof_y(s.tongue[0][0])
    assert gap_t < 1.0 < gap_s < 6.0
    assert s.friction and not t.friction
    # ㄱ: the back of the tongue reaches the soft palate
    back = k.tongue[4]
    assert back[0] > 110 and back[1] - A.roof_y(back[0]) < 1.0
    assert A.articulation_for("u").lip_shape == "rounded" and A.articulation_for("i").lip_shape == "spread"
    assert (
        A.articulation_for("ɯ").lip_shape == "spread"
        and A.articulation_for("a").jaw > A.articulation_for("i").jaw
    )
    assert A.articulation_for("ɾ").tap and A.articulation_for("l").lateral
    assert A.articulation_for("ɾ").markers == {"voiced", "tap"}


def test_phonation_only_changes_markers():
    lenis, asp, tense = (A.articulation_for(x) for x in ("t", "tʰ", f"t{T}"))
    assert lenis.tongue == asp.tongue == tense.tongue
    assert lenis.markers == set() and asp.markers == {"aspirated"} and tense.markers == {"tense"}
    assert tense.glottis < lenis.glottis < asp.glottis


def test_interpolate_blends_control_points():
    a, b = A.articulation_for("i"), A.articulation_for("a")
    assert A.interpolate(a, b, 0.0) == a and A.interpolate(a, b, 1.0) == b
    mid = A.interpolate(a, b, 0.5)
    for (x0, y0), (x1, y1), (xm, ym) in zip(a.tongue, b.tongue, mid.tongue):
        assert xm == pytest.approx((x0 + x1) / 2) and ym == pytest.approx((y0 + y1) / 2)
    assert mid.jaw == pytest.approx((a.jaw + b.jaw) / 2)
    t, n = A.articulation_for("t"), A.articulation_for("n")
    assert A.interpolate(t, n, 0.25).velum_lowered == pytest.approx(0.25)
    assert not A.interpolate(t, n, 0.4).nasal_airflow and A.interpolate(t, n, 0.6).nasal_airflow
    A.shapes(mid)  # an in-between articulation can be drawn


def test_shapes_are_drawable_data():
    for s in A.shapes(A.articulation_for("tʰ")):
        assert s.style in A.STYLES
        assert len(s.points) >= 2
        assert s.d.startswith("M") and (s.d.endswith("Z") == s.closed)


# --- captions -----------------------------------------------------------------------------------


def test_caption_wording():
    assert A.caption("tʰ", None, "ko") == "혀끝을 윗잇몸에 붙였다가 떼면서 숨을 세게 내보내세요"
    assert (
        A.caption("tʰ", None, "en")
        == "Touch the tongue tip to the gum ridge and release it with a strong puff of air"
    )
    fix = A.caption("tʰ", "t", "ko")
    assert "더 세게 숨을 내보내세요" in fix and "ㄷ" in fix and "ㅌ" in fix
    assert "stronger puff" in A.caption("tʰ", "t", "en")
    assert "긴장" in A.caption(f"k{T}", "k", "ko")
    assert "코" in A.caption("n", "t", "ko")
    assert "둥글게 내미세요" in A.caption("u", "ɯ", "ko")
    assert "forward" in A.caption("i", "ɯ", "en")
    assert "wider" in A.caption("a", "ʌ", "en")
    assert A.caption("a", "a", "en") == A.caption("a", None, "en")
    with pytest.raises(ValueError):
        A.caption("a", None, "fr")


@pytest.mark.parametrize("ph", PHONES, ids=[p.symbol for p in PHONES])
def test_caption_for_every_confusion(ph: Phone):
    for q in PHONES:
        for lang in ("ko", "en"):
            assert A.caption(ph.symbol, q.symbol, lang)


# --- pixels ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def images(qapp):
    return {p.symbol: render(A.svg_for(p.symbol, size=RENDER)) for p in PHONES}


@pytest.mark.parametrize(
    "a, b",
    [
        ("p", "t"), ("t", "k"), ("p", "k"),  # place
        ("i", "e"), ("e", "a"), ("i", "a"),  # height
        ("i", "ɯ"),  # backness
        ("ɯ", "u"),  # rounding
        ("t", "n"), ("s", "t"), ("ɾ", "l"), ("t", "tɕ"),  # manner
    ],
)  # fmt: skip
def test_feature_differences_are_visible(images, a, b):
    diff = changed(images[a], images[b])
    assert diff.sum() > 150, f"{a} vs {b}: only {diff.sum()} pixels differ"


@pytest.mark.parametrize("a, b", [("t", "tʰ"), ("t", f"t{T}"), ("tʰ", f"t{T}"), ("p", "pʰ"), ("k", f"k{T}")])
def test_phonation_differs_only_in_markers(images, a, b):
    diff = changed(images[a], images[b])
    assert diff.sum() > 20
    assert A.articulation_for(a).markers != A.articulation_for(b).markers
    # the mouth (tongue, palate, teeth) is the same picture; only the puff and the larynx change
    mouth = diff[60:150, 45:148]  # rows = y, columns = x, in CANVAS units at 1 px/unit
    assert mouth.sum() == 0
    assert diff.sum() < 0.06 * diff.size


def test_comparison_shows_expected_over_produced(qapp):
    svg = A.comparison_svg("tʰ", "t")
    assert svg.count('class="tongue"') == 3 and 'class="expected-tongue"' in svg and "stroke-dasharray" in svg
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(QByteArray(svg.encode())).isValid()
    same = A.comparison_svg("k", "k")
    other = A.comparison_svg("k", "t")
    assert same != other


# --- assets ---------------------------------------------------------------------------------------


def test_assets_load(qapp):
    from PySide6.QtSvg import QSvgRenderer

    files = sorted(ASSETS.glob("*.svg"))
    assert len(files) == len(PHONES) + 1
    for f in files:
        assert QSvgRenderer(str(f)).isValid(), f


def test_assets_are_current(tmp_path):
    assert A.main(["--out", str(tmp_path)]) == 0
    fresh = {f.name: f.read_bytes() for f in tmp_path.iterdir()}
    committed = {f.name: f.read_bytes() for f in ASSETS.glob("*.svg")}
    assert set(fresh) == set(committed), "run: python -m model.articulation --out assets/articulation"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale diagrams {stale}; run: python -m model.articulation --out assets/articulation"
    assert not list(tmp_path.glob(".*.tmp"))
