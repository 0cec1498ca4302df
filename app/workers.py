"""Run slow work (loading the model, recognition, espeak-ng) off the GUI thread.

``run_async(fn, *args, on_done=..., on_error=...)`` runs ``fn`` on the global QThreadPool and
calls back on the GUI thread with the result, or with the exception. A failure always
reaches ``on_error``; nothing is lost silently.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_alive: set[Task] = set()  # keep tasks (and their signal objects) alive until they report


class _Signals(QObject):
    done = Signal(object)
    error = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as e:  # noqa: BLE001 - every failure becomes a message in the window
            e.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.error.emit(e)
        else:
            self.signals.done.emit(result)


def _call(callback: Callable[[Any], None], value: Any) -> None:
    try:
        callback(value)
    except RuntimeError as e:  # the window that asked was closed and deleted meanwhile
        if "already deleted" not in str(e):
            raise


class _Relay(QObject):
    """Lives in the GUI thread, so the worker's signals reach these slots through the event loop."""

    def __init__(self, task: Task, on_done, on_error) -> None:
        super().__init__()
        self.task, self.on_done, self.on_error = task, on_done, on_error

    @Slot(object)
    def done(self, result: Any) -> None:
        _alive.discard(self.task)
        if self.on_done is not None:
            _call(self.on_done, result)

    @Slot(object)
    def error(self, error: BaseException) -> None:
        _alive.discard(self.task)
        if self.on_error is not None:
            _call(self.on_error, error)


def run_async(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Task:
    task = Task(fn, *args, **kwargs)
    task.relay = _Relay(task, on_done, on_error)
    _alive.add(task)
    task.signals.done.connect(task.relay.done)
    task.signals.error.connect(task.relay.error)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def pending() -> int:
    """Tasks started and not yet reported (for tests and the busy indicator)."""
    return len(_alive)
