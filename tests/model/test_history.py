from model.history import History


def test_attempts_come_back_newest_first(tmp_path):
    h = History(tmp_path / "h.sqlite3")
    h.add("국물이 좋아요", 71.5, created=1.0)
    h.add("신라", 90, reliable=False, created=2.0)
    assert [a.sentence for a in h.recent()] == ["신라", "국물이 좋아요"]
    assert h.recent(sentence="국물이 좋아요")[0].score == 71.5
    assert h.recent()[0].reliable is False
    h.close()
    assert History(tmp_path / "h.sqlite3").recent(limit=1)[0].sentence == "신라"


def test_unopenable_store_is_a_no_op(tmp_path):
    (tmp_path / "file").write_text("x")
    h = History(tmp_path / "file" / "h.sqlite3")
    assert h.error and h.recent() == []
    h.add("아", 50)
