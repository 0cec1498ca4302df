"""The record button with its live level meter, clipping warning and hint: shared by the practice
screen and the Teacher's voice window, so both show the microphone the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import tr
from app.style import hangul_font
from app.widgets.level_meter import LevelMeter

RECORD_STYLE = (
    "QPushButton { background:#d64541; color:white; border-radius:28px; padding:6px 18px; }"
    "QPushButton:disabled { background:#c9ced6; color:#f4f5f7; }"
)


class RecordPanel(QWidget):
    """Record / Stop button, mic level and the too-loud label; the owner connects ``record_button``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "ko"
        self.recording = False
        self.again = False  # a take exists: the button says "record again"
        self.record_button = QPushButton()
        self.record_button.setMinimumSize(150, 56)
        self.record_button.setFont(hangul_font(14, bold=True))
        self.record_button.setStyleSheet(RECORD_STYLE)
        self.level = LevelMeter()
        self.clip_label = QLabel()
        self.clip_label.setStyleSheet("color:#d64541; font-weight:bold;")
        self.clip_label.setVisible(False)
        self.record_hint = QLabel()
        self.record_hint.setWordWrap(True)
        self.record_hint.setStyleSheet("color:#5a6272;")
        self.level_caption = QLabel()
        self.level_caption.setStyleSheet("color:#5a6272;")
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.level_caption)
        meter_row.addWidget(self.level, 1)
        meter_box = QVBoxLayout()
        meter_box.addLayout(meter_row)
        meter_box.addWidget(self.clip_label)
        meter_box.addWidget(self.record_hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.record_button)
        layout.addLayout(meter_box, 1)

    def set_language(self, lang: str, hint_key: str = "record_hint") -> None:
        self.lang = lang
        self.record_hint.setText(tr(hint_key, lang))
        self.clip_label.setText(tr("too_loud", lang))
        self.level_caption.setText(tr("mic_level", lang))
        self.set_recording(self.recording)

    def set_recording(self, recording: bool) -> None:
        self.recording = recording
        key = "stop" if recording else ("record_again" if self.again else "record")
        self.record_button.setText(tr(key, self.lang))

    def start_take(self) -> None:
        self.level.reset()
        self.clip_label.setVisible(False)
        self.set_recording(True)

    def on_level(self, db: float, clipped: bool) -> None:
        self.level.set_level(db, clipped)
        if clipped:
            self.clip_label.setVisible(True)
