"""The backside app: routes the screens and shows the practice its `PracticeSession` runs.

The session (`app/core/session.py`) owns the engine, the practice record, the
listeners (sound, voice, stay-awake, history) and the timing of the pulse. The
app only schedules one timer for the moment the session says the next pulse
is due and hands the events each pulse and key press return to its
`PracticeView` (`app/ui/practice_view.py`), which pushes them down to the
screens. Threads reach it as typed messages (`app/ui/reports.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen

from app.core.engine import SUSPEND_AFTER_SECONDS
from app.core.errors import DataError
from app.core.listeners import EventListener
from app.core.models import Library
from app.core.options import PracticeOptions
from app.core.plan_choices import PlanChoices
from app.core.plans import ListedPlan
from app.core.routine import Routine
from app.core.session import PracticeSession
from app.core.steps import Timeline
from app.system.signals import exit_status
from app.ui.after_practice import AfterPractice
from app.ui.dialogs import Dialogs
from app.ui.keys import APP_KEYS
from app.ui.practice_view import PracticeView
from app.ui.reports import (
    BellWanted,
    ExportDone,
    FlashWanted,
    HistoryLoaded,
    PracticeKept,
    StatusReported,
)
from app.ui.screens.practice import PracticeScreen

# The other screens are imported when first shown: the first frame of a practice
# waits for nothing it does not draw.
if TYPE_CHECKING:
    from app.system.signals import ExitSignals
    from app.ui.screens.history import HistoryScreen
    from app.ui.screens.start import StartScreen
    from app.ui.screens.summary import SummaryScreen


class BacksideApp(App[int]):
    """The start screen, the practice, and the summary. Returns an exit status."""

    CSS_PATH = "backside.tcss"
    TITLE = "backside"
    ENABLE_COMMAND_PALETTE = False

    # Textual declares these two instance variables (hence the noqa).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (120, "-wide")]  # noqa: RUF012
    """Below 70 columns the figure is dropped; from 120 the layout spreads out."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (23, "-medium"), (40, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = APP_KEYS
    """Help, ctrl+c and ctrl+z, on every screen (`app/ui/keys.py`)."""

    def __init__(
        self,
        timeline: Timeline | None = None,
        *,
        choices: PracticeOptions | None = None,
        library: Library,
        clock: Callable[[], float] = time.monotonic,
        listeners: Iterable[EventListener] = (),
        suspend_after: float = SUSPEND_AFTER_SECONDS,
        catalog: Callable[[], list[ListedPlan]] | None = None,
        plan_choices: PlanChoices | None = None,
        remember: Callable[[PlanChoices], str | None] | None = None,
        notice: str | None = None,
        theme: str | None = None,
        signals: ExitSignals | None = None,
    ) -> None:
        super().__init__()
        self._first_timeline = timeline
        self.choices = choices or PracticeOptions()
        self.library = library
        """The pose library, as the launch code read it (the app reads no files)."""
        self._load_catalog = catalog or list
        """Lists the plans and the user's routines; called each time the start screen shows."""
        self.catalog: list[ListedPlan] = []
        self.plan_choices = plan_choices or PlanChoices(base=self.choices)
        """Each plan's choices on the start screen: the base, and what was changed for it."""
        self._remember = remember
        """Keeps each plan's choices for the next launch; says why when it cannot."""
        self.notice = notice
        """One line about the user's files (a settings file that was ignored), or None."""
        self._theme = theme
        self._clock = clock
        self.session = PracticeSession(
            clock,
            listeners,
            suspend_after=suspend_after,
            muted=not self.choices.sound,
            voice=self.choices.voice,
            on_trouble=lambda text: self.view.post_notice(text),
        )
        """The practice: its engine, record and listeners, and when the next pulse is due."""
        self.after = AfterPractice(self, self.session, library)
        """The summary, how it felt, and the FIT files."""
        self.view = PracticeView(self, self.session, library, finished=self.show_summary)
        """What the screens show of the practice, pushed down after each change."""
        self.after.view = self.view
        self.dialogs = Dialogs(self, self.session, self.view)
        """Help, quit, About and the history, over the screen in front."""
        self._signals = signals
        self.after_first_frame: list[Callable[[], None]] = []
        """What the shell leaves until the first frame is on the screen."""

    # -- life ---------------------------------------------------------------

    @property
    def plans(self) -> dict[str, Routine]:
        """The plans of the list last shown that can be practised, by id, in its order."""
        return {plan.id: plan.routine for plan in self.catalog if plan.routine is not None}

    def on_mount(self) -> None:
        if self._theme is not None:
            self.theme = self._theme
        if self._signals is not None:
            self._signals.attach(self._exit_on_signal)
        # At once, not queued: the process stops right after the suspend signal.
        self.app_suspend_signal.subscribe(self, self.view.suspending, immediate=True)
        self.app_resume_signal.subscribe(self, self.view.resumed)
        self.session.set_sound()
        if self._first_timeline is not None:
            self.start_practice(self._first_timeline)
            if self.notice:
                self.view.post_notice(self.notice)
        else:
            self.show_start()

    def on_ready(self) -> None:
        """Textual has drawn the first frame: now for what it must not wait for."""
        for callback in self.after_first_frame:
            callback()

    def show_start(self) -> None:
        """The start screen, with the plans and routines as they are on disk now."""
        self.view.stop_pulse()
        self.session.tell_next_sound()  # nothing is due here: the sound device may sleep
        try:
            self.catalog = self._load_catalog()
        except DataError as error:
            self.catalog = []
            self.notice = str(error).splitlines()[0]
        if self.notice:
            self.view.status_line.notices.post(self.notice, self._clock())

        from app.ui.screens.start import StartScreen

        self.view.start_screen = StartScreen(
            self.choices,
            self.library,
            self.catalog,
            self.view.status_line.start_notice(),
            history_line=self.view.past.overview(),
            propose=self.view.propose,
            plan_choices=self.plan_choices,
        )
        self._put_screen(self.view.start_screen)

    def start_practice(self, timeline: Timeline) -> None:
        """Start the session on `timeline` and show it; the pulse starts running."""
        self.after.kept = None
        events = self.session.start(timeline, self.choices)
        self._put_screen(PracticeScreen(timeline))
        self.view.started()
        self.view.show(events)

    def start_chosen(self, choices: PracticeOptions) -> None:
        """Start the chosen plan's next practice with the options changed on top."""
        from app.core.coach import practice_timeline

        self.choices = choices
        self.session.set_sound(muted=not choices.sound, voice=choices.voice)
        chosen = self.plans.get(choices.plan_id)
        if chosen is not None:
            practices = self.view.past.practices or ()
            now = datetime.now().astimezone()
            self.start_practice(practice_timeline(chosen, choices, self.library, practices, now))

    def show_summary(self) -> None:
        self.view.stop_pulse()
        record = self.session.record
        assert record is not None
        self._put_screen(self.after.summary(record))

    def _put_screen(self, screen: Screen[None]) -> None:
        # Close any dialog first, then put the new screen in place of the current one.
        while len(self.screen_stack) > 1 and self.screen.is_modal:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- messages up ---------------------------------------------------------

    @on(PracticeScreen.Operate)
    def _operate_requested(self, message: PracticeScreen.Operate) -> None:
        self.view.operate(message.operation)

    # Named, not decorated with @on: a decorator would need the screen's module at import.
    def on_start_screen_chosen(self, message: StartScreen.Chosen) -> None:
        self.plan_choices = (message.plan_choices or self.plan_choices).keep(message.choices)
        not_saved = self._remember(self.plan_choices) if self._remember is not None else None
        self.start_chosen(message.choices)
        if not_saved:
            self.view.post_notice(not_saved.splitlines()[0])

    def on_summary_screen_again(self, message: SummaryScreen.Again) -> None:
        self.show_start()

    def on_summary_screen_felt(self, message: SummaryScreen.Felt) -> None:
        self.after.felt(message.feeling, message.pain_pose)

    # -- what the threads report ----------------------------------------------

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.view.show_history_data(message.practices)

    @on(PracticeKept)
    def _practice_kept(self, message: PracticeKept) -> None:
        self.after.kept = message.practice
        if message.line:
            self.after.show_export(message.line)

    @on(ExportDone)
    def _export_done(self, message: ExportDone) -> None:
        self.after.show_export(message.line)

    def on_summary_screen_export(self, message: SummaryScreen.Export) -> None:
        self.after.export_kept()

    def on_history_screen_export(self, message: HistoryScreen.Export) -> None:
        self.after.export(message.practice)

    @on(StatusReported)
    def _status_reported(self, message: StatusReported) -> None:
        self.view.notify_status(message.text)

    @on(FlashWanted)
    def _flash_wanted(self, message: FlashWanted) -> None:
        self.view.flash()

    @on(BellWanted)
    def _bell_wanted(self, message: BellWanted) -> None:
        self.bell()

    # -- actions --------------------------------------------------------------

    def action_toggle_mute(self) -> None:
        self.view.say(self.session.toggle_mute())

    def action_toggle_voice(self) -> None:
        said = self.session.toggle_voice()
        if self.session.voice == "off" and said != "Voice off":
            self.view.post_notice(said)  # what to install: on a line of its own until read
        else:
            self.view.say(said)

    def action_history(self) -> None:
        self.dialogs.history(self.after.goal(), self.after.version_order())

    async def action_quit(self) -> None:
        self.dialogs.quit()

    def action_help(self) -> None:
        self.dialogs.help()

    def action_about(self) -> None:
        self.dialogs.about(self.library)

    def _exit_on_signal(self, signum: int) -> None:
        """A signal that would end the process: end the normal way (saved, as stopped)."""
        self.exit(exit_status(signum))

    def on_unmount(self) -> None:
        """Closed mid-practice (ctrl+q, a signal): end it, so what was done is still recorded."""
        if self._signals is not None:
            self._signals.detach()
        self.session.quit()
