from model.assess.align import DEL, INS, MATCH, SUB, align, distance, mismatches, ref_to_hyp, sub_cost
from model.phones import tokenize


def ops(ref, hyp):
    r, h = tokenize(ref), tokenize(hyp)
    return [(o.op, r[o.ref] if o.ref is not None else None, h[o.hyp] if o.hyp is not None else None)
            for o in align(r, h)]  # fmt: skip


def test_costs_follow_articulation():
    assert sub_cost("k", "kʰ") < sub_cost("k", "m")
    assert sub_cost("ʌ", "o") < sub_cost("ʌ", "i")
    assert sub_cost("k", "k") == 0.0
    assert sub_cost("k", "a") > 2 * 0.5  # consonant for vowel: dearer than deletion + insertion


def test_identical():
    assert all(o[0] == MATCH for o in ops("kuŋmul", "kuŋmul"))


def test_substitution_in_place():
    assert ops("kuŋmul", "kukmul")[2] == (SUB, "ŋ", "k")


def test_deletion_in_place():
    got = ops("kuŋmul", "kumul")
    assert (DEL, "ŋ", None) in got and sum(o[0] != MATCH for o in got) == 1
    assert got.index((DEL, "ŋ", None)) == 2


def test_insertion_in_place():
    got = ops("hakk͈jo", "hakɯk͈jo")
    assert got[3] == (INS, None, "ɯ")
    assert sum(o[0] != MATCH for o in got) == 1


def test_every_error_reported_not_only_the_first():
    got = ops("kʌtɕaŋ", "kotɕʰa")
    assert [o[0] for o in got] == [MATCH, SUB, SUB, MATCH, DEL]


def test_nearer_phone_is_paired():
    # two heard vowels for one expected ㅓ: the rounded ㅗ (near) is the substitution, ㅣ the insertion
    got = ops("kʌ", "koi")
    assert (SUB, "ʌ", "o") in got and (INS, None, "i") in got
    got = ops("kak", "kʰaŋ")
    assert got[0] == (SUB, "k", "kʰ") and got[2] == (SUB, "k", "ŋ")


def test_consonant_for_vowel_is_deletion_plus_insertion():
    got = ops("a", "k")
    assert sorted(o[0] for o in got) == [DEL, INS]


def test_empty_sides():
    assert ops("", "") == []
    assert [o[0] for o in ops("ka", "")] == [DEL, DEL]
    assert [o[0] for o in ops("", "ka")] == [INS, INS]


def test_helpers():
    r, h = tokenize("kuŋmul"), tokenize("kumul")
    assert ref_to_hyp(align(r, h), len(r)) == [0, 1, None, 2, 3, 4]
    assert mismatches(r, h) == [False, False, True, False, False, False]
    assert mismatches(tokenize("hakk͈jo"), tokenize("hakɯk͈jo"))[2] is True
    assert distance(r, h) == 0.5


def test_long_sequences_are_fast():
    import time

    r = tokenize("kuŋmuɾi tɕoajo") * 40
    h = tokenize("kukmuɾi tɕojo") * 40
    t0 = time.perf_counter()
    got = align(r, h)
    assert time.perf_counter() - t0 < 2.0
    assert sum(o.op == DEL for o in got) == 40
