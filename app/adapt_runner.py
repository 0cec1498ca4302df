"""Run ``python -m training.adapt`` as a child process and follow its JSON progress.

The app never imports ``training`` (ARCHITECTURE.md: app → model ← training); it speaks the
command-line contract of ``training.adapt`` instead (``--progress json``: one JSON object a
line with ``stage``, ``done`` and messages; a last ``result`` object; exit 0 saved, 3 not
better, 130 cancelled). A ``QProcess`` does the work off the
GUI thread: its output arrives through the event loop, one JSON object a line. Cancel sends
SIGINT (the CLI then removes its temp file and exits 130), and SIGTERM after ``KILL_AFTER_MS``.
The command is injectable so tests can run a small script that speaks the same contract.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

KILL_AFTER_MS = 5000
ROOT = Path(__file__).resolve().parents[1]  # where ``-m training.adapt`` is found in a source checkout
SAVED, NOT_IMPROVED, FAILED, INTERRUPTED = 0, 3, 1, 130


def adapt_command(recordings: Path, checkpoint: Path, out: Path, minutes: float) -> list[str]:
    """The contract's command line."""
    return [sys.executable, "-m", "training.adapt", "--recordings", str(recordings), "--checkpoint",
            str(checkpoint), "--out", str(out), "--minutes", f"{minutes:g}", "--progress", "json"]  # fmt: skip


def unavailable_reason() -> tuple[str, str] | None:
    """Why adaptation can't run here (English, Korean), or None when it can."""
    if getattr(sys, "frozen", False) or importlib.util.find_spec("training") is None:
        return (
            "Adapting the model needs the training tools, which the desktop bundle leaves out. "
            "You can still record here; then run `python -m training.adapt --recordings FOLDER --out NEW.pt` "
            "from a source install (see README) and import the new model in Settings → Model.",
            "모델 맞춤 학습에는 학습 도구가 필요한데, 설치용 묶음(번들)에는 들어 있지 않습니다. "
            "여기서 녹음은 할 수 있습니다. 그다음 소스 설치에서 `python -m training.adapt --recordings 폴더 "
            "--out 새모델.pt`를 실행하고(README 참고), 설정 → 모델에서 새 모델을 가져오세요.",
        )
    return None


@dataclass
class AdaptOutcome:
    """How a run ended: the contract's exit code and its ``result`` object (empty when none came)."""

    code: int
    result: dict = field(default_factory=dict)
    error: str = ""  # the last ``error: ...`` line of stderr, for code FAILED
    cancelled: bool = False

    @property
    def saved(self) -> bool:
        return self.code == SAVED and bool(self.result.get("saved")) and bool(self.result.get("out"))


class AdaptRun(QObject):
    """One adaptation: ``progress(dict)`` for each progress line, then ``finished(AdaptOutcome)``."""

    progress = Signal(object)
    finished = Signal(object)

    def __init__(self, command: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.command = list(command)
        self.result: dict = {}
        self.cancelled = False
        self._buffer = b""
        self._stderr = b""
        self.process = QProcess(self)
        self.process.setWorkingDirectory(str(ROOT))
        self.process.readyReadStandardOutput.connect(self._read_stdout)
        self.process.readyReadStandardError.connect(self._read_stderr)
        self.process.finished.connect(self._on_finished)
        self.process.errorOccurred.connect(self._on_error)
        self._kill = QTimer(self, singleShot=True, interval=KILL_AFTER_MS)
        self._kill.timeout.connect(self.process.terminate)
        self._done = False

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def start(self) -> None:
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONUNBUFFERED", "1")
        self.process.setProcessEnvironment(env)
        self.process.start(self.command[0], self.command[1:])

    def cancel(self) -> None:
        """SIGINT now (the CLI cleans up and exits 130), SIGTERM if it is still there after 5 s."""
        if not self.running:
            return
        self.cancelled = True
        pid = self.process.processId()
        if pid > 0 and os.name == "posix":
            os.kill(pid, signal.SIGINT)
        else:  # Windows: no SIGINT to a child; terminate() is the polite request there
            self.process.terminate()
        self._kill.start()

    def _read_stdout(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            self._line(line)

    def _line(self, raw: bytes) -> None:
        try:
            obj = json.loads(raw.decode("utf-8", "replace"))
        except ValueError:
            return  # the contract says stdout is JSON only; anything else is ignored, not fatal
        if not isinstance(obj, dict):
            return
        if isinstance(obj.get("result"), dict):
            self.result = obj["result"]
        elif "stage" in obj:
            self.progress.emit(obj)

    def _read_stderr(self) -> None:
        self._stderr = (self._stderr + bytes(self.process.readAllStandardError()))[-20000:]

    def _error_line(self) -> str:
        lines = self._stderr.decode("utf-8", "replace").splitlines()
        for line in reversed(lines):
            if line.startswith("error:"):
                return line[len("error:") :].strip()
        return lines[-1].strip() if lines else ""

    def _on_finished(self, code: int, status) -> None:
        if self._done:
            return
        self._done = True
        self._kill.stop()
        self._read_stdout()
        if self._buffer.strip():
            self._line(self._buffer)
        self._read_stderr()
        if status == QProcess.ExitStatus.CrashExit:  # killed by a signal (SIGTERM after Cancel)
            code = INTERRUPTED if self.cancelled else FAILED
        self.finished.emit(AdaptOutcome(code, self.result, self._error_line(), self.cancelled))

    def _on_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._done:
            self._done = True
            self.finished.emit(AdaptOutcome(FAILED, {}, f"{self.command[0]} could not be started"))
