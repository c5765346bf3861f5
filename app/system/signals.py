"""Ending cleanly on a signal: SIGTERM, SIGHUP (the terminal was closed), SIGINT, and every
other signal whose default would end the process on the spot.

Python's default for these kills the process at once: the terminal stays in
the app's raw, alternate-screen, mouse-tracking mode, temporary files stay, and
the practice in progress is lost. `ExitSignals` catches them while backside
runs and asks the app to end the normal way, so that Textual restores the
terminal, the practice is saved as "stopped early" and every helper closes;
the process then exits with the conventional status, 128 + the signal's number.

Left alone: what cannot be caught (SIGKILL, SIGSTOP), what Python and Textual
use (SIGWINCH, SIGCHLD, SIGTSTP and SIGCONT, SIGTTIN and SIGTTOU, SIGPIPE and
SIGXFSZ, which Python ignores), the faults a running program raises itself
(SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS), and any signal that was
already ignored or handled when backside started (`nohup`, `trap '' USR1`).

A watchdog makes sure of the end: if the normal way has not finished within
`EXIT_DEADLINE` seconds (a terminal that no longer answers, a stuck helper),
it kills the helpers left, puts the terminal back as it found it without ever
waiting on it, and ends the process itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from app.system.quiet_process import kill_all

_NOT_CAUGHT = frozenset(
    getattr(signal, name)
    for name in (
        "SIGKILL",
        "SIGSTOP",
        "SIGWINCH",
        "SIGCHLD",
        "SIGTSTP",
        "SIGCONT",
        "SIGTTIN",
        "SIGTTOU",
        "SIGURG",
        "SIGPIPE",
        "SIGXFSZ",
        "SIGSEGV",
        "SIGBUS",
        "SIGFPE",
        "SIGILL",
        "SIGTRAP",
        "SIGSYS",
    )
    if hasattr(signal, name)
)


def _exit_signals() -> tuple[int, ...]:
    valid = signal.valid_signals() if hasattr(signal, "valid_signals") else set()
    numbers = sorted(int(signum) for signum in valid if int(signum) not in _NOT_CAUGHT)
    if not numbers:  # no valid_signals (Windows has few): the three that matter
        numbers = [
            int(getattr(signal, name))
            for name in ("SIGTERM", "SIGHUP", "SIGINT")
            if hasattr(signal, name)
        ]
    return tuple(numbers)


EXIT_SIGNALS: tuple[int, ...] = _exit_signals()
"""Every signal that ends the practice the normal way (Linux: HUP, INT, QUIT, ABRT, USR1,
USR2, ALRM, TERM, STKFLT, XCPU, VTALRM, PROF, IO, PWR and the real-time ones)."""
#: Caught even when ignored at start (`nohup`): with its terminal gone a practice cannot
#: go on, and a process left reading a closed terminal would spin until killed.
ALWAYS_CAUGHT: frozenset[int] = frozenset(
    getattr(signal, name) for name in ("SIGHUP",) if hasattr(signal, name)
)

#: The normal way out must be done by then; the whole exit stays within 2 s.
EXIT_DEADLINE = 1.5
#: The forced exit's writes and terminal settings get this long, on a thread, then it ends anyway.
RESTORE_BOUND = 0.2

#: What undoes the app's terminal modes: mouse tracking, bracketed paste, focus
#: reports and the Kitty keyboard protocol off, line wrap on, the main screen, the cursor.
RESET_SEQUENCES = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l"
    "\x1b[?2004l\x1b[?1004l\x1b[?7h\x1b[<u\x1b[?1049l\x1b[?25h"
)


def exit_status(signum: int) -> int:
    """The shell's convention for a process ended by a signal: 143 for SIGTERM."""
    return 128 + signum


