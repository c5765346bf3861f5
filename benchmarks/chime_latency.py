"""How long from `ChimePlayer.play()` to the chime's first sample, for each backend.

    .venv/bin/python benchmarks/chime_latency.py [--count N] [--busy N] [BACKEND ...]

Each backend plays N countdown ticks (0.45 s apart) in a child process whose
ALSA default device is the file plugin of tests/sound/alsa_capture.py; the
capture stamps every sample with the time a sound card would have played it,
on the same monotonic clock as the child's `play()` calls. The table gives the
call-to-first-sample latency (the onset found in the captured audio minus the
call), and the call-to-backend time inside the player (the worker thread's
hand-off, without the device). Needs Linux with libasound; simpleaudio needs
the `audio` extra, `system` needs aplay (alsa-utils).

The capture device adds its own ~1-3 ms (one page of pipe); a real sound card
or sound server adds its buffer on top, as it would for any program.

`--busy N` runs N busy loops (`while :; do :; done`, normal priority) beside
the measurement: the lateness of a machine with something else to do. The
tests (tests/sound/test_alsa_capture.py) only bound it loosely, since what a
loaded machine adds is the load's, not the player's; the figures are here.
Under load the capture's reader (a process of its own) can wake late too, so
the figure is an upper bound on what a listener would hear.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sound.alsa_capture import (  # noqa: E402
    AlsaCapture,
    backend_missing,
    play_in_child,
    unavailable_reason,
)

BACKENDS = ("simpleaudio", "miniaudio", "system")
SPACING = 0.45


def measure(backend: str, count: int) -> dict[str, object]:
    schedule = [f"countdown@{i * SPACING:.2f}" for i in range(count)]
    with tempfile.TemporaryDirectory() as folder, AlsaCapture(Path(folder)) as capture:
        result = play_in_child(capture, backend, *schedule, timeout=120)
    if result.returncode != 0:
        return {"error": f"exit status {result.returncode}: {result.stderr.strip()[-200:]}"}
    report = json.loads(result.stdout.splitlines()[-1])
    if report["backend"] != backend:
        return {"error": f"did not open: {report['status']}"}
    latencies: list[float] = []
    missing = 0
    for called in (call for _, call in report["calls"]):
        onset = capture.capture.onset(called - 0.005, called + SPACING - 0.05)
        if onset is None:
            missing += 1
        else:
            latencies.append(1000 * (onset - called))
    handoff = [1000 * (started - requested) for _, requested, started in report["played"]]
    return {"latencies": latencies, "missing": missing, "handoff": handoff}


@contextlib.contextmanager
def busy_loops(count: int) -> Iterator[None]:
    """`count` shell loops spinning at normal priority, stopped on the way out."""
    loops = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(count)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("backends", nargs="*", default=list(BACKENDS), metavar="BACKEND")
    parser.add_argument("--count", type=int, default=12, help="chimes per backend (default 12)")
    parser.add_argument(
        "--busy", type=int, default=0, help="busy loops running beside (default 0: none)"
    )
    args = parser.parse_args(argv)
    reason = unavailable_reason()
    if reason:
        print(f"cannot measure: {reason}", file=sys.stderr)
        return 1
    beside = f"{args.busy} busy loop(s) beside" if args.busy else "no busy loop added"
    load = os.getloadavg()[0]
    print(
        f"Python {sys.version.split()[0]}, {args.count} chimes per backend, {beside}, "
        f"{os.cpu_count()} cores, load {load:.1f} at the start\n"
    )
    print(_row(["backend", "median ms", "p90 ms", "max ms", "missed", "hand-off median ms"]))
    print(_row(["---"] * 6))
    for backend in args.backends:
        skip = backend_missing(backend)
        if skip:
            print(_row([backend, "-", "-", "-", "-", f"skipped: {skip}"]))
            continue
        with busy_loops(args.busy):
            result = measure(backend, args.count)
        if "error" in result:
            print(_row([backend, "-", "-", "-", "-", str(result["error"])]))
            continue
        latencies = sorted(result["latencies"])  # type: ignore[call-overload]
        handoff = result["handoff"]
        if not latencies:
            print(_row([backend, "-", "-", "-", str(result["missing"]), "no onset found"]))
            continue
        p90 = latencies[min(len(latencies) - 1, int(0.9 * len(latencies)))]
        print(
            _row(
                [
                    backend,
                    f"{statistics.median(latencies):.1f}",
                    f"{p90:.1f}",
                    f"{max(latencies):.1f}",
                    str(result["missing"]),
                    f"{statistics.median(handoff):.2f}",  # type: ignore[arg-type]
                ]
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
