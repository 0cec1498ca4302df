"""Sentence lists: the built-in lessons and teachers' files in every format and encoding."""

from __future__ import annotations

import codecs
import json
import re

import pytest

from model.korean import G2PError, g2p
from model.sentences import (
    Lesson,
    RowProblem,
    Sentence,
    SentenceList,
    SentenceListError,
    assets_dir,
    builtin_lessons,
    load_sentence_list,
    report,
)

HANGUL = re.compile("[\uac00-\ud7a3]")

# --------------------------------------------------------------------------- built-in lessons


def test_builtin_lessons_are_many_and_complete():
    lessons = builtin_lessons()
    assert all(isinstance(lesson, Lesson) for lesson in lessons)
    assert len(lessons) >= 11
    assert sum(len(lesson.sentences) for lesson in lessons) >= 150
    assert len({lesson.key for lesson in lessons}) == len(lessons)
    for lesson in lessons:
        assert lesson.title_ko and lesson.title_en
        assert len(lesson.sentences) >= 10, lesson.key
        for s in lesson.sentences:
            assert s.translation, s.text
            assert s.note, s.text


def test_lesson_index_lists_every_file():
    folder = assets_dir()
    index = json.loads((folder / "lessons.json").read_text(encoding="utf-8"))["lessons"]
    listed = [entry["file"] for entry in index]
    assert listed == sorted(listed)
    assert set(listed) == {p.name for p in folder.glob("*.tsv")}
    for name in listed:
        assert (folder / name).read_bytes().startswith(b"text\ttranslation\tnote\n")


def test_builtin_files_load_without_problems():
    folder = assets_dir()
    for path in sorted(folder.glob("*.tsv")):
        loaded = load_sentence_list(path)
        assert loaded.problems == (), report(loaded)


def test_every_builtin_sentence_passes_the_g2p():
    for lesson in builtin_lessons():
        for s in lesson.sentences:
            pron = g2p(s.text)
            assert pron.phones, s.text


def test_builtin_sentences_are_plain_hangul_of_reasonable_length():
    seen = set()
    for lesson in builtin_lessons():
        for s in lesson.sentences:
            assert re.fullmatch(r"[\uac00-\ud7a3 .,?!]+", s.text), s.text
            assert 3 <= len(HANGUL.findall(s.text)) <= 25, s.text
            assert s.text not in seen, f"duplicate: {s.text}"
            seen.add(s.text)


# --------------------------------------------------------------------------- formats and encodings

ROWS = [
    ("안녕하세요.", "Hello.", "인사"),
    ("국물이 뜨거워요.", "The broth is hot.", "국물 [궁물]: 비음화"),
    ("같이 가요!", "Let's go together!", "같이 [가치]: 구개음화"),
]
EXPECTED = [Sentence(t, tr, n, "", 0) for t, tr, n in ROWS]


