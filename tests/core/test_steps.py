"""What a step says about itself, and the one count of movements done (no UI, fake time)."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.engine import Engine
from app.core.events import Ending, StepEnded
from app.core.models import Breath
from app.core.practice_log import logged_step
from app.core.record import DoneStep, PracticeRecord
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

from .factory import GET_READY, HOLD, REST, SWITCH, B, FakeClock, R, S, make_timeline

DONE = StepKind.DONE
BREATH = 6.0


def step(
    kind: StepKind = HOLD, measure: Measure = S, duration: float = 12.0, **more: object
) -> Step:
    fields: dict[str, object] = {
        "index": 0,
        "kind": kind,
        "section": Section.STRENGTH,
        "start": 0.0,
        "duration": duration,
        "title": "Locust",
        "measure": measure,
        "breath_seconds": BREATH,
        **more,
    }
    return Step(**fields)  # type: ignore[arg-type]


# -- what kind of step -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "work", "get_ready", "switch", "rest", "end"),
    [
        (HOLD, True, False, False, False, False),
        (GET_READY, False, True, False, False, False),
        (SWITCH, False, False, True, False, False),
        (REST, False, False, False, True, False),
        (DONE, False, False, False, False, True),
    ],
)
def test_each_kind_answers_to_one_name(
    kind: StepKind, work: bool, get_ready: bool, switch: bool, rest: bool, end: bool
) -> None:
    made = step(kind)
    assert (made.is_work, made.is_get_ready, made.is_switch, made.is_rest, made.is_end) == (
        work,
        get_ready,
        switch,
        rest,
        end,
    )


@pytest.mark.parametrize(
    ("kind", "measure", "paced", "breaths", "lifts"),
    [
        (HOLD, S, False, False, False),
        (HOLD, B, True, True, False),
        (HOLD, R, True, False, True),
        # Only work is counted: a get-ready or a rest is timed, whatever its measure says.
        (GET_READY, B, False, False, False),
        (REST, R, False, False, False),
    ],
)
def test_how_work_is_counted(
    kind: StepKind, measure: Measure, paced: bool, breaths: bool, lifts: bool
) -> None:
    made = step(kind, measure)
    assert (made.paced, made.counts_breaths, made.counts_lifts) == (paced, breaths, lifts)


def test_a_flow_movement_is_one_breath_phase() -> None:
    assert step(HOLD, B, 3.0, phase=Breath.INHALE).is_movement
    assert not step(HOLD, B, 12.0).is_movement


def test_the_side_in_words() -> None:
    assert step().side_words == ""
    assert step(side=Side.LEFT).side_words == "left side"
    assert step(side=Side.RIGHT, side_label="right leg").side_words == "right leg"


# -- the one count of movements -------------------------------------------------------


def test_only_whole_breaths_count_until_the_step_runs_out() -> None:
    hold = step(HOLD, B, 18.0)
    assert [hold.movements_done(s) for s in (0.0, 5.9, 6.0, 11.99, 12.0, 17.0)] == [
        0,
        0,
        1,
        1,
        2,
        2,
    ]
    assert hold.movements_done(18.0, ran_out=True) == 3
    # A flow's movement is half a breath: running out, it is one done.
    assert step(HOLD, B, 3.0, phase=Breath.EXHALE).movements_done(3.0, ran_out=True) == 1


@given(
    duration=st.floats(min_value=0.5, max_value=600.0),
    share=st.floats(min_value=0.0, max_value=1.0),
    breath=st.floats(min_value=2.0, max_value=15.0),
)
def test_movements_grow_with_time_and_running_out_counts_the_last(
    duration: float, share: float, breath: float
) -> None:
    hold = step(HOLD, B, duration, breath_seconds=breath)
    seconds = duration * share
    done = hold.movements_done(seconds)
    assert done <= hold.movements_done(duration) <= hold.movements_done(duration, ran_out=True)
    assert 0 <= done <= seconds / breath + 1e-6
    assert hold.movements_done(duration, ran_out=True) >= 1


@given(
    measure=st.sampled_from([B, R]),
    breaths=st.integers(min_value=1, max_value=20),
    share=st.floats(min_value=0.0, max_value=1.5),
    ending=st.sampled_from(list(Ending)),
)
def test_the_summary_and_the_history_count_alike(
    measure: Measure, breaths: int, share: float, ending: Ending
) -> None:
    hold = step(HOLD, measure, breaths * BREATH, side=None)
    active = hold.duration * share
    event = StepEnded(step=hold, active_seconds=active, ending=ending)
    done = DoneStep(hold, active, completed=event.completed)
    logged = logged_step(event, ended_at=datetime(2025, 1, 1, tzinfo=UTC), pauses=0)
    if measure is B:
        assert logged.breaths == done.movements
    else:
        assert (logged.lifts_left or 0) + (logged.lifts_right or 0) == done.movements


@pytest.mark.parametrize(("direction", "breaths"), [(+1, "3 breaths"), (-1, "1 breath")])
def test_a_lengthened_or_shortened_hold_that_runs_out_counts_what_was_done(
    direction: int, breaths: str
) -> None:
    clock = FakeClock()
    engine = Engine(make_timeline((HOLD, 12, B)), clock)
    record = PracticeRecord()
    events = engine.start() + engine.adjust(direction)
    while engine.state.value != "finished":
        clock.advance(0.5)
        events += engine.tick()
    for event in events:
        record.handle(event)
    [done] = record.done
    assert done.amount == breaths
    ended = next(e for e in events if isinstance(e, StepEnded))
    logged = logged_step(ended, ended_at=datetime(2025, 1, 1, tzinfo=UTC), pauses=0)
    assert f"{logged.breaths} breath" in breaths


def test_the_engine_counts_the_breaths_of_a_step_the_same_way() -> None:
    clock = FakeClock()
    line = make_timeline((HOLD, 15, B))
    engine = Engine(line, clock)
    engine.start()
    assert engine.status().breaths == line.steps[0].movements_done(15, ran_out=True) == 3


# -- light and checked -------------------------------------------------------------


def test_times_are_floats_however_given() -> None:
    made = step(duration=12, start=3)
    assert isinstance(made.duration, float)
    assert isinstance(made.start, float)
    assert isinstance(ChimePoint(chime=Chime.HOLD_START, seconds=0).seconds, float)


def test_what_the_field_limits_said_is_still_checked() -> None:
    with pytest.raises(ValueError, match="index"):
        step(index=-1)
    with pytest.raises(ValueError, match="duration"):
        step(duration=-1.0)
    with pytest.raises(ValueError, match="start"):
        step(start=-0.5)
    with pytest.raises(ValueError, match="seconds"):
        ChimePoint(chime=Chime.COUNTDOWN, seconds=-1)
    with pytest.raises(ValueError, match="at least one"):
        Fallback(version_id="v", name="V", first=0, count=0, steps=(step(),))
    with pytest.raises(ValueError, match="at least one step"):
        Fallback(version_id="v", name="V", first=0, count=1, steps=())
    with pytest.raises(ValueError, match="at least one step"):
        Timeline(routine_id="r", name="R", steps=())


def test_steps_are_frozen_and_copied_with_replace() -> None:
    made = step()
    with pytest.raises(AttributeError):
        made.title = "Bow"  # type: ignore[misc]
    moved = replace(made, index=3, start=10)
    assert (moved.index, moved.start, moved.title) == (3, 10.0, "Locust")
    assert asdict(moved)["title"] == "Locust"
    assert hash(moved) == hash(replace(made, index=3, start=10.0))
