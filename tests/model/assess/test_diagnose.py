import re

import pytest

from model.assess import diagnose
from model.assess.diagnose import RuleNote
from model.assess.engine import rule_notes
from model.korean import g2p

HANGUL = re.compile("[가-힣]")


def both(msg):
    ko, en = msg
    assert ko and en and ko != en
    assert HANGUL.search(ko), ko
    return ko, en


@pytest.mark.parametrize(
    ("expected", "heard", "ko_has", "en_has"),
    [
        (
            "kʰ",
            "k",
            "거센소리",
            "ㅋ [kʰ] is aspirated: release it with a strong puff of air — you said a plain ㄱ [k]",
        ),
        ("k͈", "k", "된소리", "tense"),
        ("k", "kʰ", "예사소리", "plain (lenis)"),
        ("ʌ", "o", "둥글게 하지", "unrounded"),
        ("o", "ʌ", "오므리", "round the lips"),
        ("ʌ", "i", "혀를 뒤로", "pull the tongue back"),
        ("a", "ʌ", "크게 벌리", "open the mouth wider"),
        ("t", "k", "혀끝", "tongue tip on the gum ridge"),
        ("m", "p", "콧소리", "nasal"),
        ("p", "m", "콧소리가 아니", "not nasal"),
        ("ɾ", "l", "한 번", "tap"),
        ("l", "ɾ", "붙인 채", "lateral"),
        ("s", "tɕ", "", "For ㅅ"),  # place and manner together: the caption's instructions
        ("j", "i", "반모음", "glide"),
        ("a", "k", "자리에", "was said where"),
    ],
)
def test_substitution_families(expected, heard, ko_has, en_has):
    ko, en = both(diagnose.substitution(expected, heard))
    assert ko_has in ko and en_has in en
    assert f"[{heard}]" in ko and f"[{heard}]" in en


def test_rule_not_applied_from_g2p_provenance():
    pron = g2p("국물")
    notes, _ = rule_notes(pron)
    (note,) = notes[2]
    assert note.rule.name == "nasalisation" and note.without == "k" and note.word == "국물 [궁물]"
    ko, en = both(diagnose.substitution("ŋ", "k", note, next_symbol="m"))
    assert (
        en
        == "국물 [궁물]: ㄱ before ㅁ is said [ŋ] (nasalisation: 비음화, 표준 발음법 제18항) — you said [k]."
    )
    assert "비음화" in ko and "제18항" in ko and "들린 소리: [k]" in ko
    # a different wrong phone is not "rule not applied"
    ko2, en2 = diagnose.substitution("ŋ", "n", note, next_symbol="m")
    assert "비음화" not in en2


def test_rule_removing_a_sound():
    pron = g2p("좋아")
    _, removed = rule_notes(pron)
    (note, sym), *_ = [x for v in removed.values() for x in v]
    assert sym == "h" and note.rule.name == "h_deletion"
    ko, en = both(diagnose.insertion("h", "o", "a", note))
    assert "not pronounced" in en and "ㅎ 탈락" in ko


def test_rule_adding_a_sound():
    pron = g2p("할 일")
    notes, _ = rule_notes(pron)
    added = [n for per in notes for n in per if n.without is None]
    assert added and added[0].rule.name == "n_insertion"
    ko, en = both(diagnose.deletion("l", "onset", "일", added[0]))
    assert "left it out" in en and "ㄴ 첨가" in ko


def test_dropped_coda():
    ko, en = both(diagnose.deletion("k", "coda", "국"))
    assert "final ㄱ [k] of 국 was dropped" in en and "받침" in ko


def test_dropped_onset_and_vowel():
    ko, en = both(diagnose.deletion("k", "onset", "가"))
    assert "first sound" in en and "첫소리" in ko
    ko, en = both(diagnose.deletion("a", "nucleus", "가"))
    assert "vowel" in en and "모음" in ko


def test_missing_part():
    ko, en = both(diagnose.missing_part("좋아요"))
    assert en == "This part was not said: 좋아요." and "좋아요" in ko


def test_epenthesis_and_other_insertions():
    ko, en = both(diagnose.insertion("ɯ", "k", "k͈", heard_before="k"))
    assert "extra vowel ㅡ [ɯ] was added after ㄱ" in en and "ㅡ [ɯ]" in ko
    ko, en = both(diagnose.insertion("a", "k", None))
    assert "extra vowel" in en and "모음" in ko
    ko, en = both(diagnose.insertion("t", None, "a"))
    assert "before ㅏ" in en and "자음" in ko


def test_rule_note_without_word_uses_rule_text():
    pron = g2p("국물")
    note = RuleNote(pron.rules[0], "k")
    assert diagnose.rule_not_applied(note, "ŋ", "k", "m")[1].startswith("국물 [궁물]")


def test_rule_notes_read_what_the_g2p_recorded_and_ask_it_nothing(monkeypatch):
    """One pass: the G2P records, per rule, the phones without it; rule_notes never runs it again."""
    from model.assess import engine

    pron = g2p("국물이 좋아요")
    assert pron.without_rule("nasalisation")[0][:4] == ("k", "u", "k", "m")  # 국물 said as spelt
    assert pron.without_rule("lateralisation") == ()  # a rule that did not apply

    def no_second_run(*args, **kwargs):
        raise AssertionError("rule_notes asked the G2P again")

    monkeypatch.setattr(engine, "g2p", no_second_run)
    notes, _ = rule_notes(pron)
    assert [n.rule.name for n in notes[2]] == ["nasalisation"] and notes[2][0].without == "k"
    for variant in pron.variants:  # a variant the speaker came closer to carries the same record
        assert variant.without_rules == pron.without_rules
