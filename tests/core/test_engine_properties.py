"""The engine's invariants over random operations and random tick jitter (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.core.engine import MAX_EXTRA_SECONDS, Engine, EngineState
from app.core.events import (
    Event,
    Paused,
    SecondChanged,
    SessionFinished,
    StepEnded,
    StepStarted,
    TimeAdjusted,
)

from .factory import FakeClock, small_practice, with_fallback

SUSPEND_AFTER = 5.0


class EngineMachine(RuleBasedStateMachine):
    """Drives one engine with random ticks and keys, checking it after every step."""

    @initialize()
    def begin(self) -> None:
        self.clock = FakeClock()
        self.timeline = with_fallback(small_practice())
        self.engine = Engine(self.timeline, self.clock, suspend_after=SUSPEND_AFTER)
        self.active = 0.0  # fake time spent running, by the model's count
        self.adjusted = 0.0
        self.jumped = False
        self.finished = 0
        self.ended_active = 0.0
        self.last_second: int | None = None
        self.current = 0
        self.take(self.engine.start())

    def take(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, StepStarted):
                # Steps start in timeline order, except where a key moved us.
                assert event.step.index in (self.current, self.current + 1) or self.jumped
                self.current = event.step.index
                self.last_second = None
            elif isinstance(event, SecondChanged):
                assert event.step_index == self.current
                if self.last_second is not None:
                    assert event.seconds_left < self.last_second
                self.last_second = event.seconds_left
            elif isinstance(event, TimeAdjusted):
                self.adjusted += event.delta_seconds
                self.last_second = None
            elif isinstance(event, StepEnded):
                self.ended_active += event.active_seconds
            elif isinstance(event, SessionFinished):
                self.finished += 1
                assert event.active_seconds == pytest.approx(self.ended_active, abs=1e-6)

    @rule(dt=st.floats(min_value=0.0, max_value=2.0))
    def tick(self, dt: float) -> None:
        before = self.engine.status()
        running = self.engine.state is EngineState.RUNNING
        self.clock.advance(dt)
        events = self.engine.tick()
        self.take(events)
        after = self.engine.status()
        if not running:
            assert events == []
            assert after.remaining == before.remaining
            assert after.session_elapsed == before.session_elapsed
        elif self.engine.state is EngineState.RUNNING:
            self.active += dt
            assert after.session_elapsed - before.session_elapsed == pytest.approx(dt, abs=1e-6)
        else:  # finished during this tick: no more than the tick's time was counted
            gained = after.session_elapsed - before.session_elapsed
            assert -1e-6 <= gained <= dt + 1e-6
            self.active += gained

    @precondition(lambda self: self.engine.state is EngineState.RUNNING)
    @rule(fraction=st.floats(min_value=0.0, max_value=0.999))
    def tick_before_the_next_change(self, fraction: float) -> None:
        """Nothing happens before the moment `next_change` names: sleeping until then is safe."""
        at = self.engine.next_change()
        assert at is not None
        assert at > self.clock.now
        if at - self.clock.now < 1e-6:
            return  # closer than the fake clock can step without landing on it
        dt = (at - self.clock.now) * fraction
        assert dt < 1.0 + 1e-9  # the displayed second changes at least once a second
        self.clock.advance(dt)
        self.active += dt
        assert self.engine.tick() == []

    @precondition(lambda self: self.engine.state is EngineState.RUNNING)
    @rule()
    def tick_at_the_next_change(self) -> None:
        """...and at that moment something does."""
        at = self.engine.next_change()
        assert at is not None
        before = self.engine.status().session_elapsed
        self.clock.advance(at - self.clock.now + 1e-7)
        events = self.engine.tick()
        self.take(events)
        assert events
        self.active += self.engine.status().session_elapsed - before

    @rule(gap=st.floats(min_value=SUSPEND_AFTER + 0.01, max_value=86_400))
    def lid_closed(self, gap: float) -> None:
        before = self.engine.status()
        running = self.engine.state is EngineState.RUNNING
        self.clock.advance(gap)
        events = self.engine.tick()
        self.take(events)
        if running:
            assert any(isinstance(e, Paused) for e in events)
        assert self.engine.status().session_elapsed == before.session_elapsed

    @rule()
    def toggle_pause(self) -> None:
        self.take(self.engine.toggle_pause())

    @rule(key=st.sampled_from(["next", "previous", "restart_step", "swap_version"]))
    def jump(self, key: str) -> None:
        before = self.engine.status().session_elapsed
        self.jumped = True
        self.take(getattr(self.engine, key)())
        self.jumped = False
        # Moving between steps neither adds nor loses active time.
        assert self.engine.status().session_elapsed == pytest.approx(before, abs=1e-6)

    @rule(direction=st.sampled_from([+1, -1]))
    def adjust(self, direction: int) -> None:
        self.take(self.engine.adjust(direction))

    @precondition(lambda self: self.engine.state is not EngineState.FINISHED)
    @rule()
    def quit(self) -> None:
        self.take(self.engine.quit())
        assert self.engine.state is EngineState.FINISHED

    @invariant()
    def time_left_is_within_the_step(self) -> None:
        status = self.engine.status()
        assert 0 <= status.remaining <= status.duration
        assert status.duration <= status.step.duration + MAX_EXTRA_SECONDS + 1e-9
        assert status.seconds_left >= 0
        steps = self.engine.timeline.steps
        assert [s.index for s in steps] == list(range(len(steps)))
        assert status.step is steps[self.engine.index]

    @invariant()
    def finished_at_most_once(self) -> None:
        assert self.finished <= 1
        assert (self.finished == 1) == (self.engine.state is EngineState.FINISHED)

    @invariant()
    def active_time_is_the_time_spent_running(self) -> None:
        assert self.engine.status().session_elapsed == pytest.approx(self.active, abs=1e-6)


EngineMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_engine_state_machine = EngineMachine.TestCase


def test_uninterrupted_practice_lasts_planned_time_plus_adjustments() -> None:
    """Only ticks and +/-: active time is the plan plus the adjustments, to the millisecond."""
    for seed in range(20):
        clock = FakeClock()
        engine = Engine(small_practice(), clock)
        engine.start()
        adjusted = 0.0
        finished: list[SessionFinished] = []
        step = 0
        while not finished:
            step += 1
            clock.advance(0.05 + (seed * 7919 + step * 104_729) % 997 / 1000)
            events = engine.tick()
            if step % 11 == 0:
                events += engine.adjust(+1 if (step + seed) % 3 else -1)
            adjusted += sum(e.delta_seconds for e in events if isinstance(e, TimeAdjusted))
            finished = [e for e in events if isinstance(e, SessionFinished)]
        expected = small_practice().total + adjusted
        assert finished[0].active_seconds == pytest.approx(expected, abs=1e-3)
