"""The result screen: an injected error is highlighted, languages switch, unreliable stays neutral."""

from __future__ import annotations

import pytest
import sounddevice

from app.style import GREEN, NEUTRAL, RED
from model.sentences import Sentence

from .conftest import prepared_assessment


def show(window, reliable=True):
    window.select_sentence(Sentence("코가 커요"))
    a = prepared_assessment(reliable)
    window.show_assessment(a)
    return a


def test_injected_error_is_highlighted_in_strip(window):
    a = show(window)
    cell = window.strip.cell_for_phone(0)
    assert (cell.expected, cell.heard, cell.verdict) == ("kʰ", "k", "substituted")
    assert cell.color == RED and cell.is_error
    assert window.strip.cell_for_phone(1).color == GREEN
    deleted = next(c for c in window.strip.cells if c.verdict == "deleted")
    assert deleted.color == RED and deleted.heard is None
    ins = window.strip.cell_for_insertion(0)
    assert ins.heard == "ɯ"
    # the insertion sits between phone 1 and phone 2
    assert (
        window.strip.cell_for_phone(1).rect.right()
        < ins.rect.left()
        < window.strip.cell_for_phone(2).rect.left()
    )
    assert window.syllable_view.color_of(0) == RED
    assert [round(float(window.score_labels[k][0].text())) for k in ("score", "accuracy")] == [61, 70]
    # the first error is selected: its comparison diagram and caption are shown
    assert window.strip.selected == ("phone", 0)
    assert "kʰ" in window.articulation.canvas.svg and window.articulation.canvas.renderer.isValid()
    assert "ㅋ" in window.articulation.caption.text()
    assert len(a.errors) == 2


def test_clicking_an_error_shows_comparison(window, qtbot):
    show(window)
    window.feedback.setCurrentRow(1)  # the deleted ㅓ
    assert window.strip.selected[0] == "phone"
    pv = window.assessment.phones[window.strip.selected[1]]
    assert pv.verdict == "deleted"
    assert window.articulation.expected == "ʌ" and window.articulation.produced is None


def test_language_switch_changes_messages(window):
    show(window)
    assert any("숨을 세게" in t for t in window.feedback_texts())
    assert window.score_labels["score"][1].text() == "총점"
    window.set_language("en")
    assert any("strong puff of air" in t for t in window.feedback_texts())
    assert not any("숨을 세게" in t for t in window.feedback_texts())
    assert window.score_labels["score"][1].text() == "Score"
    assert window.record_button.text() == "● Record"
    assert "For" in window.articulation.caption.text() or "ㅋ" in window.articulation.caption.text()
    assert window.settings.language == "en"


def test_unreliable_result_is_neutral(window):
    show(window, reliable=False)
    assert all(c.color == NEUTRAL for c in window.strip.cells)
    assert window.banner.kind == "info" and "확신하지 못했습니다" in window.banner.text()
    window.set_language("en")
    assert "unsure" in window.banner.text()


def test_click_phone_without_audio_device_says_so(window, monkeypatch, speech):
    def no_device(*args, **kwargs):
        raise sounddevice.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sounddevice, "play", no_device)
    show(window)
    window.waveform = speech
    window.strip.phoneClicked.emit(0)
    assert "출력 장치" in window.statusBar().currentMessage()
    assert window.banner.kind == "warn" and "출력 장치" in window.banner.text()


def test_hear_the_model_voice_without_audio_device_says_so(window, qtbot, monkeypatch):
    from app import player

    if not player.espeak_available():
        pytest.skip("espeak-ng is not installed: no reference voice to play")

    def no_device(*args, **kwargs):
        raise sounddevice.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sounddevice, "play", no_device)
    window.set_language("en")
    window.select_sentence(Sentence("국물이 좋아요"))
    window.play_reference_voice()
    qtbot.waitUntil(lambda: window.banner.kind == "warn", timeout=20000)
    assert "no speaker or audio output device" in window.banner.text()


def test_about_model_shows_metadata(window):
    text = window.about_model_text()
    assert "test fixture" in text and "PER 97.0%" in text
    dialog = window.show_about_model()
    assert "test fixture" in dialog.text.toPlainText()


