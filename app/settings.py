"""The learner's settings, kept with QSettings (organisation "SpeechFeedback")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANISATION = "SpeechFeedback"
APPLICATION = "SpeechFeedback"
DEVICES = ("auto", "cpu", "cuda")


class Settings:
    """Typed access to the few things the app remembers between runs."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings or QSettings(ORGANISATION, APPLICATION)

    def _get(self, key: str, default: str) -> str:
        value = self._s.value(key, default)
        return default if value is None else str(value)

    @property
    def language(self) -> str:
        lang = self._get("language", "ko")
        return lang if lang in ("ko", "en") else "ko"

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("language", value)

    @property
    def device(self) -> str:
        dev = self._get("device", "auto")
        return dev if dev in DEVICES else "auto"

    @device.setter
    def device(self, value: str) -> None:
        self._s.setValue("device", value)

    @property
    def checkpoint(self) -> str:
        """A checkpoint path, or "" for the bundled one."""
        return self._get("checkpoint", "")

    @checkpoint.setter
    def checkpoint(self, value: str) -> None:
        self._s.setValue("checkpoint", value or "")

    @property
    def microphone(self) -> str:
        """The input device's name, or "" for the system default."""
        return self._get("microphone", "")

    @microphone.setter
    def microphone(self, value: str) -> None:
        self._s.setValue("microphone", value or "")

    @property
    def sentence_lists(self) -> list[str]:
        """The teacher's sentence lists opened before, reopened at start (newest last)."""
        value = self._s.value("sentence_lists", "")
        paths = value if isinstance(value, list) else str(value or "").split("\n")
        return [p for p in paths if p]

    def remember_list(self, path: str) -> None:
        paths = [p for p in self.sentence_lists if p != path] + [path]
        self._s.setValue("sentence_lists", "\n".join(paths[-20:]))

    def forget_list(self, path: str) -> None:
        self._s.setValue("sentence_lists", "\n".join(p for p in self.sentence_lists if p != path))

    def sync(self) -> None:
        self._s.sync()


def data_dir() -> Path:
    """The platform's per-user application data folder (history, teacher recordings, adapted models)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home() / ".speechfeedback")


def history_path() -> Path:
    """Where the learner's history lives."""
    return data_dir() / "history.sqlite3"


def models_dir() -> Path:
    """Adapted models (``*.pt``), listed in Settings → Model."""
    return data_dir() / "models"


def classes_dir() -> Path:
    """Class packs a learner imported (app/class_pack.py): each a folder with a list and the teacher's takes."""
    return data_dir() / "classes"


def teacher_dir() -> Path:
    """The teacher's recordings: 16 kHz WAV files and ``transcripts.tsv``, kept between sessions."""
    return data_dir() / "teacher"
