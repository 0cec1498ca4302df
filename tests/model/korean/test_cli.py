"""`python -m model.korean`."""

import json
import subprocess
import sys

from model.korean.__main__ import main


def test_plain(capsys):
    assert main(["국물이 좋아요"]) == 0
    assert capsys.readouterr().out.strip() == "국물이 좋아요 → [궁무리 조아요] kuŋmuɾi tɕoajo"


def test_json(capsys):
    assert main(["--json", "국물이 좋아요", "맛있다"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {
        "text",
        "normalized",
        "readings",
        "pronunciation",
        "ipa",
        "phones",
        "variants",
        "rules",
    }
    assert first["readings"] == []
    assert first["pronunciation"] == "궁무리 조아요"
    assert second["variants"][0]["pronunciation"] == "마싣따"
    assert "궁" in lines[0]  # ensure_ascii=False


def test_numbers_show_how_they_were_read(capsys):
    assert main(["사과 3개 주세요"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "사과 세개 주세요 → [사과 세개 주세요] sakwa seke tɕusejo"
    assert out[1] == "  3 = 세 (native numeral before 개)"
    assert main(["--json", "6월 1일"]) == 0
    d = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert d["text"] == "6월 1일" and d["normalized"] == "유월 일일" and d["pronunciation"] == "유워 리릴"
    assert [(r["written"], r["said"], r["span"]) for r in d["readings"]] == [
        ("6", "유", [0, 1]),
        ("1", "일", [2, 3]),
    ]


def test_error_exit_code(capsys):
    assert main(["abc"]) == 1
    captured = capsys.readouterr()
    assert "Cannot read 'abc'" in captured.err and "Traceback" not in captured.err


def test_subprocess_error_path():
    r = subprocess.run(
        [sys.executable, "-m", "model.korean", "ㅋㅋ"], capture_output=True, text=True, encoding="utf-8"
    )
    assert r.returncode == 1
    assert "ㅋㅋ" in r.stderr and "Traceback" not in r.stderr


def test_bench_sentences_are_deterministic():
    from model.korean.bench import sentences

    assert sentences(5) == sentences(5) and len(sentences(10_000)) == 10_000
