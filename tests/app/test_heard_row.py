"""The strip's bottom row is what the recogniser heard (issue 23), judged or not: never the target."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.style import NEUTRAL
from model.sentences import Sentence

from .conftest import prepared_assessment


def unjudged_with_heard():
    """코가 커요 not judged, the recogniser having heard [tʰoka] then [ɯ] [s] and nothing else."""
    a = prepared_assessment(reliable=False)
    n = len(a.phones)
    aligned = ("tʰ", "o", "k", "a") + (None,) * (n - 4)
    return dataclasses.replace(a, heard_aligned=aligned, heard_extra=((3, "ɯ"), (3, "s")), insertions=())


def test_unjudged_result_shows_what_was_heard_greyed(window, qtbot):
    window.select_sentence(Sentence("코가 커요"))
    a = unjudged_with_heard()
    window.show_assessment(a)
    strip = window.strip
    phones = [c for c in strip.cells if c.kind == "phone"]
    assert [c.heard for c in phones] == list(a.heard_aligned)
    assert [c.heard for c in phones] != [c.expected for c in phones]
    extra = [c for c in strip.cells if c.kind == "heard"]
    assert [c.heard for c in extra] == ["ɯ", "s"]
    assert all(strip._heard_color(c) == QColor(NEUTRAL) for c in strip.cells)  # nothing judged: grey
    # the extra cells sit after phone 3 and say they were not judged; clicking them selects nothing
    assert strip.cell_for_phone(3).rect.right() < extra[0].rect.left() < strip.cell_for_phone(4).rect.left()
    assert "not judged" in strip.tooltip_for(extra[0]) or "판정하지 않음" in strip.tooltip_for(extra[0])
    strip.select(None)
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=extra[0].rect.center().toPoint())
    assert strip.selected is None
    assert "들리지 않음" in strip.tooltip_for(strip.cell_for_phone(5))


def test_judged_result_shows_the_decoder_even_where_the_verdict_overruled_it(window):
    window.select_sentence(Sentence("코가 커요"))
    a = prepared_assessment()
    aligned = tuple(p.heard for p in a.phones)
    aligned = (aligned[0], "k") + aligned[2:]  # the decoder heard k where the verdict says o is right
    a = dataclasses.replace(a, heard_aligned=aligned)
    window.show_assessment(a)
    cell = window.strip.cell_for_phone(1)
    assert cell.verdict == "correct" and cell.heard == "k"
    assert window.strip._heard_color(cell) == QColor(NEUTRAL)  # heard otherwise, overruled: grey
    assert window.strip._heard_color(window.strip.cell_for_phone(0)) != QColor(NEUTRAL)  # the error
