"""The clock the practice runs on: monotonic, and aware of a machine's sleep.

Linux's CLOCK_MONOTONIC (behind `time.monotonic`) stops while the machine is
suspended, so a closed lid would look like no time passed and the practice
would carry on mid-hold the moment the lid opens. CLOCK_BOOTTIME is just as
monotonic but keeps counting through suspend, so the engine sees the gap and
pauses itself until the user is back on the mat.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def practice_clock() -> Callable[[], float]:
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            time.clock_gettime(boottime)
        except OSError:
            pass
        else:
            return lambda: time.clock_gettime(boottime)
    return time.monotonic
