"""The backside app: owns the engine of the current practice and its one redraw pulse.

Time always comes from the engine (`Engine.status()` and the events of
`Engine.tick()`); the pulse only asks the engine what has happened and passes
the answer on to the screen and to the event listeners (sound, voice,
stay-awake, the practice record). It does not beat at a fixed rate: each pulse
sleeps until the engine's next change (`Engine.next_change()`: the next
displayed second, chime or breath), or the breath pacer's next frame, so a
hold costs one wake-up a second and each second is shown on its boundary.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from app.core.engine import SUSPEND_AFTER_SECONDS, Engine, EngineState, Operation, Status
from app.core.errors import DataError
from app.core.events import Event, SessionFinished, StepStarted, Suspended
from app.core.models import Library
from app.core.options import PracticeOptions
from app.core.plans import ListedPlan
from app.core.practice_log import LoggedPractice
from app.core.progress import goal_reached_line, overview_line
from app.core.record import PracticeRecord
from app.core.routine import Routine
from app.core.steps import Timeline
from app.core.timefmt import a_or_an
from app.ui.notices import Notices, parts
from app.ui.screens.practice import PracticeScreen

# The other screens are imported when first shown: the first frame of a practice
# waits for nothing it does not draw.
if TYPE_CHECKING:
    from app.system.signals import ExitSignals
    from app.ui.screens.start import StartScreen
    from app.ui.screens.summary import SummaryScreen


#: How often the breath pacer is redrawn while it fills and empties. Measured with
#: `make bench` (2 cores): 4 frames a second cost 2.8 % of a core, 5 cost 3.7 %,
#: 10 cost 6.4 %: each frame, Textual repaints every widget whose container spans
#: the pacer's row. At 4 a second, on a grid of the step's own time (so its frames
#: fall on the displayed seconds too), the fill still moves in even steps.
PACER_FRAME_SECONDS = 1 / 4
#: Wake this long after the engine's next change, never just before it: Textual's
#: timers end a little early, and a wake-up before the change would show nothing new.
WAKE_MARGIN_SECONDS = 0.002
#: How long the visual bell lights the screen.
FLASH_SECONDS = 0.15


class EventListener(Protocol):
    """Anything that reacts to the engine's events: the chime player, the voice."""

    def handle(self, event: Event) -> None: ...


@runtime_checkable
class Mutable(Protocol):
    """A listener that can be muted with `m` (the chime player)."""

    def set_muted(self, muted: bool) -> None: ...


@runtime_checkable
class Silent(Protocol):
    """A listener that can say why unmuting would play nothing (`--sound off`)."""

    def why_silent(self) -> str: ...


@runtime_checkable
class Voiced(Protocol):
    """A listener that speaks, switched on and off with `v`."""

    def set_voice(self, enabled: bool) -> None: ...


@runtime_checkable
class Begins(Protocol):
    """A listener told of each practice as it starts (the history writes its session row)."""

    def begin(self, timeline: Timeline, choices: PracticeOptions) -> None: ...


