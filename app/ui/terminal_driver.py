"""Textual's Linux driver, steadier under signals from outside: SIGCONT alone, floods of SIGWINCH.

SIGCONT with no SIGTSTP before it (`kill -STOP` then `kill -CONT`, a debugger,
a CPU limiter): Textual starts application mode again while it is still in it,
reading the terminal's "before" settings when they are already the app's raw
ones, so the quit at the end leaves the shell raw; and it starts a second
input and output thread beside the first. Here such a SIGCONT leaves
application mode properly first (the settings go back to cooked), then starts
it again and redraws, as Ctrl+Z and `fg` do. Ctrl+Z and `fg` are unchanged.

SIGWINCH: Textual measures the terminal and posts a resize from inside the
signal handler; a burst of them nests one handler inside the next until
Python's recursion limit. Here the handler only notes that a resize is due and
wakes the event loop once; the loop measures the terminal and posts one resize
for the whole burst.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

from textual import events
from textual.drivers.linux_driver import LinuxDriver
from textual.geometry import Size


class SteadyDriver(LinuxDriver):
    """`LinuxDriver` that survives SIGCONT alone and coalesces SIGWINCH (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._active = False
        """In application mode: started, not stopped since."""
        self._suspended = False
        """Left application mode to be stopped (Ctrl+Z, `App.suspend`); resumed next."""
        self._resize_due = False

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        # Textual gives up early when it may not use the terminal (resumed with `bg`):
        # then no input thread was started, and it stops itself again.
        key_thread = self._key_thread
        self._active = key_thread is not None and key_thread.is_alive()
        if self._active:
            signal.signal(signal.SIGWINCH, self._on_resize_signal)

    def stop_application_mode(self) -> None:
        self._active = False
        super().stop_application_mode()

    def suspend_application_mode(self) -> None:
        super().suspend_application_mode()
        self._suspended = True

    def resume_application_mode(self) -> None:
        if self._suspended:
            super().resume_application_mode()
            self._suspended = not self._active  # not resumed yet: in the background
        elif self._active:
            # SIGCONT that no SIGTSTP came before: still in application mode.
            super().suspend_application_mode()
            super().resume_application_mode()
        # Otherwise not started yet, or already stopped for good: nothing to resume.

    def _on_resize_signal(self, signum: int, frame: FrameType | None) -> None:
        # As little as possible: another SIGWINCH may arrive while this runs.
        if self._resize_due:
            return
        self._resize_due = True
        try:
            self._loop.call_soon_threadsafe(self._post_resize)
        except RuntimeError:  # the loop has closed
            self._resize_due = False

    def _post_resize(self) -> None:
        self._resize_due = False
        if not self._active or getattr(self, "_in_band_window_resize", False):
            return  # the terminal reports its size in-band: Textual hears it there
        width, height = self._get_terminal_size()
        size = Size(width, height)
        self._app.post_message(events.Resize(size, size))
