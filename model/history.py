"""The learner's past attempts: a small sqlite3 table (sentence, score, date).

Lives in ``model`` (no Qt) so that any front end can keep the same history; the app passes
the path of its data folder.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, sentence TEXT NOT NULL, score REAL NOT NULL,
    reliable INTEGER NOT NULL DEFAULT 1, created REAL NOT NULL)"""


@dataclass(frozen=True)
class Attempt:
    sentence: str
    score: float
    reliable: bool
    created: float  # seconds since the epoch

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.created))


class History:
    """Attempts, newest first. A store that can't be opened or read becomes a no-op (practice goes on):
    ``error`` then says why, for the app to show once."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.error = ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=1.0)
            self._db.execute(SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as e:
            self._db = None
            self.error = f"History is off: {self.path} can't be opened ({e})."

    def add(self, sentence: str, score: float, reliable: bool = True, created: float | None = None) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(
                "INSERT INTO attempts (sentence, score, reliable, created) VALUES (?, ?, ?, ?)",
                (sentence, float(score), int(bool(reliable)), created or time.time()),
            )
            self._db.commit()
        except sqlite3.Error as e:
            self.error = f"History could not be saved ({e})."

    def recent(self, limit: int = 20, sentence: str | None = None) -> list[Attempt]:
        if self._db is None:
            return []
        query = "SELECT sentence, score, reliable, created FROM attempts"
        args: tuple = ()
        if sentence is not None:
            query += " WHERE sentence = ?"
            args = (sentence,)
        try:
            rows = self._db.execute(
                query + " ORDER BY created DESC, id DESC LIMIT ?", (*args, limit)
            ).fetchall()
        except sqlite3.Error as e:  # locked by another instance, damaged: go on without history
            self.close()
            self.error = f"History is off: {self.path} can't be read ({e})."
            return []
        return [Attempt(s, float(sc), bool(r), float(c)) for s, sc, r, c in rows]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class NullHistory:
    """Keeps nothing: for headless renders and benchmarks, which must not touch the learner's history."""

    error = ""

    def add(self, *args, **kwargs) -> None:
        pass

    def recent(self, *args, **kwargs) -> list[Attempt]:
        return []

    def close(self) -> None:
        pass