class TerminalState:
    """The terminal's line settings as they were before the app started (cooked mode)."""

    def __init__(self, fd: int | None, attributes: list[Any] | None) -> None:
        self._fd = fd
        self._attributes = attributes

    @classmethod
    def capture(cls) -> TerminalState:
        stream = sys.__stdin__
        try:
            import termios

            if stream is None or not stream.isatty():
                return cls(None, None)
            fd = stream.fileno()
            return cls(fd, termios.tcgetattr(fd))
        except (ImportError, OSError, ValueError):
            return cls(None, None)

    def restore(self, bound: float = RESTORE_BOUND) -> None:
        """Put the terminal back: the modes off, the line settings as they were.

        Never waits on the terminal: the sequences go through a non-blocking
        descriptor of their own (a terminal that is not read drops them), and the
        whole is done on a thread given `bound` seconds.
        """
        worker = threading.Thread(target=self._restore_now, name="restore-terminal", daemon=True)
        worker.start()
        worker.join(bound)

    def _restore_now(self) -> None:
        for path in _terminal_paths():
            try:
                # Opened afresh, so O_NONBLOCK is ours alone, not the shell's.
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
            except OSError:
                continue
            try:
                with contextlib.suppress(OSError):
                    os.write(fd, RESET_SEQUENCES.encode())
            finally:
                os.close(fd)
        self.put_back_settings()

    def put_back_settings(self) -> None:
        """The line settings as they were at `capture` (echo, lines), if they changed since."""
        if self._fd is None or self._attributes is None:
            return
        import termios

        with contextlib.suppress(OSError, termios.error):
            if os.tcgetpgrp(self._fd) != os.getpgrp():
                return  # in the background: the terminal belongs to another job now
            if termios.tcgetattr(self._fd) != self._attributes:
                termios.tcsetattr(self._fd, termios.TCSANOW, self._attributes)


def _terminal_paths() -> list[str]:
    """The terminals the app draws on: Textual writes to stderr; stdout too, if another."""
    paths: list[str] = []
    for stream in (sys.__stderr__, sys.__stdout__):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if stream is not None and os.isatty(stream.fileno()):
                path = os.ttyname(stream.fileno())
                if path not in paths:
                    paths.append(path)
    return paths


class ExitSignals:
    """Catches the exit signals from `install` to `uninstall`; the app attaches to hear them.

    A signal that arrives before the app is attached (still starting) is kept:
    `attach` delivers it at once. `received` tells the caller which one came.
    """

    def __init__(self, deadline: float = EXIT_DEADLINE) -> None:
        self._deadline = deadline
        self._terminal: TerminalState | None = None
        self._previous: dict[int, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._on_signal: Callable[[int], None] | None = None
        self._watchdog: threading.Timer | None = None
        self.received: int | None = None

    @property
    def status(self) -> int | None:
        """The exit status the signal calls for, or None when none came."""
        return None if self.received is None else exit_status(self.received)

    def install(self) -> None:
        """Catch the signals from now on (call on the main thread, before the app runs)."""
        self._terminal = TerminalState.capture()
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(OSError, ValueError):
                current = signal.getsignal(signum)
                if (
                    current is signal.SIG_DFL
                    or current is signal.default_int_handler
                    or signum in ALWAYS_CAUGHT
                ):
                    self._previous[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        """Back to the defaults; stop the watchdog (the normal way out has finished).

        The terminal's line settings are checked against those captured at `install`
        and put back if they differ: whatever happened on the way, the shell gets
        its echo and its lines back.
        """
        for signum, previous in self._previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, previous)
        self._previous.clear()
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._terminal is not None:
            self._terminal.put_back_settings()

    def screen_restored(self, grace: float) -> None:
        """The app has put the terminal back: allow `grace` more seconds to finish saving.

        On a signal the watchdog's first deadline guards the terminal. Once the app
        has restored it, only the history may still be writing (a file another
        program holds); the watchdog then waits `grace` seconds from now instead.
        """
        signum, watchdog = self.received, self._watchdog
        if signum is None or watchdog is None:
            return
        watchdog.cancel()
        self._watchdog = threading.Timer(grace, self._force_exit, args=(signum,))
        self._watchdog.daemon = True
        self._watchdog.start()

    def attach(self, on_signal: Callable[[int], None]) -> None:
        """Call `on_signal(signum)` on the running event loop when a signal comes."""
        self._loop = asyncio.get_running_loop()
        self._on_signal = on_signal
        if self.received is not None:
            self._loop.call_soon(on_signal, self.received)

    def detach(self) -> None:
        self._loop = None
        self._on_signal = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None:
            return  # already on the way out; the watchdog sees to the end
        self.received = signum
        self._watchdog = threading.Timer(self._deadline, self._force_exit, args=(signum,))
        self._watchdog.daemon = True
        self._watchdog.start()
        loop, on_signal = self._loop, self._on_signal
        if loop is not None and on_signal is not None:
            # Python runs this handler between two steps of the event loop;
            # call_soon_threadsafe also wakes the loop if it is waiting.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(on_signal, signum)

    def _force_exit(self, signum: int) -> None:
        kill_all()  # no helper outlives us, whatever it was doing
        if self._terminal is not None:
            self._terminal.restore()  # bounded: the terminal may not be reading
        os._exit(exit_status(signum))
