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


def test_damaged_store_while_running_turns_history_off(tmp_path):
    """A database damaged (or locked) after opening: recent() reports it and history goes off."""
    path = tmp_path / "h.sqlite3"
    h = History(path)
    h.add("국물이 좋아요", 70)
    h._db.close()
    path.write_bytes(b"this is not a database" * 200)
    h._db = __import__("sqlite3").connect(str(path))
    assert h.recent() == []
    assert "can't be read" in h.error and str(path) in h.error
    h.add("아", 50)  # off now: no exception, nothing kept
    assert h.recent() == []


def test_locked_store_does_not_stop_start_up(tmp_path):
    import sqlite3

    path = tmp_path / "h.sqlite3"
    History(path).close()
    other = sqlite3.connect(str(path))  # a second app instance in the middle of a write
    other.execute("BEGIN EXCLUSIVE")
    h = History(path)
    assert h.recent() == [] and h.error
    other.rollback()
    other.close()
