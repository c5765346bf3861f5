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

from app.core.engine import SUSPEND_AFTER_SECONDS, Operation
from app.core.errors import DataError
from app.core.listeners import EventListener, Feels
from app.core.models import Library
from app.core.options import PracticeOptions
from app.core.plans import ListedPlan
from app.core.pose_progress import (
    Comparison,
    VersionOrder,
    compare,
    effort_of_done,
    previous_practice,
)
from app.core.progress import goal_reached_line
from app.core.routine import Routine
from app.core.session import PracticeSession
from app.core.steps import Timeline
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
    UiReports,
)
from app.ui.screens.practice import PracticeScreen

# The other screens are imported when first shown: the first frame of a practice
# waits for nothing it does not draw.
if TYPE_CHECKING:
    from pathlib import Path

    from app.core.coach import Proposal
    from app.core.practice_log import LoggedPractice
    from app.core.record import PracticeRecord
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
        library: Library | None = None,
        clock: Callable[[], float] = time.monotonic,
        listeners: Iterable[EventListener] = (),
        suspend_after: float = SUSPEND_AFTER_SECONDS,
        catalog: Callable[[], list[ListedPlan]] | None = None,
        remember: Callable[[PracticeOptions], str | None] | None = None,
        notice: str | None = None,
        theme: str | None = None,
        signals: ExitSignals | None = None,
    ) -> None:
        super().__init__()
        self._first_timeline = timeline
        self.choices = choices or PracticeOptions()
        self._library = library
        self._load_catalog = catalog or self._stored_catalog
        """Lists the plans and the user's routines; called each time the start screen shows."""
        self.catalog: list[ListedPlan] = []
        self._remember = remember
        """Saves the start screen's choices as the next defaults; says why when it cannot."""
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
        self.view = PracticeView(self, self.session, finished=self.show_summary, goal=self._goal)
        """What the screens show of the practice, pushed down after each change."""
        self.dialogs = Dialogs(self, self.session, self.view)
        """Help, quit, About and the history, over the screen in front."""
        self.fit_folder: Path | None = None
        """Where the export key writes FIT files (the fit-folder setting); None: the data
        folder's `fit` folder."""
        self.kept: LoggedPractice | None = None
        """The last practice as the history kept it, once its end is written."""
        self._signals = signals
        self._paused_for_suspend = False
        self.after_first_frame: list[Callable[[], None]] = []
        """What the shell leaves until the first frame is on the screen."""

    # -- life ---------------------------------------------------------------

    @property
    def library(self) -> Library:
        if self._library is None:
            from app.store.library_file import load_library

            self._library = load_library(None)
        return self._library

    def _stored_catalog(self) -> list[ListedPlan]:
        """The plans as the launch code lists them, when the app is given no list."""
        from app.store.plans import load_catalog

        return load_catalog(self.library)

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
        self.app_suspend_signal.subscribe(self, self._suspending, immediate=True)
        self.app_resume_signal.subscribe(self, self._resumed)
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
            propose=self.propose,
        )
        self._put_screen(self.view.start_screen)

    def propose(self, routine: Routine) -> Proposal:
        """The next practice of `routine`, from the history read so far."""
        from datetime import datetime

        from app.core.coach import propose

        practices = self.view.past.practices or ()
        return propose(routine, self.library, practices, datetime.now().astimezone())

    def start_practice(self, timeline: Timeline) -> None:
        """Start the session on `timeline` and show it; the pulse starts running."""
        self.kept = None
        events = self.session.start(timeline, self.choices)
        self._put_screen(PracticeScreen(timeline))
        self.view.started()
        self.view.show(events)

    def start_chosen(self, choices: PracticeOptions) -> None:
        """Build the chosen plan with its options and start it (from the start screen)."""
        from app.core.timeline import build_timeline

        self.choices = choices
        self.session.set_sound(muted=not choices.sound, voice=choices.voice)
        chosen = self.plans.get(choices.plan_id)
        if chosen is None:
            return
        try:
            proposal: Proposal | None = self.propose(chosen)
        except (DataError, ValueError):  # a proposal never stops a practice
            proposal = None
        if proposal is None:
            self.start_practice(build_timeline(chosen.with_options(choices), self.library))
            return
        routine = proposal.apply(chosen).with_options(choices)
        self.start_practice(proposal.annotate(build_timeline(routine, self.library)))

    def show_summary(self) -> None:
        self.view.stop_pulse()
        record = self.session.record
        assert record is not None
        from app.ui.screens.summary import SummaryScreen

        notes = goal_reached_line(record, self._goal())
        warnings = self.view.status_line.history_reports()
        progress = self._progress(record)
        poses = {
            entry.step.pose_id: entry.step.title
            for entry in record.steps
            if entry.step.pose_id is not None
        }
        self._put_screen(
            SummaryScreen(
                record,
                notes=notes,
                warnings=warnings,
                progress=progress,
                poses=tuple(poses.items()),
            )
        )

    def _progress(self, record: PracticeRecord) -> Comparison | None:
        """What improved against the last practice of this plan (None before the history
        is read, or when no pose was worked on)."""
        practices = self.view.past.practices
        done = [effort for effort in map(effort_of_done, record.steps) if effort is not None]
        if practices is None or not done:
            return None
        now = datetime.now().astimezone()
        previous = previous_practice(practices, record.routine_id, now)
        return compare(done, previous, self._version_order(), record.name)

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
        not_saved = self._remember(message.choices) if self._remember is not None else None
        self.start_chosen(message.choices)
        if not_saved:
            self.view.post_notice(not_saved.splitlines()[0])

    def on_summary_screen_again(self, message: SummaryScreen.Again) -> None:
        self.show_start()

    def on_summary_screen_felt(self, message: SummaryScreen.Felt) -> None:
        """Kept with the practice by the history; the next proposal reads it."""
        for listener in self.session.listeners:
            if isinstance(listener, Feels):
                listener.feel(message.feeling, message.pain_pose)

    # -- what the threads report ----------------------------------------------

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.view.show_history_data(message.practices)

    @on(PracticeKept)
    def _practice_kept(self, message: PracticeKept) -> None:
        self.kept = message.practice
        if message.line:
            self._show_export(message.line)

    @on(ExportDone)
    def _export_done(self, message: ExportDone) -> None:
        self._show_export(message.line)

    # -- FIT files --------------------------------------------------------------

    def on_summary_screen_export(self, message: SummaryScreen.Export) -> None:
        if self.kept is None:
            self._show_export("FIT file: the practice is not in the history yet")
        else:
            self.export(self.kept)

    def on_history_screen_export(self, message: HistoryScreen.Export) -> None:
        self.export(message.practice)

    def export(self, practice: LoggedPractice) -> None:
        """Write the practice's FIT file on a thread of its own; the screen says where."""
        folder, create = self.fit_folder, False
        if folder is None:
            from app.system.folders import user_folders

            history = user_folders().history_file
            if history is None:
                self._show_export("FIT file not written: no data folder")
                return
            folder, create = history.parent / "fit", True
        reports = UiReports(self)

        def write() -> None:
            from app.store.fit_file import export_line

            reports.exported(export_line(practice, folder, create=create))

        self.run_worker(write, thread=True, group="fit-export", exit_on_error=False)

    def _show_export(self, line: str) -> None:
        show = getattr(self.screen, "show_export", None)
        if callable(show):
            show(line)

    @on(StatusReported)
    def _status_reported(self, message: StatusReported) -> None:
        self.view.notify_status(message.text)

    @on(FlashWanted)
    def _flash_wanted(self, message: FlashWanted) -> None:
        self.view.flash()

    @on(BellWanted)
    def _bell_wanted(self, message: BellWanted) -> None:
        self.bell()

    def _goal(self) -> int:
        return self.library.guidance.lift_goal_per_side

    def _version_order(self) -> VersionOrder:
        """Each pose's versions as the library lists them: the first is the easiest."""
        return VersionOrder.of(
            (pose.id, [version.id for version in pose.versions]) for pose in self.library.poses
        )

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
        self.dialogs.history(self._goal(), self._version_order())

    async def action_quit(self) -> None:
        self.dialogs.quit()

    def action_help(self) -> None:
        self.dialogs.help()

    def action_about(self) -> None:
        self.dialogs.about(self.library)

    # -- signals and the end ----------------------------------------------------

    def _exit_on_signal(self, signum: int) -> None:
        """A signal that would end the process: end the normal way (the practice is saved,
        as stopped)."""
        from app.system.signals import exit_status

        self.exit(exit_status(signum))

    def _suspending(self, app: App[int]) -> None:
        """Ctrl+Z: pause, so the time in the background is not counted."""
        self._paused_for_suspend = self.session.ticking
        if self._paused_for_suspend:
            self.view.operate(Operation.PAUSE)

    def _resumed(self, app: App[int]) -> None:
        """`fg`: carry on where the practice was."""
        if self._paused_for_suspend:
            self._paused_for_suspend = False
            self.view.operate(Operation.RESUME)

    def on_unmount(self) -> None:
        """Closed mid-practice (ctrl+q, a signal): end it, so what was done is still recorded."""
        if self._signals is not None:
            self._signals.detach()
        self.session.quit()
