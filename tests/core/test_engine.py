"""The engine in fake time: every rule of timing, checked to the millisecond."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

import pytest

from app.core.engine import Engine, EngineState, seconds_left
from app.core.events import (
    BreathPhaseChanged,
    ChimeDue,
    Ending,
    Event,
    Paused,
    RepCounted,
    Resumed,
    SecondChanged,
    SessionFinished,
    SetFinished,
    StepEnded,
    StepStarted,
    Suspended,
    TimeAdjusted,
)
from app.core.models import Breath
from app.core.steps import Chime, Side, StepKind

from .factory import GET_READY, HOLD, B, FakeClock, R, S, make_timeline, small_practice


def run(engine: Engine, clock: FakeClock, seconds: float, step: float = 0.1) -> list[Event]:
    """Tick every `step` seconds for `seconds` of fake time."""
    events: list[Event] = []
    ticks = round(seconds / step)
    for _ in range(ticks):
        clock.advance(step)
        events += engine.tick()
    return events


def of_type(events: list[Event], kind: type[T]) -> list[T]:
    return [event for event in events if isinstance(event, kind)]


T = TypeVar("T")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_seconds_left_rounds_up_and_never_shows_zero_mid_step() -> None:
    assert seconds_left(45.0) == 45
    assert seconds_left(44.999) == 45
    assert seconds_left(44.0) == 44
    assert seconds_left(0.001) == 1
    assert seconds_left(0.0) == 0


def test_every_displayed_second_appears_once_in_order(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 12, S)), clock)
    events = engine.start() + run(engine, clock, 13, step=0.07)
    shown = [e.seconds_left for e in of_type(events, SecondChanged)]
    assert shown == list(range(12, 0, -1))
    assert engine.state is EngineState.FINISHED


def test_chimes_sound_at_start_and_three_two_one_before_the_end(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 12, S)), clock)
    start_events = engine.start()
    assert ChimeDue(0, Chime.HOLD_START) in start_events
    heard: list[tuple[float, Chime, int | None]] = []
    for _ in range(130):
        clock.advance(0.1)
        for event in engine.tick():
            if isinstance(event, ChimeDue):
                heard.append((round(clock.now - 1000, 1), event.chime, event.count))
    assert heard == [
        (9.0, Chime.COUNTDOWN, 3),
        (10.0, Chime.COUNTDOWN, 2),
        (11.0, Chime.COUNTDOWN, 1),
        (12.0, Chime.SESSION_FINISHED, None),
    ]


def test_late_ticks_do_not_drift_the_next_step(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 10, S), (HOLD, 10, S)), clock, suspend_after=30)
    engine.start()
    clock.advance(10.4)  # one very late tick
    events = engine.tick()
    assert of_type(events, StepEnded)[0].active_seconds == 10
    status = engine.status()
    assert status.step.index == 1
    assert status.remaining == pytest.approx(9.6)
    clock.advance(9.6)
    assert any(isinstance(e, SessionFinished) for e in engine.tick())


def test_a_tick_late_by_several_steps_reports_each_step_in_order(clock: FakeClock) -> None:
    engine = Engine(make_timeline((GET_READY, 1, S), (HOLD, 1, S), (HOLD, 1, S)), clock)
    engine.start()
    clock.advance(2.5)
    events = engine.tick()
    started = [e.step.index for e in of_type(events, StepStarted)]
    assert started == [1, 2]
    assert engine.status().remaining == pytest.approx(0.5)


def test_nothing_moves_while_paused(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 30, S)), clock)
    engine.start()
    run(engine, clock, 4)
    assert of_type(engine.pause(), Paused)
    before = engine.status()
    clock.advance(3)  # under the suspend threshold, paused anyway
    assert engine.tick() == []
    clock.advance(600)
    assert engine.tick() == []
    after = engine.status()
    assert after.remaining == before.remaining
    assert after.session_elapsed == before.session_elapsed
    assert engine.resume() == [Resumed()]
    clock.advance(1)
    engine.tick()
    assert engine.status().remaining == pytest.approx(before.remaining - 1)


def test_a_closed_lid_pauses_and_does_not_count_the_gap(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 60, S)), clock)
    engine.start()
    run(engine, clock, 10)
    clock.advance(3600)  # the lid was closed for an hour
    events = engine.tick()
    assert isinstance(events[0], Suspended)
    assert events[0].gap_seconds == pytest.approx(3600)
    assert engine.state is EngineState.PAUSED
    status = engine.status()
    assert status.suspended
    assert status.remaining == pytest.approx(50)
    engine.resume()
    assert not engine.status().suspended
    run(engine, clock, 50)
    assert engine.state is EngineState.FINISHED


def test_next_previous_and_restart(clock: FakeClock) -> None:
    engine = Engine(small_practice(), clock)
    engine.start()
    clock.advance(2)
    events = engine.next()
    ended = of_type(events, StepEnded)[0]
    assert ended.step.index == 0
    assert not ended.completed
    assert ended.active_seconds == pytest.approx(2)
    assert engine.index == 1
    assert engine.status().remaining == 12
    clock.advance(5)
    engine.restart_step()
    assert engine.index == 1
    assert engine.status().remaining == 12
    engine.previous()
    assert engine.index == 0
    engine.previous()
    assert engine.index == 0  # the first step starts again


def test_skipping_while_paused_stays_paused(clock: FakeClock) -> None:
    engine = Engine(small_practice(), clock)
    engine.start()
    engine.pause()
    engine.next()
    assert engine.state is EngineState.PAUSED
    assert engine.index == 1
    clock.advance(4)
    engine.tick()
    assert engine.status().remaining == 12


def test_next_on_the_last_step_finishes_once(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 10, S)), clock)
    engine.start()
    events = engine.next()
    finished = of_type(events, SessionFinished)
    assert len(finished) == 1
    assert not finished[0].quit
    assert finished[0].skipped_steps == 1
    assert engine.state is EngineState.FINISHED
    assert engine.next() == []
    assert engine.tick() == []
    assert engine.quit() == []


def test_adjust_adds_and_removes_within_bounds(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 20, S)), clock)
    engine.start()
    clock.advance(5)
    events = engine.adjust(+1)
    assert TimeAdjusted(0, 5.0) in events
    assert engine.status().remaining == pytest.approx(20)
    for _ in range(100):
        engine.adjust(+1)
    assert engine.status().duration == pytest.approx(20 + 300)
    for _ in range(200):
        engine.adjust(-1)
    assert engine.status().remaining == pytest.approx(1)
    assert engine.adjust(-1) == []


def test_countdown_sounds_again_after_time_is_added(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 12, S)), clock)
    engine.start()
    events = run(engine, clock, 10.5)
    assert [e.count for e in of_type(events, ChimeDue)] == [3, 2]
    engine.adjust(+1)  # 6.5 s left now
    events = run(engine, clock, 6.4)
    assert [e.count for e in of_type(events, ChimeDue)] == [3, 2, 1]


def test_breath_hold_reports_each_phase_once(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 18, B)), clock)
    events = engine.start() + run(engine, clock, 17.9, step=0.05)
    phases = [(e.breath, e.phase) for e in of_type(events, BreathPhaseChanged)]
    assert phases == [
        (1, Breath.INHALE),
        (1, Breath.EXHALE),
        (2, Breath.INHALE),
        (2, Breath.EXHALE),
        (3, Breath.INHALE),
        (3, Breath.EXHALE),
    ]
    status = engine.status()
    assert status.breath == 3
    assert status.breaths == 3
    assert status.phase is Breath.EXHALE
    assert 0.9 < status.phase_progress <= 1


def test_alternating_lifts_count_reps_per_side(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 24, R)), clock)
    events = engine.start() + run(engine, clock, 23.9)
    reps = [(e.rep, e.side) for e in of_type(events, RepCounted)]
    assert reps == [(1, Side.LEFT), (1, Side.RIGHT), (2, Side.LEFT), (2, Side.RIGHT)]
    assert all(e.reps == 2 for e in of_type(events, RepCounted))


def test_set_finished_follows_the_last_hold_of_a_set(clock: FakeClock) -> None:
    engine = Engine(small_practice(), clock)
    events = engine.start() + run(engine, clock, 80)
    kinds = [type(e).__name__ for e in events if isinstance(e, SetFinished | SessionFinished)]
    assert kinds == ["SetFinished", "SessionFinished"]


def test_quit_keeps_what_was_done(clock: FakeClock) -> None:
    engine = Engine(small_practice(), clock)
    engine.start()
    run(engine, clock, 8)
    events = engine.quit()
    ended = of_type(events, StepEnded)[0]
    assert ended.step.index == 1
    assert ended.active_seconds == pytest.approx(3)
    finished = of_type(events, SessionFinished)[0]
    assert finished.quit
    assert finished.completed_steps == 1
    assert finished.active_seconds == pytest.approx(8)


def test_a_whole_practice_takes_exactly_its_planned_time(clock: FakeClock) -> None:
    timeline = small_practice()
    engine = Engine(timeline, clock)
    engine.start()
    started_at = clock.now
    finished: list[SessionFinished] = []
    while not finished:
        clock.advance(0.013)
        finished = of_type(engine.tick(), SessionFinished)
    assert finished[0].active_seconds == pytest.approx(timeline.total, abs=1e-9)
    assert clock.now - started_at == pytest.approx(timeline.total, abs=0.013)


def test_status_before_start_shows_the_whole_first_step(clock: FakeClock) -> None:
    engine = Engine(small_practice(), clock)
    status = engine.status()
    assert status.state is EngineState.READY
    assert status.seconds_left == 5
    assert status.session_remaining == pytest.approx(small_practice().total)
    assert engine.tick() == []
    assert engine.toggle_pause()[0] == StepStarted(small_practice().steps[0])


def test_done_step_is_reported_and_finishes(clock: FakeClock) -> None:
    engine = Engine(make_timeline((HOLD, 5, S)), clock)
    engine.start()
    clock.advance(5)
    events = engine.tick()
    started = of_type(events, StepStarted)
    assert started[-1].step.kind is StepKind.DONE
    assert ChimeDue(1, Chime.SESSION_FINISHED) in events
    assert engine.status().session_progress == 1.0


def test_each_step_says_how_it_ended_and_only_skips_count_as_skipped(clock: FakeClock) -> None:
    engine = Engine(small_practice(), clock)
    events = engine.start()
    clock.advance(5)
    events += engine.tick()  # get-ready runs out
    events += engine.restart_step()
    events += engine.previous()
    events += engine.next()
    events += engine.next()
    events += engine.quit()
    endings = [(e.step.index, e.ending) for e in of_type(events, StepEnded)]
    assert endings == [
        (0, Ending.COMPLETED),
        (1, Ending.RESTARTED),
        (1, Ending.WENT_BACK),
        (0, Ending.SKIPPED),
        (1, Ending.SKIPPED),
        (2, Ending.QUIT),
    ]
    finished = of_type(events, SessionFinished)[0]
    assert finished.skipped_steps == 1  # the hold; the get-ready is not work


def test_a_movement_on_one_exhale_is_that_phase_throughout(clock: FakeClock) -> None:
    step = replace(make_timeline((HOLD, 3, B)).steps[0], phase=Breath.EXHALE)
    line = make_timeline((HOLD, 3, B))
    line = replace(line, steps=(step, line.steps[1]))
    engine = Engine(line, clock)
    events = engine.start() + run(engine, clock, 2.9)
    phases = of_type(events, BreathPhaseChanged)
    assert [(e.breath, e.breaths, e.phase) for e in phases] == [(1, 1, Breath.EXHALE)]
    assert engine.status().phase_progress == pytest.approx(2.9 / 3)


def test_next_change_is_the_next_displayed_second_then_each_breath() -> None:
    clock = FakeClock()
    engine = Engine(small_practice(), clock)
    assert engine.next_change() is None  # not started: nothing will happen by itself
    engine.start()
    clock.advance(0.3)
    engine.tick()
    at = engine.next_change()
    assert at == pytest.approx(clock.now + 0.7)
    engine.next()  # the 12 s hold
    engine.next()  # the switch
    engine.next()  # the breath hold: 6 s breaths, 3 s in
    clock.advance(0.5)
    engine.tick()
    assert engine.next_change() == pytest.approx(clock.now + 0.5)  # the next second
    clock.advance(2.25)
    engine.tick()
    at = engine.next_change()
    assert at == pytest.approx(clock.now + 0.25)  # the exhale and a second, together
    clock.advance(0.25)
    assert engine.tick(), "something happens at the moment next_change named"
    engine.pause()
    assert engine.next_change() is None


def test_next_change_is_read_from_the_deadline_not_from_the_last_tick() -> None:
    clock = FakeClock()
    engine = Engine(small_practice(), clock)
    engine.start()
    clock.advance(1.93)  # a tick that came very late
    engine.tick()
    assert engine.next_change() == pytest.approx(clock.now + 0.07)
