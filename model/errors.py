"""One base for our errors, and the one way every command line reports them.

An error of ours (``AudioError``, ``CheckpointError``, ``G2PError``, ``DeviceError`` …)
derives from :class:`SpeechFeedbackError` and carries a message for a person: what is wrong
and what to do. :func:`command` wraps a ``main(argv) -> int`` so that such an error, or a
file the operating system refuses (``OSError``: missing, unreadable, disk full), becomes one
line on stderr and exit status 1, and Ctrl-C exit status 130. Anything else is a bug and
keeps its traceback. Pure stdlib: ``model.korean`` uses it without torch.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

Main = Callable[[list[str] | None], int]


class SpeechFeedbackError(Exception):
    """An error with a message for a person (what is wrong, what to do), not a bug."""


def one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def describe_os_error(e: OSError) -> str:
    """``[Errno 2] No such file or directory: 'x'`` → ``x: No such file or directory``."""
    if e.filename is not None and e.strerror:
        return f"{e.filename}: {e.strerror}"
    return str(e) or type(e).__name__


def command(main: Main) -> Main:
    """Decorate a command line's ``main``: our errors and OSError → ``error: …`` on stderr, exit 1."""

    @functools.wraps(main)
    def run(argv: list[str] | None = None) -> int:
        try:
            return main(argv)
        except SpeechFeedbackError as e:
            message = str(e) or type(e).__name__
        except OSError as e:
            message = describe_os_error(e)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        print(f"error: {one_line(message)}", file=sys.stderr)
        return 1

    return run
