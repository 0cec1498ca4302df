"""``python -m model.assess.calibrate --native FOLDER ... [--synthetic M ...] [--write CHECKPOINT]``.

See :mod:`model.assess.calibration`.

(The code lives in ``calibration`` so that the package's ``calibrate`` function is not
shadowed by this module's name.)
"""

import sys

from model.assess.calibration import main

if __name__ == "__main__":
    sys.exit(main())
