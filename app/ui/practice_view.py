"""The practice on screen: the session driven by its pulse and keys, its state pushed down.

`PracticeView` asks the session what has happened at each pulse (one timer,
set for when the session says the next pulse is due) and at each key press
(`operate`), redraws the practice screen with the events, keeps the status and
notice lines (`StatusLine`) and the history's line and progress on whichever
screen shows them, and lights the visual bell. It routes no screens: when the
practice ends it calls the app back to show the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

from app.core.engine import Operation
from app.core.events import Event, SessionFinished, StepStarted, Suspended
from app.core.models import Library
from app.core.practice_log import LoggedPractice
from app.core.routine import Routine
from app.core.session import PracticeSession
from app.core.timefmt import a_or_an
from app.ui.history_cache import HistoryCache
from app.ui.notices import StatusLine
from app.ui.screens.practice import PracticeScreen

if TYPE_CHECKING:
    from app.core.coach import Proposal
    from app.ui.screens.start import StartScreen

R = TypeVar("R")

#: How long the visual bell lights the screen.
FLASH_SECONDS = 0.15


class PracticeView:
    """Pushes the practice's state down to the screens of `app` that show it."""

    def __init__(
        self,
        app: App[int],
        session: PracticeSession,
        library: Library,
        *,
        finished: Callable[[], None],
    ) -> None:
        self._app = app
        self._session = session
        self._library = library
        self._finished = finished
        """Called when the practice has ended (the app shows the summary)."""
        self.status_line = StatusLine()
        """What the status and notice lines say: reports, notices, a passing message."""
        self.past = HistoryCache()
        """Every practice so far, once the history file is read."""
        self.start_screen: StartScreen | None = None
        """The start screen while it is shown (its module is loaded only then)."""
        self._timer: Timer | None = None
        self._flash_timer: Timer | None = None
        self._paused_for_suspend = False
        """Paused by Ctrl+Z (not by the user): `fg` resumes it."""

    def practice_screen(self) -> PracticeScreen | None:
        """The practice screen, under any dialog (None when no practice is shown)."""
        for screen in reversed(self._app.screen_stack):
            if isinstance(screen, PracticeScreen):
                return screen
        return None

    def propose(self, routine: Routine) -> Proposal:
        """The next practice of `routine`, from the history read so far."""
        from app.core.coach import propose

        practices = self.past.practices or ()
        return propose(routine, self._library, practices, datetime.now().astimezone())

    def started(self) -> None:
        """A practice screen was just put up: fill in its lines, before its first events."""
        self.status_line.message = ""
        self.show_status_line()
        self.show_progress()

    def pulse(self) -> None:
        """Ask the session what has happened by now, and show it (the pulse's timer calls this;
        the UI tests call it after moving their fake clock)."""
        if self._session.running:
            self.show(self._session.pulse())

    def operate(self, operation: Operation) -> None:
        """Run an engine operation (a key press) and show what it did."""
        if self._session.engine is not None:
            self.show(self._session.operate(operation))

    def paused_under(self, dialog: Screen[R], *, stop: bool = False) -> None:
        """Show `dialog` with the practice paused while it is open; a yes to a `stop` dialog
        quits the practice, anything else carries on where it was."""
        was_running = self._session.ticking and self.practice_screen() is not None
        if was_running:
            self.operate(Operation.PAUSE)

        def closed(answer: R | None) -> None:
            if stop and answer:
                self.operate(Operation.QUIT)
            elif was_running:
                self.operate(Operation.RESUME)

        self._app.push_screen(dialog, closed)

    def suspending(self, app: App[int]) -> None:
        """Ctrl+Z: pause, so the time in the background is not counted."""
        self._paused_for_suspend = self._session.ticking
        if self._paused_for_suspend:
            self.operate(Operation.PAUSE)

    def resumed(self, app: App[int]) -> None:
        """`fg`: carry on where the practice was."""
        if self._paused_for_suspend:
            self._paused_for_suspend = False
            self.operate(Operation.RESUME)

    def show(self, events: list[Event]) -> None:
        """Redraw the practice after `events`; then sleep until the next pulse is due."""
        for event in events:
            if isinstance(event, StepStarted):
                # The passing message goes with its step; a notice read long enough, too.
                if self.status_line.step_started(self._session.clock()):
                    self.show_status_line()
            elif isinstance(event, Suspended):
                gap = round(event.gap_seconds)
                self.say(f"Paused after {a_or_an(gap)} {gap} s gap: space to go on")
        screen = self.practice_screen()
        if screen is not None and self._session.engine is not None:
            screen.show(self._session.status(), events)
        # One timer at a time: each redraw replaces it, since a key can move the next change.
        self.stop_pulse()
        delay = self._session.next_pulse_in()
        if delay is not None:
            self._timer = self._app.set_timer(delay, self.pulse, name="pulse")
        if any(isinstance(event, SessionFinished) for event in events):
            self._finished()

    def stop_pulse(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- the lines under the practice -------------------------------------------

    def notify_status(self, text: str) -> None:
        """The reports of the sound, voice, screen lock and history, in one line until replaced.

        Call it on the app's thread; other threads post a `StatusReported` through
        `UiReports` (app/ui/reports.py).
        """
        self.status_line.report(text, self._session.clock())
        self.show_status_line()

    def post_notice(self, text: str) -> None:
        """A notice of the app's own (settings ignored, choices not saved), kept until read."""
        self.status_line.notices.post(text, self._session.clock())
        self.show_status_line()

    def say(self, text: str) -> None:
        """A passing message in the status line, gone at the next step."""
        self.status_line.say(text)
        self.show_status_line()

    def show_status_line(self) -> None:
        screen = self.practice_screen()
        if screen is not None:
            screen.show_status(
                sound=not self._session.muted,
                voice=self._session.voice,
                message=self.status_line.passing(),
                notice=self.status_line.notices.line(),
            )
        start = self.start_screen
        if start is not None and self._app.screen is start:
            start.show_notice(self.status_line.start_notice())

    # -- the history ------------------------------------------------------------

    def show_history_data(self, practices: tuple[LoggedPractice, ...]) -> None:
        """Every practice so far, read by the history listener: shown where it is wanted."""
        self.past.practices = practices
        start = self.start_screen
        if start is not None and self._app.screen is start:
            start.show_history_line(self.past.overview())
        self.show_progress()

    def show_progress(self) -> None:
        screen = self.practice_screen()
        if screen is not None and self.past.practices is not None:
            screen.show_progress(self.past.practices, self._library.guidance.lift_goal_per_side)

    # -- the visual bell --------------------------------------------------------

    def flash(self) -> None:
        """Light the screen up briefly (the terminal bell stands in for a chime)."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._app.screen.add_class("-flash")
        self._flash_timer = self._app.set_timer(FLASH_SECONDS, self._end_flash, name="flash")

    def _end_flash(self) -> None:
        for screen in self._app.screen_stack:
            screen.remove_class("-flash")
