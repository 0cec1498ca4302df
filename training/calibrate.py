"""``python -m training.calibrate --native M ... [--synthetic M ...] [--held-out M ...] [--write CHECKPOINT]``.

See :mod:`training.verdicts.calibration`.
"""

import sys

from training.verdicts.calibration import main

if __name__ == "__main__":
    sys.exit(main())
