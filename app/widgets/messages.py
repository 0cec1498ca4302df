"""Messages in the window: a banner strip (info, warning, error) and a non-modal report dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.style import hangul_font

BANNER_STYLES = {
    "info": "background:#eef1f5; color:#1f2a44; border:1px solid #c5cbd6;",
    "warn": "background:#fff6e0; color:#6b4a00; border:1px solid #e0c070;",
    "error": "background:#fdecea; color:#7a1f1a; border:1px solid #e6a19b;",
}


def html_escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class Banner(QLabel):
    """A one-line (wrapping) message strip: info, warning or error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "info"
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setVisible(False)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.setStyleSheet(f"QLabel {{ {BANNER_STYLES[kind]} border-radius:6px; padding:8px; }}")
        self.setText(text)
        self.setVisible(bool(text))

    def hide_message(self) -> None:
        self.setText("")
        self.setVisible(False)


class ReportDialog(QDialog):
    """What a sentence list held and which rows were skipped (non-modal)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(hangul_font(10))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 320)
