import time

import pytest
import torch

from model.assess.forced_align import AlignmentError, forced_align, min_frames, phone_times
from model.assess.gop import gop_score, phone_gops

from .helpers import FS, VOCAB, peaky


def spike_frames(lead, gap, n):
    return [lead + k * (gap + 1) for k in range(n)]


def test_known_segmentation():
    phones = ["k", "u", "ŋ", "m", "u", "l"]
    lp = peaky(phones, lead=4, gap=3)
    fa = forced_align(lp, VOCAB.encode(phones), VOCAB.blank)
    spikes = spike_frames(4, 3, len(phones))
    assert [s for s, _ in fa.segments] == spikes
    assert all(a == b for a, b in fa.segments)
    assert len(fa.path) == lp.shape[0]


def test_repeated_labels_need_a_blank():
    phones = ["s", "i", "l", "l", "a"]
    lp = peaky(phones, lead=2, gap=1)
    fa = forced_align(lp, VOCAB.encode(phones))
    assert [s for s, _ in fa.segments] == spike_frames(2, 1, 5)
    assert min_frames(VOCAB.encode(phones)) == 6


def test_forced_against_other_evidence_still_places_every_phone():
    lp = peaky(["k", "a"], lead=3, gap=3)
    fa = forced_align(lp, VOCAB.encode(["k", "o", "a"]))
    (k0, k1), (o0, o1), (a0, a1) = fa.segments
    assert k1 < o0 <= o1 < a0


def test_too_few_frames():
    lp = peaky(["k"], lead=0, tail=0)
    with pytest.raises(AlignmentError):
        forced_align(lp, VOCAB.encode(["k", "a", "k"]))


def test_empty_labels():
    fa = forced_align(peaky(["k"]), [])
    assert fa.segments == ()


def test_phone_times_readable():
    times = phone_times([(5, 5), (8, 9), (40, 40)], 0.03, 2.0, max_tail=0.25)
    assert times[0] == pytest.approx((0.15, 0.24))
    assert times[1][0] == pytest.approx(0.24) and times[1][1] == pytest.approx(0.30 + 0.25)
    assert times[2][1] <= 2.0


def test_gop_logistic():
    assert gop_score(-1.0) == pytest.approx(50.0)
    assert gop_score(1.0) > 90 and gop_score(-3.0) < 10
    assert gop_score(-1000.0) == 0.0


def test_gop_by_case():
    phones = ["k", "a", "k"]
    good = peaky(phones)
    fa = forced_align(good, VOCAB.encode(phones))
    assert all(g.score > 90 for g in phone_gops(good, VOCAB.encode(phones), fa.segments))
    wrong = peaky(["k", "o", "k"])  # ㅏ replaced by ㅗ
    fa = forced_align(wrong, VOCAB.encode(phones))
    gops = phone_gops(wrong, VOCAB.encode(phones), fa.segments)
    assert gops[1].score < 5 and VOCAB.symbols[gops[1].competitor] == "o"
    dropped = peaky(["k", "a"])  # final ㄱ missing: the blank wins its frame
    fa = forced_align(dropped, VOCAB.encode(phones))
    gops = phone_gops(dropped, VOCAB.encode(phones), fa.segments)
    assert gops[2].score < 5 and gops[2].competitor == VOCAB.blank


def test_sixty_seconds_is_fast():
    phones = (["k", "a", "n", "i", "m"] * 200)[:600]
    lp = peaky(phones, gap=2)
    lp = torch.cat([lp, peaky([], lead=2000 - lp.shape[0], tail=0)]) if lp.shape[0] < 2000 else lp
    assert lp.shape[0] * FS >= 59
    t0 = time.perf_counter()
    fa = forced_align(lp, VOCAB.encode(phones))
    assert time.perf_counter() - t0 < 10
    assert len(fa.segments) == 600
