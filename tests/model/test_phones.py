"""The phone inventory: one table, a tokenizer that round-trips, and a distance with sense."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import phones


def test_every_symbol_once_with_features_and_descriptions():
    assert len(set(phones.SYMBOLS)) == len(phones.SYMBOLS) == 30
    for p in phones.PHONES:
        assert p.description_ko and p.description_en and p.hangul
        if p.is_consonant:
            assert p.place and p.manner and p.phonation
        else:
            assert p.height and p.backness and p.rounded is not None


def test_three_way_phonation_contrast():
    for lenis, asp, tense in [("p", "pʰ", "p͈"), ("t", "tʰ", "t͈"), ("k", "kʰ", "k͈"), ("tɕ", "tɕʰ", "t͈ɕ")]:
        assert [phones.phone(s).phonation for s in (lenis, asp, tense)] == ["lenis", "aspirated", "tense"]
        assert len({phones.phone(s).place for s in (lenis, asp, tense)}) == 1


def test_tokenize_longest_match_and_join():
    assert phones.tokenize("kuŋmuɾi tɕoajo") == ["k", "u", "ŋ", "m", "u", "ɾ", "i", "tɕ", "o", "a", "j", "o"]
    assert phones.tokenize("t͈ɕatɕʰa") == ["t͈ɕ", "a", "tɕʰ", "a"]
    assert phones.tokenize("pʰap͈a") == ["pʰ", "a", "p͈", "a"]
    assert phones.join(["k", "a"]) == "ka"


def test_tokenize_rejects_foreign_symbols():
    with pytest.raises(phones.UnknownPhoneError, match="ɛ"):
        phones.tokenize("kɛ")


@given(st.lists(st.sampled_from(phones.SYMBOLS), max_size=30))
def test_tokenize_inverts_join(symbols):
    assert phones.tokenize(phones.join(symbols)) == symbols


def test_distance_is_a_sensible_metric():
    for a, b in itertools.product(phones.SYMBOLS, repeat=2):
        d = phones.distance(a, b)
        assert 0.0 <= d <= 1.0
        assert d == phones.distance(b, a)
        assert (d == 0.0) == (a == b)
    assert phones.distance("k", "kʰ") < phones.distance("k", "m")  # ㄱ→ㅋ cheaper than ㄱ→ㅁ
    assert phones.distance("ʌ", "o") < phones.distance("ʌ", "i")  # ㅓ→ㅗ cheaper than ㅓ→ㅣ
    assert phones.distance("ɾ", "l") < phones.distance("ɾ", "n")
    assert phones.distance("a", "k") == 1.0
