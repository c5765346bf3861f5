"""The benchmark suite: backside beside a bare Textual countdown and termdown, seen from outside.

    make bench
    .venv/bin/python benchmarks/suite.py [--runs 5] [--cpu-seconds 20] [--hold-seconds 120]
                                         [--only hold,pacer,lateness,cli] [--no-extra]
                                         [--cold-cache]

Each program runs in a real terminal: a tmux server of our own (a private
socket, no user configuration), one 80×24 session per run. The harness drives
it with `send-keys` and reads it with `capture-pane`, polling every 5 ms, and
reads /proc for the process's CPU time and memory. Nothing is measured inside
the programs. The yardsticks:

* bare: `baselines/bare_countdown.py`, the simplest idiomatic Textual countdown
  (a `Digits` clock from a monotonic deadline, redrawn once a second);
* termdown, from PyPI at the versions pinned in `baselines/termdown.txt`,
  installed on first use into `benchmarks/.work/termdown` (not in git);
* `python -c pass`, and `baselines/pydantic_minimal.py` (import pydantic,
  validate one small model), for the commands that never start Textual.

backside is measured as installed: its bytecode is compiled first, as pip
does on install (a checkout run with PYTHONDONTWRITEBYTECODE set would
otherwise compile every module of `app/` at every start). And as used: its
folders (cache included) are new and empty, and one `backside plan` fills the
cache before the runs, as the first practice after an install or an upgrade
does, so each start reads a library and a plan validated before
(`--cold-cache` gives it a cache folder that cannot be made, so every
start validates in full).

Runs alternate between the programs (backside, bare, termdown, backside, ...)
so that a busy moment on the machine falls on all of them alike. The figures:

* start-up: from asking tmux to start the program to the first capture that
  shows its countdown (for termdown: anything at all);
* CPU while holding a pose: CPU time over `--cpu-seconds`, from 2 s after the
  first frame, as a share of one core (backside: a timed hold, sound off);
* CPU with the breath pacer: the same in a hold counted in breaths;
* peak memory: the process's high-water RSS (VmHWM) at the end of the window;
* quit confirmed → process gone: from sending the key that ends the program
  (backside: `q` on the summary shown after `q`, `y`; the others: `q`) until
  the process is gone;
* lateness of the displayed seconds over a hold of `--hold-seconds`: the time
  each change of the countdown is first seen, against the grid of whole
  seconds set by the best-placed change; any second skipped or shown twice;
* `backside --help` against `python -c pass`, and `backside poses --json` and
  `backside validate data/poses.json` against the minimal pydantic script:
  wall time from exec to exit, interleaved.

Then the older benchmarks run as they are (`engine_drift.py`,
`chime_latency.py`, quiet and beside a busy loop, `history_write.py`) and their output is
added to the report. The table of medians, spreads (min–max) and ratios to the bare
countdown is printed and written to `benchmarks/.work/results.md` and `results.json`.

This is a benchmark, not a test: its figures depend on the machine's load,
which is why every figure that can be is a ratio taken in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
sys.path.insert(0, str(HERE))

from figures import Figure, as_json, judge_seconds, markdown, read_countdown, shows_anything  # noqa: E402

PYTHON = Path(sys.executable)
BACKSIDE = PYTHON.parent / "backside"
TERMDOWN = WORK / "termdown" / "bin" / "termdown"
COLUMNS, LINES = 80, 24
POLL_SECONDS = 0.005
SETTLE_SECONDS = 2.0
PROGRAMS = ("backside", "bare", "termdown")

#: What each program runs, per scenario. backside practises the `strength`
#: plan with the get-ready steps left out, so the first frame is the hold.
HOLD = ["run", "strength", "--hold", "600", "--get-ready", "0", "--sound", "off"]
PACER = ["run", "strength", "--breaths", "30", "--breath-seconds", "6"]
PACER += ["--get-ready", "0", "--sound", "off"]


def command(program: str, scenario: str, seconds: float) -> list[str]:
    if program == "backside":
        return [str(BACKSIDE), *(PACER if scenario == "pacer" else HOLD)]
    if program == "bare":
        return [str(PYTHON), str(HERE / "baselines" / "bare_countdown.py"), f"{seconds:g}"]
    return [str(TERMDOWN), f"{seconds:g}"]


#: The keys that end each program, each with what to wait for before the next:
#: backside asks first (`y` confirms), then shows what was done; `q` there quits.
QUIT_STEPS = {
    "backside": [("q", "Stop the practice?"), ("y", "S T O P P E D")],
    "bare": [],
    "termdown": [],
}


def first_frame(program: str) -> Callable[[list[str]], bool]:
    if program == "termdown":
        return shows_anything
    return lambda lines: read_countdown(lines) is not None


# -- the terminal -------------------------------------------------------------


class Terminal:
    """A tmux server of our own: one detached session per program run."""

    def __init__(self) -> None:
        self.socket = f"bench-{os.getpid()}"
        self._names = count(1)
        # A session that only keeps the server up, so each start is only the program's.
        self.tmux("new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 86400")
        # A program that ends leaves its last screen behind, to be shown if unexpected.
        self.tmux("set-option", "-g", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def launch(self, argv: Sequence[str], env: dict[str, str]) -> Pane:
        name = f"run{next(self._names)}"
        line = "exec " + shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), *argv])
        started = time.monotonic()
        self.tmux("new-session", "-d", "-s", name, "-x", str(COLUMNS), "-y", str(LINES), line)
        pid = int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}"))
        return Pane(self, name, pid, started)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@dataclass
class Pane:
    terminal: Terminal
    name: str
    pid: int
    started: float

    def capture(self) -> list[str]:
        return self.terminal.tmux("capture-pane", "-p", "-t", self.name).splitlines()

    def send(self, *keys: str) -> None:
        self.terminal.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, shown: Callable[[list[str]], bool], timeout: float = 30.0) -> float:
        """Poll the screen until `shown`; the time of the capture that first showed it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            asked = time.monotonic()
            if shown(self.capture()):
                return asked
            pause(asked + POLL_SECONDS)
        raise TimeoutError(f"{self.name}: not shown within {timeout:g} s:\n" + screen(self))

    def alive(self) -> bool:
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state not in ("Z", "X")

    def wait_gone(self, timeout: float = 10.0) -> float:
        deadline = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: still running {timeout:g} s after quitting")
            time.sleep(0.0005)
        return time.monotonic()

    def cpu_seconds(self) -> float:
        """CPU time of every thread so far, from schedstat (nanoseconds)."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                continue  # a thread that ended just now
        return total / 1e9

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc status")

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.terminal.socket, "kill-session", "-t", self.name],
            capture_output=True,
        )


def pause(until: float) -> None:
    left = until - time.monotonic()
    if left > 0:
        time.sleep(left)


def screen(pane: Pane) -> str:
    try:
        return "\n".join(pane.capture())
    except subprocess.CalledProcessError:
        return "(the session has ended)"


# -- the scenarios ------------------------------------------------------------


@dataclass
class Figures:
    startup: Figure
    hold_cpu: Figure
    pacer_cpu: Figure
    rss: Figure
    quit: Figure
    lateness: Figure
    help: Figure
    poses: Figure
    validate: Figure

    def all(self) -> list[Figure]:
        return list(vars(self).values())


def new_figures() -> Figures:
    return Figures(
        startup=Figure("start-up to the first practice frame", "ms", goal="≤ 1.3×", limit=1.3),
        hold_cpu=Figure("CPU while holding a pose", "%", goal="≤ 1.2×", limit=1.2),
        pacer_cpu=Figure("CPU with the breath pacer animating", "%", goal="< 3 %", limit=3.0),
        rss=Figure("peak memory (RSS)", "MB", goal="≤ 1.2×", limit=1.2),
        quit=Figure("quit confirmed → process gone", "ms", goal="≤ 1.0×", limit=1.0),
        lateness=Figure("worst lateness of a displayed second", "ms", goal="< 20 ms", limit=20),
        help=Figure("`backside --help` (bare: `python -c pass`)", "ms", goal="≤ 3×", limit=3),
        poses=Figure(
            "`backside poses --json` (bare: minimal pydantic script)",
            "ms",
            goal="≤ 1.3×",
            limit=1.3,
        ),
        validate=Figure(
            "`backside validate data/poses.json` (bare: minimal pydantic script)",
            "ms",
            goal="≤ 1.3×",
            limit=1.3,
        ),
    )


def run_hold(
    terminal: Terminal, program: str, env: dict[str, str], args: argparse.Namespace, f: Figures
) -> None:
    """One launch: start-up, CPU over the window, peak memory, then the quit."""
    pane = terminal.launch(command(program, "hold", 3600), env)
    try:
        f.startup.add(program, 1000 * (pane.wait_for(first_frame(program)) - pane.started))
        time.sleep(SETTLE_SECONDS)
        f.hold_cpu.add(program, cpu_share(pane, args.cpu_seconds))
        f.rss.add(program, pane.peak_rss_mb())
        for key, shown in QUIT_STEPS[program]:
            pane.send(key)
            pane.wait_for(lambda lines, shown=shown: any(shown in line for line in lines))
            time.sleep(0.3)
        sent = time.monotonic()
        pane.send("q")
        f.quit.add(program, 1000 * (pane.wait_gone() - sent))
    finally:
        pane.kill()


def run_pacer(
    terminal: Terminal, env: dict[str, str], args: argparse.Namespace, f: Figures
) -> None:
    pane = terminal.launch(command("backside", "pacer", 0), env)
    try:
        pane.wait_for(first_frame("backside"))
        time.sleep(SETTLE_SECONDS)
        f.pacer_cpu.add("backside", cpu_share(pane, args.cpu_seconds))
    finally:
        pane.kill()


def cpu_share(pane: Pane, seconds: float) -> float:
    """Percent of one core used by `pane`'s process over the next `seconds`."""
    before, at = pane.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    after, until = pane.cpu_seconds(), time.monotonic()
    return 100 * (after - before) / (until - at)


