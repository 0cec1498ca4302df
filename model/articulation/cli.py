"""``python -m model.articulation --out DIR``: one SVG per phone and a contact sheet."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from model.errors import command
from model.files import atomic_write_text
from model.phones import PHONES, phone

from .captions import caption
from .drawing import _diagram_body, _f, _svg_doc, _text, svg_for
from .geometry import CANVAS
from .poses import articulation_for

# ---------------------------------------------------------------------------------------------
# files

_STEMS = {
    "p": "p", "pʰ": "ph", "p\u0348": "pp", "t": "t", "tʰ": "th", "t\u0348": "tt", "k": "k", "kʰ": "kh",
    "k\u0348": "kk", "tɕ": "c", "tɕʰ": "ch", "t\u0348ɕ": "cc", "s": "s", "s\u0348": "ss", "h": "h", "m": "m",
    "n": "n", "ŋ": "ng", "ɾ": "r", "l": "l", "a": "a", "ʌ": "eo", "o": "o", "u": "u", "ɯ": "eu", "i": "i",
    "e": "e", "j": "j", "w": "w", "ɰ": "eu-glide",
}  # fmt: skip


def file_stem(symbol: str) -> str:
    """A safe ASCII file name (without extension) for a phone's diagram."""
    phone(symbol)
    if symbol in _STEMS:
        return _STEMS[symbol]
    if symbol.isascii() and symbol.isalnum():
        return symbol
    return "u" + "-".join(f"{ord(c):04x}" for c in symbol)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def sheet_svg(columns: int = 6) -> str:
    """All phones' diagrams in a grid, each with its Korean and English instruction."""
    cell_w, cell_h, pad = CANVAS + 16.0, CANVAS + 66.0, 8.0
    rows = math.ceil(len(PHONES) / columns)
    body = []
    for i, p in enumerate(PHONES):
        x = (i % columns) * cell_w + pad
        y = (i // columns) * cell_h + pad
        body.append(
            f'<g transform="translate({_f(x)},{_f(y)})">\n{_diagram_body(articulation_for(p), p)}\n</g>'
        )
        ty = y + CANVAS + 11.0
        for line in _wrap(caption(p.symbol, lang="ko"), 22):
            body.append(_text(x + 2, ty, line, 8.5))
            ty += 10.5
        for line in _wrap(caption(p.symbol, lang="en"), 44):
            body.append(_text(x + 2, ty, line, 7.5, fill="#555555"))
            ty += 9.0
    w, h = columns * cell_w + 2 * pad, rows * cell_h + 2 * pad
    return _svg_doc(w, h, w, h, "\n".join(body), "SpeechFeedback articulation diagrams")


def write_assets(out: str | os.PathLike, *, size: int = 240) -> list[Path]:
    """Write one SVG per phone and ``sheet.svg`` into ``out``; return the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for p in PHONES:
        path = out / f"{file_stem(p.symbol)}.svg"
        atomic_write_text(path, svg_for(p.symbol, size=size))
        written.append(path)
    path = out / "sheet.svg"
    atomic_write_text(path, sheet_svg())
    written.append(path)
    return written


@command
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m model.articulation", description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="assets/articulation", help="folder for the SVGs (default: %(default)s)")
    ap.add_argument("--size", type=int, default=240, help="pixel size of each diagram (default: %(default)s)")
    args = ap.parse_args(argv)
    paths = write_assets(args.out, size=args.size)
    print(f"wrote {len(paths)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
