"""Keep the screen awake while a practice runs.

On Linux, `gnome-session-inhibit` (in a GNOME session) or `systemd-inhibit`
(logind's idle and sleep locks) holds the lock for as long as its child runs;
the child is `cat` reading a pipe from us, so if backside dies in any way (even
a crash that skips every `finally`) the pipe closes, `cat` ends and the lock
goes with it. On macOS, `caffeinate -w <our pid>` does the same by itself.
Where none exists, or each refuses (no logind in a container), the status line
says so once and the practice goes on.

The lock is held while the practice runs, kept through a short pause (a sip of
water should not lock the laptop), and let go once a pause has lasted
`PAUSE_GRACE_SECONDS`, on quit, at exit and on `close()`.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO, Protocol

from app.system.quiet_process import STOP_GRACE, spawn_quietly, stop_process

PAUSE_GRACE_SECONDS = 180.0
WHY = "A backside practice is running"


class Process(Protocol):
    stdin: IO[bytes] | None

    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


def inhibit_commands(
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    pid: int | None = None,
) -> list[list[str]]:
    """The commands that hold an inhibitor while they run, best first (none: empty)."""
    commands: list[list[str]] = []
    if platform.startswith("linux"):
        cat = which("cat")
        gnome = which("gnome-session-inhibit")
        if gnome and cat:
            # GNOME blanks the screen by its own rules, not logind's idle lock.
            commands.append(
                [gnome, "--app-id", "backside", "--reason", WHY, "--inhibit", "idle:suspend", cat]
            )
        systemd = which("systemd-inhibit")
        if systemd and cat:
            commands.append(
                [
                    systemd,
                    "--what=idle:sleep",
                    "--who=backside",
                    f"--why={WHY}",
                    "--mode=block",
                    cat,
                ]
            )
    elif platform == "darwin":
        caffeinate = which("caffeinate")
        if caffeinate:
            commands.append(
                [caffeinate, "-d", "-i", "-w", str(pid if pid is not None else os.getpid())]
            )
    return commands


def _spawn(argv: Sequence[str]) -> Process:
    return spawn_quietly(argv, keep_stdin=True)


class Timer(Protocol):
    def cancel(self) -> None: ...


def _start_timer(seconds: float, then: Callable[[], None]) -> Timer:
    timer = threading.Timer(seconds, then)
    timer.daemon = True
    timer.start()
    return timer


class Inhibitor:
    """Holds the idle/sleep inhibitor while a practice runs.

    Call `acquire()` when the practice starts or resumes, `pause()` when it is
    paused (a timer lets go after `pause_grace` seconds, with no help from the
    caller: a paused practice sends no events), `poll()` now and then to notice an
    inhibitor that gave up, and `release()` or `close()` at the end. `commands`
    are tried in order: one that exits by itself (refused) gives way to the
    next; none at all is said once.
    """

    def __init__(
        self,
        commands: Sequence[Sequence[str]],
        *,
        enabled: bool = True,
        spawn: Callable[[Sequence[str]], Process] = _spawn,
        clock: Callable[[], float] = time.monotonic,
        on_status: Callable[[str], None] | None = None,
        pause_grace: float = PAUSE_GRACE_SECONDS,
        start_timer: Callable[[float, Callable[[], None]], Timer] = _start_timer,
        stop_grace: float = STOP_GRACE,
    ) -> None:
        self._commands = [list(command) for command in commands]
        self.enabled = enabled
        self._spawn = spawn
        self._clock = clock
        self._on_status = on_status
        self._pause_grace = pause_grace
        self._start_timer = start_timer
        self._stop_grace = stop_grace
        self._grace: Timer | None = None
        self._lock = threading.RLock()
        self._process: Process | None = None
        self._paused_since: float | None = None
        self._told = False
        self._refused = ""
        self._registered = False

    @classmethod
    def for_this_system(
        cls, *, allow_sleep: bool = False, on_status: Callable[[str], None] | None = None
    ) -> Inhibitor:
        return cls(inhibit_commands(), enabled=not allow_sleep, on_status=on_status)

    @property
    def held(self) -> bool:
        return self._process is not None

    def acquire(self) -> None:
        with self._lock:
            self._acquire()

    def _acquire(self) -> None:
        self._end_grace()
        self._paused_since = None
        if not self.enabled or self._process is not None:
            return
        while self._commands:
            try:
                self._process = self._spawn(self._commands[0])
            except OSError as error:
                self._refused = f"{os.path.basename(self._commands.pop(0)[0])} cannot run ({error})"
                continue
            if not self._registered:
                atexit.register(self.release)
                self._registered = True
            return
        if self._refused:
            self._tell(f"Screen may sleep: {self._refused}")
        else:
            self._tell("Screen may sleep: no systemd-inhibit or caffeinate")

    def pause(self) -> None:
        """The practice paused: keep the lock for `pause_grace` seconds, then let go."""
        with self._lock:
            if self._process is not None and self._paused_since is None:
                self._paused_since = self._clock()
                self._grace = self._start_timer(self._pause_grace, self._grace_over)

    def _grace_over(self) -> None:
        with self._lock:
            if self._paused_since is not None:
                self.release()

    def _end_grace(self) -> None:
        grace, self._grace = self._grace, None
        if grace is not None:
            grace.cancel()

    def poll(self) -> None:
        """Let go after a long pause; notice an inhibitor that gave up by itself."""
        with self._lock:
            self._poll()

    def _poll(self) -> None:
        process = self._process
        if process is None:
            return
        if (
            self._paused_since is not None
            and self._clock() - self._paused_since >= self._pause_grace
        ):
            self._release()
            return
        status = process.poll()
        if status is not None:
            # It gave up by itself: refused (no logind, not in a GNOME session...).
            self._process = None
            name = os.path.basename(self._commands.pop(0)[0]) if self._commands else "inhibitor"
            self._refused = f"{name} refused"
            self._acquire()

    def release(self) -> None:
        with self._lock:
            self._release()

    def _release(self) -> None:
        self._end_grace()
        process, self._process = self._process, None
        self._paused_since = None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        # Closing its pipe ends it; one that ignores that and SIGTERM is killed.
        stop_process(process, self._stop_grace)

    def close(self) -> None:
        self.release()
        if self._registered:
            atexit.unregister(self.release)
            self._registered = False

    def _tell(self, message: str) -> None:
        if self._told:
            return
        self._told = True
        if self._on_status is not None:
            with contextlib.suppress(Exception):
                self._on_status(message)