def run_lateness(
    terminal: Terminal, program: str, env: dict[str, str], seconds: float, f: Figures
) -> dict[str, object]:
    """Follow the countdown for `seconds`, catching each change within about 5 ms."""
    pane = terminal.launch(command(program, "hold", seconds + 30), env)
    try:
        pane.wait_for(first_frame(program))
        changes = follow(pane, seconds)
    finally:
        pane.kill()
    judged = judge_seconds(changes)
    f.lateness.add(program, judged.worst_ms)
    return {"program": program, "seconds": seconds, **vars(judged)}


def follow(pane: Pane, seconds: float) -> list[tuple[float, int]]:
    """(time first seen, value) for every change of the countdown over `seconds`.

    The screen is polled every 5 ms from 80 ms before each expected change until
    it comes; between changes the harness sleeps, so it costs the machine little.
    """

    def value() -> int | None:
        return read_countdown(pane.capture())

    shown = value()
    changes: list[tuple[float, int]] = []
    expected: float | None = None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not pane.alive():
            raise RuntimeError(f"{pane.name} ended during the hold:\n" + screen(pane))
        if expected is not None:
            pause(expected - 0.08)
        give_up = time.monotonic() + 1.5
        while time.monotonic() < give_up:
            asked = time.monotonic()
            now = value()
            if now is not None and now != shown:
                changes.append((asked, now))
                shown = now
                break
            pause(asked + POLL_SECONDS)
        if changes:
            expected = changes[0][0] + round(changes[-1][0] - changes[0][0]) + 1
    return changes


