"""Ending cleanly on a signal: SIGTERM, SIGHUP (the terminal was closed) and SIGINT.

Python's default for these kills the process on the spot: the terminal stays in
the app's raw, alternate-screen, mouse-tracking mode, temporary files stay, and
the practice in progress is lost. `ExitSignals` catches them while backside
runs and asks the app to end the normal way, so that Textual restores the
terminal, the practice is saved as "stopped early" and every helper closes;
the process then exits with the conventional status, 128 + the signal's number.

A watchdog makes sure of the end: if the normal way has not finished within
`EXIT_DEADLINE` seconds (a terminal that no longer answers, a stuck helper),
it puts the terminal back as it found it and ends the process itself.
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

EXIT_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
#: The normal way out must be done by then; the whole exit stays within 2 s.
EXIT_DEADLINE = 1.5

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

    def restore(self) -> None:
        """Put the terminal back: the modes off, the line settings as they were."""
        output = sys.__stdout__
        if output is not None:
            with contextlib.suppress(OSError, ValueError):
                os.write(output.fileno(), RESET_SEQUENCES.encode())
        if self._fd is not None and self._attributes is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(self._fd, termios.TCSANOW, self._attributes)


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
                self._previous[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        """Back to the defaults; stop the watchdog (the normal way out has finished)."""
        for signum, previous in self._previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, previous)
        self._previous.clear()
        if self._watchdog is not None:
            self._watchdog.cancel()

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
        if self._terminal is not None:
            self._terminal.restore()
        os._exit(exit_status(signum))
