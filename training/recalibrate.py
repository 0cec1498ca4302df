"""Assessment thresholds for an adapted model, chosen on the teacher's own recordings.

A fluent speaker's recordings are correct speech, so they measure **false rejection** (how
many correct phones the assessor flags). To also measure **detection** without anyone
mispronouncing, each recording is assessed a second time against its sentence with one
syllable changed in writing (textual substitution): the recording then "mispronounces"
that syllable, and the assessor should flag it. The sweep of
:func:`model.assess.calibration.calibrate` then picks the best F1 whose false rejection on
the teacher's speech stays under ``max_frr`` (the lowest false rejection if none does).

:func:`recalibrate` is the one entry point ``training.adapt`` uses, so a better native-speech
calibration can replace its inside without touching the command.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from model.assess.calibration import DetectionMetrics, calibrate
from model.assess.engine import Thresholds
from model.korean import G2PError, g2p
from model.korean.hangul import compose, decompose, is_hangul_syllable
from training.manifest import Utterance
from training.synth import PHONATION_GROUPS, VOWEL_SWAPS


@dataclass(frozen=True)
class Calibration:
    thresholds: Thresholds
    metrics: DetectionMetrics  # on the substituted and the faithful readings together
    recordings: int


def substituted(text: str, rng: random.Random) -> str | None:
    """``text`` with one Hangul syllable's vowel or onset changed so that its pronunciation changes."""
    positions = [i for i, ch in enumerate(text) if is_hangul_syllable(ch)]
    rng.shuffle(positions)
    try:
        original = g2p(text).symbols
    except G2PError:
        return None
    for i in positions:
        onset, vowel, coda = decompose(text[i])
        options = [compose(onset, VOWEL_SWAPS[vowel], coda)] if vowel in VOWEL_SWAPS else []
        group = next((g for g in PHONATION_GROUPS if onset in g), "")
        options += [compose(c, vowel, coda) for c in group if c != onset]
        for syllable in options:
            changed = text[:i] + syllable + text[i + 1 :]
            try:
                if g2p(changed).symbols != original:
                    return changed
            except G2PError:
                continue
    return None


def rows_for(recordings: list[Utterance], seed: int = 0) -> list[dict]:
    """Calibration rows (the format of :func:`model.assess.calibration.read_manifest`): each recording
    as itself (every phone correct) and against a one-syllable change of its text."""
    rng = random.Random(seed)
    rows = []
    for utt in recordings:
        spoken = " ".join(utt.phones)
        rows.append({"path": str(utt.path), "phones": spoken, "intended": spoken, "sentence": utt.text})
        other = substituted(utt.text, rng)
        if other is not None:
            intended = " ".join(g2p(other).symbols)
            rows.append({"path": str(utt.path), "phones": spoken, "intended": intended, "sentence": other})
    return rows


def recalibrate(recognizer, recordings: list[Utterance], max_frr: float = 0.05, seed: int = 0) -> Calibration:
    """Thresholds for ``recognizer`` from a fluent speaker's ``recordings`` (see the module docstring)."""
    sweep = calibrate(rows_for(recordings, seed), recognizer, max_frr=max_frr)
    thresholds, metrics = sweep["best"]
    if metrics.false_rejection_rate > max_frr:  # nothing qualifies: the least harsh setting
        thresholds, metrics = min(sweep["sweep"], key=lambda s: (s[1].false_rejection_rate, -s[1].f1))
    return Calibration(thresholds, metrics, len(recordings))
