"""Progress by sound on a synthetic history: counts, windows, trends, the too-little-to-tell rule."""

from __future__ import annotations

import pytest

from model.assess import PhoneVerdict
from model.history import History, local_day
from model.progress import MIN_JUDGED, WEAK_FLOOR, WINDOW, midnight, progress, sounds_of

DAY = 86400.0
T0 = 1_700_000_000.0  # a fixed start, so that days do not depend on when the test runs


def _attempt(
    h: History, day: int, verdicts: list[tuple[str, str, str]], reliable: bool = True, rule: str = ""
):
    """One attempt on ``day`` whose phones are (expected, slot, verdict)."""
    phones = tuple(
        PhoneVerdict(e, None if v == "deleted" else ("kʰ" if v == "substituted" else e), v, 50.0, 0, None, None,
                     rule=rule or None, slot=slot)
        for e, slot, v in verdicts
    )  # fmt: skip
    h.add("가", 80.0 if reliable else None, reliable, T0 + day * DAY + 3600, "", "", phones, ("가",))


@pytest.fixture
def history(tmp_path):
    h = History(tmp_path / "h.sqlite3")
    yield h
    h.close()


def test_a_sound_counts_for_its_phone_its_contrast_its_slot_and_its_rule():
    assert sounds_of("k", "onset", "") == ("phone:k", "contrast:k")
    assert sounds_of("k͈", "onset", "tensification") == ("phone:k͈", "contrast:k", "rule:tensification")
    assert sounds_of("k", "coda", "") == ("phone:k", "codas")  # ㄱ ㅋ ㄲ is an onset contrast
    assert sounds_of("o", "nucleus", "") == ("phone:o", "contrast:ʌ")  # ㅓ/ㅗ


def test_an_improving_learner_is_told_better_with_the_counts(history):
    for day in range(10):  # days 0–9: ㄱ wrong 3 times in 4
        _attempt(history, day, [("k", "onset", "substituted")] * 3 + [("k", "onset", "correct")])
    for day in range(10, 20):  # days 10–19: right every time but one day
        _attempt(history, day, [("k", "onset", "correct")] * 4)
    _attempt(history, 19, [("k", "onset", "deleted")])
    p = progress(history)
    k = p.get("phone:k")
    assert (k.judged, k.wrong) == (81, 31)
    assert k.recent_judged >= WINDOW and k.recent_judged + k.earlier_judged == k.judged
    assert k.recent_wrong == 1 and k.earlier_wrong > 15
    assert k.trend == "better"
    assert "1 wrong of the last" in k.summary("en") and "better than before" in k.summary("en")
    assert "이전보다 좋아졌어요" in k.summary("ko")
    assert p.get("contrast:k").judged == 81 and p.get("codas") is None
    assert [d.day for d in k.days] == [midnight(local_day(T0 + i * DAY + 3600)) for i in range(20)]
    assert k.days[0].rate == 0.75


def test_worse_and_steady_are_told_apart_from_chance(tmp_path):
    h = History(tmp_path / "w.sqlite3")
    for day in range(20):
        wrong = 0 if day < 10 else 2
        _attempt(h, day, [("s", "onset", "substituted")] * wrong + [("s", "onset", "correct")] * (4 - wrong))
    assert progress(h).get("phone:s").trend == "worse"
    h.close()
    h = History(tmp_path / "s.sqlite3")
    for day in range(20):  # one error in four every day: no change beyond chance
        _attempt(h, day, [("s", "onset", "substituted")] + [("s", "onset", "correct")] * 3)
    s = progress(h).get("phone:s")
    assert s.trend == "steady" and "about as before" in s.summary("en")
    h.close()


def test_too_little_to_tell(history):
    _attempt(history, 0, [("ŋ", "coda", "substituted"), ("ŋ", "coda", "correct")])
    p = progress(history)
    ng = p.get("phone:ŋ")
    assert not ng.enough and ng.recent_rate is None and ng.trend == "too little"
    assert ng.summary("en") == "too little to tell yet (1 wrong of 2 judged)"
    assert "%" not in ng.summary("ko")  # never a bare percentage of two attempts
    assert p.weakest() == ()  # nothing can be told, so nothing is called weak


def test_unjudged_attempts_and_unsure_phones_teach_nothing(history):
    for day in range(3):
        _attempt(history, day, [("t", "onset", "substituted")] * 20, reliable=False)
        _attempt(history, day, [("t", "onset", "unsure")] * 20)
    p = progress(history)
    assert p.get("phone:t") is None and p.judged_phones == 0


def test_the_weakest_three_need_evidence(history):
    rates = {"k": 0.5, "s": 0.25, "ɯ": 0.75, "o": 0.1, "m": 0.0}
    for day in range(4):
        for ph, rate in rates.items():
            wrong = round(rate * 20)
            _attempt(
                history,
                day,
                [(ph, "onset", "substituted")] * wrong + [(ph, "onset", "correct")] * (20 - wrong),
            )
    _attempt(history, 4, [("h", "onset", "deleted")] * (MIN_JUDGED - 1))  # 100% wrong, but too few
    weakest = progress(history).weakest(3)
    assert [w.sound.key for w in weakest] == ["phone:ɯ", "phone:k", "phone:s"]


def test_a_natives_slips_are_not_weak_sounds(history):
    """At 5% wrong (what the model's own false rejections look like on a native), a sound is not
    sent to practice: the lower bound of its rate must clear WEAK_FLOOR."""
    for day in range(3):
        _attempt(history, day, [("ɾ", "onset", "substituted")] + [("ɾ", "onset", "correct")] * 19)
    p = progress(history)
    r = p.get("phone:ɾ")
    assert r.enough and r.recent_rate == pytest.approx(0.05, abs=0.01) and r.lower_bound < WEAK_FLOOR
    assert p.telling and p.weakest() == ()


def test_a_rule_is_a_sound(history):
    for day in range(3):
        _attempt(history, day, [("ŋ", "coda", "substituted")] * 5 + [("ŋ", "coda", "correct")] * 5,
                 rule="nasalisation")  # fmt: skip
    r = progress(history).get("rule:nasalisation")
    assert (r.judged, r.wrong) == (30, 15) and r.sound.label("ko") == "비음화"


def test_history_off_gives_empty_progress(tmp_path):
    from model.history import NullHistory

    assert progress(NullHistory()).sounds == ()
