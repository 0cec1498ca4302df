"""`python -m model.korean [--json] TEXT...`: print the standard pronunciation of each text,
and how each number in it was read (3개 → 세개)."""

from __future__ import annotations

import argparse
import json
import sys

from model.errors import command

from .errors import G2PError
from .g2p import g2p


def _line(text: str) -> str:
    p = g2p(text)
    line = f"{p.normalized} → [{p.pronounced}] {p.ipa}"
    if p.variants:
        line += "  (also " + ", ".join(f"[{v.pronounced}] {v.ipa}" for v in p.variants) + ")"
    for r in p.readings:
        line += f"\n  {r.written} = {r.said} ({r.why})"
    return line


@command
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.korean", description=__doc__)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("texts", nargs="+", metavar="TEXT", help="Korean text, e.g. '국물이 좋아요'")
    args = parser.parse_args(argv)
    status = 0
    for text in args.texts:
        try:
            if args.json:
                d = g2p(text).to_dict()
                keys = (
                    "text",
                    "normalized",
                    "readings",
                    "pronunciation",
                    "ipa",
                    "phones",
                    "variants",
                    "rules",
                )
                print(json.dumps({k: d[k] for k in keys}, ensure_ascii=False))
            else:
                print(_line(text))
        except G2PError as e:
            print(f"{text}: {e}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
