"""One message for a person from any exception the app catches (our own errors already carry one)."""

from __future__ import annotations

from app.i18n import BilingualError
from model.errors import SpeechFeedbackError

OWN_ERRORS = (SpeechFeedbackError, BilingualError)


def describe_error(error: BaseException, lang: str = "en") -> str:
    """A one-paragraph message; a BilingualError answers in ``lang``."""
    if isinstance(error, BilingualError):
        return error.message(lang)
    text = str(error).strip()
    if isinstance(error, OWN_ERRORS) and text:
        return text
    name = type(error).__name__
    return f"{name}: {text}" if text else name
