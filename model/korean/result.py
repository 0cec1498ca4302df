"""The result types: immutable, printable, JSON-ready, shared by the CLI, tests and UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import phones as _phones
from .numbers import Reading

SLOTS = ("onset", "nucleus", "coda")


@dataclass(frozen=True)
class PhoneToken:
    """One phone, tied to the syllable (0-based, spaces and punctuation not counted) it sounds in."""

    symbol: str
    syllable: int
    slot: str  # "onset", "nucleus" (vowels and glides) or "coda"

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "syllable": self.syllable, "slot": self.slot}


@dataclass(frozen=True)
class RuleApplication:
    """One rule of 표준 발음법 that changed the syllables in `span` from `before` to `after`."""

    name: str  # e.g. "nasalisation"
    name_ko: str  # e.g. "비음화"
    article: str  # e.g. "제18항"
    span: tuple[int, int]  # syllable indices, end exclusive
    before: str  # Hangul
    after: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "name_ko": self.name_ko,
            "article": self.article,
            "span": list(self.span),
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Pronunciation:
    """The standard pronunciation of a text: in Hangul, as phones, and why."""

    text: str
    normalized: str
    pronounced: str
    phones: tuple[PhoneToken, ...]
    rules: tuple[RuleApplication, ...] = ()
    variants: tuple[Pronunciation, ...] = ()
    word_spans: tuple[tuple[int, int], ...] = ()
    phrase_spans: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    readings: tuple[Reading, ...] = ()  # how each number in `text` was read into `normalized`
    # per rule that applied: the phones of the pronunciations without it (see g2p._without_rules)
    without_rules: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = field(
        default=(), repr=False, compare=False
    )

    def without_rule(self, name: str) -> tuple[tuple[str, ...], ...]:
        """The phones of this text's pronunciations (main, then variants) had rule ``name`` not applied."""
        return dict(self.without_rules).get(name, ())

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(p.symbol for p in self.phones)

    @property
    def syllables(self) -> tuple[str, ...]:
        """The Hangul syllables of the normalized text (what `PhoneToken.syllable` indexes)."""
        return tuple(c for c in self.normalized if 0xAC00 <= ord(c) <= 0xD7A3)

    @property
    def pronounced_syllables(self) -> tuple[str, ...]:
        return tuple(c for c in self.pronounced if 0xAC00 <= ord(c) <= 0xD7A3)

    @property
    def ipa(self) -> str:
        """Phones joined, a space between words: 'kuŋmuɾi tɕoajo'."""
        words = []
        for a, b in self.word_spans:
            words.append(_phones.join([p.symbol for p in self.phones if a <= p.syllable < b]))
        return " ".join(w for w in words if w)

    def phones_of(self, syllable: int) -> tuple[PhoneToken, ...]:
        return tuple(p for p in self.phones if p.syllable == syllable)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "normalized": self.normalized,
            "pronunciation": self.pronounced,
            "ipa": self.ipa,
            "phones": [p.to_dict() for p in self.phones],
            "variants": [v.to_dict() for v in self.variants],
            "rules": [r.to_dict() for r in self.rules],
            "word_spans": [list(s) for s in self.word_spans],
            "readings": [r.to_dict() for r in self.readings],
        }

    def __str__(self) -> str:
        return f"{self.normalized} → [{self.pronounced}] {self.ipa}"
