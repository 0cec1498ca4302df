"""One message for a person from any exception the app catches (our own errors already carry one)."""

from __future__ import annotations

from app.i18n import BilingualError
from model.audio import AudioError
from model.korean import G2PError
from model.sentences import SentenceListError

OWN_ERRORS = (AudioError, G2PError, SentenceListError, BilingualError)


def describe_error(error: BaseException, lang: str = "en") -> str:
    """A one-paragraph message; a BilingualError answers in ``lang``."""
    if isinstance(error, BilingualError):
        return error.message(lang)
    text = str(error).strip()
    if isinstance(error, OWN_ERRORS) and text:
        return text
    name = type(error).__name__
    if name == "CheckpointError" and text:
        return text
    return f"{name}: {text}" if text else name
