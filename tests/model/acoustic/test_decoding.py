import math

import pytest
import torch

from model.acoustic.decoding import Hypothesis, beam_decode, greedy_decode
from model.acoustic.vocab import default_vocabulary

V = default_vocabulary()


def peaky(path: list[int], p: float = 0.98) -> torch.Tensor:
    """(T, C) log-probs putting probability p on the given class per frame."""
    lp = torch.full((len(path), len(V)), math.log((1 - p) / (len(V) - 1)))
    for t, c in enumerate(path):
        lp[t, c] = math.log(p)
    return lp


def ids(*phones):
    return V.encode(list(phones))


def test_vocabulary():
    assert len(V) == 31 and V.symbols[0] == "<blank>" and V.blank == 0
    assert V.decode(V.encode(["a", "m", "a"])) == ["a", "m", "a"]
    assert V.decode([0, 1, 0]) == [V.symbols[1]]
    with pytest.raises(ValueError):
        V.encode(["ɛ"])


def test_greedy_collapses_repeats_and_keeps_spans():
    a, m = ids("a", "m")
    hyp = greedy_decode(peaky([0, a, a, 0, m, m, m, a, 0]), V)
    assert isinstance(hyp, Hypothesis)
    assert hyp.phones == ("a", "m", "a")
    assert hyp.start_frames == (1, 4, 7) and hyp.end_frames == (2, 6, 7)
    assert hyp.score == pytest.approx(9 * math.log(0.98), rel=1e-4)


def test_greedy_blank_between_repeats():
    (a,) = ids("a")
    assert greedy_decode(peaky([a, a, 0, a]), V).phones == ("a", "a")
    assert greedy_decode(peaky([a, a, a]), V).phones == ("a",)


def test_greedy_empty():
    assert greedy_decode(peaky([0, 0, 0]), V).phones == ()
    assert greedy_decode(torch.zeros(0, len(V)), V) == Hypothesis((), (), (), 0.0)


def test_shape_check():
    with pytest.raises(ValueError):
        greedy_decode(torch.zeros(5, 3), V)


@pytest.mark.parametrize(
    "path",
    [
        [0, 1, 1, 0, 2, 2, 0],
        [5, 5, 0, 5, 20, 0, 0, 21],
        [0, 0, 0],
        [3],
        [7, 8, 9, 10, 11, 0, 11, 11, 30],
    ],
)
def test_beam_agrees_with_greedy_on_peaky(path):
    lp = peaky(path)
    g = greedy_decode(lp, V)
    (b,) = beam_decode(lp, V, beam_size=8)
    assert b.phones == g.phones
    assert b.start_frames == g.start_frames and b.end_frames == g.end_frames
    assert b.score == pytest.approx(g.score, abs=1e-3)


def test_beam_nbest_distinct_and_sorted():
    a, m = ids("a", "m")
    lp = peaky([0, a, 0, m, 0], p=0.6)
    hyps = beam_decode(lp, V, beam_size=16, nbest=4)
    assert len(hyps) == 4
    assert len({h.phones for h in hyps}) == 4
    assert hyps[0].phones == ("a", "m")
    assert [h.score for h in hyps] == sorted((h.score for h in hyps), reverse=True)


def test_beam_without_flashlight_says_how_to_get_it(monkeypatch):
    import sys

    import pytest

    from model.acoustic.decoding import BeamUnavailable, beam_decode
    from model.acoustic.vocab import default_vocabulary

    monkeypatch.setitem(sys.modules, "flashlight.lib.text.decoder", None)  # as if not installed
    vocabulary = default_vocabulary()
    with pytest.raises(BeamUnavailable, match="speechfeedback\\[beam\\]"):
        beam_decode(peaky([1, 0, 2]), vocabulary)
