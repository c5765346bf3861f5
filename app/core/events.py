"""What the engine reports from `tick()` and its operations.

Small frozen dataclasses. The shell reacts to them: the screen redraws, the
sound player chimes, the voice speaks, and history records finished steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.models import Breath
from app.core.steps import Chime, Side, Step, Timeline


@dataclass(frozen=True, slots=True)
class StepStarted:
    step: Step


class Ending(StrEnum):
    """How a step was left behind."""

    COMPLETED = "completed"
    """Its time ran out."""
    SKIPPED = "skipped"
    """The user moved on to the next step."""
    RESTARTED = "restarted"
    """The user started it again."""
    WENT_BACK = "went-back"
    """The user went back to the step before."""
    QUIT = "quit"
    """The user stopped the practice."""
    SWAPPED = "swapped"
    """The user swapped this version for its fallback (for this set)."""


@dataclass(frozen=True, slots=True)
class StepEnded:
    """A step left behind, by running out or by a key. History records these."""

    step: Step
    active_seconds: float
    """Time spent in the step while not paused."""
    ending: Ending

    @property
    def completed(self) -> bool:
        return self.ending is Ending.COMPLETED


@dataclass(frozen=True, slots=True)
class SecondChanged:
    """The whole second shown on the countdown changed."""

    step_index: int
    seconds_left: int


@dataclass(frozen=True, slots=True)
class ChimeDue:
    """A chime point of the current step was reached."""

    step_index: int
    chime: Chime
    count: int | None = None


@dataclass(frozen=True, slots=True)
class BreathPhaseChanged:
    step_index: int
    breath: int
    """1-based."""
    breaths: int
    phase: Breath


@dataclass(frozen=True, slots=True)
class RepCounted:
    """A new lift began in alternating lifts."""

    step_index: int
    rep: int
    """1-based, per side."""
    reps: int
    side: Side


@dataclass(frozen=True, slots=True)
class CueReached:
    """The practice screen's ▶ reached a cue of the current step (`app.core.cue_pace`)."""

    step_index: int
    cue: int
    """Its index in the step's walked cues."""
    text: str


@dataclass(frozen=True, slots=True)
class VersionSwapped:
    """This set does another version from here on: the timeline changed.

    The steps that follow (and their `StepEnded`) carry the version done instead.
    """

    from_version: str
    to_version: str
    timeline: Timeline
    """The practice as it now stands, the swapped-in steps in place."""


@dataclass(frozen=True, slots=True)
class SetFinished:
    set_number: int
    set_count: int


@dataclass(frozen=True, slots=True)
class Paused:
    pass


@dataclass(frozen=True, slots=True)
class Resumed:
    pass


@dataclass(frozen=True, slots=True)
class Suspended:
    """Ticks stopped for a while (a closed lid): the engine paused itself at the last tick."""

    gap_seconds: float


@dataclass(frozen=True, slots=True)
class TimeAdjusted:
    step_index: int
    delta_seconds: float


@dataclass(frozen=True, slots=True)
class SessionFinished:
    active_seconds: float
    completed_steps: int
    skipped_steps: int
    """Work steps the user moved on from before their end (restarts are not skips)."""
    quit: bool
    """True when the user quit before the end."""


Event = (
    StepStarted
    | StepEnded
    | SecondChanged
    | ChimeDue
    | BreathPhaseChanged
    | RepCounted
    | CueReached
    | VersionSwapped
    | SetFinished
    | Paused
    | Resumed
    | Suspended
    | TimeAdjusted
    | SessionFinished
)