def test_reference_voice_plays_off_thread(window, qtbot, monkeypatch):
    from app import player

    if not player.espeak_available():
        pytest.skip("espeak-ng is not installed: no reference voice to play")
    played = []
    monkeypatch.setattr(player, "play", lambda audio, start=None, end=None: played.append(audio))
    window.select_sentence(Sentence("국물이 좋아요"))
    assert window.play_reference.isEnabled()
    window.play_reference_voice()
    qtbot.waitUntil(lambda: bool(played), timeout=20000)
    assert played[0].size > 8000 and window.play_reference.isEnabled()


def test_reference_button_disabled_without_espeak(window, monkeypatch):
    from app import player

    monkeypatch.setattr(player, "espeak_available", lambda: False)
    window.select_sentence(Sentence("국물이 좋아요"))
    assert not window.play_reference.isEnabled()
    assert "espeak-ng" in window.play_reference.toolTip()


def test_settings_persist(window, settings):
    window.set_language("en")
    window._set_microphone("USB mic")
    settings.sync()
    from PySide6.QtCore import QSettings

    from app.settings import Settings

    again = Settings(QSettings(settings._s.fileName(), QSettings.Format.IniFormat))
    assert again.language == "en" and again.microphone == "USB mic" and again.device == "auto"


def test_history_listed(window):
    show(window)
    assert window.history_list.count() == 1
    assert "코가 커요" in window.history_list.item(0).text()


def test_our_errors_are_shown_as_their_message_not_their_type():
    from app.errors import describe_error
    from model.acoustic.checkpoint import CheckpointError
    from model.acoustic.recognizer import DeviceError

    assert (
        describe_error(DeviceError("No CUDA GPU here; choose the CPU."))
        == "No CUDA GPU here; choose the CPU."
    )
    assert describe_error(CheckpointError("The file is truncated.")) == "The file is truncated."
    assert describe_error(ValueError("boom")) == "ValueError: boom"


def test_not_judged_says_why_and_what_the_learner_can_do(qtbot, tmp_path):
    from app.widgets.results_view import NOT_JUDGED, WHAT_TO_DO, ResultsView
    from model.assess import Assessor, Thresholds
    from tests.model.assess.helpers import FS, peaky, seconds

    lp = peaky("kumuɾetɕʌaja")  # a model that heard 3 of the 12 phones it heard as others
    a = Assessor(None, Thresholds(min_agreement=0.8)).assess_log_probs(lp, FS, "국물이 좋아요", seconds(lp))
    assert not a.reliable and not a.errors
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show_assessment(a)
    assert view.feedback_texts() == [f"{NOT_JUDGED['ko']}: {a.reason_ko}", WHAT_TO_DO["ko"]]
    assert (
        "조용한 곳" in WHAT_TO_DO["ko"] and "마이크" in WHAT_TO_DO["ko"] and "목소리 적응" in WHAT_TO_DO["ko"]
    )
    assert all(c.color == NEUTRAL for c in view.strip.cells)
    assert all(value.text() == "–" for value, _ in view.score_labels.values())  # no scores it doubts
    view.set_language("en")
    texts = view.feedback_texts()
    assert texts == [f"Not judged: {a.reason}", WHAT_TO_DO["en"]]
    assert (
        "quieter room" in texts[1]
        and "closer to the microphone" in texts[1]
        and "voice adaptation" in texts[1]
    )
    assert view.grab().save(str(tmp_path / "not_judged.png"))


def test_an_unjudged_attempt_has_no_score_anywhere_only_its_reason(window, tmp_path):
    """No score without a verdict: the results, the history store and the history list."""
    from model.assess import Assessor, Thresholds
    from model.history import History
    from tests.model.assess.helpers import FS, peaky, seconds

    lp = peaky("kumuɾetɕʌaja")
    a = Assessor(None, Thresholds(min_agreement=0.8)).assess_log_probs(lp, FS, "국물이 좋아요", seconds(lp))
    assert not a.reliable and a.score is None and "score –" in str(a)
    assert a.to_dict()["score"] is None
    window.history = History(tmp_path / "history.sqlite3")
    window.select_sentence(Sentence("국물이 좋아요"))
    window.show_assessment(a)
    assert window.score_labels["score"][0].text() == "–"
    assert window.history.recent()[0].score is None
    item = window.panel.history_list.item(0)
    assert "  –  " in item.text() and a.reason_ko in item.toolTip()
    window.set_language("en")
    assert a.reason in window.panel.history_list.item(0).toolTip()


