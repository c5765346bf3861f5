"""The practice record (no UI): what the summary screen is made from."""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.engine import Engine
from app.core.events import Event, StepEnded
from app.core.practice_log import logged_step
from app.core.record import PracticeRecord, summary_lines
from app.core.steps import Side
from tests.tiny_practice import LEFT_HOLD, LIFTS, FakeClock, make_timeline


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


def test_the_summary_counts_lifts_a_side_as_the_history_keeps_them() -> None:
    """`+` during alternating lifts adds one lift: the summary says what the history holds."""
    clock = FakeClock()
    engine = Engine(make_timeline(), clock)
    record = PracticeRecord()
    ended: list[StepEnded] = []

    def handle(events: list[Event]) -> None:
        for event in events:
            record.handle(event)
            if isinstance(event, StepEnded) and event.step.counts_lifts:
                ended.append(event)

    handle(engine.start())
    while engine.index != LIFTS:
        clock.advance(0.5)
        handle(engine.tick())
    handle(engine.adjust(+1))  # 2 lifts a side become 3
    # Five lifts done (three on the left, two on the right), then on to the next step.
    lifted = clock() + 5 * engine.step.breath_seconds
    while clock() < lifted:
        clock.advance(0.25)
        handle(engine.tick())
    handle(engine.next())
    while engine.state.value != "finished":
        clock.advance(0.5)
        handle(engine.tick())
    assert len(ended) == 1
    row = logged_step(ended[0], ended_at=datetime.now(UTC), pauses=0)
    lifts = [line for line in summary_lines(record.done) if line.title == "Locust"][-1]
    assert (row.lifts_left, row.lifts_right) == (3, 2)
    assert lifts.amount == f"{row.lifts_left} lifts left, {row.lifts_right} right"
