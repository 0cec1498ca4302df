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
    "legend_good": ("맞음", "right"),
    "legend_close": ("비슷함·불확실", "close or unsure"),
    "legend_wrong": ("틀림·빠짐", "wrong or missing"),
    "legend_extra": ("덧붙인 소리", "extra sound"),
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
    "waveform": ("파형", "Waveform"),
    "spectrogram": ("스펙트로그램", "Spectrogram"),
    "history": ("지난 연습", "Past attempts"),
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
}


def tr(key: str, lang: str = "ko", **kw: object) -> str:
    ko, en = TEXTS[key]
    text = ko if lang == "ko" else en
    return text.format(**kw) if kw else text


class BilingualError(Exception):
    """An error with its message for a person in both languages (``message(lang)``)."""

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.en = en
        self.ko = ko

    def message(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en