def test_judged_cautiously_marks_only_clear_errors_and_says_so(window, tmp_path):
    from app.i18n import tr
    from tests.model.assess.test_cautious import CAUTIOUS, assess

    from .test_teacher import screenshot

    a = assess(CAUTIOUS)  # a voice the model knows less well: only the ㄱ heard as ㅋ by both checks
    assert a.reliable and a.cautious and len(a.errors) == 1
    window.select_sentence(Sentence("국물이 좋아요"))
    window.show_assessment(a)
    assert window.banner.kind == "info" and tr("cautious", "ko") in window.banner.text()
    assert "확실한 오류" in window.banner.text()
    texts = window.feedback_texts()
    assert texts[-1] == f"{tr('cautious', 'ko')}: {a.note_ko}" and len(texts) == 2  # the error, then the note
    assert window.strip.cell_for_phone(0).color == RED
    assert window.score_labels["score"][0].text() != "–"  # judged: the scores are shown
    window.resize(1200, 860)
    screenshot(window, "result-cautious", tmp_path)
    window.set_language("en")
    assert "Only clear errors are marked" in window.banner.text()
    assert window.feedback_texts()[-1] == f"Only clear errors are marked: {a.note}"
    assert (
        window.syllable_view.color_of(1) != RED
    )  # 물: judged right, only scored low, is not shown as an error


def test_waveform_labels_never_overlap_and_come_back_when_zoomed(window, qtbot):
    """A 30 s take with phones 0.1 s apart: at full view the labels are thinned so none overlap;
    zoomed to the first second every label there is shown again."""
    import numpy as np

    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.select_sentence(Sentence("코가 커요"))
    window.waveform = np.zeros(30 * 16000, np.float32)
    window.show_assessment(prepared_assessment())
    view = window.waveform_view

    def visible_spans():
        px = view.wave.vb.width() / (view.wave.viewRange()[0][1] - view.wave.viewRange()[0][0])
        return sorted((c * px - lab.boundingRect().width() / 2, c * px + lab.boundingRect().width() / 2)
                      for c, lab in view.labels if lab.isVisible())  # fmt: skip

    assert len(view.labels) == len([p for p in window.assessment.phones if p.start is not None])
    spans = visible_spans()
    assert 1 <= len(spans) < len(view.labels)  # thinned
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # none overlap
    view.wave.setXRange(0.0, 1.2, padding=0)
    assert all(lab.isVisible() for _, lab in view.labels)  # zoomed in: every label


def test_a_phone_the_model_is_not_sure_of_is_amber_everywhere(window, tmp_path):
    """The model decides (verdict "unsure"), the app only maps it to its colour."""
    from dataclasses import replace

    from app.i18n import tr
    from app.style import AMBER
    from tests.model.assess.test_cautious import CAUTIOUS, assess

    from .test_teacher import screenshot

    a = assess(replace(CAUTIOUS, cautious_margin=50.0, unsure_margin=1.0))
    assert [p.expected for p in a.unsure] == ["k"] and not a.errors
    window.select_sentence(Sentence("국물이 좋아요"))
    window.show_assessment(a)
    assert window.strip.cell_for_phone(0).color == AMBER
    assert window.syllable_view.color_of(0) == AMBER and window.syllable_view.color_of(1) == GREEN
    assert tr("legend_unsure", "ko") in window.results.legend.text()
    assert window.feedback_texts()[0].startswith("국 · ㄱ [k] → ㅋ [kʰ]?")
    window.resize(1200, 860)
    screenshot(window, "result-unsure", tmp_path)


def test_about_counts_spliced_sentences_apart_from_real_recordings():
    from app.about import _trained_on

    engines = {"recorded": 1070, "spliced": 2000, "mbrola": 911, "espeak": 628}
    assert _trained_on(engines, ko=False) == (
        "Learned from 1,070 recordings of real people, 2,000 sentences spliced from those recordings "
        "and 1,539 synthetic utterances (espeak-ng, MBROLA)."
    )
    assert "실제 사람의 녹음 1,070개, 그 녹음을 잘라 이어 붙인 문장 2,000개" in _trained_on(engines, ko=True)
    assert _trained_on({"recorded": 3}, ko=False) == "Learned from 3 recordings of real people."
