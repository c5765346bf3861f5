"""The steps of a practice timeline: what the engine walks and the screen shows.

A step carries everything needed to show and time it (names, cues, figure,
chime points), so nothing downstream of the timeline needs the library.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.core.models import Breath
from app.core.sides import Side as Side  # a step's side, for whoever reads steps


class StepKind(StrEnum):
    GET_READY = "get-ready"
    """Move into the next pose while its name shows and a short countdown runs."""
    HOLD = "hold"
    """Work: a pose held, a movement of a flow, a stretch, or the easy jog."""
    SWITCH_SIDES = "switch-sides"
    REST = "rest"
    """Between sets."""
    DONE = "done"
    """The end marker; it lasts no time."""


class Section(StrEnum):
    """Which part of the practice a step belongs to."""

    SETTLE = "settle"
    WARM_UP = "warm-up"
    STRENGTH = "strength"
    STRETCH = "stretch"


class Measure(StrEnum):
    """How a hold is counted."""

    SECONDS = "seconds"
    BREATHS = "breaths"
    REPS = "reps"
    """Alternating lifts: one breath per movement, counted per side."""


class Chime(StrEnum):
    """The five sounds of a practice."""

    HOLD_START = "hold-start"
    COUNTDOWN = "countdown"
    """One of the three ticks before a hold ends."""
    SWITCH_SIDES = "switch-sides"
    SET_FINISHED = "set-finished"
    SESSION_FINISHED = "session-finished"


class ChimePoint(BaseModel):
    """When, within its step, a chime sounds.

    Points anchored to the end move with the end when time is added or removed.
    """

    model_config = ConfigDict(frozen=True)

    chime: Chime
    seconds: float = Field(ge=0)
    """Offset from the step's start, or before its end when `from_end` is set."""
    from_end: bool = False
    count: int | None = None
    """For the countdown ticks: 3, 2, 1."""

    def offset_in(self, duration: float) -> float:
        return max(0.0, duration - self.seconds) if self.from_end else self.seconds


class Step(BaseModel):
    """One step of a practice, with its planned start and duration in seconds."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    kind: StepKind
    section: Section
    start: float = Field(ge=0)
    """Planned offset from the start of the practice."""
    duration: float = Field(ge=0)
    title: str
    """The pose, movement or stretch ("Locust"), or "Rest" / "Switch sides"."""
    subtitle: str = ""
    """The version ("airplane arms"), or what a get-ready or rest leads into."""
    pose_id: str | None = None
    version_id: str | None = None
    """For a strength hold; flows, stretches and the jog use `item_id`."""
    item_id: str | None = None
    side: Side | None = None
    """The side at work: the leg that lifts or is stretched (the arm, in alternating lifts)."""
    side_label: str = ""
    """The side in words, to show large: "right leg", "left arm"."""
    set_number: int | None = None
    set_count: int | None = None
    measure: Measure = Measure.SECONDS
    target: int = 0
    """Breaths in a breath hold, reps per side in alternating lifts, else whole seconds."""
    breath_seconds: float = 6.0
    inhale_seconds: float = 3.0
    phase: Breath | None = None
    """A movement done on one inhale or one exhale: the whole step is that phase."""
    cues: tuple[str, ...] = ()
    """How to do it, in order; a get-ready step's are how to set up the pose."""
    figure: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    """Every caution and note of the pose and version (else what it works), shown in turn."""
    lift_goal: int | None = None
    """Alternating lifts: the lifts per side to work up to over the weeks."""
    fallback: Fallback | None = None
    """The version to do instead for this set, when this one feels forced."""
    swapped_from: str | None = None
    """The version the plan had here, when it was swapped for this one."""
    chimes: tuple[ChimePoint, ...] = ()
    speech: str = ""
    """What a spoken cue says as the step starts (empty: nothing)."""

    @property
    def is_work(self) -> bool:
        return self.kind is StepKind.HOLD

    @property
    def end(self) -> float:
        return self.start + self.duration


class Fallback(BaseModel):
    """Another version to do instead for this set, its steps laid out ready to swap in.

    Every step of the planned version in this set carries the same fallback: from
    `first` on, `count` steps of the timeline give way to `steps`, which are
    indexed and timed as if they had been planned there.
    """

    model_config = ConfigDict(frozen=True)

    version_id: str
    name: str
    first: int = Field(ge=0)
    count: int = Field(ge=1)
    steps: tuple[Step, ...] = Field(min_length=1)


class Timeline(BaseModel):
    """A practice laid out in time, produced by `app.core.timeline.build_timeline`."""

    model_config = ConfigDict(frozen=True)

    routine_id: str
    name: str
    steps: tuple[Step, ...] = Field(min_length=1)

    @property
    def total(self) -> float:
        return self.steps[-1].end


Step.model_rebuild()
