"""The Teacher's voice window, driven as a teacher would: record from a fake microphone, listen,
re-record, skip, resume another day, adapt (through a script that speaks training.adapt's contract),
cancel, switch model and revert. Each screen is saved as a PNG; with SPEECHFEEDBACK_SCREENSHOTS=DIR
set, also into DIR (assets/screenshots for the README; the adapting and result
screens come from the real run in test_teacher_adapt.py)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from app.teacher_store import TRANSCRIPTS, TeacherRecordings
from model.audio import SAMPLE_RATE

FAKE = Path(__file__).with_name("fake_adapt.py")


def screenshot(widget, name: str, tmp_path: Path, publish: bool = True) -> Path:
    """Save ``widget`` as NAME.png in tmp_path (and in $SPEECHFEEDBACK_SCREENSHOTS when ``publish``)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path), "PNG")
    target = os.environ.get("SPEECHFEEDBACK_SCREENSHOTS")
    if target and publish:
        shutil.copy(path, Path(target) / path.name)
    return path


def fake_command(mode: str = "ok"):
    def command(recordings, checkpoint, out, minutes):
        return [sys.executable, str(FAKE), "--recordings", str(recordings), "--checkpoint", str(checkpoint),
                "--out", str(out), "--minutes", f"{minutes:g}", "--progress", "json", "--mode", mode]  # fmt: skip

    return command


def take(speech):
    return np.concatenate([np.zeros(int(0.3 * SAMPLE_RATE), np.float32), speech])


@pytest.fixture
def teacher(qtbot, settings, tmp_path, fake_stream_factory, speech, tiny_checkpoint):
    from app.teacher_window import TeacherWindow

    settings.checkpoint = str(tiny_checkpoint)
    w = TeacherWindow(settings, "ko", stream_factory=fake_stream_factory(take(speech)), folder=tmp_path / "rec",
                      models=tmp_path / "models", command=fake_command())  # fmt: skip
    w.recorder.silence_seconds = 0.6
    qtbot.addWidget(w)
    w.resize(980, 640)
    w.show()
    return w


def fill(store: TeacherRecordings, speech, n: int = 5) -> None:
    for i in range(n):
        store.save(f"문장 {i}번을 읽어요", speech)


