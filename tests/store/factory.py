"""Practices made by hand for the history tests: steps as the listener would log them."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.core.practice_log import LoggedStep, PracticeStart
from app.store.history import History


def start(at: datetime, routine: str = "quick") -> PracticeStart:
    return PracticeStart(
        started_at=at,
        routine_id=routine,
        routine_name=routine.capitalize(),
        options={"plan_id": routine, "sets": None},
        planned_seconds=290.0,
        set_count=1,
        library_version="abc123",
        app_version="0.1.0",
    )


def step(
    index: int,
    at: datetime,
    *,
    pose_id: str | None = "locust",
    version_id: str | None = "arms-by-sides",
    active: float = 45.0,
    ending: str = "completed",
    lifts: tuple[int, int] | None = None,
    set_number: int | None = 1,
) -> LoggedStep:
    return LoggedStep(
        index=index,
        ended_at=at,
        section="strength",
        title="Locust",
        subtitle="Opposite arm and leg lifts" if lifts else "Arms by the sides",
        pose_id=pose_id,
        version_id=version_id,
        item_id=None,
        side=None,
        set_number=set_number,
        set_count=1,
        measure="reps" if lifts else "seconds",
        target=10 if lifts else 45,
        planned_seconds=45.0,
        ending=ending,
        active_seconds=active,
        breaths=None,
        lifts_left=lifts[0] if lifts else None,
        lifts_right=lifts[1] if lifts else None,
        pauses=0,
    )


def practise(
    history: History,
    at: datetime,
    *,
    minutes: float = 5.0,
    lifts: tuple[int, int] | None = None,
    finish: str | None = "complete",
) -> int:
    """One practice with a hold (and alternating lifts if given), finished or not."""
    from app.core.practice_log import Outcome

    practice = history.start_practice(start(at))
    history.add_step(practice, step(1, at + timedelta(seconds=50)), active_seconds=45.0)
    if lifts is not None:
        history.add_step(
            practice,
            step(3, at + timedelta(seconds=100), version_id="opposite-lifts", lifts=lifts),
            active_seconds=90.0,
        )
    if finish is not None:
        outcome = Outcome.COMPLETE if finish == "complete" else Outcome.STOPPED
        history.finish_practice(practice, outcome=outcome, active_seconds=minutes * 60, ended_at=at)
    return practice
