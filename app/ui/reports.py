"""How threads reach the UI: `UiReports` turns their callbacks into typed messages to the app.

The sound, voice, screen lock and history run on threads of their own and must
never touch a widget. Each is given a method of one `UiReports` as its callback
(`on_status`, `on_flash`, `ring`, `on_loaded`, `on_finished`); every call posts a message to
the app (Textual's `post_message` is safe from any thread), and the app's
`@on` handlers change the state on its own thread.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump

from app.core.practice_log import LoggedPractice
from app.core.steps import Chime


class StatusReported(Message):
    """The one status line of the sound, voice, screen lock and history, as it is now."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class FlashWanted(Message):
    """The terminal bell stands in for a chime: light the screen up briefly."""


class BellWanted(Message):
    """Ring the terminal's bell (the sound's last resort)."""


class HistoryLoaded(Message):
    """Every practice so far, read from the history file."""

    def __init__(self, practices: tuple[LoggedPractice, ...]) -> None:
        super().__init__()
        self.practices = practices


class PracticeKept(Message):
    """A practice as the history kept it, once its end is written; `line` says where its
    FIT file went (the fit-folder setting), or why not, or is empty."""

    def __init__(self, practice: LoggedPractice, line: str = "") -> None:
        super().__init__()
        self.practice = practice
        self.line = line


class ExportDone(Message):
    """A FIT file asked for with the export key: where it went, or why not."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


class UiReports:
    """The callbacks the threads are given: each posts its message to `target` (the app)."""

    def __init__(self, target: MessagePump) -> None:
        self._target = target

    def status(self, text: str) -> None:
        self._target.post_message(StatusReported(text))

    def flash(self, chime: Chime) -> None:
        self._target.post_message(FlashWanted())

    def ring(self) -> None:
        self._target.post_message(BellWanted())

    def loaded(self, practices: tuple[LoggedPractice, ...]) -> None:
        self._target.post_message(HistoryLoaded(practices))

    def kept(self, practice: LoggedPractice, line: str = "") -> None:
        self._target.post_message(PracticeKept(practice, line))

    def exported(self, line: str) -> None:
        self._target.post_message(ExportDone(line))
