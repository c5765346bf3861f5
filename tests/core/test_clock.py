from __future__ import annotations

import time
from itertools import pairwise

from app.system.clock import practice_clock


def test_practice_clock_is_monotonic_and_in_seconds() -> None:
    clock = practice_clock()
    readings = [clock() for _ in range(1000)]
    assert all(b >= a for a, b in pairwise(readings))
    # Same rate as time.monotonic (both in seconds): each reading of the practice clock is
    # bracketed by two of time.monotonic, so a preemption between them cannot skew it.
    before0, start, after0 = time.monotonic(), clock(), time.monotonic()
    while time.monotonic() - after0 < 0.02:
        pass
    before1, end, after1 = time.monotonic(), clock(), time.monotonic()
    assert before1 - after0 - 1e-6 <= end - start <= after1 - before0 + 1e-6
