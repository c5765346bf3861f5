"""The practice: the pose large, the countdown, the breath pacer, the cues and the keys."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Digits, Static

from app.core.coach import NO_PROGRESSION, lift_line
from app.core.cue_pace import cue_at, walked_cues
from app.core.engine import EngineState, Operation, Status
from app.core.events import Event, SecondChanged, StepStarted, VersionSwapped
from app.core.practice_log import LoggedPractice
from app.core.progress import last_lifts
from app.core.steps import Side, Step, Timeline
from app.core.timefmt import clock
from app.ui.widgets.big_digits import BigDigits
from app.ui.widgets.cues import CueList
from app.ui.widgets.footer import KeyFooter
from app.ui.widgets.letters import lettered, lettered_width
from app.ui.widgets.pacer import Pacer
from app.ui.widgets.session_bar import SessionBar

#: Each caution or note stays this long: a sentence read from the mat, a metre or two away.
NOTE_SECONDS = 8.0
#: Below this many rows the countdown's digits do not fit whole: it is plain text.
DIGITS_MIN_ROWS = 10
#: Below this many rows the pose's name and the side take one row each.
LETTERS_MIN_ROWS = 23
#: Below this many rows the note and what comes next give their rows to the cues.
NOTE_MIN_ROWS = 16

#: The Statics of the screen, by id.
TEXT_IDS = (
    "kind",
    "section",
    "set",
    "title",
    "subtitle",
    "side",
    "plain-countdown",
    "count",
    "phase",
    "figure",
    "fallback",
    "note",
    "up-next",
    "elapsed",
    "remaining",
    "notice-line",
    "status-line",
)


def kind_label(step: Step) -> str:
    """What the step is, on the top line: "GET READY", "HOLD", "SWITCH SIDES"..."""
    return step.kind.value.replace("-", " ").upper()


def title_classes(step: Step) -> dict[str, bool]:
    """The title's look (backside.tcss) for what the step is: one class on, the others off."""
    return {
        "-get-ready": step.is_get_ready,
        "-hold": step.is_work,
        "-switch-sides": step.is_switch,
        "-rest": step.is_rest,
        "-done": step.is_end,
    }


def banner(title: str, width: int | None = None) -> str:
    """The pose's name as large as fits: three-row capitals, else spread-out capitals."""
    drawn = lettered(title)
    if drawn is not None and (width is None or lettered_width(title) <= width - 2):
        return drawn
    return spaced(title, width)


def spaced(title: str, width: int | None = None) -> str:
    """'L O C U S T': capitals spread out, easier to read from the mat (when they fit)."""
    wide = "   ".join(" ".join(word) for word in title.upper().split())
    if width is None or len(wide) <= width - 2:
        return wide
    return title.upper()


def same_shape(before: str, after: str, width: int) -> bool:
    """True when `after` takes exactly the cells `before` took, unwrapped in `width` columns."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return False
    for old_line, new_line in zip(old, new, strict=True):
        length = cell_len(new_line)
        if length != cell_len(old_line) or length > width:
            return False
    return True


def set_text(step: Step) -> str:
    if step.set_number is None or step.set_count is None:
        return ""
    return f"set {step.set_number} of {step.set_count}"


def side_text(step: Step, lifting: Side | None = None) -> str:
    """The side at work, in capitals: "RIGHT LEG" ("LEFT SIDE" when unnamed).

    In alternating lifts (`lifting`) it is the arm that lifts this breath.
    """
    if lifting is not None:
        return f"{lifting.value} arm".upper()
    return step.side_words.upper()


def side_banner(step: Step, width: int | None, tall: bool, lifting: Side | None = None) -> str:
    """The side as large as fits: three-row capitals where there is room, else plain."""
    text = side_text(step, lifting)
    if text and tall and (width is None or lettered_width(text) <= width):
        return lettered(text) or text
    return text


def fallback_text(step: Step) -> str:
    """What the get-ready (and the hold) says about the version's fallback."""
    if step.fallback is not None:
        # The key first: on a small screen the end of the line is what gets cut.
        return f"e: {step.fallback.name} instead, if this feels forced"
    if step.swapped_from is not None and not step.is_switch:
        return f"{step.subtitle} instead, for this set"
    return ""


