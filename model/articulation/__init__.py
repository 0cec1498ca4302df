"""Articulation diagrams: where the tongue, lips and air go for every phone.

A parametric mid-sagittal (side) view of the vocal tract, facing left (lips on the left),
drawn from a phone's features in :mod:`model.phones` — so a new phone gets a picture
without anyone drawing it, and a feature value the geometry does not know raises
:class:`ArticulationError` instead of drawing something wrong.

Three layers, each usable on its own:

- :func:`articulation_for` turns a phone into an :class:`Articulation`: the geometry as
  data (tongue control points, jaw, lips, velum, glottis, markers). :func:`interpolate`
  blends two of them, so the app can animate a transition.
- :func:`shapes` turns an :class:`Articulation` into a list of :class:`Shape` (point
  lists with a style name from :data:`STYLES`, in a ``CANVAS`` x ``CANVAS`` frame) that
  the app can draw with QPainter exactly as the SVG draws them.
- :func:`svg_for`, :func:`comparison_svg` and :func:`caption` are what a learner sees.

``python -m model.articulation --out assets/articulation`` (:mod:`.cli`) regenerates one SVG per phone
and a contact sheet ``sheet.svg``. No Qt here: stdlib only.

The package follows those layers: :mod:`.geometry` (anatomy, postures, :class:`Articulation`),
:mod:`.poses` (features → articulation), :mod:`.drawing` (shapes and SVG), :mod:`.captions`
(what to do, in Korean and English) and :mod:`.cli`. ``model.assess.diagnose`` imports
:mod:`.captions` only.
"""

from .captions import caption, changes
from .cli import file_stem, main, sheet_svg, write_assets
from .drawing import STYLES, Shape, comparison_svg, shapes, svg_for
from .geometry import CANVAS, TONGUE_POINTS, Articulation, ArticulationError, Point, roof_y
from .poses import articulation_for, interpolate

__all__ = [
    "CANVAS", "STYLES", "TONGUE_POINTS", "Articulation", "ArticulationError", "Point", "Shape",
    "articulation_for", "caption", "changes", "comparison_svg", "file_stem", "interpolate", "main",
    "roof_y", "shapes", "sheet_svg", "svg_for", "write_assets",
]  # fmt: skip
