"""The practice record (no UI): what the summary screen is made from."""

from __future__ import annotations

from app.core.engine import Engine
from app.core.record import PracticeRecord, summary_lines
from app.core.steps import Side
from tests.tiny_practice import LEFT_HOLD, FakeClock, make_timeline


def run(skip_at: int | None = None) -> PracticeRecord:
    clock = FakeClock()
    engine = Engine(make_timeline(), clock)
    record = PracticeRecord()
    for event in engine.start():
        record.handle(event)
    while engine.state.value != "finished":
        if skip_at is not None and engine.index == skip_at:
            skip_at = None
            events = engine.next()
        else:
            clock.advance(0.5)
            events = engine.tick()
        for event in events:
            record.handle(event)
    return record


def test_a_whole_practice_is_all_done() -> None:
    record = run()
    assert len(record.done) == 5
    assert record.skipped == []
    assert record.active_seconds == 58
    assert not record.quit
    lines = summary_lines(record.done)
    titles = [(line.title, line.detail) for line in lines]
    assert titles == [
        ("Locust", "Arms by the sides"),
        ("Reverse Tabletop", "Leg lifted"),
        ("Locust", "Arms forward"),
        ("Locust", "Opposite arm and leg lifts"),
    ]
    table = lines[1]
    assert table.sides == (Side.LEFT, Side.RIGHT)
    assert table.sets == (1,)
    assert table.set_count == 2
    assert lines[2].amount == "2 breaths"
    assert lines[3].amount == "2 lifts each side"


def test_a_skipped_hold_is_listed_as_skipped() -> None:
    record = run(skip_at=LEFT_HOLD)
    assert [entry.step.side for entry in record.skipped] == [Side.LEFT]
    assert len(record.done) == 4


def test_a_restarted_hold_done_later_is_not_skipped() -> None:
    clock = FakeClock()
    engine = Engine(make_timeline(), clock)
    record = PracticeRecord()
    events = engine.start()
    while engine.index < LEFT_HOLD:
        events += engine.next()
    clock.advance(1)
    events += engine.tick()
    events += engine.restart_step()
    for _ in range(20):
        clock.advance(0.5)
        events += engine.tick()
    for event in events:
        record.handle(event)
    assert [entry.step.index for entry in record.done] == [LEFT_HOLD]
    assert [entry.step.index for entry in record.skipped] == [1]  # the time hold skipped with n
