"""The acoustic model's output symbols: the CTC blank, then the phone inventory in order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from model.phones import SYMBOLS

BLANK = "<blank>"


@dataclass(frozen=True)
class Vocabulary:
    """Output classes of the network in order; ``symbols[blank]`` is the CTC blank."""

    symbols: tuple[str, ...]
    blank: int = 0
    _index: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "symbols", tuple(self.symbols))
        if not 0 <= self.blank < len(self.symbols):
            raise ValueError(f"blank index {self.blank} is outside a vocabulary of {len(self.symbols)}")
        if len(set(self.symbols)) != len(self.symbols):
            raise ValueError("vocabulary symbols must be unique")
        object.__setattr__(self, "_index", {s: i for i, s in enumerate(self.symbols)})

    def __len__(self) -> int:
        return len(self.symbols)

    @property
    def phones(self) -> tuple[str, ...]:
        """The symbols without the blank."""
        return tuple(s for i, s in enumerate(self.symbols) if i != self.blank)

    def index(self, symbol: str) -> int:
        try:
            return self._index[symbol]
        except KeyError:
            raise ValueError(f"'{symbol}' is not in the acoustic vocabulary") from None

    def encode(self, phones: Iterable[str]) -> list[int]:
        """Phone symbols -> class ids (the blank may not appear in a target)."""
        ids = [self.index(p) for p in phones]
        if self.blank in ids:
            raise ValueError("the blank symbol cannot be part of a target sequence")
        return ids

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Class ids -> phone symbols, leaving out blanks (no CTC collapsing: see decoding)."""
        return [self.symbols[int(i)] for i in ids if int(i) != self.blank]


def default_vocabulary() -> Vocabulary:
    """``<blank>`` followed by ``model.phones.SYMBOLS`` (31 classes)."""
    return Vocabulary((BLANK, *SYMBOLS), blank=0)
