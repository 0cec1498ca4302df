"""Measuring and calibrating the verdicts (offline, for a checkpoint): native recordings assessed as
read and with one syllable changed, synthetic recordings with injected errors, and the search for
the thresholds a checkpoint carries (``python -m training.calibrate``). The runtime assessor
(:mod:`model.assess`) only reads the thresholds this writes."""