class BacksideApp(App[int]):
    """The start screen, the practice, and the summary. Returns an exit status."""

    CSS_PATH = "backside.tcss"
    TITLE = "backside"
    ENABLE_COMMAND_PALETTE = False

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012  (Textual declares it an instance variable)
        (0, "-narrow"),
        (70, "-normal"),
        (120, "-wide"),
    ]
    """Below 70 columns the figure is dropped; from 120 the layout spreads out."""
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-short"),
        (23, "-medium"),
        (40, "-tall"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="help",
            tooltip="this help (a practice waits while it is open)",
        ),
        Binding(
            "ctrl+c",
            "quit",
            "Quit",
            key_display="ctrl+c",
            show=False,
            priority=True,
            id="interrupt",
            tooltip="quit, as q does",
        ),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            key_display="ctrl+z",
            show=False,
            id="suspend",
            tooltip="to the background, paused (fg: back)",
        ),
    ]
    """Help is everywhere; each screen adds its own keys. Ctrl+C asks, as `q` does;
    Ctrl+Z puts backside in the background (the practice pauses until `fg`)."""

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
        self.listeners: list[EventListener] = list(listeners)
        self._suspend_after = suspend_after
        self.engine: Engine | None = None
        self.record: PracticeRecord | None = None
        self.muted = not self.choices.sound
        self.voice = self.choices.voice
        self.status_text = ""
        """The last line from `notify_status` (the sound, voice, screen lock and history):
        each report in it stays until one about the same thing replaces it."""
        self.notices = Notices()
        """What must be read: the app's notices and each new report in `status_text`."""
        self.message = ""
        """A passing message of the app's own (mute, a long gap): cleared at the next step."""
        self._pulse: Timer | None = None
        self._flash_timer: Timer | None = None
        self._signals = signals
        self.history: tuple[LoggedPractice, ...] | None = None
        """Every practice so far, once the history file is read (None until then)."""
        self._paused_for_suspend = False
        self.after_first_frame: list[Callable[[], None]] = []
        """What the shell leaves until the first frame is on the screen."""
        self._start_screen: StartScreen | None = None
        """The start screen while it is shown (its module is loaded only then)."""

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
        self._apply_sound_choices()
        if self._first_timeline is not None:
            self.start_practice(self._first_timeline)
            if self.notice:
                self.post_notice(self.notice)
        else:
            self.show_start()

    def on_ready(self) -> None:
        """Textual has drawn the first frame: now for what it must not wait for."""
        for callback in self.after_first_frame:
            callback()

    def show_start(self) -> None:
        """The start screen, with the plans and routines as they are on disk now."""
        self._stop_pulse()
        try:
            self.catalog = self._load_catalog()
        except DataError as error:
            self.catalog = []
            self.notice = str(error).splitlines()[0]
        if self.notice:
            self.notices.post(self.notice, self._clock())

        from app.ui.screens.start import StartScreen

        self._start_screen = StartScreen(
            self.choices,
            self.library,
            self.catalog,
            self._start_notice(),
            history_line=self._history_line(),
        )
        self._put_screen(self._start_screen)

    def start_practice(self, timeline: Timeline) -> None:
        """Start the engine on `timeline` and show it; the pulse starts running."""
        self.engine = Engine(timeline, self._clock, suspend_after=self._suspend_after)
        self.record = PracticeRecord(routine_id=timeline.routine_id, name=timeline.name)
        self.message = ""
        screen = PracticeScreen(timeline)
        self._put_screen(screen)
        self._show_status_line()
        self._show_progress()
        for listener in list(self.listeners):
            self._tell(listener, timeline)
        self.dispatch(self.engine.start())

    def start_chosen(self, choices: PracticeOptions) -> None:
        """Build the chosen plan with its options and start it (from the start screen)."""
        from app.core.timeline import build_timeline

        self.choices = choices
        self.muted = not choices.sound
        self.voice = choices.voice
        self._apply_sound_choices()
        chosen = self.plans.get(choices.plan_id)
        if chosen is None:
            return
        routine = chosen.with_options(choices)
        self.start_practice(build_timeline(routine, self.library))

    def show_summary(self) -> None:
        self._stop_pulse()
        assert self.record is not None
        from app.ui.screens.summary import SummaryScreen

        goal = self.library.guidance.lift_goal_per_side
        self._put_screen(
            SummaryScreen(
                self.record,
                notes=goal_reached_line(self.record, goal),
                warnings=self._history_reports(),
            )
        )

    def _put_screen(self, screen: Screen[None]) -> None:
        # Close any dialog first, then put the new screen in place of the current one.
        while len(self.screen_stack) > 1 and self.screen.is_modal:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _stop_pulse(self) -> None:
        if self._pulse is not None:
            self._pulse.stop()
            self._pulse = None

    # -- the pulse ------------------------------------------------------------

    def pulse(self) -> None:
        """Ask the engine what has happened by now, and show it; then sleep until the next change.

        The pulse's timer calls this; the UI tests call it after moving their fake clock.
        """
        if self.engine is None or self.engine.state is EngineState.FINISHED:
            return
        self.dispatch(self.engine.tick())

    def next_pulse_in(self) -> float | None:
        """Seconds until the next pulse is due, or None while nothing changes by itself."""
        engine = self.engine
        at = engine.next_change() if engine is not None else None
        if engine is None or at is None:
            return None
        delay = at - self._clock() + WAKE_MARGIN_SECONDS
        step = engine.step
        if step.paced:
            # The pacer moves between breaths: its next frame on the step's grid.
            into = engine.status().elapsed % PACER_FRAME_SECONDS
            delay = min(delay, PACER_FRAME_SECONDS - into + WAKE_MARGIN_SECONDS)
        return max(WAKE_MARGIN_SECONDS, delay)

    def _schedule_pulse(self) -> None:
        """One timer at a time: each dispatch replaces it, since a key can move the next change."""
        self._stop_pulse()
        delay = self.next_pulse_in()
        if delay is not None:
            self._pulse = self.set_timer(delay, self.pulse, name="pulse")

    def operate(self, operation: Operation) -> None:
        """Run an engine operation (a key press) and pass its events on."""
        if self.engine is None:
            return
        self.dispatch(self.engine.operate(operation))

    @on(PracticeScreen.Operate)
    def _operate_requested(self, message: PracticeScreen.Operate) -> None:
        self.operate(message.operation)

    # Named, not decorated with @on: a decorator would need the screen's module at import.
    def on_start_screen_chosen(self, message: StartScreen.Chosen) -> None:
        not_saved = self._remember(message.choices) if self._remember is not None else None
        self.start_chosen(message.choices)
        if not_saved:
            self.post_notice(not_saved.splitlines()[0])

    def on_summary_screen_again(self, message: SummaryScreen.Again) -> None:
        self.show_start()

    # -- the history ----------------------------------------------------------

    def show_history_data(self, practices: tuple[LoggedPractice, ...]) -> None:
        """Every practice so far, read by the history listener: shown where it is wanted."""
        self.history = practices
        start = self._start_screen
        if start is not None and self.screen is start:
            start.show_history_line(self._history_line())
        self._show_progress()

    def _history_line(self) -> str:
        if self.history is None:
            return ""
        return overview_line(self.history, datetime.now().astimezone())

    def _show_progress(self) -> None:
        screen = self._practice_screen()
        if screen is not None and self.history is not None:
            goal = self.library.guidance.lift_goal_per_side
            screen.show_progress(self.history, goal)

    def action_history(self) -> None:
        """The history screen: the last practices, minutes per week, lifts against the goal."""
        from app.ui.screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            return
        goal = self.library.guidance.lift_goal_per_side
        note = " · ".join(self._history_reports())
        self.push_screen(HistoryScreen(self.history, goal=goal, note=note))

    def dispatch(self, events: list[Event]) -> None:
        """Give events to the record and the listeners, then redraw the practice."""
        finished: SessionFinished | None = None
        for event in events:
            if self.record is not None:
                self.record.handle(event)
            for listener in list(self.listeners):
                self._tell(listener, event)
            if isinstance(event, StepStarted):
                # The passing message goes with its step; a notice read long enough, too.
                gone = self.notices.step_started(self._clock())
                if self.message or gone:
                    self.message = ""
                    self._show_status_line()
            elif isinstance(event, Suspended):
                gap = round(event.gap_seconds)
                self.say(f"Paused after {a_or_an(gap)} {gap} s gap: space to go on")
            elif isinstance(event, SessionFinished):
                finished = event
        self._redraw(events)
        self._schedule_pulse()
        if finished is not None:
            self._stop_pulse()
            self.show_summary()

    def _tell(self, listener: EventListener, event: Event | Timeline) -> None:
        """Give a listener an event (or, with a timeline, the start of a practice)."""
        try:
            if isinstance(event, Timeline):
                if isinstance(listener, Begins):
                    listener.begin(event, self.choices)
            else:
                listener.handle(event)
        except Exception as error:  # a broken speaker must not stop the practice
            self.listeners.remove(listener)
            self.post_notice(f"{type(listener).__name__} stopped: {error}")

    def add_listener(self, listener: EventListener) -> None:
        """Give `listener` every engine event from now on (and the mute and voice state)."""
        self.listeners.append(listener)
        self._apply_sound_choices()

    def _redraw(self, events: list[Event]) -> None:
        screen = self._practice_screen()
        if screen is not None and self.engine is not None:
            screen.show(self.status(), events)

    def _practice_screen(self) -> PracticeScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, PracticeScreen):
                return screen
        return None

    def status(self) -> Status:
        assert self.engine is not None
        return self.engine.status()

    # -- hooks for the sound and voice ----------------------------------------

    def notify_status(self, text: str) -> None:
        """The reports of the sound, voice, screen lock and history, in one line until replaced.

        Each report new in `text` is a notice as well, shown until it has been read;
        after that it stays in the status line. Call it on the app's thread; from
        another thread use `app.call_later(app.notify_status, text)`.
        """
        before = parts(self.status_text)
        self.status_text = text
        now = self._clock()
        for key, part in parts(text).items():
            if before.get(key) != part:
                self.notices.post(part, now)
        self._show_status_line()

    def post_notice(self, text: str) -> None:
        """A notice of the app's own (settings ignored, choices not saved), kept until read."""
        self.notices.post(text, self._clock())
        self._show_status_line()

    def say(self, text: str) -> None:
        """A passing message in the status line, gone at the next step."""
        self.message = text
        self._show_status_line()

    def _settled(self) -> list[str]:
        """The reports of `status_text` but the one on the notice line: said once, not twice."""
        shown = self.notices.shown_key
        return [part for key, part in parts(self.status_text).items() if key != shown]

    def _start_notice(self) -> str:
        """All the start screen has to say: every notice not yet read, then the other reports."""
        said = self.notices.texts
        reports = [part for part in parts(self.status_text).values() if part not in said]
        return " · ".join([*said, *reports])

    def _history_reports(self) -> tuple[str, ...]:
        """What the history said of itself (not being saved, moved aside, saving again):
        still worth saying after the practice, on the summary and the history screen."""
        return tuple(part for key, part in parts(self.status_text).items() if key == "History")

    def _show_status_line(self) -> None:
        screen = self._practice_screen()
        if screen is not None:
            passing = " · ".join(text for text in (self.message, *self._settled()) if text)
            screen.show_status(
                sound=not self.muted,
                voice=self.voice,
                message=passing,
                notice=self.notices.line(),
            )
        start = self._start_screen
        if start is not None and self.screen is start:
            start.show_notice(self._start_notice())

    def flash(self) -> None:
        """The visual bell: light the screen up briefly."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self.screen.add_class("-flash")
        self._flash_timer = self.set_timer(FLASH_SECONDS, self._end_flash, name="flash")

    def _end_flash(self) -> None:
        for screen in self.screen_stack:
            screen.remove_class("-flash")

    def action_toggle_mute(self) -> None:
        if self.muted:
            for listener in self.listeners:
                if isinstance(listener, Silent) and (reason := listener.why_silent()):
                    self.say(reason)  # and stay muted: "Sound on" would be untrue
                    return
        self.muted = not self.muted
        self._apply_sound_choices()
        self.say("Sound off" if self.muted else "Sound on")

    def action_toggle_voice(self) -> None:
        self.voice = not self.voice
        self._apply_sound_choices()
        self.say("Voice on" if self.voice else "Voice off")

    def _apply_sound_choices(self) -> None:
        for listener in self.listeners:
            if isinstance(listener, Mutable):
                listener.set_muted(self.muted)
            if isinstance(listener, Voiced):
                listener.set_voice(self.voice)

    def on_unmount(self) -> None:
        """Closed mid-practice (ctrl+q, a signal): end it, so what was done is still recorded."""
        if self._signals is not None:
            self._signals.detach()
        engine = self.engine
        if engine is not None and engine.state is not EngineState.FINISHED:
            for event in engine.quit():
                if self.record is not None:
                    self.record.handle(event)
                for listener in list(self.listeners):
                    self._tell(listener, event)

    # -- actions --------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quitting mid-practice asks first (ctrl+q and ctrl+c too); elsewhere it quits."""
        from app.ui.screens.quit import QuitScreen

        engine = self.engine
        if isinstance(self.screen, QuitScreen):
            self.screen.dismiss(True)  # asked twice: that is a yes
        elif (
            self._practice_screen() is not None
            and engine is not None
            and engine.state is not EngineState.FINISHED
        ):
            self._ask_to_stop(engine)
        else:
            self.exit(0)

    def _ask_to_stop(self, engine: Engine) -> None:
        """The practice pauses while the quit dialog asks; carrying on resumes it."""
        from app.ui.screens.quit import QuitScreen

        was_running = engine.state is EngineState.RUNNING
        if was_running:
            self.operate(Operation.PAUSE)

        def answered(stop: bool | None) -> None:
            if stop:
                self.operate(Operation.QUIT)
            elif was_running:
                self.operate(Operation.RESUME)

        self.push_screen(QuitScreen(), answered)

    def _exit_on_signal(self, signum: int) -> None:
        """A signal that would end the process: end the normal way (the practice is saved, as stopped)."""
        from app.system.signals import exit_status

        self.exit(exit_status(signum))

    def _suspending(self, app: App[int]) -> None:
        """Ctrl+Z: pause, so the time in the background is not counted."""
        engine = self.engine
        self._paused_for_suspend = engine is not None and engine.state is EngineState.RUNNING
        if self._paused_for_suspend:
            self.operate(Operation.PAUSE)

    def _resumed(self, app: App[int]) -> None:
        """`fg`: carry on where the practice was."""
        if self._paused_for_suspend:
            self._paused_for_suspend = False
            self.operate(Operation.RESUME)

    def action_help(self) -> None:
        """The keys of the screen in front; a running practice waits under them."""
        from app.ui.screens.help import HelpScreen, help_for
        from app.ui.screens.practice import PracticeScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys = help_for(screen, self.BINDINGS, self.get_key_display)
        if not isinstance(screen, PracticeScreen):
            self.push_screen(HelpScreen(keys, getattr(screen, "HELP_TITLE", "Keys")))
            return
        engine = self.engine
        was_running = (
            engine is not None
            and engine.state is EngineState.RUNNING
            and self._practice_screen() is not None
        )
        if was_running:
            self.operate(Operation.PAUSE)

        def closed(_: None) -> None:
            if was_running:
                self.operate(Operation.RESUME)

        self.push_screen(HelpScreen(keys), closed)

    def action_about(self) -> None:
        """Why, when and how to practise (from the start screen's `a`)."""
        from app.core.guidance import guidance_sections
        from app.ui.screens.about import AboutScreen

        if not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen(guidance_sections(self.library)))
