"""Drift benchmark: the engine on the real clock with jittery ticks, over a long session.

A 30-minute practice is compressed in time (every step shortened by the same
factor) and driven like the app drives it: a tick every few milliseconds, with
random jitter and the odd long stall. For each step we record

* boundary error: where the engine places the step's start on the real clock
  (now - elapsed, read at the first tick inside the step) minus its ideal start
  (session start + planned offset). Drift would show here, growing with time;
* observation lateness: how long after its ideal end the end was noticed,
  which is bounded by the tick interval, not by the session's length.

For contrast, a naive countdown that subtracts the nominal interval on every
tick (what a timer counting ticks does) is run on the same ticks.

Run: .venv/bin/python benchmarks/engine_drift.py [--minutes 30] [--speedup 60]
This is a benchmark, not a test: its figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine import Engine
from app.core.events import StepEnded, StepStarted
from app.core.routine import PracticeOptions
from app.core.steps import Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan


def session(minutes: float, speedup: float) -> Timeline:
    """The `full` plan with as many sets as fill `minutes`, every step shortened by `speedup`."""
    library = load_library(None)
    routine = load_builtin_plan("full", library)
    for sets in range(1, 11):
        line = build_timeline(routine.with_options(PracticeOptions(sets=sets)), library)
        if line.total >= minutes * 60:
            break
    steps = tuple(
        replace(step, start=step.start / speedup, duration=step.duration / speedup)
        for step in line.steps
    )
    return replace(line, steps=steps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--minutes", type=float, default=30, help="session length before compression"
    )
    parser.add_argument("--speedup", type=float, default=60, help="compression factor")
    parser.add_argument("--tick-ms", type=float, default=5, help="mean tick interval")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    timeline = session(args.minutes, args.speedup)
    planned_total = timeline.total * args.speedup
    engine = Engine(timeline, time.monotonic, suspend_after=1e9)
    nominal = args.tick_ms / 1000

    events = engine.start()
    t0 = time.monotonic()
    naive_left = timeline.total  # a timer that counts ticks instead of reading the clock
    boundary_errors: list[float] = []
    lateness: list[float] = []
    pending_boundary = True
    finished = False
    while not finished:
        # Jitter: 0.2x to 1.8x the nominal interval, and now and then a 40 ms stall.
        delay = nominal * rng.uniform(0.2, 1.8) + (0.040 if rng.random() < 0.01 else 0.0)
        time.sleep(delay)
        naive_left -= nominal
        events = engine.tick()
        now = time.monotonic()
        for event in events:
            if isinstance(event, StepEnded) and event.completed:
                lateness.append(now - (t0 + event.step.end))
            elif isinstance(event, StepStarted):
                pending_boundary = True
                finished = finished or event.step.duration == 0
        if pending_boundary and not finished:
            status = engine.status()
            started_at = now - status.elapsed
            boundary_errors.append(started_at - (t0 + status.step.start))
            pending_boundary = False
    real = time.monotonic() - t0
    naive_error = naive_left  # what the naive countdown still shows at the true end

    half = len(boundary_errors) // 2

    def worst_ms(errors: list[float]) -> float:
        return round(max(abs(e) for e in errors) * 1000, 3)

    result = {
        "session_minutes": round(planned_total / 60, 2),
        "speedup": args.speedup,
        "steps": len(timeline.steps),
        "real_seconds": round(real, 3),
        "boundary_error_ms_max": round(max(abs(e) for e in boundary_errors) * 1000, 3),
        "boundary_error_ms_first_half_max": round(
            max(abs(e) for e in boundary_errors[:half]) * 1000, 3
        ),
        "boundary_error_ms_second_half_max": round(
            max(abs(e) for e in boundary_errors[half:]) * 1000, 3
        ),
        "observed_lateness_ms_median": round(statistics.median(lateness) * 1000, 3),
        "observed_lateness_ms_max": round(max(lateness) * 1000, 3),
        "naive_tick_counter_left_s": round(naive_error, 3),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"engine drift: a {result['session_minutes']} min session, {result['steps']} steps, "
        f"run {args.speedup:g}x faster in {result['real_seconds']} s, ticks every "
        f"{args.tick_ms:g} ms +/- 80% with 1% stalls of 40 ms"
    )
    print(f"  step boundary error, max          {result['boundary_error_ms_max']:>9.3f} ms")
    print(
        f"    first half / second half max    {result['boundary_error_ms_first_half_max']:>9.3f} / "
        f"{result['boundary_error_ms_second_half_max']:.3f} ms"
    )
    print(
        f"  step end noticed late, median/max {result['observed_lateness_ms_median']:>9.3f} / "
        f"{result['observed_lateness_ms_max']:.3f} ms (bounded by the tick interval)"
    )
    late = result["naive_tick_counter_left_s"]
    print(
        f"  a timer counting ticks instead of reading the clock would still show {late:.3f} s"
        f" at the true end ({late * args.speedup:.0f} s of practice time)"
    )
    ok = result["boundary_error_ms_max"] < 5
    print("  goal (< 5 ms at every step): " + ("met" if ok else "NOT met"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
