"""The phone n-gram used to measure whether a language model earns the beam decoder its place."""

from __future__ import annotations

import math

import pytest
import torch

from training.phone_lm import EOS, PhoneNgram, decode_with_lm, error_fate


def test_the_ngram_is_a_distribution_and_prefers_what_it_saw():
    lm = PhoneNgram([list("kamki"), list("kamsa"), list("saki")], order=3)
    for context in [(), ("k",), ("k", "a"), ("x", "y")]:
        total = sum(math.exp(lm.logprob(context, p)) for p in lm.vocab)
        unseen = math.exp(lm.logprob(context, "unseen-phone"))
        assert total + unseen == pytest.approx(1.0, abs=1e-9)
    assert lm.logprob(("k", "a"), "m") > lm.logprob(("k", "a"), "s")
    assert lm.logprob(("k", "i"), EOS) > lm.logprob(("k", "i"), "m")


def test_what_becomes_of_a_deliberate_error():
    intended, said = ["t", "a", "l"], ["tʰ", "a", "l"]  # 달 said 탈
    assert error_fate(intended, said, ["tʰ", "a", "l"]) == {"caught": 1}
    assert error_fate(intended, said, ["t", "a", "l"]) == {"hidden": 1}
    assert error_fate(intended, said, ["k", "a", "l"]) == {"other": 1}
    assert error_fate(intended, intended, intended) == {}


def test_without_weight_the_lm_decoder_is_the_greedy_path():
    pytest.importorskip("flashlight.lib.text.decoder")
    from model.acoustic.decoding import greedy_decode
    from model.acoustic.vocab import default_vocabulary

    vocab = default_vocabulary()
    torch.manual_seed(0)
    lp = torch.randn(60, len(vocab)).log_softmax(-1)
    lm = PhoneNgram([["k", "a"]], order=2)
    assert decode_with_lm(lp, vocab, lm, 0.0, 0.0) == list(greedy_decode(lp, vocab).phones)