def count_text(status: Status) -> str:
    """The count beside the countdown: the lift, the breath, the movement's breath."""
    step = status.step
    if status.rep is not None and status.reps is not None and status.rep_side is not None:
        # The arm at work stands large beside the version's name; here, the goal.
        text = f"lift {status.rep} of {status.reps}"
        if step.lift_goal:
            text += f" · goal {step.lift_goal} a side"
        return text
    if step.phase is not None:
        # A movement of a flow is half a breath: it is the inhale or the exhale.
        return f"move on the {step.phase.value}"
    if status.breath is not None:
        return f"breath {status.breath} of {status.breaths}"
    if step.is_work:
        return f"hold {clock(status.duration)}"
    return ""


def up_next(timeline: Timeline, step: Step) -> str:
    """What the next piece of work is: the pose, its version, its side and set."""
    later_steps = timeline.steps[step.index + 1 :]
    if (
        step.is_get_ready
        and later_steps
        and later_steps[0].is_work
        and later_steps[0].title == step.title
    ):
        later_steps = later_steps[1:]  # the pose being got ready for is already on screen
    for later in later_steps:
        if later.is_end:
            return "the end of the practice"
        if later.is_work:
            parts = [later.title]
            if later.subtitle:
                parts.append(later.subtitle)
            if later.side_words:
                parts.append(later.side_words)
            if later.set_number is not None and later.set_number != step.set_number:
                parts.append(set_text(later))
            return " · ".join(parts)
    return ""


def step_hint(step: Step) -> tuple[str, ...]:
    """What to do in a step that has no cues of its own."""
    if step.is_get_ready:
        side = f", {step.side_label or step.side.value} first" if step.side is not None else ""
        return (f"Move into position{side}",)
    if step.is_switch:
        return (f"Change to the {step.side_label}" if step.side_label else "Change sides",)
    if step.is_rest:
        return ("Rest and breathe easy",)
    return ()


