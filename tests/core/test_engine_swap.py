"""Swapping a version for its fallback (Full bow: no hands), in fake time."""

from __future__ import annotations

from itertools import pairwise

import pytest

from app.core import library_schema
from app.core.engine import Engine, EngineState, Operation
from app.core.events import (
    Ending,
    Event,
    SessionFinished,
    StepEnded,
    StepStarted,
    VersionSwapped,
)
from app.core.models import Library, library_data
from app.core.plans import parse_routine
from app.core.steps import StepKind, Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan

from .factory import FakeClock


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def full(library: Library) -> Timeline:
    return build_timeline(load_builtin_plan("full", library), library)


def go_to(engine: Engine, index: int) -> list[Event]:
    events: list[Event] = []
    while engine.index < index:
        events += engine.next()
    return events


def run_out(engine: Engine, clock: FakeClock) -> list[Event]:
    """Let every step run its time, a tenth of a second a tick."""
    events: list[Event] = []
    while engine.state is not EngineState.FINISHED:
        clock.advance(0.1)
        events += engine.tick()
    return events


def check_contiguous(line: Timeline) -> None:
    assert [s.index for s in line.steps] == list(range(len(line.steps)))
    for before, after in pairwise(line.steps):
        assert after.start == pytest.approx(before.end)


def test_swap_from_get_ready_does_no_hands_for_this_set(library: Library, clock: FakeClock) -> None:
    line = full(library)
    ready = next(s for s in line.steps if s.version_id == "full-bow")
    engine = Engine(line, clock)
    engine.start()
    skipped = sum(
        1 for e in go_to(engine, ready.index) if isinstance(e, StepEnded) and e.step.is_work
    )
    clock.advance(4)
    assert engine.can_swap()
    events = engine.operate(Operation.SWAP_VERSION)
    ended = [e for e in events if isinstance(e, StepEnded)]
    assert [(e.step.version_id, e.ending) for e in ended] == [("full-bow", Ending.SWAPPED)]
    assert ended[0].active_seconds == pytest.approx(4)
    swapped = [e for e in events if isinstance(e, VersionSwapped)]
    assert [(e.from_version, e.to_version) for e in swapped] == [("full-bow", "no-hands")]
    started = [e.step for e in events if isinstance(e, StepStarted)]
    assert [(s.kind, s.version_id, s.swapped_from) for s in started] == [
        (StepKind.GET_READY, "no-hands", "full-bow")
    ]
    # The get-ready starts over: the full time to move into No hands.
    assert engine.status().remaining == pytest.approx(ready.duration)
    assert engine.timeline is swapped[0].timeline
    check_contiguous(engine.timeline)
    assert engine.timeline.total == pytest.approx(line.total)
    assert not engine.can_swap(), "a swapped-in version has nothing to swap to"

    # The rest of the practice runs as planned; the hold's record says No hands.
    events = run_out(engine, clock)
    holds = [
        e.step
        for e in events
        if isinstance(e, StepEnded) and e.step.kind is StepKind.HOLD and e.step.pose_id == "bow"
    ]
    assert (holds[0].version_id, holds[0].swapped_from) == ("no-hands", "full-bow")
    assert all(e.completed for e in events if isinstance(e, StepEnded))
    finished = [e for e in events if isinstance(e, SessionFinished)]
    assert finished[0].skipped_steps == skipped, "a swap is not a skip"


def test_swap_during_the_hold_starts_the_fallbacks_hold(library: Library, clock: FakeClock) -> None:
    line = full(library)
    hold = next(s for s in line.steps if s.version_id == "full-bow" and s.kind is StepKind.HOLD)
    engine = Engine(line, clock)
    engine.start()
    go_to(engine, hold.index)
    clock.advance(10)
    engine.tick()
    elapsed = engine.status().session_elapsed
    events = engine.swap_version()
    assert [e.ending for e in events if isinstance(e, StepEnded)] == [Ending.SWAPPED]
    assert engine.index == hold.index
    assert engine.step.kind is StepKind.HOLD
    assert engine.step.version_id == "no-hands"
    assert engine.status().remaining == pytest.approx(hold.duration)
    # The session's active time counts the 10 s done before the swap once.
    assert engine.status().session_elapsed == pytest.approx(elapsed)


def test_a_paused_swap_stays_paused(library: Library, clock: FakeClock) -> None:
    line = full(library)
    ready = next(s for s in line.steps if s.version_id == "full-bow")
    engine = Engine(line, clock)
    engine.start()
    go_to(engine, ready.index)
    engine.pause()
    engine.swap_version()
    assert engine.state is EngineState.PAUSED
    assert engine.step.version_id == "no-hands"
    clock.advance(30)
    assert engine.tick() == []
    assert engine.status().remaining == pytest.approx(ready.duration)


def test_no_fallback_no_swap(library: Library, clock: FakeClock) -> None:
    engine = Engine(full(library), clock)
    engine.start()
    assert not engine.can_swap()
    before = engine.timeline
    assert engine.swap_version() == []
    assert engine.timeline is before


def test_a_swap_to_a_version_of_another_shape_moves_the_rest_along(
    library: Library, clock: FakeClock
) -> None:
    """A sided version falling back to an unsided one: later steps and fallbacks move up."""
    raw = library_data(library)
    plank = next(p for p in raw["poses"] if p["id"] == "reverse-plank")
    for version in plank["versions"]:
        if version["id"] == "leg-lifted":
            version["fallback"] = "classic"
    changed = library_schema.Library.model_validate(raw).light()
    routine = parse_routine(
        'id = "t"\nname = "T"\ndescription = "Two sets."\nsets = 2\nhold = { seconds = 20 }\n'
        '[[blocks]]\npose = "reverse-plank"\nversions = ["leg-lifted"]\n',
        "t.toml",
    )
    line = build_timeline(routine, changed)
    engine = Engine(line, clock)
    engine.start()
    first = line.steps[0]
    assert first.fallback is not None
    assert first.fallback.count == 4  # get ready, left, switch, right
    engine.swap_version()
    after = engine.timeline
    check_contiguous(after)
    assert len(after.steps) == len(line.steps) - 2
    assert after.total == pytest.approx(line.total - 20 - 5)
    second_set = next(s for s in after.steps if s.set_number == 2)
    assert second_set.fallback is not None
    assert second_set.fallback.first == second_set.index
    # The second set can be swapped too, and the practice still ends on time.
    go_to(engine, second_set.index)
    engine.swap_version()
    check_contiguous(engine.timeline)
    assert [s.version_id for s in engine.timeline.steps if s.kind is StepKind.HOLD] == [
        "classic",
        "classic",
    ]


def test_the_history_keeps_the_swap(library: Library, clock: FakeClock) -> None:
    """The step given up is logged as swapped; the steps done instead carry their version."""
    from datetime import UTC, datetime

    from app.core.practice_log import logged_step

    line = full(library)
    hold = next(s for s in line.steps if s.version_id == "full-bow" and s.kind is StepKind.HOLD)
    engine = Engine(line, clock)
    engine.start()
    go_to(engine, hold.index)
    clock.advance(5)
    events = engine.swap_version()
    events += run_out(engine, clock)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    logged = [
        logged_step(e, ended_at=now, pauses=0)
        for e in events
        if isinstance(e, StepEnded) and e.step.pose_id == "bow"
    ]
    assert [(s.version_id, s.ending) for s in logged[:2]] == [
        ("full-bow", "swapped"),
        ("no-hands", "completed"),
    ]
    assert logged[0].active_seconds == pytest.approx(5)
