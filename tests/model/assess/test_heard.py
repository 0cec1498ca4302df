"""What was heard, whatever the verdict (issue 23): the decoder's phones aligned under the target,
gaps for what it did not hear, the extra phones it heard between them; never a copy of the target."""

from __future__ import annotations

import numpy as np

from model.assess import Assessor

from .helpers import FS, peaky, seconds


def run(assessor, sentence, spec):
    lp = peaky(spec)
    return assessor.assess_log_probs(lp, FS, sentence, seconds(lp))


def test_heard_row_of_a_judged_result_is_the_decoder(assessor):
    a = run(assessor, "국물", "kukmul")
    assert a.reliable
    assert a.heard_aligned == ("k", "u", "k", "m", "u", "l")
    assert a.heard_extra == ()
    assert [a.heard_at(i) for i in range(len(a.phones))] == list(a.heard_aligned)


def test_heard_row_of_an_unjudged_result_is_not_the_target(assessor):
    a = run(assessor, "국물이 좋아요", "hakk͈jo")  # another text: not judged
    assert not a.reliable
    expected = [p.expected for p in a.phones]
    shown = [a.heard_at(i) for i in range(len(a.phones))]
    assert shown != expected
    heard = [h for h in shown if h] + [p for _, p in a.heard_extra]
    assert sorted(heard) == sorted("h a k k͈ j o".split())  # every decoded phone shown once
    assert a.to_dict()["heard_aligned"] == shown


def test_silence_hears_nothing():
    a = Assessor(None).assess(np.zeros(16000, dtype=np.float32), "국물")
    assert not a.reliable
    assert a.heard_aligned == (None,) * 6 and a.heard_extra == ()


def test_extra_phones_are_kept_with_their_place(assessor):
    a = run(assessor, "밥", "papap")
    assert [a.heard_at(i) for i in range(3)].count(None) == 0
    assert len(a.heard_extra) == 2 and all(-1 <= after < 3 for after, _ in a.heard_extra)


def test_another_text_is_called_that_and_scores_nothing(assessor):
    """A paragraph read against 국물이 좋아요: far more speech than the sentence holds."""
    a = run(assessor, "국물이 좋아요", "kuŋmuɾi tɕoajo " * 4)
    assert (
        not a.reliable
        and "does not sound like the sentence" in a.reason
        and "문장을 읽은 것 같지" in a.reason_ko
    )
    assert a.score is None and not a.errors and not a.insertions
    assert len(a.heard_extra) >= 30  # what was heard is still shown


def test_a_slow_native_reading_is_not_another_text(assessor):
    a = run(assessor, "국물이 좋아요", "kuŋmuɾi tɕoajo")
    assert a.reliable and "does not sound" not in a.reason


def test_another_sentence_of_the_same_length_is_another_text_by_overlap():
    """달이 아주 밝아요 read against 국물이 좋아요: about as many phones, a few shared by chance
    (the decoder agrees with some of what it aligns), far fewer than any native reading shares."""
    from model.assess import Thresholds
    from model.korean import g2p

    other = "".join(g2p("달이 아주 밝아요").symbols)
    th = Thresholds(min_agreement=0.0, other_text_overlap=0.44)  # only the overlap rule can refuse it
    a = run(Assessor(None, th), "국물이 좋아요", other)
    assert not a.reliable and "does not sound like the sentence" in a.reason and a.score is None
    own = run(Assessor(None, th), "국물이 좋아요", "kuŋmuɾi tɕoaio")  # one phone misheard
    assert own.reliable
    assert run(Assessor(None, Thresholds(min_agreement=0.0)), "국물이 좋아요", other).reliable  # 0: rule off
