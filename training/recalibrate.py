"""Assessment thresholds for an adapted model, chosen on the teacher's own recordings.

A fluent speaker's recordings are native material for :mod:`training.verdicts.calibration`: each
one is assessed against its own text (every flag is a false rejection) and against copies
with one syllable changed in writing (every copy holds one error to catch), and the search
keeps the threshold set that catches most while false rejection stays under ``max_frr``.
The recordings here are in memory (a held-out part of a folder or manifest), so they are
turned into that material directly rather than through a native folder.

Everyone else stays safe: the search also holds **other voices** (synthetic voices reading
lesson sentences, made on the spot: the base model's real calibration voices cannot ship) under
the same false-rejection ceiling, and when the adapted model cannot keep them under it, the
start model's thresholds are kept and the calibration says so. (Recalibrating on a teacher's
held-out phrases alone once loosened the thresholds for every other voice.)
"""

from __future__ import annotations

from model.assess.engine import Assessor
from model.audio import load_audio
from training.manifest import Utterance
from training.verdicts.calibration import Calibration, choose_unsure, search
from training.verdicts.material import recognised
from training.verdicts.measure import Material, figures, native_item


def native_material(name: str, recognizer, assessor: Assessor, recordings: list[Utterance], changes: int
                    ) -> Material:  # fmt: skip
    material = Material(name)
    for utt in recordings:
        rec = recognised(recognizer, utt.path.name, utt.text, load_audio(utt.path))
        material.native.append(native_item(assessor, rec, changes))
    return material


def recalibrate(
    recognizer, recordings: list[Utterance], others: list[Utterance] = (), max_frr: float = 0.05,
    changes: int = 3,
) -> Calibration:  # fmt: skip
    """Thresholds for ``recognizer`` from a fluent speaker's ``recordings`` and, kept under the same
    ceiling, ``others`` (other voices), starting from those its checkpoint carries (or the defaults)."""
    assessor = Assessor(recognizer)
    materials = [native_material("teacher", recognizer, assessor, recordings, changes)]
    if others:
        materials.append(native_material("other voices", recognizer, assessor, list(others), changes))
    base, vocabulary = assessor.thresholds, assessor.vocabulary
    before = figures(materials, base, vocabulary)
    # z=0: the measured rate itself; a teacher's three or four held-out phrases (~50 syllables)
    # could not vouch for any set at 95% confidence (see calibration.frr_bound)
    chosen, after = search(materials, base, vocabulary, max_frr=max_frr, z=0.0)
    if others and after[1].native.false_rejection > max_frr:
        rate = after[1].native.false_rejection
        note = (f"kept the start model's thresholds: the adapted model's best set would falsely reject "
                f"{rate:.1%} of other voices' syllables (ceiling {max_frr:.0%})")  # fmt: skip
        return Calibration(base, before, before, max_frr, note=note)
    chosen, after = choose_unsure(materials, chosen, vocabulary)
    return Calibration(chosen, before, after, max_frr)