def time_commands(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Wall time from exec to exit of each command, interleaved, in ms."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            started = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env={**os.environ, **env})
            timings[name].append(1000 * (time.perf_counter() - started))
    return timings


def warm_cache(env: dict[str, str]) -> None:
    """Validate the library and the plan once, as the first practice after an install does."""
    argv = [str(BACKSIDE), "plan", "strength"]
    subprocess.run(argv, check=True, capture_output=True, env={**os.environ, **env})


def run_cli(runs: int, env: dict[str, str], f: Figures) -> None:
    minimal = [str(PYTHON), str(HERE / "baselines" / "pydantic_minimal.py")]
    timings = time_commands(
        {
            "python": [str(PYTHON), "-c", "pass"],
            "help": [str(BACKSIDE), "--help"],
            "pydantic": minimal,
            "poses": [str(BACKSIDE), "poses", "--json"],
            "validate": [str(BACKSIDE), "validate", str(ROOT / "data" / "poses.json")],
        },
        runs,
        env,
    )
    f.help.samples = {"bare": timings["python"], "backside": timings["help"]}
    f.poses.samples = {"bare": timings["pydantic"], "backside": timings["poses"]}
    f.validate.samples = {"bare": timings["pydantic"], "backside": timings["validate"]}


# -- set-up and report ----------------------------------------------------------


def install_termdown() -> None:
    if TERMDOWN.exists():
        return
    print("installing termdown into benchmarks/.work/termdown ...", flush=True)
    venv = TERMDOWN.parent.parent
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    pins = HERE / "baselines" / "termdown.txt"
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(pins)], check=True
    )


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = os.getloadavg()[0]
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {load:.1f} at the start"
    )


