"""What the history keeps of a practice, as plain data: one entry per practice, one per step.

The history listener turns engine events into these; the history file stores
them; `backside history`, `backside stats` and the history screen read them
back. Times of day are timezone-aware datetimes; durations are seconds of
active practice (pauses and suspensions are never counted).
No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is slow to import; `backside history` and `stats` never need it
    from app.core.events import StepEnded


class Feeling(StrEnum):
    """How a practice felt, as the summary asks (one key each; it can be skipped)."""

    EASY = "easy"
    RIGHT = "right"
    HARD = "hard"
    PAIN = "pain"
    """Pain in one pose (`LoggedPractice.pain_pose`), or somewhere not said."""


class Outcome(StrEnum):
    """How a practice ended, as the history tells it."""

    COMPLETE = "complete"
    """It ran to its last step."""
    STOPPED = "stopped early"
    """The user stopped it (q, or the terminal closed, or a signal): what was done is kept."""
    PARTIAL = "partial"
    """It never reported its end (killed, a power cut): the steps that ended are kept."""


@dataclass(frozen=True, slots=True)
class LoggedStep:
    """One piece of work as it ended: a hold, a movement of a flow, a stretch."""

    index: int
    """The step's place in the practice's timeline."""
    ended_at: datetime
    section: str
    title: str
    subtitle: str
    pose_id: str | None
    version_id: str | None
    """The version actually practised."""
    item_id: str | None
    side: str | None
    set_number: int | None
    set_count: int | None
    measure: str
    target: int
    planned_seconds: float
    ending: str
    """completed, skipped, restarted, went-back, swapped or quit (`app.core.events.Ending`)."""
    active_seconds: float
    breaths: int | None
    """Whole breaths done, in a hold counted in breaths."""
    lifts_left: int | None
    lifts_right: int | None
    """Lifts done on each side, in alternating lifts."""
    pauses: int
    """How many times the practice was paused during this step."""

    @property
    def completed(self) -> bool:
        return self.ending == "completed"


@dataclass(frozen=True, slots=True)
class PracticeStart:
    """What is known of a practice as it starts: the history's row for it."""

    started_at: datetime
    routine_id: str
    routine_name: str
    options: dict[str, object]
    planned_seconds: float
    set_count: int | None
    library_version: str
    app_version: str


@dataclass(frozen=True, slots=True)
class LoggedPractice(PracticeStart):
    """One practice as the history has it: its start, how it ended, its steps in order."""

    id: int
    outcome: Outcome
    active_seconds: float
    """For a practice that never finished: the sum of its steps' active time."""
    steps: tuple[LoggedStep, ...] = field(default=())
    ended_at: datetime | None = None
    """When its end was written; None for a practice that never reported it (partial)."""
    feeling: Feeling | None = None
    """How it felt, when the summary's question was answered."""
    pain_pose: str | None = None
    """The pose that hurt, with a feeling of pain."""

    @property
    def sets_done(self) -> int:
        """Sets with at least one strength hold run to its end."""
        return len({s.set_number for s in self.steps if s.set_number is not None and s.completed})


def lifts_per_side(movements: int) -> tuple[int, int]:
    """(left, right): alternating lifts start on the left, so the left leads by at most one."""
    return (movements + 1) // 2, movements // 2


def logged_step(event: StepEnded, *, ended_at: datetime, pauses: int) -> LoggedStep:
    step = event.step
    breaths = left = right = None
    movements = step.movements_done(event.active_seconds, ran_out=event.completed)
    if step.counts_breaths:
        breaths = movements
    elif step.counts_lifts:
        left, right = lifts_per_side(movements)
    return LoggedStep(
        index=step.index,
        ended_at=ended_at,
        section=step.section.value,
        title=step.title,
        subtitle=step.subtitle,
        pose_id=step.pose_id,
        version_id=step.version_id,
        item_id=step.item_id,
        side=step.side.value if step.side is not None else None,
        set_number=step.set_number,
        set_count=step.set_count,
        measure=step.measure.value,
        target=step.target,
        planned_seconds=step.duration,
        ending=event.ending.value,
        active_seconds=round(event.active_seconds, 3),
        breaths=breaths,
        lifts_left=left,
        lifts_right=right,
        pauses=pauses,
    )
