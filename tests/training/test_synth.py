"""Synthetic corpus: 10 utterances, resume, injected errors, labels in the inventory."""

from __future__ import annotations

import json
import random

import pytest
import soundfile as sf

from model import phones
from model.korean import g2p
from training import espeak
from training.manifest import read_manifest
from training.synth import finished_rows, inject_error, main, read_partial

pytestmark = pytest.mark.skipif(not espeak.espeak_available(), reason="espeak-ng is not installed")


def corpus_rows(out):
    return [r for split in ("train", "val", "test") for r in read_partial(out / f"{split}.tsv")]


def test_hours_must_be_positive(tmp_path, capsys):
    with pytest.raises(SystemExit, match="--hours must be more than 0"):
        main(["--out", str(tmp_path / "c"), "--hours", "-1"])


def test_synth_ten_utterances_then_resume(tmp_path):
    out = tmp_path / "corpus"
    args = [
        "--out",
        str(out),
        "--utterances",
        "10",
        "--jobs",
        "1",
        "--random-voices",
        "5",
        "--error-rate",
        "0.5",
    ]
    assert main(args) == 0
    assert not (out / "manifest.partial.tsv").exists()  # a finished corpus leaves no partial manifest
    rows = corpus_rows(out)
    assert len(rows) == 10
    for r in rows:
        audio, rate = sf.read(out / r["path"])
        assert rate == 16000 and abs(len(audio) / 16000 - float(r["duration"])) < 0.01
        assert all(p in phones.SYMBOLS for p in r["phones"].split())
        assert all(p in phones.SYMBOLS for p in r["intended"].split())
        assert r["split"] in ("train", "val", "test")
    assert any(json.loads(r["errors"]) for r in rows), "error-rate 0.5 injected nothing in 10 utterances"
    total = sum(len(read_manifest(out / f"{s}.tsv").utterances) for s in ("train", "val", "test"))
    assert total == 10

    first = {r["id"]: r["phones"] for r in rows}
    assert main([*args[:3], "12", *args[4:]]) == 0  # resume: keeps the first ten, adds two
    again = corpus_rows(out)
    assert len(again) == 12
    assert {r["id"]: r["phones"] for r in again if r["id"] in first} == first


def test_resume_after_a_row_cut_in_half(tmp_path):
    out = tmp_path / "corpus"
    args = ["--out", str(out), "--utterances", "3", "--jobs", "1", "--random-voices", "2"]
    assert main(args) == 0
    partial = out / "manifest.partial.tsv"
    whole = finished_rows(out, partial)  # the partial manifest a run killed at its end would leave
    data = partial.read_bytes()
    last = data.rstrip(b"\r\n").rfind(b"\n") + 1
    partial.write_bytes(data[: last + (len(data) - last) // 2])  # a kill in the middle of the last row
    assert main([*args[:3], "4", *args[4:]]) == 0
    again = sorted(corpus_rows(out), key=lambda r: int(r["id"]))
    assert [r["id"] for r in again] == sorted({r["id"] for r in again}, key=int) and len(again) == 4
    assert {r["id"]: r for r in again if r["id"] in {r["id"] for r in whole}} == {r["id"]: r for r in whole}
    assert all(None not in r.values() and len(r) == len(whole[0]) for r in again)


@pytest.mark.parametrize("seed", range(20))
def test_injected_error_changes_the_pronounced_form(seed):
    text = "국물이 좋아요 학교에 갔어요"
    pron = g2p(text).pronounced
    injected = inject_error(text, pron, random.Random(seed))
    assert injected is not None
    spoken, error = injected
    assert spoken != pron
    assert error["kind"] in ("phonation", "vowel", "drop_coda", "rule_not_applied", "insert_eu")


def test_rule_not_applied_reads_as_spelled():
    rng = random.Random(0)
    for _ in range(200):
        spoken, error = inject_error("국물", "궁물", rng)
        if error["kind"] == "rule_not_applied":
            assert spoken == "국물" and error["rule"] == "nasalisation"
            return
    pytest.fail("rule_not_applied never chosen")
