"""What each part of a practice's start costs: import time and memory, each in a fresh interpreter.

Run: .venv/bin/python benchmarks/import_cost.py [--runs 5]

For each set of modules, a new Python imports them and reports the time the
imports took (median of the runs) and its peak memory (RSS). "nothing" is the
interpreter alone. The figures explain the start-up and memory rows of the
performance table: pydantic with backside's library schema (imported only to
validate a file the cache cannot answer for), the light types the practice
uses, Textual, the whole of what `backside run` imports before its first frame
from a warm cache, SQLite for the history, and a sound backend, which
`--sound off` never imports. Compile `app/` first
(`python -m compileall -q app`, as `make bench` does) so no run pays for that.
This is a benchmark, not a test: its figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PARTS = (
    ("nothing", ""),
    ("pydantic", "pydantic"),
    ("backside's library schema (with pydantic)", "app.core.library_schema"),
    ("backside's light library types", "app.core.models"),
    ("Textual (app and widgets)", "textual.app, textual.widgets"),
    (
        "everything `backside run` imports before its first frame",
        "app.cli.commands.run, app.ui.launch",
    ),
    ("sqlite3 (the history)", "sqlite3"),
    ("miniaudio (a sound backend)", "miniaudio"),
)

PROBE = """
import resource, time
started = time.perf_counter()
{imports}
took = time.perf_counter() - started
print(took * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure(modules: str) -> tuple[float, float]:
    code = PROBE.format(imports=f"import {modules}" if modules else "pass")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    milliseconds, megabytes = done.stdout.split()
    return float(milliseconds), float(megabytes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interpreters per row (5)")
    args = parser.parse_args()
    print("| what is imported | import time, median ms | peak RSS, MB |")
    print("| --- | --- | --- |")
    for name, modules in PARTS:
        runs = [measure(modules) for _ in range(args.runs)]
        times = statistics.median(t for t, _ in runs)
        memory = max(m for _, m in runs)
        print(f"| {name} | {times:.0f} | {memory:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
