"""Hand-built CTC outputs: peaky (T', C) log-probability matrices from phone sequences."""

from __future__ import annotations

import torch

from model import phones as _phones
from model.acoustic.vocab import default_vocabulary

VOCAB = default_vocabulary()
FS = 0.03  # seconds per output frame, as the default features × stride give


def _row(probs: dict[str, float], floor: float = 1e-4) -> torch.Tensor:
    row = torch.full((len(VOCAB),), floor)
    for sym, p in probs.items():
        row[VOCAB.index(sym) if sym != "<blank>" else VOCAB.blank] = p
    rest = 1.0 - sum(probs.values())
    if "<blank>" not in probs:
        row[VOCAB.blank] = max(rest, floor)
    return (row / row.sum()).log()


def peaky(spec, lead: int = 5, gap: int = 2, tail: int = 5, peak: float = 0.9) -> torch.Tensor:
    """Log-probs with one spike per item of ``spec`` and blanks around.

    An item is a phone symbol (posterior ``peak`` on its spike), an IPA string of several
    phones, or a dict {symbol: posterior} for an ambiguous spike.
    """
    items = []
    for it in [spec] if isinstance(spec, str) else spec:
        if isinstance(it, str):
            items.extend({s: peak} for s in _phones.tokenize(it))
        else:
            items.append(dict(it))
    blank = _row({"<blank>": 0.97})
    rows = [blank] * lead
    for k, probs in enumerate(items):
        rows.append(_row(probs))
        rows.extend([blank] * (gap if k + 1 < len(items) else tail))
    return torch.stack(rows)


def seconds(lp: torch.Tensor) -> float:
    return lp.shape[0] * FS
