"""'Practise my weak sounds' from a synthetic history, and the minimal pairs it draws on."""

from __future__ import annotations

from model.assess import PhoneVerdict
from model.history import History
from model.korean import g2p
from model.practice import _places, minimal_sets, practice_session
from model.progress import progress
from model.sentences import builtin_lessons

T0 = 1_700_000_000.0


def _keep(h: History, day: int, phones: list[tuple[str, str, str, str]]) -> None:
    """An attempt whose phones are (expected, slot, rule, verdict)."""
    row = tuple(
        PhoneVerdict(e, None, v, 50.0, 0, None, None, rule=r or None, slot=slot) for e, slot, r, v in phones
    )
    h.add("가", 70.0, True, T0 + day * 86400.0, "", "", row, ("가",))


def test_every_minimal_set_carries_its_standard_pronunciation_and_differs_in_one_place():
    sets = minimal_sets()
    assert len(sets) >= 20
    for m in sets:
        assert len(m.words) == len(m.pronounced) == len(m.ipa) >= 2
        for word, pronounced, ipa in zip(m.words, m.pronounced, m.ipa, strict=True):
            p = g2p(word)
            assert (p.pronounced, p.ipa) == (pronounced, ipa), word
        assert m.contrasted, m.words  # the words differ in one sound, at one place
    assert {"t", "tʰ", "t͈"} <= next(m for m in sets if m.words == ("달", "탈", "딸")).contrasted


def test_a_session_targets_the_weak_sounds_where_they_were_missed(tmp_path):
    h = History(tmp_path / "h.sqlite3")
    for day in range(3):
        # ㅆ [s͈] missed as an onset made by 된소리되기 (tensing), never elsewhere; ㅓ often wrong;
        # ㅁ always right
        _keep(
            h, day, [("s͈", "onset", "tensification", "substituted")] * 6 + [("s͈", "onset", "", "correct")] * 6
        )
        _keep(h, day, [("ʌ", "nucleus", "", "substituted")] * 4 + [("ʌ", "nucleus", "", "correct")] * 8)
        _keep(h, day, [("m", "onset", "", "correct")] * 12)
    prog = progress(h)
    assert [w.sound.key for w in prog.weakest(3)] == ["phone:s͈", "phone:ʌ"]
    pool = [s for lesson in builtin_lessons() for s in lesson.sentences]
    session = practice_session(prog, h, pool)
    texts = [s.text for s in session.lesson.sentences]
    assert session and session.weak == prog.weakest(3)
    tensed_s = [t for t in texts if ("s͈", "onset", "tensification") in _places(t)]
    assert len(tensed_s) >= 2  # the sentences come from where ㅆ was missed: tensed by a rule
    assert texts.index(tensed_s[0]) < 3
    assert "살 쌀" in texts and "섬 솜" in texts  # minimal pairs of the two weak sounds
    assert len(texts) == len(set(texts)) <= 10
    assert "ㅆ [s͈]" in session.lesson.title_en and "ㅓ [ʌ]" in session.lesson.title_ko
    assert all(s.note for s in session.lesson.sentences)  # each says which sound it practises
    h.close()


def test_no_session_when_there_is_too_little_to_tell(tmp_path):
    h = History(tmp_path / "h.sqlite3")
    _keep(h, 0, [("s͈", "onset", "", "substituted")] * 3)
    pool = [s for lesson in builtin_lessons() for s in lesson.sentences]
    assert not practice_session(progress(h), h, pool)
    h.close()
