"""Class packs: a teacher's list, takes and adapted model as one file; round trip, and a truncated,
tampered or hostile pack refused with a message and nothing half-imported."""

from __future__ import annotations

import hashlib
import json
import zipfile

import numpy as np
import pytest

from app.class_pack import ClassPackError, export_pack, import_pack, installed_packs
from app.teacher_store import TeacherRecordings
from model.sentences import load_sentence_list
from tests.model.test_pitch import voiced

from .test_teacher import screenshot

SENTENCES = ("코가 커요", "달이 밝아요.", "불을 끄세요.")


@pytest.fixture
def teacher(tmp_path):
    store = TeacherRecordings(tmp_path / "teacher")
    for i, text in enumerate(SENTENCES):
        store.save(text, voiced(lambda t, i=i: 150.0 + 20 * i + 30 * t, 1.0))
    return store.folder


def test_a_pack_round_trips_list_takes_and_model(teacher, tmp_path, tiny_checkpoint):
    pack = export_pack(tmp_path / "class.sfpack", "3반 발음", teacher, tiny_checkpoint)
    got = import_pack(pack, tmp_path / "classes")
    assert got.name == "3반 발음" and got.takes == 3 and got.model is not None
    assert [s.text for s in load_sentence_list(got.sentences).sentences] == list(SENTENCES)
    mine, theirs = TeacherRecordings(teacher), TeacherRecordings(got.recordings)
    for text in SENTENCES:
        assert np.array_equal(mine.load(text), theirs.load(text))
    assert got.model.read_bytes() == tiny_checkpoint.read_bytes()
    again = import_pack(pack, tmp_path / "classes")  # importing twice replaces, never duplicates
    assert [p.name for p in installed_packs(tmp_path / "classes")] == [again.name]


def test_no_recordings_no_pack(tmp_path):
    with pytest.raises(ClassPackError) as info:
        export_pack(tmp_path / "x.sfpack", "x", tmp_path / "empty")
    assert "Record sentences first" in info.value.message("en")
    assert not (tmp_path / "x.sfpack").exists()


def _rewrite(src, dst, change):
    """Copy a pack, passing each member (name, bytes) through ``change`` (None drops it)."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for info in z.infolist():
            kept = change(info.filename, z.read(info))
            if kept is not None:
                out.writestr(kept[0], kept[1])


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("truncated", "truncated, damaged or not a class pack"),
        ("tampered", "was changed or damaged"),
        ("dropped", "missing from it or were added"),
        ("not a zip", "truncated, damaged or not a class pack"),
        ("traversal", "points outside its folder"),
        ("bad model", "its model can't be loaded"),
        ("newer", "this program reads version 1"),
    ],
)
def test_a_bad_pack_is_refused_and_nothing_is_kept(teacher, tmp_path, tiny_checkpoint, case, expected):
    good = export_pack(tmp_path / "good.sfpack", "class", teacher, tiny_checkpoint)
    bad = tmp_path / "bad.sfpack"
    data = good.read_bytes()
    if case == "truncated":
        bad.write_bytes(data[: len(data) * 2 // 3])
    elif case == "not a zip":
        bad.write_text("안녕하세요", encoding="utf-8")
    elif case == "tampered":
        _rewrite(good, bad, lambda n, b: (n, b[:-100] + bytes(100)) if n.endswith(".wav") else (n, b))
    elif case == "dropped":
        _rewrite(good, bad, lambda n, b: None if n == "model.pt" else (n, b))
    else:

        def change(name, blob):
            if case == "bad model" and name == "model.pt":
                return name, b"not a model"
            if name != "manifest.json":
                return name, blob
            m = json.loads(blob)
            if case == "traversal":
                m["files"]["../evil.txt"] = m["files"].pop("sentences.tsv")
            elif case == "newer":
                m["version"] = 2
            else:  # bad model, with a digest that matches it: only the checkpoint loader can tell
                m["files"]["model.pt"] = hashlib.sha256(b"not a model").hexdigest()
            return name, json.dumps(m).encode()

        _rewrite(good, bad, change)
        if case == "traversal":  # the member itself under the hostile name
            with zipfile.ZipFile(good) as z, zipfile.ZipFile(bad, "a") as out:
                out.writestr("../evil.txt", z.read("sentences.tsv"))
            _rewrite(bad, tmp_path / "bad2.sfpack", lambda n, b: None if n == "sentences.tsv" else (n, b))
            bad = tmp_path / "bad2.sfpack"
    classes = tmp_path / "classes"
    import_pack(good, classes)  # an earlier good import must survive the bad one
    before = sorted(p.relative_to(classes) for p in classes.rglob("*"))
    with pytest.raises(ClassPackError) as info:
        import_pack(bad, classes)
    assert expected in info.value.message("en") and "Ask your teacher" in info.value.message("en")
    assert "수업 자료를 가져올 수 없어요" in info.value.message("ko")
    assert sorted(p.relative_to(classes) for p in classes.rglob("*")) == before  # nothing half-imported
    assert not (tmp_path / "evil.txt").exists()


def test_the_app_imports_a_pack_and_plays_the_teacher(window, teacher, tmp_path, qtbot):
    from model.sentences import Sentence

    pack = export_pack(tmp_path / "class.sfpack", "class", teacher)
    window.classes_folder = tmp_path / "classes"
    window.teacher_folder = tmp_path / "no-teacher-here"
    window.set_language("en")
    got = window.import_class_pack(str(pack))
    assert got is not None and "3 recordings of your teacher" in window.last_report
    assert window.sentence is not None and window.sentence.text == SENTENCES[0]  # the list opened
    assert window.teacher_take and window.play_reference.text() == "▶ Hear the teacher"
    window.select_sentence(Sentence("나무가 커요"))
    assert not window.teacher_take
    (tmp_path / "broken.sfpack").write_bytes(pack.read_bytes()[:500])
    assert window.import_class_pack(str(tmp_path / "broken.sfpack")) is None
    assert "truncated" in window.last_report and not window.banner.isHidden()
    assert [p.name for p in installed_packs(tmp_path / "classes")] == ["class"]
    window.import_class_pack(str(pack))  # again: the same branch, not a second one
    tree = window.panel.tree
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert sum("class (3)" in t for t in titles) == 1
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    screenshot(window, "import-en", tmp_path)


def test_a_pack_too_large_unpacked_is_refused_before_reading(teacher, tmp_path, monkeypatch):
    import app.class_pack

    pack = export_pack(tmp_path / "class.sfpack", "class", teacher)
    monkeypatch.setattr(app.class_pack, "MAX_BYTES", 1000)
    with pytest.raises(ClassPackError) as info:
        import_pack(pack, tmp_path / "classes")
    assert "it would unpack to more than" in info.value.message("en")
    assert installed_packs(tmp_path / "classes") == []