def extra_benchmarks() -> str:
    """The older benchmarks' own output, as they print it."""
    parts = []
    scripts = (
        ("engine_drift.py", []),
        ("chime_latency.py", ["--count", "30"]),
        ("chime_latency.py", ["--count", "30", "--busy", "1"]),
        ("history_write.py", []),
    )
    for script, more in scripts:
        done = subprocess.run(
            [str(PYTHON), str(HERE / script), *more], capture_output=True, text=True
        )
        text = done.stdout.strip() or done.stderr.strip() or f"exit status {done.returncode}"
        parts.append(f"### `benchmarks/{script}`\n\n```text\n{text}\n```\n")
    return "\n".join(parts)


def compile_bytecode() -> None:
    """Compile `app/` as pip compiles an installed package, so no run pays for it."""
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(ROOT / "app")], check=True)


def main(argv: Sequence[str] | None = None) -> int:
    global BACKSIDE  # `--backside` replaces the command every scenario runs
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="launches of each program (5)")
    parser.add_argument("--cpu-seconds", type=float, default=20, help="CPU window (20 s)")
    parser.add_argument(
        "--hold-seconds", type=float, default=120, help="hold followed for lateness (120 s)"
    )
    parser.add_argument("--cli-runs", type=int, default=15, help="runs of each command (15)")
    parser.add_argument("--only", default="hold,pacer,lateness,cli", help="scenarios to run")
    parser.add_argument("--programs", default=",".join(PROGRAMS), help="programs to run")
    parser.add_argument("--no-extra", action="store_true", help="skip the older benchmarks")
    parser.add_argument(
        "--cold-cache",
        action="store_true",
        help="no cache of validated files: every start of backside validates in full",
    )
    parser.add_argument("--backside", type=Path, default=BACKSIDE, help="the command to measure")
    args = parser.parse_args(argv)
    BACKSIDE = args.backside
    only = set(args.only.split(","))
    programs = [p for p in args.programs.split(",") if p in PROGRAMS]
    if "termdown" in programs:
        install_termdown()
    compile_bytecode()
    about = machine()
    print(about, flush=True)
    f = new_figures()
    seconds: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="backside-bench-") as home:
        # backside's own folders go to a temporary place, never the user's.
        env = {
            "BACKSIDE_DATA_DIR": f"{home}/data",
            "BACKSIDE_CONFIG_DIR": f"{home}/config",
            "BACKSIDE_CACHE_DIR": f"{home}/cache",
            "HOME": home,
        }
        if args.cold_cache:
            env["BACKSIDE_CACHE_DIR"] = "/dev/null/backside-cache"  # never written
        elif "backside" in programs:
            warm_cache(env)
        terminal = Terminal()
        try:
            for run in range(args.runs):
                if "hold" in only:
                    for program in programs:
                        print(f"run {run + 1}/{args.runs}: {program} hold", flush=True)
                        run_hold(terminal, program, env, args, f)
                if "pacer" in only and "backside" in programs:
                    print(f"run {run + 1}/{args.runs}: backside pacer", flush=True)
                    run_pacer(terminal, env, args, f)
            if "lateness" in only:
                for program in programs:
                    if program != "termdown":
                        print(f"lateness: {program}, {args.hold_seconds:g} s", flush=True)
                        seconds.append(run_lateness(terminal, program, env, args.hold_seconds, f))
            if "cli" in only:
                print("command-line start-up", flush=True)
                run_cli(args.cli_runs, env, f)
        finally:
            terminal.close()
    shown = [p for p in PROGRAMS if any(p in figure.samples for figure in f.all())]
    table = markdown([figure for figure in f.all() if figure.samples], shown)
    settings = (
        f"{args.runs} launches of each program, CPU over {args.cpu_seconds:g} s, "
        f"lateness over a {args.hold_seconds:g} s hold, {args.cli_runs} runs of each command"
    )
    report = f"{about}\n\n{settings}\n\n{table}"
    if seconds:
        report += "\nDisplayed seconds:\n\n" + "".join(
            f"- {s['program']}: {s['changes']} changes, worst {s['worst_ms']} ms, median "
            f"{s['median_ms']} ms, growth {s['growth_ms']} ms, skipped {s['skipped']}, "
            f"shown twice {s['doubled']}\n"
            for s in seconds
        )
    if not args.no_extra:
        report += "\n" + extra_benchmarks()
    WORK.mkdir(exist_ok=True)
    (WORK / "results.md").write_text(report, encoding="utf-8")
    (WORK / "results.json").write_text(
        as_json(f.all(), {"machine": about, "settings": settings, "seconds": seconds}),
        encoding="utf-8",
    )
    print("\n" + report)
    print("written: benchmarks/.work/results.md and results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
