"""Twelve weeks of a runner getting stronger, made by hand in fake time.

Bow moves from No hands to Full bow in week 6; the Reverse Plank hold grows by
five seconds every week; Locust's lifts creep up one a side each practice, the
right side one behind every third time; week 5 (counting back) is a week away.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.core.pose_progress import VersionOrder
from app.core.practice_log import LoggedPractice, LoggedStep, Outcome
from tests.history_samples import hold_step, lifts_step

#: The built-in library's order for the poses used here.
ORDER = VersionOrder.of(
    [
        ("locust", ["arms-by-sides", "goal-post-arms", "airplane-arms", "opposite-lifts"]),
        ("bow", ["no-hands", "full-bow"]),
        ("reverse-plank", ["classic", "knee-to-chest", "leg-lifted"]),
    ]
)


def bow(at: datetime, version: str, seconds: float, set_number: int, index: int) -> LoggedStep:
    name = {"no-hands": "No hands", "full-bow": "Full bow"}[version]
    step = hold_step(at, "bow", "Bow", seconds, index)
    return replace(step, version_id=version, subtitle=name, set_number=set_number)


def practice(
    number: int, at: datetime, steps: tuple[LoggedStep, ...], routine: str = "strength"
) -> LoggedPractice:
    return LoggedPractice(
        id=number,
        started_at=at,
        routine_id=routine,
        routine_name=routine.capitalize(),
        options={"plan_id": routine},
        planned_seconds=600.0,
        set_count=3,
        library_version="abc123",
        app_version="0.1.0",
        outcome=Outcome.COMPLETE,
        active_seconds=600.0,
        steps=steps,
    )


def twelve_weeks(now: datetime) -> tuple[LoggedPractice, ...]:
    practices: list[LoggedPractice] = []
    monday = (now - timedelta(days=now.astimezone().weekday())).replace(hour=7, minute=30)
    lifts = 4
    for week in range(11, -1, -1):
        if week == 5:
            continue
        for day in (1, 4):
            at = monday - timedelta(weeks=week) + timedelta(days=day)
            if at > now:
                break
            lifts += 1
            version = "full-bow" if week <= 6 else "no-hands"
            sets = 3 if week <= 3 else 2
            plank = 20.0 + 5 * (11 - week)
            steps = (
                *tuple(bow(at, version, 30.0, n, 10 + n) for n in range(1, sets + 1)),
                hold_step(at, "reverse-plank", "Reverse Plank", plank, 20),
                lifts_step(at, lifts, lifts - (lifts % 3 == 0)),
            )
            practices.append(practice(len(practices) + 1, at, steps))
    return tuple(practices)


def last_tiny(at: datetime) -> LoggedPractice:
    """The tiny practice done before: one set of Locust, a shorter hold, fewer lifts."""
    hold = replace(
        hold_step(at, "locust", "Locust", 7.6, 1),
        version_id="arms-by-sides",
        subtitle="Arms by the sides",
    )
    return LoggedPractice(
        id=1,
        started_at=at,
        routine_id="tiny",
        routine_name="Tiny",
        options={},
        planned_seconds=80,
        set_count=2,
        library_version="",
        app_version="0.1.0",
        outcome=Outcome.STOPPED,
        active_seconds=20,
        steps=(
            hold,
            # Lifts on an easier version than today's: the harder version is news too.
            replace(
                lifts_step(at, 1, 0, index=9), version_id="airplane-arms", subtitle="Airplane arms"
            ),
        ),
    )