def _render(fmt: str) -> str:
    if fmt == "txt":
        return "# 수업 문장\n" + "\n".join(t for t, _, _ in ROWS) + "\n"
    if fmt == "json":
        return json.dumps(
            [{"text": t, "translation": tr, "note": n} for t, tr, n in ROWS], ensure_ascii=False, indent=1
        )
    sep = "," if fmt == "csv" else "\t"
    lines = ["# 수업 문장", sep.join(["text", "translation", "note"])]
    lines += [sep.join(f'"{c}"' if sep in c else c for c in row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp949", "euc-kr"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("fmt", ["txt", "csv", "tsv", "json"])
def test_formats_and_encodings_load_the_same_sentences(tmp_path, fmt, encoding):
    path = tmp_path / f"수업.{fmt}"
    path.write_bytes(_encode(_render(fmt), encoding))
    loaded = load_sentence_list(path)
    assert isinstance(loaded, SentenceList)
    assert loaded.problems == ()
    assert loaded.name == "수업"
    texts = [s.text for s in loaded.sentences]
    assert texts == [t for t, _, _ in ROWS]
    if fmt != "txt":
        got = [(s.text, s.translation, s.note) for s in loaded.sentences]
        assert got == [(e.text, e.translation, e.note) for e in EXPECTED]
    assert all(s.line > 0 for s in loaded.sentences)


def test_line_numbers_txt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("# 제목\n\n안녕하세요.\n\n   \n고맙습니다.\n", encoding="utf-8")
    loaded = load_sentence_list(path)
    assert [(s.line, s.text) for s in loaded.sentences] == [(3, "안녕하세요."), (6, "고맙습니다.")]


def test_nfd_text_is_normalized(tmp_path):
    import unicodedata

    path = tmp_path / "mac.txt"
    path.write_text(unicodedata.normalize("NFD", "안녕하세요.\n"), encoding="utf-8")
    assert load_sentence_list(path).sentences[0].text == "안녕하세요."


def test_headers_are_case_insensitive_and_korean_aliases_work(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("Note,TEXT,Translation\n메모,안녕하세요.,Hello.\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("문장,번역,메모\n안녕하세요.,Hello.,메모\n", encoding="utf-8")
    for path in (a, b):
        (s,) = load_sentence_list(path).sentences
        assert (s.text, s.translation, s.note, s.line) == ("안녕하세요.", "Hello.", "메모", 2)


def test_csv_saved_with_semicolons_or_tabs(tmp_path):
    for sep in (";", "\t"):
        path = tmp_path / "excel.csv"
        path.write_text(f"text{sep}translation\n안녕하세요.{sep}Hello.\n", encoding="utf-8")
        (s,) = load_sentence_list(path).sentences
        assert (s.text, s.translation) == ("안녕하세요.", "Hello.")


def test_json_object_forms(tmp_path):
    path = tmp_path / "l.json"
    path.write_text(
        json.dumps(
            {"title": "첫 수업", "sentences": ["안녕하세요.", {"문장": "고맙습니다.", "번역": "Thanks"}]}
        ),
        encoding="utf-8",
    )
    loaded = load_sentence_list(path)
    assert loaded.name == "첫 수업"
    assert [(s.line, s.text, s.translation) for s in loaded.sentences] == [
        (1, "안녕하세요.", ""),
        (2, "고맙습니다.", "Thanks"),
    ]


# --------------------------------------------------------------------------- bad rows

LONG = "가나다라마바사아자차" * 25  # 250 characters


def _reason(text: str) -> str:
    with pytest.raises(G2PError) as info:
        g2p(text)
    return str(info.value)


def test_bad_rows_in_csv_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "text,translation\n"  # 1
        "안녕하세요.,Hello.\n"  # 2
        ",nothing here\n"  # 3
        "hello world,Latin\n"  # 4
        "ㅋㅋ,lol\n"  # 5
        f"{LONG},too long\n"  # 6
        "\n"  # 7 (blank: skipped silently)
        '"국물이, 뜨거워요.",The broth is hot.\n',  # 8
        encoding="utf-8",
    )
    loaded = load_sentence_list(path)
    assert [(s.line, s.text) for s in loaded.sentences] == [(2, "안녕하세요."), (8, "국물이, 뜨거워요.")]
    problems = {p.line: p for p in loaded.problems}
    assert sorted(problems) == [3, 4, 5, 6]
    assert all(isinstance(p, RowProblem) and p.reason for p in loaded.problems)
    assert "empty" in problems[3].reason
    assert problems[4].text == "hello world"
    assert problems[4].reason == _reason("hello world")
    assert problems[5].reason == _reason("ㅋㅋ")
    assert "too long" in problems[6].reason and "250" in problems[6].reason
    text = report(loaded)
    assert "2 sentences loaded" in text and "4 rows skipped" in text
    assert "line 4: 'hello world' — " + problems[4].reason in text
    assert "line 5: 'ㅋㅋ'" in text
    assert "line 6: '가나다라" in text and "…" in text


def test_bad_rows_in_txt_tsv_and_json(tmp_path):
    txt = tmp_path / "bad.txt"
    txt.write_text(f"안녕하세요.\n\nhello world\nㅋㅋ\n{LONG}\n고맙습니다.\n", encoding="utf-8")
    loaded = load_sentence_list(txt)
    assert [s.line for s in loaded.sentences] == [1, 6]
    assert [p.line for p in loaded.problems] == [3, 4, 5]

    tsv = tmp_path / "bad.tsv"
    tsv.write_text(
        f"text\ttranslation\n안녕하세요.\tHi\n\tempty\nhello world\tx\nㅋㅋ\tx\n{LONG}\tx\n", encoding="utf-8"
    )
    loaded = load_sentence_list(tsv)
    assert [s.line for s in loaded.sentences] == [2]
    assert [p.line for p in loaded.problems] == [3, 4, 5, 6]

    js = tmp_path / "bad.json"
    js.write_text(json.dumps(["안녕하세요.", "", "hello world", "ㅋㅋ", LONG, 42, {"translation": "x"}]))
    loaded = load_sentence_list(js)
    assert [s.line for s in loaded.sentences] == [1]
    assert [p.line for p in loaded.problems] == [2, 3, 4, 5, 6, 7]
    assert "item 3: 'hello world'" in report(loaded)


def test_pronunciation_column(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "text,pronunciation,translation\n"
        "신발을 신고 가요.,신바를 신꼬 가요,I put on my shoes and go.\n"  # 2: good
        "국물,[궁물],broth\n"  # 3: good, brackets allowed
        "국물이 뜨거워요.,궁무리,The broth is hot.\n"  # 4: wrong syllable count
        "국물,gungmul,broth\n"  # 5: unreadable pronunciation
        "같이 가요.,,Let's go.\n",  # 6: no pronunciation
        encoding="utf-8",
    )
    loaded = load_sentence_list(path)
    got = {s.line: s for s in loaded.sentences}
    assert sorted(got) == [2, 3, 6]
    assert got[2].pronunciation == "신바를 신꼬 가요"
    assert got[3].pronunciation == "궁물"
    assert got[6].pronunciation == ""
    problems = {p.line: p.reason for p in loaded.problems}
    assert sorted(problems) == [4, 5]
    assert "3 syllables" in problems[4] and "7" in problems[4]
    assert "gungmul" in problems[5]

    assert got[2].g2p_input() == "신발을[신바를] 신고[신꼬] 가요."
    assert got[3].g2p_input() == "국물[궁물]"
    assert got[6].g2p_input() == "같이 가요."
    assert g2p(got[3].g2p_input()).pronounced.replace(" ", "").startswith("궁물")


# --------------------------------------------------------------------------- unusable files


def test_missing_file(tmp_path):
    with pytest.raises(SentenceListError, match="does not exist"):
        load_sentence_list(tmp_path / "없는파일.txt")


def test_unknown_extension(tmp_path):
    path = tmp_path / "lesson.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(SentenceListError, match=r"\.txt.*\.csv.*\.json"):
        load_sentence_list(path)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(range(1, 256)) * 4,  # no NUL bytes, still not text
    ],
)
def test_binary_file(tmp_path, data):
    path = tmp_path / "picture.txt"
    path.write_bytes(data)
    with pytest.raises(SentenceListError) as info:
        load_sentence_list(path)
    assert "UTF-8" in str(info.value)


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("café, naïve, résumé\n", "latin-1"),
        ("こんにちは。今日はいい天気ですね。\n", "shift_jis"),  # decodes as CP949, to nonsense
        ("안녕하세요.\n국물이 뜨거워요.\n", "utf-8-broken"),  # UTF-8 with one damaged byte
    ],
)
def test_other_encodings_are_refused_not_garbled(tmp_path, text, encoding):
    path = tmp_path / "other.txt"
    data = text.encode("utf-8")[:-3] + b"\xff\n" if encoding == "utf-8-broken" else text.encode(encoding)
    path.write_bytes(data)
    with pytest.raises(SentenceListError, match="encoding"):
        load_sentence_list(path)


