"""Small hand-made timelines for engine tests, independent of the library's content."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.steps import (
    Chime,
    ChimePoint,
    Fallback,
    Measure,
    Section,
    Side,
    Step,
    StepKind,
    Timeline,
)
from app.core.timeline import COUNTDOWN


@dataclass
class FakeClock:
    """A monotonic clock that only moves when a test moves it."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.now += seconds


def make_timeline(*specs: tuple[StepKind, float, Measure]) -> Timeline:
    """Steps of the given kinds and durations, with the chimes the timeline would give them."""
    steps: list[Step] = []
    start = 0.0
    for index, (kind, duration, measure) in enumerate(specs):
        chimes: tuple[ChimePoint, ...] = ()
        if kind is StepKind.HOLD:
            chimes = (ChimePoint(chime=Chime.HOLD_START, seconds=0),)
            if duration >= 10:
                chimes += COUNTDOWN
        elif kind is StepKind.SWITCH_SIDES:
            chimes = (ChimePoint(chime=Chime.SWITCH_SIDES, seconds=0),)
        target = round(duration / 6) if measure is Measure.BREATHS else round(duration)
        if measure is Measure.REPS:
            target = round(duration / 12)
        steps.append(
            Step(
                index=index,
                kind=kind,
                section=Section.STRENGTH,
                start=start,
                duration=duration,
                title=f"step {index}",
                side=Side.LEFT if measure is Measure.REPS else None,
                set_number=1 if kind is StepKind.HOLD else None,
                set_count=1 if kind is StepKind.HOLD else None,
                measure=measure,
                target=target,
                breath_seconds=6.0,
                inhale_seconds=3.0,
                chimes=chimes,
            )
        )
        start += duration
    steps.append(
        Step(
            index=len(steps),
            kind=StepKind.DONE,
            section=Section.STRENGTH,
            start=start,
            duration=0,
            title="done",
            chimes=(ChimePoint(chime=Chime.SESSION_FINISHED, seconds=0),),
        )
    )
    return Timeline(routine_id="test", name="Test", steps=tuple(steps))


S, B, R = Measure.SECONDS, Measure.BREATHS, Measure.REPS
GET_READY, HOLD, SWITCH, REST = (
    StepKind.GET_READY,
    StepKind.HOLD,
    StepKind.SWITCH_SIDES,
    StepKind.REST,
)


def small_practice() -> Timeline:
    """Get ready, a timed hold, a switch, a breath hold, a rest, alternating lifts."""
    return make_timeline(
        (GET_READY, 5, S),
        (HOLD, 12, S),
        (SWITCH, 3, S),
        (HOLD, 18, B),
        (REST, 7.5, S),
        (HOLD, 24, R),
    )


def with_fallback(timeline: Timeline) -> Timeline:
    """`timeline` with its get-ready and first hold able to swap for a longer single hold."""
    ready, hold = timeline.steps[0], timeline.steps[1]
    instead = replace(hold, duration=20.0, version_id="easier")
    replacement = (replace(ready, version_id="easier"), instead)
    fallback = Fallback(version_id="easier", name="Easier", first=0, count=2, steps=replacement)
    steps = tuple(replace(s, fallback=fallback, version_id="harder") for s in (ready, hold))
    return replace(timeline, steps=steps + timeline.steps[2:])
