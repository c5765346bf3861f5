"""Start a helper program (a sound player, a speech program, a sleep inhibitor) out of sight,
and make sure it ends with us; or run a short one (systemctl) to its end (`run_briefly`).

Its output goes nowhere near the screen: the app owns the terminal. Ending one
is asked politely (SIGTERM), then, after `STOP_GRACE` seconds, forced (SIGKILL),
and it is always reaped: a helper that ignores SIGTERM cannot outlive backside.
Every helper started here is remembered until it has ended, so that the last
resort at exit (`kill_all`) finds those still running.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

STOP_GRACE = 0.5
"""Seconds a helper has to end after SIGTERM before it gets SIGKILL."""

KILL_WAIT = 0.2
"""Seconds to wait for a killed helper to be reaped (SIGKILL takes effect at once)."""


class Stoppable(Protocol):
    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


_running: set[Stoppable] = set()
_lock = threading.Lock()


def spawn_quietly(argv: Sequence[str], *, keep_stdin: bool = False) -> subprocess.Popen[bytes]:
    """Start `argv` with its output discarded; `keep_stdin` gives it a pipe from us.

    (An inhibitor holds its lock while it reads from that pipe, so the lock goes
    when we do, however we end.)
    """
    process = subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE if keep_stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )
    with _lock:
        _running.difference_update([p for p in _running if p.poll() is not None])
        _running.add(process)
    return process


@dataclass(frozen=True, slots=True)
class Ran:
    """How a short helper ended: its status (127: not found, 124: too slow) and what it said."""

    status: int
    output: str

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.output.splitlines() if line.strip()), "")


RUN_TIMEOUT = 20.0
"""Seconds a short helper (systemctl, notify-send) has to finish."""


def run_briefly(argv: Sequence[str], timeout: float = RUN_TIMEOUT) -> Ran:
    """Run a short helper to its end, its output (and errors) kept, never on the screen.

    A helper that cannot start, or takes longer than `timeout`, is a status, not
    an exception.
    """
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            close_fds=True,
        )
    except subprocess.TimeoutExpired:
        return Ran(124, f"{argv[0]} took longer than {timeout:g} s")
    except OSError as error:
        return Ran(127, f"{argv[0]}: {error.strerror or error}")
    text = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    return Ran(done.returncode, text)


def stop_process(process: Stoppable, grace: float = STOP_GRACE) -> None:
    """End `process`: SIGTERM, up to `grace` seconds to go, then SIGKILL; reaped either way.

    Returns within about `grace` seconds, whatever the process does.
    """
    try:
        if process.poll() is None:
            with contextlib.suppress(OSError):
                process.terminate()
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    process.kill()  # SIGKILL cannot be ignored: it ends now
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=KILL_WAIT)
    finally:
        with _lock:
            _running.discard(process)


def stop_in_background(process: Stoppable, grace: float = STOP_GRACE) -> threading.Thread:
    """`stop_process` on a thread of its own, for callers that must not wait (a chime is due)."""
    thread = threading.Thread(
        target=stop_process, args=(process, grace), name="stop-helper", daemon=True
    )
    thread.start()
    return thread


def still_running() -> list[Stoppable]:
    """The helpers started here that have not ended yet."""
    with _lock:
        helpers = list(_running)
    return [process for process in helpers if process.poll() is None]


def stop_all(grace: float = STOP_GRACE) -> None:
    """End every helper still running: SIGTERM, up to `grace` seconds in all, then SIGKILL."""
    helpers = still_running()
    for process in helpers:
        with contextlib.suppress(OSError):
            process.terminate()
    deadline = time.monotonic() + grace
    for process in helpers:
        stop_process(process, max(0.0, deadline - time.monotonic()))


def kill_all() -> None:
    """The last resort, when the process is about to end at once: SIGKILL every helper left.

    It does not wait: a killed child ends by itself, and `init` reaps it after we are gone.
    """
    locked = _lock.acquire(timeout=0.1)  # never wait long for a thread that may be stuck
    try:
        helpers = list(_running)
    except RuntimeError:  # changed while copied, unlocked
        helpers = []
    finally:
        if locked:
            _lock.release()
    for process in helpers:
        with contextlib.suppress(OSError):
            process.kill()  # Popen.kill does nothing to a child already reaped
