"""Assessment thresholds for an adapted model, chosen on the teacher's own recordings.

A fluent speaker's recordings are native material for :mod:`training.verdicts.calibration`: each
one is assessed against its own text (every flag is a false rejection) and against copies
with one syllable changed in writing (every copy holds one error to catch), and the search
keeps the threshold set that catches most while false rejection stays under ``max_frr``.
The recordings here are in memory (a held-out part of a folder or manifest), so they are
turned into that material directly rather than through a native folder.
"""

from __future__ import annotations

from model.assess.engine import Assessor
from model.audio import load_audio
from training.manifest import Utterance
from training.verdicts.calibration import Calibration, search
from training.verdicts.material import recognised
from training.verdicts.measure import Material, figures, native_item


def recalibrate(
    recognizer, recordings: list[Utterance], max_frr: float = 0.05, changes: int = 3
) -> Calibration:
    """Thresholds for ``recognizer`` from a fluent speaker's ``recordings``, starting from those
    its checkpoint carries (or the defaults)."""
    assessor = Assessor(recognizer)
    material = Material("teacher")
    for utt in recordings:
        rec = recognised(recognizer, utt.path.name, utt.text, load_audio(utt.path))
        material.native.append(native_item(assessor, rec, changes))
    base, vocabulary = assessor.thresholds, assessor.vocabulary
    # z=0: the measured rate itself; a teacher's three or four held-out phrases (~50 syllables)
    # could not vouch for any set at 95% confidence (see calibration.frr_bound)
    chosen, after = search([material], base, vocabulary, max_frr=max_frr, z=0.0)
    return Calibration(chosen, figures([material], base, vocabulary), after, max_frr)
