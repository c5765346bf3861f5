"""The practice: the pose large, the countdown, the breath pacer, the cues and the keys."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Digits, Static

from app.core.engine import EngineState, Operation, Status
from app.core.events import Event, SecondChanged, StepStarted
from app.core.practice_log import LoggedPractice
from app.core.progress import last_lifts, progression_line
from app.core.steps import Measure, Side, Step, StepKind, Timeline
from app.core.timefmt import clock
from app.ui.widgets.big_digits import BigDigits
from app.ui.widgets.cues import CueList
from app.ui.widgets.footer import KeyFooter
from app.ui.widgets.letters import lettered, lettered_width
from app.ui.widgets.pacer import Pacer
from app.ui.widgets.session_bar import SessionBar

#: A cue stays highlighted this long before the next one takes over.
CUE_SECONDS = 6.0

#: The Statics of the screen, by id.
TEXT_IDS = (
    "kind",
    "section",
    "set",
    "title",
    "subtitle",
    "side",
    "count",
    "phase",
    "figure",
    "note",
    "up-next",
    "elapsed",
    "remaining",
    "status-line",
)

KIND_LABELS = {
    StepKind.GET_READY: "GET READY",
    StepKind.HOLD: "HOLD",
    StepKind.SWITCH_SIDES: "SWITCH SIDES",
    StepKind.REST: "REST",
    StepKind.DONE: "DONE",
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


def side_text(side: Side | None) -> str:
    return f"{side.value.upper()} SIDE" if side is not None else ""


def up_next(timeline: Timeline, step: Step) -> str:
    """What the next piece of work is: the pose, its version, its side and set."""
    later_steps = timeline.steps[step.index + 1 :]
    if (
        step.kind is StepKind.GET_READY
        and later_steps
        and later_steps[0].kind is StepKind.HOLD
        and later_steps[0].title == step.title
    ):
        later_steps = later_steps[1:]  # the pose being got ready for is already on screen
    for later in later_steps:
        if later.kind in (StepKind.HOLD, StepKind.DONE):
            if later.kind is StepKind.DONE:
                return "the end of the practice"
            parts = [later.title]
            if later.subtitle:
                parts.append(later.subtitle)
            if later.side is not None:
                parts.append(f"{later.side.value} side")
            if later.set_number is not None and later.set_number != step.set_number:
                parts.append(set_text(later))
            return " · ".join(parts)
    return ""


def step_hint(step: Step) -> tuple[str, ...]:
    """What to do in a step that has no cues of its own."""
    if step.kind is StepKind.GET_READY:
        side = f", {step.side.value} side first" if step.side is not None else ""
        return (f"Move into position{side}",)
    if step.kind is StepKind.SWITCH_SIDES:
        return ("Change to the other side",)
    if step.kind is StepKind.REST:
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
        Binding("space", "operate('toggle-pause')", "Pause", key_display="space", id="pause"),
        Binding("space", "operate('resume')", "Resume", key_display="space", id="resume"),
        Binding("right,n", "operate('next')", "Next", key_display="→", id="next"),
        Binding("left,p", "operate('previous')", "Back", key_display="←", id="previous"),
        Binding("r", "operate('restart')", "Restart", id="restart"),
        Binding(
            "plus,equals_sign", "operate('more-time')", "More", key_display="+", id="more-time"
        ),
        Binding(
            "minus,underscore", "operate('less-time')", "Less", key_display="−", id="less-time"
        ),
        Binding("m", "app.toggle_mute", "Mute", id="mute"),
        Binding("v", "app.toggle_voice", "Voice", id="voice"),
        Binding("q", "app.quit", "Quit", id="quit"),
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
        self._step_index: int | None = None
        self._state: EngineState | None = None
        self._shown: dict[str, str] = {}
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
        yield texts["note"]
        yield texts["up-next"]
        with Horizontal(id="progress-row"):
            yield texts["elapsed"]
            yield self._session
            yield texts["remaining"]
        yield texts["status-line"]
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        # `is_mounted` turns true only after this handler; the first frame must be right.
        self._composed = True
        if self._status is not None:
            self.show(self._status, [])
        # The footer listens for key changes only once this screen is the app's.
        self.call_after_refresh(self.refresh_bindings)

    # -- drawing ----------------------------------------------------------------

    def _put(self, widget_id: str, text: str) -> None:
        """Update a Static only when its text changes (no needless redraws).

        Plain text, never markup: a "[" in a cue or a figure is shown as it is.
        A text of the same shape as the last one (0:22 done, then 0:23 done) is
        repainted in place; only a change of shape lays the screen out again.
        """
        before = self._shown.get(widget_id)
        if before != text:
            self._shown[widget_id] = text
            widget = self._texts[widget_id]
            layout = before is None or not same_shape(before, text, widget.content_size.width)
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
        if not self._composed:
            return
        step = status.step
        if not events and step.index == self._step_index and status.state is self._state:
            # Between the engine's events (each second, chime and breath is one) only
            # the breath pacer moves: its frames redraw nothing else.
            self._show_measure(status)
            return
        self._show_all(status, started)

    def on_resize(self) -> None:
        if self._status is not None and self._composed:
            self._show_all(self._status, started=False)  # the title is fitted to the width

    def _show_all(self, status: Status, started: bool) -> None:
        step = status.step
        if step.index != self._step_index or started:
            self._show_step(step)
        paused = status.state is EngineState.PAUSED
        self.set_class(paused, "-paused")
        self.set_class(status.suspended, "-suspended")
        second = self._second
        if step.kind is StepKind.DONE:
            second = 0
        if second is None:
            second = status.seconds_left
        digits = clock(second)
        if self._shown.get("countdown") != digits:
            self._shown["countdown"] = digits
            self._countdown.update(digits)
            self._big_countdown.update(digits)
        self._put("title", banner(step.title, self.size.width or None))
        self._show_measure(status)
        if step.cues:
            current = int(status.elapsed // CUE_SECONDS) % len(step.cues)
            self._cues.show(step.cues, current)
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
        for kind in StepKind:
            self.set_class(step.kind is kind, f"-{kind.value}")
        self.set_class(bool(step.figure), "-has-figure")
        self.set_class(step.measure is not Measure.SECONDS and step.is_work, "-breathing")
        self._put("kind", KIND_LABELS[step.kind])
        self._put("section", step.section.value.replace("-", " "))
        self._put("set", set_text(step))
        self._put("subtitle", step.subtitle)
        self._put("side", side_text(step.side))
        self._put("figure", "\n".join(step.figure))
        self._put("note", self._progression(step) or step.note)
        nxt = up_next(self.timeline, step)
        self._put("up-next", f"Up next: {nxt}" if nxt else "")
        self._cues.show(step.cues or step_hint(step), 0)
        self.refresh_bindings()

    def show_progress(self, history: tuple[LoggedPractice, ...], goal: int) -> None:
        """The practices so far: alternating lifts show last time's count and today's target."""
        self._history = history
        self._goal = goal
        if self.is_mounted and self._status is not None:
            self._show_step(self._status.step)

    def _progression(self, step: Step) -> str:
        if step.measure is not Measure.REPS or self._history is None or step.pose_id is None:
            return ""
        last = last_lifts(self._history, step.pose_id, step.version_id)
        return progression_line(last, self._goal)

    def _show_measure(self, status: Status) -> None:
        step = status.step
        pacer = self._pacer
        if status.rep is not None and status.reps is not None and status.rep_side is not None:
            self._put("count", f"lift {status.rep} of {status.reps} · {status.rep_side.value} arm")
        elif status.breath is not None:
            self._put("count", f"breath {status.breath} of {status.breaths}")
        elif step.kind is StepKind.HOLD:
            self._put("count", f"hold {clock(status.duration)}")
        else:
            self._put("count", "")
        if status.phase is not None:
            pacer.show(status.phase, status.phase_progress)
            self._put("phase", status.phase.value.upper())
        else:
            pacer.show(None, 0.0)
            self._put("phase", "")

    def show_status(self, *, sound: bool, voice: bool, message: str) -> None:
        """The switches and the latest message, as the app knows them."""
        self._switches = f"sound {'on' if sound else 'off'} · voice {'on' if voice else 'off'}"
        self._message = message
        self._draw_status_line()

    def _draw_status_line(self) -> None:
        if not self._composed:
            return
        message = self._message
        # The switches first: they must never be cut off by a long message.
        self._put("status-line", self._switches + (f"  │  {message}" if message else ""))

    # -- keys -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "operate":
            return True
        state = self._state if self._state is not None else EngineState.READY
        operation = Operation(str(parameters[0]))
        if operation is Operation.TOGGLE_PAUSE:
            return state in (EngineState.RUNNING, EngineState.READY)
        if operation is Operation.RESUME:
            return state is EngineState.PAUSED
        return True if state in (EngineState.RUNNING, EngineState.PAUSED) else None

    def action_operate(self, operation: str) -> None:
        self.post_message(self.Operate(Operation(operation)))
