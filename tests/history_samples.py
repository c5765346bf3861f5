"""A runner's history, made by hand: twelve weeks of practices, the lifts creeping up."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.core.practice_log import LoggedPractice, LoggedStep, Outcome


def lifts_step(at: datetime, left: int, right: int, index: int = 30) -> LoggedStep:
    return LoggedStep(
        index=index,
        ended_at=at,
        section="strength",
        title="Locust",
        subtitle="Opposite arm and leg lifts",
        pose_id="locust",
        version_id="opposite-lifts",
        item_id=None,
        side=None,
        set_number=1,
        set_count=2,
        measure="reps",
        target=10,
        planned_seconds=120.0,
        ending="completed",
        active_seconds=(left + right) * 6.0,
        breaths=None,
        lifts_left=left,
        lifts_right=right,
        pauses=0,
    )


def hold_step(at: datetime, pose_id: str, title: str, seconds: float, index: int) -> LoggedStep:
    return LoggedStep(
        index=index,
        ended_at=at,
        section="strength",
        title=title,
        subtitle="Classic",
        pose_id=pose_id,
        version_id="classic",
        item_id=None,
        side=None,
        set_number=1,
        set_count=2,
        measure="seconds",
        target=45,
        planned_seconds=45.0,
        ending="completed",
        active_seconds=seconds,
        breaths=None,
        lifts_left=None,
        lifts_right=None,
        pauses=0,
    )


def sample_practices(now: datetime, weeks: int = 12) -> tuple[LoggedPractice, ...]:
    """Two or three practices a week (one week missed), lifts one more a side each time."""
    practices: list[LoggedPractice] = []
    lifts = 4
    monday = (now - timedelta(days=now.weekday())).replace(hour=7, minute=30, second=0)
    for week in range(weeks - 1, -1, -1):
        if week == 5:
            continue  # a week away
        start = monday - timedelta(weeks=week)
        days = (0, 2, 4) if week % 3 == 0 else (1, 4)
        for day in days:
            at = start + timedelta(days=day)
            if at > now:
                break
            lifts += 1
            steps = (
                hold_step(at, "bow", "Bow", 45, 20),
                hold_step(at, "reverse-plank", "Reverse Plank", 40, 24),
                lifts_step(at, lifts, lifts - (lifts % 3 == 0)),
            )
            practices.append(
                LoggedPractice(
                    id=len(practices) + 1,
                    started_at=at,
                    routine_id="strength",
                    routine_name="Strength",
                    options={"plan_id": "strength"},
                    planned_seconds=570.0,
                    set_count=2,
                    library_version="abc123",
                    app_version="0.1.0",
                    outcome=Outcome.COMPLETE if day != 4 else Outcome.STOPPED,
                    active_seconds=570.0 if day != 4 else 300.0,
                    steps=steps,
                )
            )
    return tuple(practices)
