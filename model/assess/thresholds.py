"""The thresholds the verdicts follow (:mod:`.decide`), with the defaults and a checkpoint's own.

Their own module so that :mod:`.decide` can name their type without importing the engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from .gop import GOP_MIDPOINT, GOP_SLOPE

# thresholds stored under an earlier name in checkpoints that are still about
RENAMED = {"normalise_contrast": "normalize_contrast"}


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds (the rules they drive are in :mod:`.decide`).

    The defaults were calibrated for the first bundled checkpoint (espeak-ng speech only;
    they never judge cautiously) by ``python -m training.calibrate`` on native recordings and
    held-out espeak-ng and MBROLA voices (docs/verdicts.md): at most 5% of any material's
    syllables falsely rejected. A checkpoint's own calibrated values,
    stored in its metadata by ``--write``, take precedence (:meth:`for_recognizer`): the
    bundled checkpoint carries its own, cautious rule included.
    """

    # per phone
    accept_score: float = 10.0  # GOP score at which a decoder substitution is overruled
    delete_score: float = 2.0  # GOP score at which a decoder deletion is overruled
    reject_score: float = 5.0  # a decoder match scoring below this may become a substitution …
    strong_margin: float = math.inf  # … if one phone beats the expected one on its frames by this (nats)
    contrast_margin: float = 5.0  # a contrast-set phone beating the expected one by this flags it
    normalize_contrast: bool = False  # contrast margins counted above the recording's usual one
    require_agreement: bool = False  # a substitution needs decoder and contrast margin to agree
    insertion_confidence: float = 0.95  # mean posterior an extra heard phone needs to be reported
    gop_midpoint: float = GOP_MIDPOINT  # the logistic GOP → 0–100 (see gop.py)
    gop_slope: float = GOP_SLOPE
    # "not sure" (see decide.unsure_phones): a phone judged right that the decoder heard as a phone of
    # its contrast set, which beats it around its frames by this many nats (normalized as above)
    unsure_margin: float = math.inf  # inf: never unsure (set per checkpoint by the calibration)
    # when to judge cautiously (see decide.rule_for): 0 = never
    cautious_agreement: float = 0.0  # below this agreement, the cautious rule
    cautious_margin: float = 2.0  # its contrast margin (nats), with decoder agreement required
    # when not to judge
    min_confidence: float = 0.4  # mean posterior of the decoded phones
    min_agreement: float = 0.7  # share of the phones the decoder heard that it heard as expected
    min_completeness: float = 50.0  # share of expected phones heard, in %
    max_error_share: float = 0.6  # share of expected phones judged wrong …
    min_mismatch_errors: int = 3  # … when at least this many (one wrong vowel in 어 is not a mismatch)
    max_seconds: float = 60.0  # longest recording assessed
    max_heard_ratio: float = 2.0  # more decoded phones than this × the sentence's (plus the next) …
    max_heard_extra: int = 8  # … is another text, not this sentence (see decide.reliability)
    other_text_overlap: float = 0.0  # Evidence.overlap below this is another text (0: never; set per
    # checkpoint between its calibration speakers' native readings and other texts: training.other_text)
    # fluency
    pause_min: float = 0.3  # a gap between two phones longer than this (s) is a pause
    pause_scale: float = 2.0  # fluency × exp(−pause seconds / pause_scale)
    fluent_rate: float = 8.0  # phones/s from which the rate no longer lowers fluency
    # overall score = weighted mean
    weight_accuracy: float = 0.6
    weight_completeness: float = 0.2
    weight_fluency: float = 0.2

    @classmethod
    def from_metadata(cls, metadata: dict | None) -> Thresholds:
        """The defaults with a checkpoint's ``metadata["thresholds"]`` (known fields only) laid over."""
        stored = (metadata or {}).get("thresholds")
        if not isinstance(stored, dict):
            return cls()
        stored = {RENAMED.get(k, k): v for k, v in stored.items()}
        defaults, names = cls(), {f.name for f in fields(cls)}
        values = {k: type(getattr(defaults, k))(v) for k, v in stored.items()
                  if k in names and isinstance(v, (int, float))}  # fmt: skip
        return cls(**values)

    @classmethod
    def for_recognizer(cls, recognizer) -> Thresholds:
        """The thresholds calibrated for the recogniser's checkpoint, else the defaults."""
        bundle = getattr(recognizer, "bundle", None)
        return cls.from_metadata(getattr(bundle, "metadata", None))