class PracticeScreen(Screen[None]):
    """The step being practised. Everything shown comes from the engine's status.

    The app pushes each moment down with `show` and the status line with
    `show_status`; the keys go up as `Operate` messages (and `app.` actions).
    """

    @dataclass
    class Operate(Message):
        """A key asked the engine for something: pause, skip, more time..."""

        operation: Operation

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "operate('toggle-pause')",
            "Pause",
            key_display="space",
            id="pause",
            tooltip="pause / resume",
        ),
        Binding(
            "space",
            "operate('resume')",
            "Resume",
            key_display="space",
            id="resume",
            tooltip="pause / resume",
        ),
        Binding(
            "right,n", "operate('next')", "Next", key_display="→", id="next", tooltip="next step"
        ),
        Binding(
            "left,p",
            "operate('previous')",
            "Back",
            key_display="←",
            id="previous",
            tooltip="previous step",
        ),
        Binding("r", "operate('restart')", "Restart", id="restart", tooltip="restart this step"),
        Binding(
            "plus,equals_sign",
            "operate('more-time')",
            "More",
            key_display="+",
            id="more-time",
            tooltip="add time: 5 s, a breath, or a lift each side",
        ),
        Binding(
            "minus,underscore",
            "operate('less-time')",
            "Less",
            key_display="−",
            id="less-time",
            tooltip="remove time (never below a second)",
        ),
        Binding(
            "e",
            "operate('swap-version')",
            "Instead",
            key_display="e",
            id="swap-version",
            tooltip="the other version instead, for this set (Full bow: no hands)",
        ),
        Binding("m", "app.toggle_mute", "Mute", id="mute", tooltip="mute or unmute the chimes"),
        Binding("v", "app.toggle_voice", "Voice", id="voice", tooltip="voice on or off"),
        Binding(
            "q", "app.quit", "Quit", id="quit", tooltip="quit (asks first; what you did is kept)"
        ),
    ]
    """The practice keys; `?` (help) comes from the app."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.timeline = timeline
        self._status: Status | None = None
        """The last moment the app pushed down: drawn again once mounted."""
        self._second: int | None = None
        """The countdown's whole second, as the engine's last `SecondChanged` said."""
        self._switches = "sound on · voice off"
        self._message = ""
        self._notice = ""
        self._step_index: int | None = None
        self._state: EngineState | None = None
        self._shown: dict[str, str] = {}
        self._step_notes: tuple[str, ...] = ()
        """The note line's turns for the current step (last time's lifts, the cautions)."""
        self._composed = False
        # Kept, not queried: a pulse during shutdown must not fail to find them.
        self._texts: dict[str, Static] = {}
        self._countdown = Digits("0:00", id="countdown")
        self._big_countdown = BigDigits("0:00", id="big-countdown")
        self._pacer = Pacer(id="pacer")
        self._cues = CueList(id="cues")
        self._session = SessionBar(total=1000, id="session")
        self._history: tuple[LoggedPractice, ...] | None = None
        self._goal = 0

    def compose(self) -> ComposeResult:
        texts = self._texts
        for name in TEXT_IDS:
            texts[name] = Static(id=name)
        yield Static("PAUSED  ·  space to go on", id="paused-banner")
        with Horizontal(id="top"):
            yield texts["kind"]
            yield texts["plain-countdown"]
            yield texts["section"]
            yield texts["set"]
        yield texts["title"]
        with Horizontal(id="subtitle-row"):
            yield texts["subtitle"]
            yield texts["side"]
        with Horizontal(id="middle"):
            with Vertical(id="left"):
                with Horizontal(id="clock-row"):
                    yield self._countdown
                    yield self._big_countdown
                    with Vertical(id="measure"):
                        yield texts["count"]
                        yield self._pacer
                        yield texts["phase"]
                yield self._cues
            yield texts["figure"]
        yield texts["fallback"]
        yield texts["note"]
        yield texts["up-next"]
        with Horizontal(id="progress-row"):
            yield texts["elapsed"]
            yield self._session
            yield texts["remaining"]
        yield texts["notice-line"]
        yield texts["status-line"]
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._fit(self.size.height)
        # `is_mounted` turns true only after this handler; the first frame must be right.
        self._composed = True
        if self._status is not None:
            self.show(self._status, [])
        # The footer listens for key changes only once this screen is the app's.
        self.call_after_refresh(self.refresh_bindings)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)
        if self._status is not None and self._composed:
            self._step_index = None  # the name and the side are drawn for the new size
            self._show_all(self._status, started=False)

    def _fit(self, height: int) -> None:
        # The countdown is the last thing to shrink: below the rows its digits need,
        # it moves to the top line as plain text, whole.
        self.update_classes(
            {"-tiny": 0 < height < DIGITS_MIN_ROWS, "-cramped": 0 < height < NOTE_MIN_ROWS}
        )

    # -- drawing ----------------------------------------------------------------

    def _put(self, widget_id: str, text: str) -> None:
        """Update a Static only when its text changes (no needless redraws).

        Plain text, never markup: a "[" in a cue or a figure is shown as it is.
        A text of the same shape as the last one (0:22 done, then 0:23 done) is
        repainted in place; only a change of shape lays the screen out again, and
        a hidden widget's never does.
        """
        before = self._shown.get(widget_id)
        if before != text:
            self._shown[widget_id] = text
            widget = self._texts[widget_id]
            # A hidden widget (the plain countdown of tiny screens) is laid out when shown.
            layout = widget.display and (
                before is None or not same_shape(before, text, widget.content_size.width)
            )
            widget.update(Content(text), layout=layout)

    def show(self, status: Status, events: list[Event]) -> None:
        """Draw the current moment; called on every pulse and after every key."""
        self._status = status
        started = False
        for event in events:
            if isinstance(event, StepStarted):
                started = True
                self._second = None
            elif isinstance(event, SecondChanged):
                self._second = event.seconds_left
            elif isinstance(event, VersionSwapped):
                self.timeline = event.timeline  # what comes next has changed
        if not self._composed:
            return
        step = status.step
        if not events and step.index == self._step_index and status.state is self._state:
            # Between the engine's events (each second, chime and breath is one) only
            # the breath pacer moves: its frames redraw nothing else.
            self._show_measure(status)
            return
        self._show_all(status, started)

    def _show_all(self, status: Status, started: bool) -> None:
        step = status.step
        if step.index != self._step_index or started:
            self._show_step(step)
        paused = status.state is EngineState.PAUSED
        self.set_class(paused, "-paused")
        second = self._second
        if step.is_end:
            second = 0
        if second is None:
            second = status.seconds_left
        digits = clock(second)
        if self._shown.get("countdown") != digits:
            self._shown["countdown"] = digits
            self._countdown.update(digits)
            self._big_countdown.update(digits)
        self._put("plain-countdown", digits)
        if status.rep_side is not None:
            self._put(
                "side",
                side_banner(
                    step,
                    self.size.width or None,
                    self.size.height >= LETTERS_MIN_ROWS,
                    status.rep_side,
                ),
            )
        self._show_measure(status)
        current = cue_at(step, status.elapsed)
        if current is not None:  # the ▶ moves as `app.core.cue_pace` says, as the voice does
            self._cues.show(walked_cues(step), current)
        notes = self._step_notes
        if notes:
            # Every caution takes its turn, each long enough to read from the mat.
            self._put("note", notes[int(status.elapsed // NOTE_SECONDS) % len(notes)])
        self._put("elapsed", f"{clock(math.floor(status.session_elapsed + 1e-9))} done")
        self._put("remaining", f"{clock(status.session_remaining)} left")
        bar = self._session
        progress = round(status.session_progress * 1000)
        if bar.progress != progress:
            bar.update(progress=progress)
        if status.state is not self._state:
            self._state = status.state
            self.refresh_bindings()  # Pause becomes Resume, and back
        self._draw_status_line()

    def _show_step(self, step: Step) -> None:
        self._step_index = step.index
        # A step's look is set on the few widgets it changes, not on the screen:
        # a class on the screen restyles every widget against the whole stylesheet.
        self._texts["title"].update_classes(title_classes(step))
        self._texts["figure"].set_class(bool(step.figure), "-shown")
        self._texts["fallback"].set_class(bool(fallback_text(step)), "-shown")
        self._pacer.set_class(step.paced, "-shown")
        self._put("kind", kind_label(step))
        self._put("section", step.section.value.replace("-", " "))
        self._put("set", set_text(step))
        width = self.size.width or None
        tall = self.size.height >= LETTERS_MIN_ROWS
        self._put("title", banner(step.title, width) if tall else spaced(step.title, width))
        self._put("subtitle", step.subtitle)
        self._put("side", side_banner(step, width, tall))
        self._put("figure", "\n".join(step.figure))
        self._put("fallback", fallback_text(step))
        notes = self._step_notes = self._notes(step)  # worked out once a step
        self._put("note", notes[0] if notes else "")
        nxt = up_next(self.timeline, step)
        self._put("up-next", f"Up next: {nxt}" if nxt else "")
        self._cues.show(walked_cues(step) or step_hint(step), 0)
        self.refresh_bindings()

    def show_progress(self, history: tuple[LoggedPractice, ...], goal: int) -> None:
        """The practices so far: alternating lifts show last time's count and today's target."""
        self._history = history
        self._goal = goal
        if self.is_mounted and self._status is not None:
            self._show_step(self._status.step)

    def _notes(self, step: Step) -> tuple[str, ...]:
        """What the note line shows in turn: last time's lifts first, then every caution."""
        progression = self._progression(step)
        return ((progression,) if progression else ()) + step.notes

    def _progression(self, step: Step) -> str:
        if not step.counts_lifts or self._history is None or step.pose_id is None:
            return ""
        # A flow's one lift a side is no measure of progress; the target is the step's own.
        counted = [p for p in self._history if p.routine_id not in NO_PROGRESSION]
        last = last_lifts(counted, step.pose_id, step.version_id)
        return lift_line(None if last is None else (last.left, last.right), step.target, self._goal)

    def _show_measure(self, status: Status) -> None:
        pacer = self._pacer
        self._put("count", count_text(status))
        if status.phase is not None:
            pacer.show(status.phase, status.phase_progress)
            self._put("phase", status.phase.value.upper())
        else:
            pacer.show(None, 0.0)
            self._put("phase", "")

    def show_status(self, *, sound: bool, voice: str, message: str, notice: str = "") -> None:
        """The switches and the steady reports on the status line; a notice on its own line.

        The notice line is there only while there is a notice: the status line's
        changes (a key, the screen lock) never take its place.
        """
        self._switches = f"sound {'on' if sound else 'off'} · voice {voice}"
        self._message = message
        self._notice = notice
        self._draw_status_line()

    def _draw_status_line(self) -> None:
        if not self._composed:
            return
        message = self._message
        # The switches first: they must never be cut off by a long message.
        self._put("status-line", self._switches + (f"  │  {message}" if message else ""))
        self._texts["notice-line"].set_class(bool(self._notice), "-shown")
        self._put("notice-line", self._notice)

    # -- keys -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "operate":
            return True
        state = self._state if self._state is not None else EngineState.READY
        operation = Operation(str(parameters[0]))
        if operation is Operation.SWAP_VERSION:
            step = self._status.step if self._status is not None else None
            running = state in (EngineState.RUNNING, EngineState.PAUSED)
            return running and step is not None and step.fallback is not None
        if operation is Operation.TOGGLE_PAUSE:
            return state in (EngineState.RUNNING, EngineState.READY)
        if operation is Operation.RESUME:
            return state is EngineState.PAUSED
        return True if state in (EngineState.RUNNING, EngineState.PAUSED) else None

    def action_operate(self, operation: str) -> None:
        self.post_message(self.Operate(Operation(operation)))
