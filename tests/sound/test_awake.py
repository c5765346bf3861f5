"""The sleep inhibitor with a fake process runner and clock."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.system.awake import PAUSE_GRACE_SECONDS, Inhibitor, inhibit_commands
from tests.sound.fakes import FakeClock, FakeSpawner

COMMAND = ["systemd-inhibit", "--what=idle:sleep", "cat"]


class FakeTimer:
    """A timer that fires only when a test says so."""

    def __init__(self, seconds: float, then: Callable[[], None]) -> None:
        self.seconds = seconds
        self.then = then
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def fire(self) -> None:
        if not self.cancelled:
            self.then()


TIMERS: list[FakeTimer] = []


def fake_timer(seconds: float, then: Callable[[], None]) -> FakeTimer:
    TIMERS.append(FakeTimer(seconds, then))
    return TIMERS[-1]


def make(
    commands: list[list[str]] | None = None, exit_status: int | None = None, **kwargs: object
) -> tuple[Inhibitor, FakeSpawner, FakeClock, list[str]]:
    spawner = FakeSpawner(exit_status)
    clock = FakeClock()
    statuses: list[str] = []
    TIMERS.clear()
    inhibitor = Inhibitor(
        [COMMAND] if commands is None else commands,
        spawn=spawner,
        clock=clock,
        on_status=statuses.append,
        start_timer=fake_timer,
        **kwargs,  # type: ignore[arg-type]
    )
    return inhibitor, spawner, clock, statuses


def test_a_long_pause_lets_go_with_no_events_at_all() -> None:
    """A paused practice sends no events: the grace timer alone ends the lock."""
    inhibitor, spawner, _, _ = make()
    inhibitor.acquire()
    inhibitor.pause()
    assert [timer.seconds for timer in TIMERS] == [PAUSE_GRACE_SECONDS]
    TIMERS[0].fire()
    assert not inhibitor.held
    assert spawner.running == []


def test_resuming_cancels_the_grace_timer() -> None:
    inhibitor, _, _, _ = make()
    inhibitor.acquire()
    inhibitor.pause()
    inhibitor.acquire()
    assert TIMERS[0].cancelled
    TIMERS[0].fire()
    assert inhibitor.held


def test_held_while_running_released_at_the_end() -> None:
    inhibitor, spawner, _, statuses = make()
    inhibitor.acquire()
    inhibitor.acquire()
    assert len(spawner.processes) == 1
    assert spawner.processes[0].argv == COMMAND
    assert inhibitor.held
    inhibitor.release()
    assert not inhibitor.held
    assert spawner.processes[0].terminated
    assert statuses == []


def test_a_short_pause_keeps_it_a_long_one_lets_go() -> None:
    inhibitor, spawner, clock, _ = make()
    inhibitor.acquire()
    inhibitor.pause()
    clock.advance(PAUSE_GRACE_SECONDS - 1)
    inhibitor.poll()
    assert inhibitor.held
    clock.advance(2)
    inhibitor.poll()
    assert not inhibitor.held
    assert spawner.running == []
    inhibitor.acquire()  # resumed
    assert inhibitor.held
    assert len(spawner.running) == 1


def test_resuming_within_the_grace_keeps_the_same_lock() -> None:
    inhibitor, spawner, clock, _ = make()
    inhibitor.acquire()
    inhibitor.pause()
    clock.advance(10)
    inhibitor.acquire()
    clock.advance(PAUSE_GRACE_SECONDS)
    inhibitor.poll()
    assert inhibitor.held
    assert len(spawner.processes) == 1


def test_allow_sleep_never_takes_it() -> None:
    inhibitor, spawner, _, statuses = make(enabled=False)
    inhibitor.acquire()
    assert spawner.processes == []
    assert statuses == []


def test_unavailable_is_said_once() -> None:
    inhibitor, _, _, statuses = make(commands=[])
    inhibitor.acquire()
    inhibitor.release()
    inhibitor.acquire()
    assert statuses == ["Screen may sleep: no systemd-inhibit or caffeinate"]


def test_an_inhibitor_that_refuses_is_said_once_and_not_retried() -> None:
    inhibitor, spawner, _, statuses = make(exit_status=1)
    inhibitor.acquire()
    inhibitor.poll()
    inhibitor.acquire()
    inhibitor.poll()
    assert len(spawner.processes) == 1
    assert statuses == ["Screen may sleep: systemd-inhibit refused"]


def test_close_releases() -> None:
    inhibitor, spawner, _, _ = make()
    inhibitor.acquire()
    inhibitor.close()
    assert spawner.running == []


def test_the_platform_commands() -> None:
    def which(name: str) -> str:
        return f"/usr/bin/{name}"

    gnome, systemd = inhibit_commands("linux", which)
    assert gnome[0] == "/usr/bin/gnome-session-inhibit"
    assert systemd[0] == "/usr/bin/systemd-inhibit"
    assert systemd[-1] == "/usr/bin/cat"
    assert "--what=idle:sleep" in systemd
    assert inhibit_commands("darwin", which, pid=42) == [
        ["/usr/bin/caffeinate", "-d", "-i", "-w", "42"]
    ]
    assert inhibit_commands("linux", lambda _: None) == []
    assert inhibit_commands("win32", which) == []


def test_a_refused_inhibitor_gives_way_to_the_next() -> None:
    spawner = FakeSpawner()
    inhibitor = Inhibitor([["gnome-session-inhibit", "cat"], COMMAND], spawn=spawner)
    inhibitor.acquire()
    spawner.processes[0].returncode = 1  # not in a GNOME session
    inhibitor.poll()
    assert inhibitor.held
    assert spawner.processes[1].argv == COMMAND


@pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("cat") is None, reason="needs a POSIX cat"
)
def test_the_real_child_ends_when_released() -> None:
    cat = shutil.which("cat")
    assert cat is not None
    inhibitor = Inhibitor([[cat]])
    inhibitor.acquire()
    process = inhibitor._process
    assert process is not None
    assert process.poll() is None
    inhibitor.close()
    assert process.poll() is not None


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX sh")
def test_an_inhibitor_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    """`systemd-inhibit` stuck: it ignores both its closed pipe and SIGTERM."""
    import signal
    import time

    ready = tmp_path / "ready"
    script = f"trap '' TERM; touch '{ready}'; exec sleep 60"
    inhibitor = Inhibitor([["sh", "-c", script]], stop_grace=0.2)
    inhibitor.acquire()
    process = inhibitor._process
    assert process is not None
    deadline = time.monotonic() + 10
    while not ready.exists():
        assert time.monotonic() < deadline, "the helper never started"
        time.sleep(0.01)
    inhibitor.close()
    assert process.poll() == -signal.SIGKILL


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("cat") is None,
    reason="reads /proc to see the child end",
)
def test_a_crash_releases_it_too() -> None:
    """Killed outright (no atexit, no finally), the pipe closes and the child ends."""
    import os
    import subprocess
    import time
    from pathlib import Path

    code = (
        "import os, signal\n"
        "from app.system.awake import Inhibitor\n"
        "i = Inhibitor([['cat']])\n"
        "i.acquire()\n"
        "print(i._process.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=30
    )
    assert result.returncode == -9
    pid = int(result.stdout.split()[0])
    deadline = time.monotonic() + 20  # a bound only a hang reaches
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return  # gone
        if "\nState:\tZ" in state:
            return  # ended, waiting to be reaped
        time.sleep(0.02)
    os.kill(pid, 9)
    pytest.fail("the inhibitor's child outlived a crash")
