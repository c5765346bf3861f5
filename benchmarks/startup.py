"""Start-up benchmark: how long the fast commands take, from exec to exit.

`--help`, `poses`, `plans` and `validate` must not import Textual; this measures
what a user waits for. Each command runs N times; the median and best are shown.

Run: .venv/bin/python benchmarks/startup.py [--runs 15]
This is a benchmark, not a test: its figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "backside --help": ["--help"],
    "backside poses": ["poses"],
    "backside plans": ["plans"],
    "backside validate data/poses.json": ["validate", str(ROOT / "data" / "poses.json")],
}


def time_command(argv: list[str], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", *argv], check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    python = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python.append(time.perf_counter() - started)
    results = {"python -c pass": python}
    for name, argv in COMMANDS.items():
        results[name] = time_command(argv, args.runs)
    summary = {
        name: {
            "median_ms": round(statistics.median(t) * 1000, 1),
            "best_ms": round(min(t) * 1000, 1),
        }
        for name, t in results.items()
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"start-up, {args.runs} runs each (median / best):")
    for name, figures in summary.items():
        print(f"  {name:<38} {figures['median_ms']:>7.1f} / {figures['best_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
