"""History benchmark: how long writing one ended step to the history file takes.

Each step is one transaction (synced to disk: WAL with synchronous=FULL), as
in a practice. The figure decides whether writes may run on the UI's thread;
backside writes them on a thread of their own either way. Also times opening
(creating and migrating) a fresh file and reading back a year of practices.

Run: .venv/bin/python benchmarks/history_write.py [--steps 200]
This is a benchmark, not a test: its figures depend on the machine's disk and load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.practice_log import LoggedStep, PracticeStart
from app.store.history import History
from tests.history_samples import lifts_step

#: Ten lifts a side: the step the tests' sample history is made of.
LIFTS = 10


def _step(index: int, moment: datetime) -> LoggedStep:
    return lifts_step(moment, LIFTS, LIFTS, index=index)


def _start(moment: datetime) -> PracticeStart:
    return PracticeStart(
        started_at=moment,
        routine_id="strength",
        routine_name="Strength",
        options={"plan_id": "strength"},
        planned_seconds=570.0,
        set_count=2,
        library_version="",
        app_version="",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        started = time.perf_counter()
        history = History.open(path)
        opened = time.perf_counter() - started
        now = datetime.now().astimezone()
        practice = history.start_practice(_start(now))
        timings = []
        for index in range(args.steps):
            step = _step(index, now)
            started = time.perf_counter()
            history.add_step(practice, step, active_seconds=index * 120.0)
            timings.append((time.perf_counter() - started) * 1000)
        # A year of practices, three a week, thirty work steps each.
        for day in range(0, 365, 2):
            moment = now - timedelta(days=day)
            practice = history.start_practice(_start(moment))
            for index in range(30):
                history.add_step(practice, _step(index, moment), active_seconds=0.0)
        started = time.perf_counter()
        practices = history.practices()
        read = (time.perf_counter() - started) * 1000
        history.close()
    timings.sort()
    print(f"open a new file (create and migrate): {opened * 1000:.1f} ms")
    print(
        f"write one step, {args.steps} steps: median {statistics.median(timings):.2f} ms,"
        f" 95th percentile {timings[int(len(timings) * 0.95) - 1]:.2f} ms,"
        f" max {timings[-1]:.2f} ms"
    )
    print(f"read back {len(practices)} practices with their steps: {read:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