# ====================================================================== the folder on disk
def test_recordings_folder_is_the_adapt_format_and_resumes(tmp_path, speech):
    store = TeacherRecordings(tmp_path)
    store.save("국물이 좋아요", speech)
    store.save("신라", speech[: SAMPLE_RATE // 2])
    store.save("국물이 좋아요", speech[:SAMPLE_RATE])  # re-recorded: replaces, not added
    lines = (tmp_path / TRANSCRIPTS).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file\ttext" and len(lines) == 3
    name, text = lines[1].split("\t")
    assert text == "국물이 좋아요"
    info = sf.info(str(tmp_path / name))
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    again = TeacherRecordings(tmp_path)  # another session
    assert len(again) == 2 and again.has("신라")
    assert again.takes["국물이 좋아요"].seconds == pytest.approx(1.0, abs=0.01)
    assert again.minutes == pytest.approx(1.5 / 60, abs=0.001)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_damaged_row_is_skipped_not_fatal(tmp_path, speech):
    store = TeacherRecordings(tmp_path)
    store.save("국물이 좋아요", speech)
    with open(tmp_path / TRANSCRIPTS, "a", encoding="utf-8") as f:
        f.write("gone.wav\t없는 파일\n")
    again = TeacherRecordings(tmp_path)
    assert len(again) == 1 and "gone.wav" in again.problems[0]


# ====================================================================== recording
def test_record_listen_rerecord_skip_and_resume(teacher, qtbot, tmp_path, monkeypatch, speech,
                                                fake_stream_factory, settings):  # fmt: skip
    from app import player
    from app.teacher_window import TeacherWindow

    screenshot(teacher, "teacher-intro", tmp_path)
    teacher.start_recording_screen()
    page = teacher.record_page
    total = len(teacher.sentences)
    assert total >= 5 and page.counter.text() == f"0 / {total}"
    assert page.pronounced.text().startswith("[") and not page.listen_button.isEnabled()
    assert page.skip_button.text() == "건너뛰기 ▶"

    teacher.toggle_recording()
    assert teacher.recorder.recording and page.panel.record_button.text() == "■ 멈춤"
    qtbot.waitUntil(lambda: len(teacher.store) == 1, timeout=20000)
    first = teacher.sentences[0].text
    assert page.counter.text() == f"1 / {total}" and "녹음됨" in page.take_status.text()
    assert page.panel.record_button.text() == "● 다시 녹음" and page.skip_button.text() == "다음 ▶"
    assert page.minutes.text() == "전체 녹음 시간 2초" and page.listen_button.isEnabled()
    seconds = teacher.store.takes[first].seconds
    assert speech.size / SAMPLE_RATE * 0.9 < seconds < speech.size / SAMPLE_RATE + 1.5

    played = []
    monkeypatch.setattr(player, "play", lambda audio, *a: played.append(len(audio)))
    assert teacher.listen() and played[0] == round(seconds * SAMPLE_RATE)

    page.panel.level.set_level(-12.0)  # as during a take, for the picture
    screenshot(teacher, "teacher-record", tmp_path)

    short = np.concatenate([np.zeros(int(0.3 * SAMPLE_RATE), np.float32), speech[: SAMPLE_RATE // 2]])
    teacher.recorder.stream_factory = fake_stream_factory(short)
    teacher.toggle_recording()  # re-record: the new take replaces the old
    qtbot.waitUntil(lambda: teacher.store.takes[first].seconds < seconds - 0.3, timeout=20000)
    assert len(teacher.store) == 1

    teacher.next_sentence()
    assert teacher.index == 1 and not page.listen_button.isEnabled()
    teacher.next_sentence()  # skip sentence 2 without recording
    assert teacher.index == 2 and len(teacher.store) == 1
    teacher.previous_sentence()
    assert teacher.index == 1

    later = TeacherWindow(settings, "en", folder=teacher.store.folder, models=tmp_path / "models",
                          command=fake_command())  # fmt: skip
    qtbot.addWidget(later)
    assert "1 sentences" in later.intro.status.text()
    later.start_recording_screen()
    assert later.index == 1  # resumes at the first sentence not recorded yet
    assert later.record_page.counter.text() == f"1 / {total}"


def test_a_silent_take_is_refused(teacher, qtbot, fake_stream_factory):
    teacher.recorder.stream_factory = fake_stream_factory(np.zeros(SAMPLE_RATE, np.float32))
    teacher.recorder.max_seconds = 0.8
    teacher.start_recording_screen()
    teacher.toggle_recording()
    qtbot.waitUntil(lambda: teacher.record_page.banner.kind == "error", timeout=10000)
    assert "저장하지 않았습니다" in teacher.record_page.banner.text()
    assert "No speech was heard" in teacher.record_page.banner.text()
    assert len(teacher.store) == 0


def test_a_loaded_list_can_be_recorded(teacher, qtbot, tmp_path):
    lst = tmp_path / "class.csv"
    lst.write_text("text,pronunciation\n신고 싶어요,신꼬 시퍼요\n선생님이 읽어요,\n", encoding="utf-8")
    assert teacher.open_list(str(lst))
    assert len(teacher.sentences) == 2 and teacher.record_page.sentence.text() == "신고 싶어요"
    assert teacher.record_page.list_label.text() == "class"
    assert teacher.record_page.pronounced.text() == "[신꼬 시퍼요]"
    teacher.toggle_recording()
    qtbot.waitUntil(lambda: len(teacher.store) == 1, timeout=20000)
    rows = (teacher.store.folder / TRANSCRIPTS).read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("신고싶어요-")  # the file is named from the written text
    assert rows[1].endswith("\t신고[신꼬] 싶어요[시퍼요]")  # the teacher's pronunciation reaches training
    assert teacher.record_page.counter.text() == "1 / 2"


# ====================================================================== adapting
def test_adapt_shows_progress_and_figures_then_use_and_revert(teacher, qtbot, tmp_path, speech, settings):
    from app.model_settings import ModelDialog
    from model.acoustic.checkpoint import load_checkpoint

    fill(teacher.store, speech)
    teacher._render()
    assert teacher.intro.adapt_button.isEnabled()
    teacher.show_adapt()
    page = teacher.adapt_page
    assert "5문장" in page.plan.text()
    seen = []
    page.progress.valueChanged.connect(seen.append)
    assert teacher.start_adapt()
    assert page.progress.isVisibleTo(teacher) and page.cancel_button.isVisibleTo(teacher)
    qtbot.waitUntil(lambda: 30 < page.progress.value() < 90, timeout=20000)
    screenshot(teacher, "teacher-adapting", tmp_path, publish=False)  # the real run's is published
    qtbot.waitUntil(lambda: teacher.outcome is not None, timeout=60000)
    assert teacher.outcome.code == 0 and teacher.outcome.saved, teacher.outcome
    assert max(seen) >= 90 and not page.progress.isVisibleTo(teacher)
    text = page.result.text()
    assert "63% → <b>38%</b>" in text and "따로 둔 녹음 3개" in text and "1개" in text  # one dropped
    out = Path(teacher.outcome.result["out"])
    assert out.parent == tmp_path / "models" and out.is_file()
    assert load_checkpoint(out).metadata["adapted"]["per_after"] == 0.38
    screenshot(teacher, "teacher-result", tmp_path, publish=False)

    with qtbot.waitSignal(teacher.model_chosen) as chosen:
        page.use_button.click()
    assert chosen.args == [str(out)]

    dialog = ModelDialog(str(out), "ko", folder=tmp_path / "models", bundled=Path(settings.checkpoint))
    qtbot.addWidget(dialog)
    dialog.show()
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert [r.text(0).strip() for r in rows] == ["기본 모델", "● Ms Kim's voice"]
    assert "63% → 38%" in rows[1].text(2) and rows[1].text(1) == "2026-12-01 09:00"
    screenshot(dialog, "model-settings", tmp_path)
    with qtbot.waitSignal(dialog.chosen) as reverted:
        dialog.revert_button.click()
    assert reverted.args == [""] and dialog.tree.topLevelItem(0).text(0).startswith("●")
    dialog.select_path(out)
    with qtbot.waitSignal(dialog.chosen) as switched:
        dialog.use_button.click()
    assert switched.args == [str(out)]


def test_a_worse_model_is_not_saved(teacher, qtbot, speech):
    teacher.command = fake_command("refuse")
    fill(teacher.store, speech)
    teacher.show_adapt()
    teacher.start_adapt()
    qtbot.waitUntil(lambda: teacher.outcome is not None, timeout=60000)
    assert teacher.outcome.code == 3 and not teacher.outcome.saved
    text = teacher.adapt_page.result.text()
    assert "저장하지 않았습니다" in text and "나빠져" in text and "63% → <b>70%</b>" in text
    assert not teacher.adapt_page.use_button.isVisibleTo(teacher)
    assert not list((teacher.models).glob("*.pt"))


def test_an_error_is_one_line_not_a_traceback(teacher, qtbot, speech):
    teacher.command = fake_command("error")
    fill(teacher.store, speech)
    teacher.start_adapt()
    qtbot.waitUntil(lambda: teacher.outcome is not None, timeout=60000)
    assert teacher.outcome.code == 1
    assert "실패" in teacher.adapt_page.result.text() and "damaged" in teacher.adapt_page.result.text()


def test_cancel_leaves_nothing(teacher, qtbot, speech):
    teacher.command = fake_command("slow")
    fill(teacher.store, speech)
    teacher.show_adapt()
    teacher.start_adapt()
    qtbot.waitUntil(lambda: teacher.adapt_page.progress.value() > 10, timeout=30000)
    teacher.adapt_page.cancel_button.click()
    qtbot.waitUntil(lambda: teacher.outcome is not None, timeout=15000)
    assert teacher.outcome.cancelled and teacher.outcome.code == 130
    assert "취소했습니다" in teacher.adapt_page.result.text()
    assert not list(teacher.models.glob("*.pt"))


def test_too_few_recordings_cannot_start(teacher, speech):
    fill(teacher.store, speech, n=3)
    teacher.show_adapt()
    assert not teacher.adapt_page.start_button.isEnabled() and not teacher.start_adapt()


def test_in_the_bundle_adaptation_says_it_is_unavailable(qtbot, settings, tmp_path, monkeypatch, speech):
    import app.adapt_runner as runner
    from app.teacher_window import TeacherWindow

    monkeypatch.setattr(runner.sys, "frozen", True, raising=False)
    w = TeacherWindow(settings, "en", folder=tmp_path / "rec", models=tmp_path / "models")
    qtbot.addWidget(w)
    fill(w.store, speech)
    w.show_adapt()
    assert w.adapt_page.unavailable.isVisibleTo(w.adapt_page)
    assert "desktop bundle leaves out" in w.adapt_page.unavailable.text()
    assert not w.adapt_page.start_button.isEnabled() and not w.start_adapt()


# ====================================================================== Settings → Model
def test_import_checks_the_file_and_export_copies_it(qtbot, tmp_path, tiny_checkpoint):
    from app.model_settings import ModelDialog

    folder = tmp_path / "models"
    dialog = ModelDialog("", "en", folder=folder, bundled=tiny_checkpoint)
    qtbot.addWidget(dialog)
    bad = tmp_path / "notes.pt"
    bad.write_bytes(b"not a checkpoint at all")
    assert dialog.import_file(str(bad)) is None
    assert (
        dialog.banner.kind == "error" and "not a readable SpeechFeedback checkpoint" in dialog.banner.text()
    )
    assert not folder.exists() or not list(folder.iterdir())
    dest = dialog.import_file(str(tiny_checkpoint))
    assert dest == folder / "tiny.pt" and dest.read_bytes() == tiny_checkpoint.read_bytes()
    assert dialog.selected().path == dest and dialog.tree.topLevelItemCount() == 2
    assert dialog.import_file(str(tiny_checkpoint)) == folder / "tiny-2.pt"  # never overwrites
    dialog.select_path(dest)
    exported = dialog.export_selected(str(tmp_path / "for-students"))
    assert exported == tmp_path / "for-students.pt" and exported.read_bytes() == dest.read_bytes()


def test_main_window_switches_to_an_adapted_model_and_about_says_so(qtbot, settings, history, tmp_path,
                                                                      tiny_checkpoint):  # fmt: skip
    from app.main_window import MainWindow
    from model.acoustic.checkpoint import load_checkpoint, save_checkpoint

    b = load_checkpoint(tiny_checkpoint)
    adapted = tmp_path / "kim.pt"
    meta = dict(b.metadata, adapted={"from": "ds2-ko-ipa.pt", "from_date": "2026-11-30", "recordings": 27,
                                     "minutes": 3.1, "date": "2026-12-01T09:00:00+00:00", "per_before": 0.63,
                                     "per_after": 0.38, "held_out": 3, "name": "Ms Kim's voice"})  # fmt: skip
    save_checkpoint(adapted, b.state_dict, b.ds2, b.features, b.vocabulary, meta)
    settings.device = "cpu"
    w = MainWindow(settings, load_model=False, history=history)
    qtbot.addWidget(w)
    dialog = w.show_model_settings()
    dialog.import_file(str(adapted))
    dialog.use_selected()
    assert Path(settings.checkpoint).parent == dialog.folder
    qtbot.waitUntil(lambda: w.recognizer is not None, timeout=30000)
    about = w.about_model_text()
    assert "맞춤 학습 원본: ds2-ko-ipa.pt (2026-11-30)" in about
    assert "녹음 27개, 3.1분" in about and "63.0% → 38.0%" in about
    dialog.revert()
    assert settings.checkpoint == ""
    dialog.close()


def test_main_window_opens_the_teacher_window(window, qtbot):
    window.act_teacher.trigger()
    teacher = window.teacher_window
    assert teacher.isVisible() and teacher.windowTitle().startswith("선생님 목소리")
    assert teacher.recorder.stream_factory is window.recorder.stream_factory
    assert window.menu_teacher.title() == "교사" and window.act_models.text() == "모델…"
    window.set_language("en")
    assert window.act_teacher.text() == "Teacher's voice…"
    assert teacher.windowTitle().startswith("Teacher's voice")
    with qtbot.waitSignal(teacher.model_chosen):
        teacher.model_chosen.emit("")
    window.close()
    assert not teacher.isVisible()


def test_existing_recordings_are_imported_with_the_take_checks(teacher, qtbot, tmp_path, speech):
    """A teacher who already has recordings brings them in: a folder of audio named by sentence
    (44.1 kHz stereo is resampled), a silent file and a Latin name are refused with the reason."""
    src = tmp_path / "my-recordings"
    src.mkdir()
    import soxr

    stereo = soxr.resample(speech, SAMPLE_RATE, 44100)
    sf.write(src / "국물이 좋아요.wav", np.stack([stereo, stereo], axis=1), 44100)
    sf.write(src / "학교에 가요.flac", speech, SAMPLE_RATE)
    sf.write(src / "조용한 방.wav", np.zeros(SAMPLE_RATE, np.float32), SAMPLE_RATE)
    sf.write(src / "hello.wav", speech, SAMPLE_RATE)
    teacher.import_recordings(str(src))
    qtbot.waitUntil(lambda: teacher.intro.import_button.isEnabled(), timeout=30000)
    store = teacher.store
    assert store.has("국물이 좋아요") and store.has("학교에 가요") and len(store) == 2
    assert sf.info(str(store.path("국물이 좋아요"))).samplerate == SAMPLE_RATE
    assert sf.info(str(store.path("국물이 좋아요"))).channels == 1
    text = teacher.intro.banner.text()
    assert "조용한 방.wav" in text and "hello.wav" in text
    assert TeacherRecordings(store.folder).has("학교에 가요")  # written to transcripts.tsv
    screenshot(teacher, "teacher-import", tmp_path, publish=False)


def test_without_a_microphone_the_teacher_is_pointed_to_the_import(teacher, qtbot):
    from app.recorder import no_microphone_error

    teacher.recorder.error = no_microphone_error()
    teacher._on_record_failed("no microphone")
    text = teacher.record_page.banner.text()
    assert "Import recordings" in text or "녹음 가져오기" in text
    assert "File → Open audio" not in text and "음성 파일 평가" not in text
