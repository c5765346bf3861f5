"""The steps of a practice timeline: what the engine walks and the screen shows.

A step carries everything needed to show and time it (names, cues, figure,
chime points), so nothing downstream of the timeline needs the library. It also
answers the questions asked of it (`is_work`, `paced`, `counts_lifts`,
`movements_done`...), so each answer is decided here, once.

Steps are built by code (`app.core.timeline`), never read from a file: they are
light frozen dataclasses, their few invariants checked as they are made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

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
    """The sounds of a practice: five chimes, and the soft cue of each movement."""

    HOLD_START = "hold-start"
    COUNTDOWN = "countdown"
    """One of the three ticks before a hold ends."""
    SWITCH_SIDES = "switch-sides"
    SET_FINISHED = "set-finished"
    SESSION_FINISHED = "session-finished"
    MOVEMENT = "movement"
    """A soft tok for each lift of alternating lifts and each movement of a flow;
    never a chime point of a step: the sound layer plays it on `RepCounted` and on
    a movement's `StepStarted`."""


#: Floating-point slack when counting whole breaths in a span of seconds.
_EPSILON = 1e-9


def _check(condition: bool, problem: str) -> None:
    if not condition:
        raise ValueError(problem)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChimePoint:
    """When, within its step, a chime sounds.

    Points anchored to the end move with the end when time is added or removed.
    """

    chime: Chime
    seconds: float
    """Offset from the step's start, or before its end when `from_end` is set."""
    from_end: bool = False
    count: int | None = None
    """For the countdown ticks: 3, 2, 1."""

    def __post_init__(self) -> None:
        _check(self.seconds >= 0, f"a chime's seconds must be at least 0, not {self.seconds}")
        object.__setattr__(self, "seconds", float(self.seconds))

    def offset_in(self, duration: float) -> float:
        return max(0.0, duration - self.seconds) if self.from_end else self.seconds


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of a practice, with its planned start and duration in seconds."""

    index: int
    kind: StepKind
    section: Section
    start: float
    """Planned offset from the start of the practice."""
    duration: float
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

    def __post_init__(self) -> None:
        _check(self.index >= 0, f"a step's index must be at least 0, not {self.index}")
        _check(self.start >= 0, f"a step's start must be at least 0, not {self.start}")
        _check(self.duration >= 0, f"a step's duration must be at least 0, not {self.duration}")
        # Times are floats, however they were given (a whole number of seconds, say).
        for name in ("start", "duration", "breath_seconds", "inhale_seconds"):
            object.__setattr__(self, name, float(getattr(self, name)))

    # -- what kind of step it is ---------------------------------------------

    @property
    def is_work(self) -> bool:
        """A piece of work: a pose held, a movement of a flow, a stretch, or the easy jog."""
        return self.kind is StepKind.HOLD

    @property
    def is_get_ready(self) -> bool:
        """Moving into the next pose while a short countdown runs."""
        return self.kind is StepKind.GET_READY

    @property
    def is_switch(self) -> bool:
        """Changing to the other side."""
        return self.kind is StepKind.SWITCH_SIDES

    @property
    def is_rest(self) -> bool:
        """Resting between sets."""
        return self.kind is StepKind.REST

    @property
    def is_end(self) -> bool:
        """The end marker of the practice: it lasts no time."""
        return self.kind is StepKind.DONE

    # -- how its work is counted ------------------------------------------------

    @property
    def paced(self) -> bool:
        """Work counted in breaths or in lifts, with the breath pacer to follow."""
        return self.is_work and self.measure is not Measure.SECONDS

    @property
    def counts_breaths(self) -> bool:
        """Work counted in breaths (a breath hold, a held round of lifts, a flow's movement)."""
        return self.is_work and self.measure is Measure.BREATHS

    @property
    def counts_lifts(self) -> bool:
        """Alternating lifts: one lift a breath, trading sides, counted per side."""
        return self.is_work and self.measure is Measure.REPS

    @property
    def is_movement(self) -> bool:
        """A movement of a flow, done on one inhale or one exhale (`phase`)."""
        return self.phase is not None

    def movements_done(self, seconds: float, *, ran_out: bool = False) -> int:
        """Breaths (or single lifts) done in `seconds` of this step.

        Only whole ones count, unless the step ran to its end (`ran_out`): then
        every movement of its time was done, lengthened or shortened as it was,
        the last one too when shorter than a breath (a flow's movement is half of
        one), and at least one. So `movements_done(duration, ran_out=True)` is
        how many a step of that duration has.
        """
        if self.breath_seconds <= 0:
            return 0
        beats = seconds / self.breath_seconds
        if ran_out:
            return max(1, math.ceil(beats - _EPSILON))
        return int(beats + _EPSILON)

    @property
    def side_words(self) -> str:
        """The side at work, in words: its label ("right leg"), else "left side"; or ""."""
        if self.side is None:
            return ""
        return self.side_label or f"{self.side.value} side"

    # -- where it stands ------------------------------------------------------

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True, slots=True, kw_only=True)
class Fallback:
    """Another version to do instead for this set, its steps laid out ready to swap in.

    Every step of the planned version in this set carries the same fallback: from
    `first` on, `count` steps of the timeline give way to `steps`, which are
    indexed and timed as if they had been planned there.
    """

    version_id: str
    name: str
    first: int
    count: int
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        _check(self.first >= 0, f"a fallback's first step must be at least 0, not {self.first}")
        _check(self.count >= 1, f"a fallback replaces at least one step, not {self.count}")
        _check(len(self.steps) >= 1, "a fallback has at least one step")


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """A practice laid out in time, produced by `app.core.timeline.build_timeline`."""

    routine_id: str
    name: str
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        _check(len(self.steps) >= 1, "a timeline has at least one step")

    @property
    def total(self) -> float:
        return self.steps[-1].end
