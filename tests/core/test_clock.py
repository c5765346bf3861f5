from __future__ import annotations

import time
from itertools import pairwise

from app.system.clock import practice_clock


def test_practice_clock_is_monotonic_and_in_seconds() -> None:
    clock = practice_clock()
    readings = [clock() for _ in range(1000)]
    assert all(b >= a for a, b in pairwise(readings))
    # Same rate as time.monotonic (both in seconds): compare over a short busy span.
    start_clock, start_mono = clock(), time.monotonic()
    while time.monotonic() - start_mono < 0.02:
        pass
    assert abs((clock() - start_clock) - (time.monotonic() - start_mono)) < 0.01
