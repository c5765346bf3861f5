"""The awake lock over a whole 20-minute practice, in fake time: held from start to end."""

from __future__ import annotations

from app.core.engine import Engine
from app.core.events import SessionFinished
from app.core.options import PracticeOptions
from app.core.timeline import build_timeline
from app.sound.cues import Cues
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan
from app.system.awake import Inhibitor
from tests.sound.fakes import FakeClock, FakeSpawner


def test_the_lock_is_held_through_a_20_minute_practice_and_let_go_at_the_end() -> None:
    library = load_library(None)
    routine = load_builtin_plan("full", library).with_options(PracticeOptions())
    timeline = build_timeline(routine, library)
    assert timeline.total >= 20 * 60
    clock = FakeClock()
    spawner = FakeSpawner()
    awake = Inhibitor([["systemd-inhibit", "cat"]], spawn=spawner, clock=clock)
    cues = Cues(awake=awake)
    engine = Engine(timeline, clock)
    cues.handle_all(engine.start())
    finished = False
    ticks = 0
    while not finished:
        clock.advance(0.25)
        ticks += 1
        events = engine.tick()
        cues.handle_all(events)
        finished = any(isinstance(event, SessionFinished) for event in events)
        if not finished:
            assert awake.held, f"the lock was let go {ticks / 4:.0f} s into the practice"
    assert not awake.held
    assert len(spawner.processes) == 1  # one lock, for the whole practice
