"""MBROLA hn1: our phones → hn1 units in every context, prosody, synthesis, the mixed corpus."""

from __future__ import annotations

import random

import numpy as np
import pytest

from model import phones
from model.korean import RULE_NAMES, g2p
from model.korean.hangul import compose
from training import espeak, mbrola
from training.manifest import read_manifest
from training.synth import CODAS, ONSETS, VOWELS, main, read_partial

needs_mbrola = pytest.mark.skipif(not mbrola.available(), reason=mbrola.missing_reason() or "-")


def _units(text: str) -> list[str]:
    return [s.unit for s in mbrola.segments(g2p(text))]


def every_context() -> list[str]:
    """Words covering every onset × vowel × coda, each syllable both word-initial and after
    every kind of preceding sound (vowel, each coda)."""
    words = []
    for i, onset in enumerate(ONSETS):
        for j, vowel in enumerate(VOWELS):
            coda = CODAS[(i + j) % len(CODAS)]
            before = compose("ㅇ", "ㅏ", CODAS[(i * 3 + j) % len(CODAS)])
            syllable = compose(onset, vowel, coda)
            words += [syllable, before + syllable]
    return words


def test_every_phone_in_every_context_maps_to_a_unit_hn1_has():
    seen = set()
    for word in every_context():
        pron = g2p(word, skip_rules=RULE_NAMES)
        segs = mbrola.segments(pron)
        assert {s.unit for s in segs} <= mbrola.UNITS, word
        assert [p for s in segs for p in s.phones] == list(pron.symbols), word  # the label is what we asked
        seen.update(pron.symbols)
    assert seen == set(phones.SYMBOLS)


def test_allophones_follow_context():
    assert _units("아기") == ["a", "g", "i"]  # lenis voiced between vowels
    assert _units("기가")[0] == "k"  # voiceless word-initially
    assert _units("감기") == ["k", "a", "m_}", "g", "i"]  # after a nasal coda, voiced; coda unreleased
    assert _units("아 기")[1] == "k"  # a new word (accentual phrase) starts voiceless
    assert _units("시")[0] == "s\\" and _units("사")[0] == "s"
    assert _units("의사") == ["M\\i", "s", "a"]
    assert _units("학교") == ["h", "a", "k_}", "k_>", "jo"]
    assert _units("과자") == ["k", "wa", "dz\\", "a"]
    assert _units("달라") == ["t", "a", "l_}", "l", "a"]
    assert mbrola.segments(g2p("개"), open_e=True)[1].unit == "E"


def test_accentual_phrase_tones():
    tones = mbrola.syllable_tones(g2p("바다가 좋아요"), question=False)
    assert tones[0] < 0 and tones[1] > 0  # 바: lenis onset starts low, then high
    hi = mbrola.syllable_tones(g2p("파도가 좋아요"), question=False)
    assert hi[0] > 0  # 파: aspirated onset starts high
    assert tones[max(tones)] < 0  # a statement ends low
    assert mbrola.syllable_tones(g2p("좋아요"), question=True)[2] > 0  # a question ends high


def test_repair_bridges_a_missing_diphone_or_refuses():
    segs = [mbrola.Segment("_", (), 0, "edge"), mbrola.Segment("k_}", ("k",), 0, "coda"),
            mbrola.Segment("a", ("a",), 1, "nucleus"), mbrola.Segment("_", (), 1, "edge")]  # fmt: skip
    have = {("_", "k_}"), ("k_}", "_"), ("_", "a"), ("a", "_")}
    fixed, n = mbrola.repair(segs, frozenset(have))
    assert [s.unit for s in fixed] == ["_", "k_}", "_", "a", "_"] and n == 1
    with pytest.raises(mbrola.MbrolaError):
        mbrola.repair(segs, frozenset({("_", "k_}")}))


@needs_mbrola
def test_hn1_has_a_diphone_path_for_every_context():
    table = mbrola.diphones()
    assert len(table) > 1500
    rng = random.Random(0)
    for word in every_context():
        pron = g2p(word, skip_rules=RULE_NAMES)
        mbrola.repair(mbrola.with_pauses(pron, mbrola.segments(pron), rng), table)  # raises if impossible


@needs_mbrola
def test_synthesis_speaks_what_was_asked_with_varied_speakers():
    rng = random.Random(1)
    pron = g2p("학교에 가요. 정말 좋아요?")
    a = mbrola.synthesize(pron, rng)
    b = mbrola.synthesize(pron, rng)
    assert a.phones == pron.symbols and b.phones == pron.symbols
    for spoken in (a, b):
        assert spoken.waveform.dtype == np.float32 and 0.8 < spoken.waveform.size / 16000 < 6
        assert np.abs(spoken.waveform).max() > 0.01
    assert a.waveform.size != b.waveform.size  # another speaker, another rate


@needs_mbrola
@pytest.mark.skipif(not espeak.espeak_available(), reason="espeak-ng is not installed")
def test_mixed_corpus_has_both_engines_and_their_own_held_out_voices(tmp_path):
    out = tmp_path / "mix"
    args = ["--out", str(out), "--utterances", "40", "--jobs", "1", "--random-voices", "20",
            "--mbrola-voices", "20", "--engine", "espeak,mbrola", "--mix", "0.5,0.5"]  # fmt: skip
    assert main(args) == 0
    rows = [r for split in ("train", "val", "test") for r in read_partial(out / f"{split}.tsv")]
    assert {r["engine"] for r in rows} == {"espeak", "mbrola"}
    for r in rows:
        assert r["voice"].startswith("hn1-") == (r["engine"] == "mbrola")
        if r["engine"] == "mbrola" and r["errors"] == "[]":
            assert r["phones"] == r["intended"]  # hn1 says exactly the phones asked for
    assert len(read_manifest(out / "train.tsv").utterances) > 0


def test_unknown_engine_or_bad_mix_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit, match="--engine"):
        main(["--out", str(tmp_path), "--engine", "festival"])
    with pytest.raises(SystemExit, match="--mix"):
        main(["--out", str(tmp_path), "--engine", "espeak,mbrola", "--mix", "1"])
