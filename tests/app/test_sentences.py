"""Browsing sentences: built-in lessons, typed text, and teachers' lists (good and bad rows)."""

from __future__ import annotations


def test_lessons_listed_and_target_shown(window):
    assert window.tree.topLevelItemCount() >= 1
    lesson = window.tree.topLevelItem(0)
    assert lesson.childCount() > 0
    window.tree.setCurrentItem(lesson.child(0))
    assert window.sentence is not None
    assert window.target.text.text() == window.sentence.text
    assert window.target.pronounced.text().startswith("[")
    assert window.record_button.isEnabled()


def test_typed_sentence_shows_pronunciation_and_rule_badges(window):
    window.free_text.setText("국물이 좋아요")
    assert window.use_typed_text()
    assert window.target.pronounced.text() == "[궁무리 조아요]"
    assert window.target.ipa.text() == "/kuŋmuɾi tɕoajo/"
    names = {b.text() for b in window.target.badges}
    assert {"비음화", "연음", "ㅎ 탈락"} <= names
    badge = next(b for b in window.target.badges if b.text() == "비음화")
    assert "제18항" in badge.toolTip() and "국무 → 궁무" in badge.toolTip()


def test_one_badge_per_rule_with_its_count(window):
    window.free_text.setText("제가 어디 있을까요? 한번 알아맞혀 보세요.")
    assert window.use_typed_text()
    texts = [b.text() for b in window.target.badges]
    assert len(texts) == len({t.split(" ×")[0] for t in texts})  # no rule twice
    liaison = next(b for b in window.target.badges if b.text().startswith("연음"))
    assert liaison.text() == "연음 ×3" and liaison.toolTip().count("→") == 3


def test_typed_sentence_g2p_error_shown_under_box(window):
    window.free_text.setText("hello")
    assert not window.use_typed_text()
    assert window.free_error.isVisibleTo(window)
    assert "한글로 써 주세요" in window.free_error.text()  # the Korean interface explains in Korean


def test_open_good_list(window, tmp_path):
    path = tmp_path / "good.txt"
    path.write_text("# my class\n밥을 먹어요\n학교에 가요\n", encoding="utf-8")
    loaded = window.open_sentence_list(str(path))
    assert loaded is not None and len(loaded) == 2 and not loaded.problems
    item = window.tree.topLevelItem(window.tree.topLevelItemCount() - 1)
    assert item.childCount() == 2
    assert window.sentence.text == "밥을 먹어요"
    assert "문장 2개를 불러왔어요" in window.last_report  # the Korean interface reports in Korean
    window.set_language("en")
    window.open_sentence_list(str(path))
    assert "2 sentences loaded" in window.last_report


def test_open_list_with_bad_rows_reports_them(window, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "text,translation\n밥을 먹어요,I eat\nhello world,bad\n,empty\n학교에 가요,I go\n", encoding="utf-8"
    )
    loaded = window.open_sentence_list(str(path))
    assert len(loaded) == 2 and len(loaded.problems) == 2
    dialog = window._dialogs[-1]
    text = dialog.text.toPlainText()
    assert "3번째 줄" in text and "hello world" in text and "4번째 줄" in text
    assert window.banner.isVisibleTo(window) and "2줄은 건너뛰었어요" in window.banner.text()
    window.set_language("en")
    window.open_sentence_list(str(path))
    assert "line 3" in window.last_report and "2 rows skipped" in window.banner.text()


def test_unusable_list_is_a_message(window, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    assert window.open_sentence_list(str(path)) is None
    assert window.banner.kind == "error"
    assert ".txt" in window.banner.text()


def test_opened_lists_are_reopened_and_a_vanished_one_forgotten(window, qtbot, settings, history, tmp_path):
    from app.main_window import MainWindow

    keep, gone = tmp_path / "class-a.txt", tmp_path / "class-b.txt"
    keep.write_text("밥을 먹어요\n", encoding="utf-8")
    gone.write_text("학교에 가요\n", encoding="utf-8")
    assert window.open_sentence_list(str(keep)) and window.open_sentence_list(str(gone))
    tops = window.tree.topLevelItemCount()
    gone.unlink()
    again = MainWindow(settings, None, history=history, load_model=False)
    qtbot.addWidget(again)
    texts = [again.tree.topLevelItem(i).text(0) for i in range(again.tree.topLevelItemCount())]
    assert any("class-a" in t for t in texts) and not any("class-b" in t for t in texts)
    assert again.tree.topLevelItemCount() == tops - 1
    assert "class-b.txt" in again.statusBar().currentMessage()
    assert settings.sentence_lists == [str(keep.resolve())]


def test_the_korean_interface_explains_unreadable_rows_in_korean(window, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text("밥을 먹어요\ncomputer 작업을 해요\n", encoding="utf-8")
    window.open_sentence_list(str(path))
    assert "로마자예요" in window.last_report and "Latin letters" not in window.last_report
    window.free_text.setText("hello 세상")
    assert not window.use_typed_text()
    assert "로마자예요" in window.free_error.text()
    window.set_language("en")
    window.free_text.setText("hello 세상")
    assert not window.use_typed_text() and "Latin letters" in window.free_error.text()
