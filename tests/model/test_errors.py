"""model.errors.command: our errors and OSError → one line and exit 1; Ctrl-C → 130; bugs keep their traceback."""

from __future__ import annotations

import pytest

from model.errors import SpeechFeedbackError, command


def _main_raising(error: BaseException):
    @command
    def main(argv: list[str] | None = None) -> int:
        raise error

    return main


def test_our_error_is_one_line(capsys):
    assert _main_raising(SpeechFeedbackError("The file is damaged.\nRecord it again."))([]) == 1
    assert capsys.readouterr().err == "error: The file is damaged. Record it again.\n"


def test_os_error_names_the_file(capsys):
    assert _main_raising(FileNotFoundError(2, "No such file or directory", "take.wav"))([]) == 1
    assert capsys.readouterr().err == "error: take.wav: No such file or directory\n"


def test_ctrl_c_is_130_and_a_bug_keeps_its_traceback(capsys):
    assert _main_raising(KeyboardInterrupt())([]) == 130
    assert capsys.readouterr().err == "interrupted\n"
    with pytest.raises(ZeroDivisionError):
        _main_raising(ZeroDivisionError("a bug"))([])


def test_the_result_of_main_is_passed_on():
    assert command(lambda argv: 3)(["x"]) == 3
