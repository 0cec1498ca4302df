"""`python -m app`: until the desktop app lands, show what the tutor knows about a sample sentence."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from model.korean.__main__ import main as g2p_main

    args = list(sys.argv[1:] if argv is None else argv) or ["국물이 좋아요", "신라의 달밤"]
    return g2p_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
