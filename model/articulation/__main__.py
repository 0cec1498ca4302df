"""``python -m model.articulation``: see :mod:`model.articulation.cli`."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
