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


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screens_at_1366x768_in_both_languages(window, qtbot, tmp_path, lang, settings, fake_stream_factory,
                                               speech, tiny_checkpoint):  # fmt: skip
    """The main window with a result, and Teacher's voice (its first screen and the recording screen),
    on a 1366×768 laptop: published as screenshots (assets/screenshots) and looked at."""
    from app.teacher_window import TeacherWindow

    from .test_teacher import fake_command, screenshot

    window.set_language(lang)
    window.select_sentence(Sentence(LONG))
    window.show_assessment(prepared_assessment())
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == (1366, 768)
    screenshot(window, f"main-{lang}-1366x768", tmp_path)
    settings.checkpoint = str(tiny_checkpoint)
    teacher = TeacherWindow(settings, lang, stream_factory=fake_stream_factory(speech), folder=tmp_path / "rec",
                            models=tmp_path / "models", command=fake_command())  # fmt: skip
    qtbot.addWidget(teacher)
    teacher.resize(1366, 768)
    teacher.show()
    qtbot.waitExposed(teacher)
    assert teacher.minimumSizeHint().width() <= 1366 and teacher.minimumSizeHint().height() <= 768
    screenshot(teacher, f"teacher-intro-{lang}-1366x768", tmp_path)
    teacher.start_recording_screen()
    screenshot(teacher, f"teacher-record-{lang}-1366x768", tmp_path)