def test_broken_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('["안녕하세요." "고맙습니다."]', encoding="utf-8")
    with pytest.raises(SentenceListError, match=r"not valid JSON.*line 1"):
        load_sentence_list(path)


def test_json_without_a_list(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text('{"문장들": 3}', encoding="utf-8")
    with pytest.raises(SentenceListError, match="list of sentences"):
        load_sentence_list(path)


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "noheader.csv"
    path.write_text("안녕하세요.,Hello.\n고맙습니다.,Thanks.\n", encoding="utf-8")
    with pytest.raises(SentenceListError, match="no 'text' column"):
        load_sentence_list(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(SentenceListError, match="empty"):
        load_sentence_list(path)


def test_folder_instead_of_file(tmp_path):
    folder = tmp_path / "lesson.txt"
    folder.mkdir()
    with pytest.raises(SentenceListError, match="folder"):
        load_sentence_list(folder)


def test_clean_report():
    assert report(SentenceList("x", (Sentence("안녕하세요."),), ())) == "x: 1 sentence loaded."


def test_frozen():
    s = Sentence("안녕하세요.")
    with pytest.raises(AttributeError):
        s.text = "x"  # type: ignore[misc]


def test_a_pronunciation_column_is_checked_against_the_sentence_as_read(tmp_path):
    from model.sentences import load_sentence_list

    path = tmp_path / "digits.csv"
    path.write_text("text,pronunciation\n사과 3개 주세요,사과 세개 주세요\n사과 3개 주세요,사과 세 주세요\n",
                    encoding="utf-8")  # fmt: skip
    loaded = load_sentence_list(path)
    assert [s.text for s in loaded.sentences] == ["사과 3개 주세요"]
    assert g2p(loaded.sentences[0].g2p_input()).pronounced == "사과 세개 주세요"
    assert len(loaded.problems) == 1 and "6 syllables but the sentence has 7" in loaded.problems[0].reason
