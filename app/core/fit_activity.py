"""A practice as a FIT activity, laid out in plain data: no encoding, no I/O.

Garmin Connect, Strava and intervals.icu read FIT activity files, and the FIT
profile names yoga poses (`pose_exercise_name`). `EXERCISES` is the one table
from our poses, flow movements, stretches and activities to the profile's
exercise category and name (snake case, as in the SDK's Profile.xlsx); a step
with no entry is a pose with no name. `activity` turns a practice the history
kept into what a FIT file holds: its start and end, the active (timer) time,
the pauses, and one set per step. The encoder is `app.store.fit_file`.

Where the pauses were: the history keeps, for each step, its end, its active
seconds and how many times it was paused, and for the practice its start, end
and active seconds. The time not active (end minus start, less the active
seconds) is the time paused; it is shared between the steps that were paused,
in proportion to the gap before each one's active time (which holds its pause,
and the rest or get-ready before it), and put just before that step's active
time. A set always starts when its active time starts, and lasts exactly its
active seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.practice_log import LoggedPractice, LoggedStep

#: The profile's name for our sport and sub-sport: how a watch records a yoga session.
SPORT = "training"
SUB_SPORT = "yoga"

#: What each of our poses, flow movements, stretches and activities is in the FIT profile:
#: (exercise_category, pose_exercise_name or None). Keys are a pose id, `pose.version`
#: (a version named differently from its pose), a stretch or activity id, or
#: `sequence.movement` for a movement of a flow.
EXERCISES: dict[str, tuple[str, str | None]] = {
    # The poses.
    "locust": ("pose", "locust"),
    "bow": ("pose", "bow"),
    "reverse-tabletop": ("pose", "table_top"),
    "reverse-plank": ("pose", "upward_facing_plank"),
    # The sun salutation's movements.
    "sun-salutation.reach-up": ("pose", "standing_arms_up"),
    "sun-salutation.fold": ("pose", "standing_forward_bend"),
    "sun-salutation.half-lift": ("pose", "standing_forward_bend_halfway_up"),
    "sun-salutation.low-plank": ("pose", "four_limbed_staff"),
    "sun-salutation.up-dog": ("pose", "up_dog"),
    "sun-salutation.down-dog": ("pose", "downward_facing_dog"),
    "sun-salutation.step-forward": ("pose", None),  # a step between poses
    "sun-salutation.fold-again": ("pose", "standing_forward_bend"),
    "sun-salutation.rise": ("pose", "standing_arms_up"),
    "sun-salutation.mountain": ("pose", "mountain"),
    # The stretches.
    "supine-hamstring": ("pose", "reclined_hand_to_foot"),
    "reclined-pigeon": ("pose", None),  # the profile has no reclined figure four
    "childs-pose": ("pose", "childs"),
    "seated-fold": ("pose", "seated_long_leg_forward_bend"),
    "calf-stretch": ("pose", None),  # not a yoga pose of the profile
    # The activities.
    "easy-jog": ("run", None),
}


def exercise(step: LoggedStep) -> tuple[str, str | None]:
    """The FIT exercise category and pose name of a step (`("pose", None)` when unknown)."""
    keys = []
    if step.pose_id is not None:
        if step.version_id is not None:
            keys.append(f"{step.pose_id}.{step.version_id}")
        keys.append(step.pose_id)
    if step.item_id is not None:
        keys.append(step.item_id)
    for key in keys:
        if key in EXERCISES:
            return EXERCISES[key]
    return "pose", None


@dataclass(frozen=True, slots=True)
class ActivitySet:
    """One step of the practice as a FIT set: when its active time began, and how long."""

    start: datetime
    seconds: float
    category: str
    name: str | None
    """The profile's `pose_exercise_name`, where one fits."""
    title: str
    repetitions: int | None
    """Lifts done, both sides together, where the step counted lifts."""

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)


@dataclass(frozen=True, slots=True)
class Activity:
    """What a FIT activity file says of one practice."""

    practice_id: int
    routine_id: str
    routine_name: str
    start: datetime
    end: datetime
    timer_seconds: float
    """Active time: the history's active seconds."""
    pauses: tuple[tuple[datetime, datetime], ...]
    """(timer stopped, timer started again), in order."""
    sets: tuple[ActivitySet, ...]
    app_version: str

    @property
    def elapsed_seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def file_name(practice: LoggedPractice) -> str:
    """`2026-12-05-0730-strength.fit`: the practice's local start, then its plan."""
    return f"{practice.started_at.astimezone():%Y-%m-%d-%H%M}-{practice.routine_id}.fit"


def activity(practice: LoggedPractice) -> Activity:
    """The practice as a FIT activity (see the module's docstring for the pauses)."""
    start = practice.started_at
    steps = practice.steps
    end = practice.ended_at or (steps[-1].ended_at if steps else start)
    end = max(end, start + timedelta(seconds=practice.active_seconds))
    paused = max(0.0, (end - start).total_seconds() - practice.active_seconds)
    gaps: list[float] = []
    before = start
    for step in steps:
        active_start = step.ended_at - timedelta(seconds=step.active_seconds)
        gaps.append(max(0.0, (active_start - before).total_seconds()))
        before = max(before, step.ended_at)
    paused_gaps = sum(gap for gap, step in zip(gaps, steps, strict=True) if step.pauses)
    pauses: list[tuple[datetime, datetime]] = []
    sets: list[ActivitySet] = []
    for gap, step in zip(gaps, steps, strict=True):
        active_start = step.ended_at - timedelta(seconds=step.active_seconds)
        if step.pauses and paused_gaps > 0 and paused > 0:
            pause = min(gap, paused * gap / paused_gaps)
            if pause > 0:
                pauses.append((active_start - timedelta(seconds=pause), active_start))
        category, name = exercise(step)
        lifts = None
        if step.lifts_left is not None or step.lifts_right is not None:
            lifts = (step.lifts_left or 0) + (step.lifts_right or 0)
        sets.append(
            ActivitySet(
                start=active_start,
                seconds=step.active_seconds,
                category=category,
                name=name,
                title=step.title,
                repetitions=lifts,
            )
        )
    return Activity(
        practice_id=practice.id,
        routine_id=practice.routine_id,
        routine_name=practice.routine_name,
        start=start,
        end=end,
        timer_seconds=practice.active_seconds,
        pauses=tuple(pauses),
        sets=tuple(sets),
        app_version=practice.app_version,
    )
