"""Every label of the app in Korean and English; ``tr(key, lang)`` picks one.

The learner switches language in Settings; widgets keep keys, not strings, and re-read them
in ``retranslate()`` so a switch re-renders everything at once.
"""

from __future__ import annotations

LANGS = ("ko", "en")
LANG_NAMES = {"ko": "한국어", "en": "English"}

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("SpeechFeedback — 한국어 발음 연습", "SpeechFeedback — Korean pronunciation tutor"),
    "sentences": ("문장", "Sentences"),
    "my_sentence": ("직접 입력", "Type your own"),
    "type_here": ("연습할 한국어 문장을 입력하세요", "Type a Korean sentence to practise"),
    "use_sentence": ("이 문장 연습", "Practise this"),
    "opened_lists": ("불러온 목록", "Opened lists"),
    "target": ("목표 문장", "Target sentence"),
    "pronounced": ("표준 발음", "Standard pronunciation"),
    "ipa": ("국제 음성 기호", "IPA"),
    "rules": ("적용된 발음 규칙", "Pronunciation rules"),
    "no_rules": ("적힌 대로 읽습니다", "Read as written"),
    "pick_sentence": (
        "왼쪽에서 문장을 고르거나 직접 입력하세요.",
        "Pick a sentence on the left or type one.",
    ),
    "record": ("● 녹음", "● Record"),
    "stop": ("■ 멈춤", "■ Stop"),
    "record_hint": (
        "스페이스 바로 녹음을 시작하고 멈출 수 있습니다. 말을 끝내면 자동으로 멈춥니다.",
        "Press the space bar to start and stop. Recording stops by itself when you finish speaking.",
    ),
    "recording": ("녹음 중… 문장을 읽으세요", "Recording… read the sentence aloud"),
    "too_loud": (
        "소리가 너무 큽니다 — 마이크에서 조금 떨어지세요",
        "Too loud — move back from the microphone",
    ),
    "play_mine": ("▶ 내 녹음", "▶ My recording"),
    "play_reference": ("▶ 표준 발음 듣기", "▶ Hear the model voice"),
    "play_teacher": ("▶ 선생님 발음 듣기", "▶ Hear the teacher"),
    "no_espeak": (
        "espeak-ng가 설치되어 있지 않아 표준 발음을 들을 수 없습니다 (sudo apt install espeak-ng).",
        "espeak-ng is not installed, so there is no model voice (sudo apt install espeak-ng).",
    ),
    "assessing": ("발음을 분석하는 중…", "Analysing your pronunciation…"),
    "loading_model": ("음성 인식 모델을 불러오는 중…", "Loading the speech recogniser…"),
    "model_ready": ("음성 인식 모델 준비 완료", "Speech recogniser ready"),
    "no_model": (
        "발음 평가를 할 수 없습니다: 음성 인식 모델이 없습니다. 문장 보기와 표준 발음 듣기는 쓸 수 있습니다.",
        "Pronunciation can't be assessed: no speech-recognition model is available. "
        "You can still browse sentences and hear the model voice.",
    ),
    "score": ("총점", "Score"),
    "accuracy": ("정확도", "Accuracy"),
    "completeness": ("완성도", "Completeness"),
    "fluency": ("유창성", "Fluency"),
    "phones_title": (
        "소리별 결과 (위: 목표, 아래: 들린 소리)",
        "Sound by sound (top: target, bottom: heard)",
    ),
    "syllables_title": ("음절별 결과", "Syllable by syllable"),
    "feedback": ("고칠 점", "What to work on"),
    "all_good": ("모든 소리를 잘 발음했습니다!", "Every sound was right!"),
    "unreliable": ("이 결과는 믿기 어렵습니다", "This result is not reliable"),
    "unreliable_hint": (
        "소리를 빨간색으로 칠하지 않았습니다. 조용한 곳에서 또렷하게 다시 녹음해 보세요.",
        "Sounds are not marked wrong. Try recording again, clearly, somewhere quiet.",
    ),
    "cautious": ("확실한 오류만 표시했습니다", "Only clear errors are marked"),
    "legend_good": ("맞음", "right"),
    "legend_unsure": ("확실하지 않음", "not sure"),
    "legend_wrong": ("틀림·빠짐", "wrong or missing"),
    "legend_extra": ("덧붙인 소리", "extra sound"),
    "legend_unjudged": ("판정하지 않음·들은 소리만", "not judged, only heard"),
    "mic_level": ("마이크 음량", "Mic level"),
    "click_to_hear": (
        "소리나 음절을 누르면 그 부분을 들을 수 있습니다.",
        "Click a sound or syllable to hear it.",
    ),
    "compare_title": ("입 모양 비교", "How to say it"),
    "compare_hint": (
        "틀린 소리를 누르면 목표 소리와 내 소리를 비교해 보여 줍니다.",
        "Click a marked sound to compare the target with what you said.",
    ),
    "expected": ("목표", "Target"),
    "produced": ("내 발음", "You said"),
    "deleted_word": ("(빠짐)", "(missing)"),
    "inserted_word": ("덧붙인 소리", "Extra sound"),
    "heard_only": ("인식기가 들은 소리 (판정하지 않음)", "Heard by the recogniser (not judged)"),
    "nothing_heard": ("들리지 않음", "nothing heard"),
    "waveform": ("파형", "Waveform"),
    "spectrogram": ("스펙트로그램", "Spectrogram"),
    "history": ("지난 연습", "Past attempts"),
    "weak_title": ("내가 약한 소리", "My weakest sounds"),
    "import_pack": ("수업 자료 가져오기…", "Import class pack…"),
    "export_pack": ("수업 자료 내보내기…", "Export class pack…"),
    "pack_files": ("수업 자료", "Class packs"),
    "pack_failed": ("수업 자료를 가져오지 못했어요", "The class pack was not imported"),
    "pack_export_failed": ("수업 자료를 내보내지 못했어요", "The class pack was not exported"),
    "pack_imported": (
        "수업 자료 '{name}'을 가져왔어요: 선생님 녹음 {takes}개가 표준 발음으로 쓰여요.",
        "Class pack '{name}' imported: {takes} recordings of your teacher are now the model voice.",
    ),
    "pack_model": (
        "선생님 목소리에 맞춘 모델은 설정 → 모델에서 고를 수 있어요.",
        "The model adapted to your teacher's voice is in Settings → Model.",
    ),
    "pack_exported": ("수업 자료를 저장했어요: {path}", "Class pack saved: {path}"),
    "pitch_title": ("억양 (음높이, 점수 없음)", "Intonation (pitch; no score)"),
    "pitch_mine": ("내 목소리", "my voice"),
    "pitch_no_reference": ("표준 발음 없음", "no reference"),
    "pitch_teacher": ("선생님 목소리", "the teacher's voice"),
    "pitch_espeak": ("합성 음성 (espeak-ng)", "synthetic voice (espeak-ng)"),
    "pitch_axis": ("반음 (중앙값 기준)", "semitones from median"),
    "seconds": ("초", "seconds"),
    "voice_of_teacher": (
        "선생님이 녹음한 목소리로 들려줘요",
        "Plays the teacher's recording of this sentence",
    ),
    "voice_of_espeak": (
        "합성 음성(espeak-ng)으로 들려줘요: 선생님 녹음이 없는 문장이에요",
        "Plays a synthetic voice (espeak-ng): the teacher has not recorded this sentence",
    ),
    "voice_teacher": ("선생님 녹음으로 듣는 중", "Playing the teacher's recording"),
    "voice_espeak": ("합성 음성(espeak-ng)으로 듣는 중", "Playing the synthetic voice (espeak-ng)"),
    "weak_empty": (
        "아직 채점된 연습이 없어요. 문장을 읽으면 소리별 기록이 쌓여요.",
        "No judged attempts yet. Read some sentences and your record by sound builds up.",
    ),
    "weak_none": (
        "아직 약한 소리를 말하기에는 부족해요 (소리마다 12번 이상 채점되어야 해요). 조금 더 연습해 보세요.",
        "Too little to tell your weak sounds yet (each sound needs 12 judged attempts). Practise a little more.",
    ),
    "weak_clear": (
        "눈에 띄게 약한 소리가 없어요: 연습한 소리는 모두 거의 틀리지 않았어요. 소리별 진도에서 자세히 보세요.",
        "No sound stands out as weak: every sound you practised is rarely wrong. See Progress by sound for details.",
    ),
    "btn_progress": ("소리별 진도…", "Progress by sound…"),
    "btn_practice": ("약한 소리 연습", "Practise my weak sounds"),
    "practice_none": (
        "연습할 약한 소리를 아직 정할 수 없어요: 채점된 연습이 더 필요해요.",
        "No weak sounds to practise yet: more judged attempts are needed.",
    ),
    "practice_ready": ("연습 세트를 만들었어요: 문장 {n}개", "Practice set ready: {n} sentences"),
    "progress_title": ("소리별 진도", "Progress by sound"),
    "progress_intro": (
        "채점된 연습만 셉니다 (판단하지 못한 녹음과 '확실하지 않음'은 빼요). 최근 비율은 12번 이상 "
        "채점된 소리만 보여 주고, 좋아졌다/나빠졌다는 우연보다 큰 차이일 때만 말해요.",
        "Only judged attempts count (recordings that could not be judged and 'not sure' phones are left "
        "out). A recent rate is shown only for sounds judged 12 times or more, and better or worse only "
        "when the difference is larger than chance.",
    ),
    "progress_nothing": ("아직 기록이 없어요.", "Nothing recorded yet."),
    "progress_per_day": (
        "날마다 틀린 비율 (속이 빈 점: 그날 5번 미만)",
        "wrong per day (hollow: fewer than 5 that day)",
    ),
    "progress_axis": ("틀린 비율 %", "wrong %"),
    "col_sound": ("소리", "Sound"),
    "col_judged": ("채점", "Judged"),
    "col_wrong": ("틀림", "Wrong"),
    "col_trend": ("변화", "Trend"),
    "col_recent": ("최근", "Recently"),
    "trend_better": ("좋아짐", "better"),
    "trend_worse": ("나빠짐", "worse"),
    "trend_steady": ("비슷함", "about the same"),
    "trend_little": ("판단하기에 부족", "too little to tell"),
    "menu_file": ("파일", "File"),
    "open_list": ("문장 목록 열기…", "Open sentence list…"),
    "open_audio": ("음성 파일 평가…", "Assess an audio file…"),
    "save_result": ("결과 저장 (JSON)…", "Save result (JSON)…"),
    "quit": ("끝내기", "Quit"),
    "menu_settings": ("설정", "Settings"),
    "language": ("언어", "Language"),
    "device": ("계산 장치", "Compute device"),
    "device_auto": ("자동", "Automatic"),
    "checkpoint": ("모델 파일 선택…", "Choose model file…"),
    "checkpoint_default": ("기본 모델 사용", "Use the bundled model"),
    "microphone": ("마이크", "Microphone"),
    "mic_default": ("기본 마이크", "Default microphone"),
    "menu_help": ("도움말", "Help"),
    "about_model": ("모델 정보", "About the model"),
    "about_app": ("SpeechFeedback 정보", "About SpeechFeedback"),
    "list_report": ("문장 목록", "Sentence list"),
    "list_failed": ("문장 목록을 열 수 없습니다", "The sentence list can't be opened"),
    "audio_failed": ("음성을 평가할 수 없습니다", "The recording can't be assessed"),
    "no_mic": (
        "마이크를 찾을 수 없습니다. 마이크를 연결하고 설정 → 마이크에서 고른 뒤 다시 시도하세요.",
        "No microphone was found. Plug one in, choose it in Settings → Microphone, and try again.",
    ),
    "mic_failed": ("마이크를 열 수 없습니다", "The microphone can't be opened"),
    "no_audio_out": (
        "소리를 재생할 수 없습니다 (스피커나 출력 장치가 없습니다).",
        "Can't play sound: no speaker or audio output device was found.",
    ),
    "need_sentence": ("먼저 연습할 문장을 고르세요.", "Choose a sentence first."),
    "need_model": (
        "음성 인식 모델이 없어 평가할 수 없습니다.",
        "There is no speech-recognition model to assess with.",
    ),
    "model_unknown": ("알 수 없음", "unknown"),
    "trust_note": (
        "점수는 이 모델의 정확도만큼만 믿을 수 있습니다.",
        "Scores are only as trustworthy as this model's accuracy.",
    ),
    "warning": ("주의", "Note"),
    "reading_audio": ("음성 파일을 읽는 중…", "Reading the audio file…"),
    "save_failed": ("결과를 저장할 수 없습니다", "The result could not be saved"),
    "models_menu": ("모델…", "Model…"),
    "menu_teacher": ("교사", "Teacher"),
    "teacher_menu": ("선생님 목소리…", "Teacher's voice…"),
    # ---- Teacher's voice
    "record_again": ("● 다시 녹음", "● Record again"),
    "minutes_unit": ("분", "min"),
    "teacher_title": ("선생님 목소리 — SpeechFeedback", "Teacher's voice — SpeechFeedback"),
    "teacher_how": (
        "문장을 하나씩 보여 드립니다. 녹음하고, 들어 보고, 마음에 들지 않으면 다시 녹음하세요. 읽기 어려운 문장은 "
        "건너뛰어도 됩니다. 녹음은 이 컴퓨터에 저장되어 다음에 이어서 할 수 있습니다. 30문장(약 3분)이면 "
        '충분히 좋아지고, 많을수록 더 좋습니다. 다 되면 "모델 맞춤 학습"을 누르세요.',
        "You see one sentence at a time: record it, listen back, record it again if you like; skip any you "
        "can't read naturally. Recordings stay on this computer, so you can go on another day. About 30 "
        "sentences (3 minutes of speech) already help; more is better. Then press “Adapt the model”.",
    ),
    "teacher_lesson": ("녹음할 문장", "Sentences to record"),
    "teacher_start": ("녹음 시작 / 이어서 녹음", "Start / continue recording"),
    "teacher_adapt": ("모델 맞춤 학습 →", "Adapt the model →"),
    "teacher_so_far": (
        "지금까지 녹음: {n}문장, {duration}",
        "Recorded so far: {n} sentences, {duration}",
    ),
    "teacher_position": ("{i}번째 문장 (전체 {n})", "Sentence {i} of {n}"),
    "teacher_counter": ("이 목록에서 녹음함", "recorded in this list"),
    "teacher_minutes": ("전체 녹음 시간 {duration}", "{duration} recorded in all"),
    "teacher_take_saved": ("✓ 녹음됨 ({seconds:.1f}초)", "✓ Recorded ({seconds:.1f} s)"),
    "teacher_no_take": ("아직 녹음하지 않았습니다", "Not recorded yet"),
    "teacher_record_hint": (
        "녹음을 누르고 문장을 자연스럽게 읽으세요. 말을 끝내면 자동으로 멈춥니다.",
        "Press Record and read the sentence naturally. Recording stops by itself when you finish.",
    ),
    "teacher_recording": ("녹음 중… 문장을 자연스럽게 읽으세요", "Recording… read the sentence naturally"),
    "teacher_take_ok": (
        "저장했습니다. 들어 보고 다음 문장으로 가세요.",
        "Saved. Listen back, then go on to the next sentence.",
    ),
    "teacher_take_refused": ("이 녹음은 저장하지 않았습니다", "This take was not kept"),
    "teacher_save_failed": ("녹음을 저장할 수 없습니다", "The take could not be saved"),
    "teacher_listen": ("▶ 들어 보기", "▶ Listen"),
    "teacher_previous": ("◀ 이전", "◀ Previous"),
    "teacher_skip": ("건너뛰기 ▶", "Skip ▶"),
    "teacher_next": ("다음 ▶", "Next ▶"),
    "teacher_back": ("처음 화면", "Back to the start"),
    "teacher_list_done": (
        "마지막 문장입니다. 다른 목록을 녹음하거나 모델 맞춤 학습을 하세요.",
        "That was the last sentence. Record another list, or adapt the model.",
    ),
    "teacher_empty_list": ("이 목록에는 문장이 없습니다.", "This list has no sentences."),
    "teacher_import": ("녹음 가져오기…", "Import recordings…"),
    "teacher_import_tip": (
        "이미 녹음한 파일이 있는 폴더: transcripts.tsv(file, text)가 있거나, 파일 이름이 문장인 오디오 파일들",
        "A folder of recordings you already have: with a transcripts.tsv (file, text), or audio files "
        "named by their sentence",
    ),
    "teacher_importing": ("녹음을 확인하며 가져오는 중…", "Checking and importing the recordings…"),
    "teacher_imported": (
        "녹음 {n}개를 가져왔어요. {skipped}개는 쓸 수 없어 건너뛰었어요.",
        "Imported {n} recordings; {skipped} could not be used and were skipped.",
    ),
    "teacher_no_mic": (
        "마이크를 찾을 수 없습니다. 마이크를 연결하고 설정 → 마이크에서 고른 뒤 다시 시도하세요. "
        "이미 녹음한 파일이 있으면 첫 화면의 '녹음 가져오기…'로 가져올 수 있어요.",
        "No microphone was found. Plug one in, choose it in Settings → Microphone and try again. "
        "Recordings you already have can be brought in with 'Import recordings…' on the first page.",
    ),
    "teacher_adapt_title": ("모델 맞춤 학습 · Adapt the model", "Adapt the model · 모델 맞춤 학습"),
    "teacher_plan": (
        "녹음 {n}문장({duration})으로 지금 쓰는 모델을 이 목소리에 맞춥니다. 녹음의 1/10(적어도 3개)은 "
        "학습에 쓰지 않고 따로 두어 전후 정확도를 잽니다. 나빠지면 저장하지 않습니다. 학습 시간 외에 측정에 "
        "1~2분이 더 걸립니다. 적어도 4문장이 필요합니다.",
        "Adapts the model in use to this voice with {n} recordings ({duration}). A tenth of them (at "
        "least 3) is held out to measure before and after; a model that got worse is not saved. Measuring "
        "takes a minute or two on top of the training time. At least 4 recordings are needed.",
    ),
    "teacher_budget": ("학습 시간", "Training time"),
    "teacher_adapt_start": ("맞춤 학습 시작", "Start adapting"),
    "teacher_starting": ("시작하는 중…", "Starting…"),
    "teacher_cancel": ("취소", "Cancel"),
    "teacher_cancelling": ("취소하는 중… (저장된 것은 없습니다)", "Cancelling… (nothing is saved)"),
    "teacher_saved": ("새 모델을 저장했습니다", "The adapted model is saved"),
    "teacher_not_saved": ("새 모델을 저장하지 않았습니다", "No new model was saved"),
    "teacher_cancelled": (
        "취소했습니다. 원래 모델은 그대로입니다.",
        "Cancelled. The model in use is unchanged.",
    ),
    "teacher_failed": ("맞춤 학습이 실패했습니다", "Adaptation failed"),
    "teacher_no_reason": ("이유를 알 수 없습니다.", "No reason was given."),
    "teacher_figures": (
        "따로 둔 녹음 {held}개의 음소 오류율: {before} → <b>{after}</b>",
        "Phone error rate on {held} held-out recordings: {before} → <b>{after}</b>",
    ),
    "teacher_used": (
        "학습에 쓴 녹음: {used}개, {duration}",
        "Trained on {used} recordings, {duration}",
    ),
    "teacher_dropped": (
        "문장과 맞지 않아 뺀 녹음 {n}개:",
        "{n} recording(s) left out (they did not match their text):",
    ),
    "teacher_use_model": ("이 모델 사용", "Use this model"),
    "teacher_model_in_use": (
        "이제 발음 평가에 이 모델을 씁니다. 설정 → 모델에서 되돌릴 수 있습니다.",
        "Practice now uses this model; Settings → Model switches back.",
    ),
    "close": ("닫기", "Close"),
    # ---- Settings → Model
    "models_title": ("모델", "Model"),
    "models_intro": (
        "발음 평가에 쓸 음성 인식 모델을 고르세요. 기본 모델 외에, 선생님 목소리로 맞춤 학습한 모델과 "
        "가져온 모델이 여기에 나옵니다. 수치는 학습에 쓰지 않고 따로 둔 녹음에서 잰 음소 오류율입니다.",
        "Choose the speech model the assessment uses: the bundled one, or a model adapted to a teacher's "
        "voice or imported. The figures are phone error rates measured on recordings held out from training.",
    ),
    "model_name": ("이름", "Name"),
    "model_date": ("날짜", "Date"),
    "model_figures": ("측정 결과", "Measured"),
    "model_bundled": ("기본 모델", "Bundled model"),
    "model_use": ("이 모델 사용", "Use this model"),
    "model_revert": ("기본 모델로 되돌리기", "Revert to the bundled model"),
    "model_import": ("모델 가져오기…", "Import a model…"),
    "model_export": ("모델 내보내기…", "Export the model…"),
    "model_switched": ("이제 {name} 모델을 씁니다.", "Now using {name}."),
    "model_reverted": ("기본 모델로 되돌렸습니다.", "Back to the bundled model."),
    "model_imported": (
        '{name}을(를) 가져왔습니다. 골라서 "이 모델 사용"을 누르세요.',
        "Imported {name}. Select it and press “Use this model”.",
    ),
    "model_import_failed": ("모델을 가져올 수 없습니다", "The model can't be imported"),
    "model_exported": (
        "{path}에 저장했습니다. 이 파일을 학생들에게 주면 설정 → 모델 → 모델 가져오기로 쓸 수 있습니다.",
        "Saved as {path}. Students can use it with Settings → Model → Import a model.",
    ),
    "model_export_failed": ("모델을 내보낼 수 없습니다", "The model can't be exported"),
    "list_files": ("문장 목록", "Sentence lists"),
    "audio_files": ("오디오", "Audio"),
    "all_files": ("모든 파일", "All files"),
    "lists_gone": (
        "이전에 연 문장 목록을 다시 열 수 없어 목록에서 뺐어요: {names}",
        "Sentence lists opened before could not be reopened and were forgotten: {names}",
    ),
    "adapted_from": ("맞춤 학습 원본", "Adapted from"),
    "adapted_on": ("맞춤 학습 녹음", "Adapted on"),
    "adapted_figures": ("따로 둔 녹음의 음소 오류율", "Phone error rate on held-out recordings"),
}


def duration(minutes: float, lang: str = "ko") -> str:
    """3.25 -> "3분 15초" / "3 min 15 s" (recorded audio: seconds matter while it is short)."""
    m, s = divmod(round(minutes * 60), 60)
    if lang == "ko":
        return f"{m}분 {s}초" if m else f"{s}초"
    return f"{m} min {s} s" if m else f"{s} s"


def tr(key: str, lang: str = "ko", **kw: object) -> str:
    ko, en = TEXTS[key]
    text = ko if lang == "ko" else en
    return text.format(**kw) if kw else text


class BilingualError(Exception):
    """An error with its message for a person in both languages (``message(lang)``); Korean first,
    as every bilingual pair in the project (TEXTS, REASONS, diagnose messages)."""

    def __init__(self, ko: str, en: str) -> None:
        super().__init__(en)
        self.en = en
        self.ko = ko

    def message(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


_qt_translator = None  # Qt's own strings (file dialogs, Close/Cancel buttons) in the learner's language


def use_qt_language(lang: str) -> bool:
    """Install Qt's translation of its own widgets for ``lang`` (none for English); True if found."""
    global _qt_translator
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "en":
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{lang}", folder):
        return False
    app.installTranslator(translator)
    _qt_translator = translator
    return True
