"""Run slow work (loading the model, recognition, espeak-ng) off the GUI thread.

``run_async(fn, *args, on_done=..., on_error=...)`` runs ``fn`` on the global QThreadPool and
calls back on the GUI thread with the result, or with the exception. A failure always
reaches ``on_error``; nothing is lost silently.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

_alive: set[_Relay] = set()  # relays of tasks started and not yet reported


class _Relay(QObject):
    """Lives in the GUI thread: the worker emits its signals, the event loop calls the callbacks here.

    It is the only Python object a task keeps (no QRunnable subclass, whose wrapper the thread pool
    would keep for ever, with its arguments: a recording per assessment). Once it has reported,
    nothing refers to it and it goes, with everything it held.
    """

    done = Signal(object)
    error = Signal(object)

    def __init__(self, on_done, on_error) -> None:
        super().__init__()
        self.on_done, self.on_error = on_done, on_error
        self.done.connect(self._report_done)
        self.error.connect(self._report_error)

    @Slot(object)
    def _report_done(self, result: Any) -> None:
        self._report(self.on_done, result)

    @Slot(object)
    def _report_error(self, error: BaseException) -> None:
        self._report(self.on_error, error)

    def _report(self, callback, value: Any) -> None:
        _alive.discard(self)
        self.on_done = self.on_error = None
        if callback is not None:
            _call(callback, value)


def _call(callback: Callable[[Any], None], value: Any) -> None:
    try:
        callback(value)
    except RuntimeError as e:  # the window that asked was closed and deleted meanwhile
        if "already deleted" not in str(e):
            raise


def run_async(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> None:
    relay = _Relay(on_done, on_error)
    _alive.add(relay)

    def work() -> None:
        try:
            try:
                result = fn(*args, **kwargs)
            except BaseException as e:  # noqa: BLE001 - every failure becomes a message in the window
                e.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
                relay.error.emit(e)
            else:
                relay.done.emit(result)
        except RuntimeError as e:  # the application quit while this ran: nobody is left to tell
            if "deleted" not in str(e):
                raise

    (pool or QThreadPool.globalInstance()).start(work)


def pending() -> int:
    """Tasks started and not yet reported (for tests and the busy indicator)."""
    return len(_alive)
