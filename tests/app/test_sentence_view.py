"""The target view shows how a sentence written with digits is read (3개 → 세개)."""

from __future__ import annotations

import os

from app.widgets.sentence_view import TargetView
from model.korean import g2p


def test_reading_shown_for_numbers(qtbot, tmp_path):
    view = TargetView()
    qtbot.addWidget(view)
    view.resize(700, 200)
    view.set_pronunciation(g2p("사과 3개 주세요"), "Three apples, please.")
    view.show()
    qtbot.waitExposed(view)
    assert view.text.text() == "사과 3개 주세요"
    assert view.reading.isVisible() and view.reading.text() == "읽기: 사과 세개 주세요"
    assert "3 → 세 (native numeral before 개)" in view.reading.toolTip()
    assert view.pronounced.text() == "[사과 세개 주세요]"
    shot = os.environ.get("SCREENSHOT_DIR", str(tmp_path))
    assert view.grab().save(os.path.join(shot, "target_view_numbers.png"))
    view.set_language("en")
    assert view.reading.text() == "Read as: 사과 세개 주세요"


def test_no_reading_without_numbers(qtbot):
    view = TargetView()
    qtbot.addWidget(view)
    view.set_pronunciation(g2p("국물이 좋아요"))
    view.show()
    assert not view.reading.isVisible() and view.reading.text() == ""
    view.set_pronunciation(None)
    assert not view.reading.isVisible()
