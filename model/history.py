"""The learner's past attempts: a small sqlite3 store (sentence, score, date; and per phone).

Lives in ``model`` (no Qt) so that any front end can keep the same history; the app passes
the path of its data folder. An attempt the engine did not judge keeps no score (NULL), only
why it was not judged, and no phones. A judged attempt keeps one row per expected phone
(what it was, where in its syllable, the rule that made it, the verdict, what was heard):
what :mod:`model.progress` counts, by sound, over time.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from model.progress import sounds_of

SCHEMA = """CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, sentence TEXT NOT NULL, score REAL,
    reliable INTEGER NOT NULL DEFAULT 1, created REAL NOT NULL,
    reason TEXT NOT NULL DEFAULT '', reason_ko TEXT NOT NULL DEFAULT '')"""
COLUMNS = "sentence, score, reliable, created, reason, reason_ko"
PHONES_SCHEMA = """CREATE TABLE IF NOT EXISTS phones (
    attempt INTEGER NOT NULL, position INTEGER NOT NULL, phone TEXT NOT NULL, slot TEXT NOT NULL,
    rule TEXT NOT NULL, verdict TEXT NOT NULL, heard TEXT, syllable TEXT NOT NULL, created REAL NOT NULL)"""
PHONE_COLUMNS = "attempt, position, phone, slot, rule, verdict, heard, syllable, created"
#: The judged phones summed per sound (:func:`model.progress.sounds_of`) and day as they are
#: kept, so that progress reads one row per sound and day however long the history ("unsure"
#: phones are not counted: they say nothing of the learner).
SOUND_DAYS_SCHEMA = """CREATE TABLE IF NOT EXISTS sound_days (
    sound TEXT NOT NULL, day INTEGER NOT NULL, judged INTEGER NOT NULL, wrong INTEGER NOT NULL,
    PRIMARY KEY (sound, day))"""


def local_day(created: float) -> int:
    """The learner's calendar day of a time (a proleptic ordinal, as ``date.toordinal``)."""
    return date.fromtimestamp(created).toordinal()


@dataclass(frozen=True)
class Attempt:
    sentence: str
    score: float | None  # None: not judged (see reason)
    reliable: bool
    created: float  # seconds since the epoch
    reason: str = ""  # why it was not judged, English …
    reason_ko: str = ""  # … and Korean

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.created))

    def reason_text(self, lang: str = "ko") -> str:
        return (self.reason_ko if lang == "ko" else self.reason) or self.reason


def _upgrade(db: sqlite3.Connection) -> None:
    """Bring a store written by an earlier version (score NOT NULL, no reason) to :data:`SCHEMA`,
    in one transaction: unjudged attempts lose the score they should never have had."""
    info = {row[1]: row for row in db.execute("PRAGMA table_info(attempts)")}
    if "reason" in info and not info["score"][3]:
        return
    with db:
        db.execute("ALTER TABLE attempts RENAME TO attempts_old")
        db.execute(SCHEMA)
        db.execute(
            "INSERT INTO attempts (id, sentence, score, reliable, created) SELECT id, sentence, "
            "CASE WHEN reliable THEN score END, reliable, created FROM attempts_old"
        )
        db.execute("DROP TABLE attempts_old")


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
            _upgrade(self._db)
            self._db.execute(PHONES_SCHEMA)
            self._db.execute(SOUND_DAYS_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as e:
            self._db = None
            self.error = f"History is off: {self.path} can't be opened ({e})."

    def add(
        self, sentence: str, score: float | None, reliable: bool = True, created: float | None = None,
        reason: str = "", reason_ko: str = "", phones: tuple = (), syllables: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        """Keep one attempt, in one transaction with its ``phones``
        (:class:`~model.assess.PhoneVerdict`, ``syllable`` indexing ``syllables``); an unjudged one
        (``reliable`` False) is kept without a score and without phones."""
        if self._db is None:
            return
        kept = float(score) if reliable and score is not None else None
        when = created or time.time()
        try:
            with self._db:
                cur = self._db.execute(
                    f"INSERT INTO attempts ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                    (sentence, kept, int(bool(reliable)), when, reason, reason_ko),
                )
                if reliable:
                    self._db.executemany(
                        f"INSERT INTO phones ({PHONE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            (cur.lastrowid, i, p.expected, p.slot, p.rule or "", p.verdict, p.heard,
                             syllables[p.syllable] if p.syllable < len(syllables) else "", when)
                            for i, p in enumerate(phones)
                        ],
                    )  # fmt: skip
                    self._add_days(phones, local_day(when))
        except sqlite3.Error as e:
            self.error = f"History could not be saved ({e})."

    def _add_days(self, phones: tuple, day: int) -> None:
        judged: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        for p in phones:
            if p.verdict != "unsure":
                keys = sounds_of(p.expected, p.slot, p.rule or "")
                judged.update(keys)
                if p.wrong:
                    wrong.update(keys)
        self._db.executemany(
            "INSERT INTO sound_days VALUES (?, ?, ?, ?) ON CONFLICT (sound, day) "
            "DO UPDATE SET judged = judged + excluded.judged, wrong = wrong + excluded.wrong",
            [(key, day, n, wrong[key]) for key, n in judged.items()],
        )

    def add_assessment(self, sentence: str, a, created: float | None = None) -> None:
        """Keep an :class:`~model.assess.Assessment` of ``sentence``: its score and phones only if judged."""
        syllables = tuple(s.text for s in a.syllables)
        self.add(sentence, a.score, a.reliable, created, a.reason, a.reason_ko, a.phones, syllables)

    def connection(self) -> sqlite3.Connection | None:
        """The open store, for readers that aggregate in SQL (:mod:`model.progress`); None when off."""
        return self._db

    def recent(self, limit: int = 20, sentence: str | None = None) -> list[Attempt]:
        if self._db is None:
            return []
        query = f"SELECT {COLUMNS} FROM attempts"
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
        return [
            Attempt(s, None if sc is None else float(sc), bool(r), float(c), why, why_ko)
            for s, sc, r, c, why, why_ko in rows
        ]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class NullHistory:
    """Keeps nothing: for headless renders and benchmarks, which must not touch the learner's history."""

    error = ""

    def add(self, *args, **kwargs) -> None:
        pass

    def add_assessment(self, *args, **kwargs) -> None:
        pass

    def recent(self, *args, **kwargs) -> list[Attempt]:
        return []

    def connection(self) -> None:
        return None

    def close(self) -> None:
        pass
