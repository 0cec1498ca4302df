"""The progress by sound in the app: the start screen's weakest sounds, the progress dialog after a
synthetic month of practice, and a practice session; screenshots published and looked at."""

from __future__ import annotations

import random
import time

import pytest

from model.assess import PhoneVerdict
from model.korean import g2p
from model.sentences import builtin_lessons

from .conftest import prepared_assessment
from .test_teacher import screenshot

DAY = 86400.0
# per-phone error rates at the start and the end of the month: ㅆ stays weak, ㅓ and ㅋ improve
RATES = {"s͈": (0.5, 0.45), "ʌ": (0.45, 0.1), "kʰ": (0.4, 0.15), "ɯ": (0.2, 0.2)}
BASE = 0.03


def synthetic_month(history, days: int = 30, per_day: int = 6, seed: int = 0) -> None:
    """A month of judged attempts at the lesson sentences, with made-up verdicts at known rates."""
    rng = random.Random(seed)
    sentences = [s.text for lesson in builtin_lessons() for s in lesson.sentences]
    start = time.time() - days * DAY
    for day in range(days):
        for k in range(per_day):
            text = rng.choice(sentences)
            pr = g2p(text)
            f = day / (days - 1)
            phones = []
            for t in pr.phones:
                a, b = RATES.get(t.symbol, (BASE, BASE))
                wrong = rng.random() < a + (b - a) * f
                phones.append(PhoneVerdict(t.symbol, "x" if wrong else t.symbol, "substituted" if wrong else "correct",
                                           50.0, t.syllable, None, None, slot=t.slot))  # fmt: skip
            history.add(
                text, 70.0, True, start + day * DAY + 3600 * (9 + k), "", "", tuple(phones), pr.syllables
            )


def test_a_new_learner_is_told_there_is_nothing_to_tell_yet(window):
    assert (
        "No judged attempts yet" in window.panel.weak_label.text()
        or "아직 채점된" in window.panel.weak_label.text()
    )
    assert not window.practise_weak_sounds()
    assert window.panel.practice_item is None


def test_a_judged_attempt_feeds_the_progress(window):
    window.set_language("en")
    window.show_assessment(prepared_assessment())
    p = window.current_progress()
    assert p.get("phone:kʰ").wrong == 1 and p.get("phone:ʌ").wrong == 1
    assert "Too little to tell" in window.panel.weak_label.text()
    window.show_assessment(prepared_assessment(reliable=False))  # unjudged: nothing more is counted
    assert window.current_progress().judged_phones == p.judged_phones


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_progress_after_a_month_and_a_practice_session(window, history, qtbot, tmp_path, lang):
    synthetic_month(history)
    window.set_language(lang)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    weak = window.current_progress().weakest(3)
    assert [w.sound.phones[0] for w in weak][:1] == ["s͈"]  # the one that stayed weak leads
    assert {w.sound.phones[0] for w in weak} <= set(RATES)
    text = window.panel.weak_label.text()
    assert all(w.sound.label(lang) in text for w in weak)

    dialog = window.show_progress()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == len(window.current_progress().sounds)
    rows = {dialog.table.item(r, 0).data(256): r for r in range(dialog.table.rowCount())}
    dialog.table.selectRow(rows["phone:ʌ"])
    assert dialog.selected() == "phone:ʌ"
    ʌ = window.current_progress().get("phone:ʌ")
    assert ʌ.trend == "better"  # 45% → 10% over the month, far beyond chance
    assert dialog.table.item(rows["phone:ʌ"], 3).text() == ("좋아짐" if lang == "ko" else "better")
    assert len(dialog.plot.getPlotItem().listDataItems()) == 3
    screenshot(dialog, f"progress-{lang}", tmp_path)
    other = "en" if lang == "ko" else "ko"
    window.set_language(other)  # the open dialog follows, its plot title too
    assert dialog.selected() == "phone:ʌ"
    assert ("wrong per day" in dialog.plot_title.text()) == (other == "en")
    dialog.close()

    assert window.practise_weak_sounds()
    item = window.panel.practice_item
    assert window.panel.tree.indexOfTopLevelItem(item) == 0 and item.childCount() >= 4
    assert window.sentence is not None and window.sentence.text == item.child(0).data(0, 256).text
    texts = [item.child(i).data(0, 256).text for i in range(item.childCount())]
    assert "살 쌀" in texts  # a minimal pair for ㅆ
    screenshot(window, f"practice-{lang}", tmp_path)
    assert window.practise_weak_sounds()  # a second session replaces the first
    assert sum(window.panel.tree.topLevelItem(i) is window.panel.practice_item
               for i in range(window.panel.tree.topLevelItemCount())) == 1  # fmt: skip
