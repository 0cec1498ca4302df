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


def test_an_unjudged_attempt_keeps_no_score_only_why(tmp_path):
    h = History(tmp_path / "h.sqlite3")
    h.add("신라", 37.0, reliable=False, reason="Another text.", reason_ko="다른 문장")
    att = h.recent()[0]
    assert att.score is None and not att.reliable
    assert att.reason_text("en") == "Another text." and att.reason_text("ko") == "다른 문장"
    stored = h._db.execute("SELECT score FROM attempts").fetchone()[0]
    assert stored is None  # NULL in the table, not a number a later view could show


def test_a_store_of_an_earlier_version_is_upgraded_in_place(tmp_path):
    """Stores written before unjudged attempts lost their score: score NOT NULL, no reason."""
    import sqlite3

    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(str(path))
    db.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, sentence TEXT NOT NULL, score REAL NOT NULL, "
               "reliable INTEGER NOT NULL DEFAULT 1, created REAL NOT NULL)")  # fmt: skip
    db.execute("INSERT INTO attempts (sentence, score, reliable, created) VALUES ('국물', 80, 1, 1.0)")
    db.execute("INSERT INTO attempts (sentence, score, reliable, created) VALUES ('신라', 0, 0, 2.0)")
    db.commit()
    db.close()
    h = History(path)
    assert [(a.sentence, a.score) for a in h.recent()] == [("신라", None), ("국물", 80.0)]
    h.add("아", None, reliable=False)
    assert h.recent(limit=1)[0].score is None and not h.error
