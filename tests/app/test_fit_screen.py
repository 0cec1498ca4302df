"""The main window is usable on a 1366×768 laptop and at 1280×720, in both languages (issue 23):
nothing wider than the window, the content scrolls vertically, and it opens no larger than the screen."""

from __future__ import annotations

import pytest

from model.sentences import Sentence

from .conftest import prepared_assessment

LONG = "제가 어디 있을까요? 한번 알아맞혀 보세요. 그는 이리저리 피하면서 도망쳤어요."


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_main_window_fits(window, qtbot, lang, size):
    window.set_language(lang)
    window.select_sentence(Sentence(LONG))
    window.show_assessment(prepared_assessment())
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    splitter = window.centralWidget()
    scroll = splitter.widget(1)
    inner = scroll.widget()
    panel_width = splitter.sizes()[0]
    assert window.minimumSizeHint().width() <= size[0] and window.minimumSizeHint().height() <= size[1]
    assert panel_width + inner.minimumSizeHint().width() + splitter.handleWidth() <= size[0]
    assert (window.width(), window.height()) == size  # no minimum size forced it larger


def test_opens_within_the_screen(window):
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
