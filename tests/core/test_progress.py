"""Progress from the history: the streak rule, minutes per week, lifts toward 30 a side."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.core.engine import Engine
from app.core.practice_log import LoggedPractice, Outcome, lifts_per_side
from app.core.progress import (
    COUNTS_FROM_SECONDS,
    STREAK_RULE,
    goal_reached_line,
    last_lifts,
    lift_counts,
    lift_target,
    minutes_per_week,
    overview_line,
    progression_line,
    streak,
    time_per_pose,
    week_of,
)
from app.core.record import PracticeRecord
from app.core.steps import Measure, StepKind
from tests.core.factory import FakeClock, make_timeline
from tests.history_samples import lifts_step, sample_practices

# A Wednesday evening, in UTC (tests run with whatever local zone; days are compared locally).
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def practice(at: datetime, minutes: float = 10, steps: tuple[object, ...] = ()) -> LoggedPractice:
    return LoggedPractice(
        id=0,
        started_at=at,
        routine_id="quick",
        routine_name="Quick",
        options={},
        planned_seconds=290,
        set_count=1,
        library_version="",
        app_version="",
        outcome=Outcome.COMPLETE,
        active_seconds=minutes * 60,
        steps=steps,  # type: ignore[arg-type]
    )


def weeks_ago(weeks: int, day: int = 0) -> datetime:
    monday = NOW - timedelta(days=NOW.astimezone().weekday())
    return monday - timedelta(weeks=weeks) + timedelta(days=day)


def test_week_of_is_the_monday() -> None:
    assert week_of(date(2026, 12, 2)) == date(2026, 11, 30)
    assert week_of(date(2026, 11, 30)) == date(2026, 11, 30)
    assert week_of(date(2026, 12, 6)) == date(2026, 11, 30)


def test_two_practices_a_week_keep_the_streak() -> None:
    history = [practice(weeks_ago(w, d)) for w in (1, 2, 3) for d in (0, 3)]
    kept = streak(history, NOW)
    assert (kept.current, kept.longest, kept.this_week) == (3, 3, 0)
    # This week is not over: it does not break the streak yet, and joins it at two.
    assert "2 more this week" in kept.describe()
    history += [practice(weeks_ago(0, 0)), practice(weeks_ago(0, 1))]
    assert streak(history, NOW).current == 4


def test_one_practice_a_week_is_no_streak() -> None:
    history = [practice(weeks_ago(w)) for w in range(6)]
    assert streak(history, NOW).current == 0
    assert streak(history, NOW).longest == 0


def test_a_missed_week_breaks_the_streak_but_not_the_longest() -> None:
    history = [practice(weeks_ago(w, d)) for w in (1, 2, 5, 6, 7, 8) for d in (0, 2)]
    kept = streak(history, NOW)
    assert kept.current == 2
    assert kept.longest == 4


def test_a_practice_stopped_at_once_does_not_count() -> None:
    short = COUNTS_FROM_SECONDS / 60 - 0.5
    history = [practice(weeks_ago(1, d), minutes=short) for d in (0, 1, 2)]
    assert streak(history, NOW).current == 0


def test_the_rule_is_stated_in_words() -> None:
    assert "at least 2 practices" in STREAK_RULE
    assert "Monday to Sunday" in STREAK_RULE


def test_minutes_per_week_for_twelve_weeks() -> None:
    history = [practice(weeks_ago(0), 10), practice(weeks_ago(0, 2), 5), practice(weeks_ago(3), 20)]
    history.append(practice(weeks_ago(12), 99))  # before the chart's first week
    weeks = minutes_per_week(history, NOW)
    assert len(weeks) == 12
    assert weeks[-1] == (week_of(NOW), pytest.approx(15))
    assert weeks[-4][1] == pytest.approx(20)
    assert sum(minutes for _, minutes in weeks) == pytest.approx(35)
    assert [monday for monday, _ in weeks] == sorted(monday for monday, _ in weeks)


def test_time_per_pose_most_first() -> None:
    history = sample_practices(NOW)
    poses = time_per_pose(history)
    assert [p.pose_id for p in poses] == ["locust", "bow", "reverse-plank"]
    assert poses[1].seconds == pytest.approx(45 * len(history))


def test_lifts_per_side_start_on_the_left() -> None:
    assert lifts_per_side(0) == (0, 0)
    assert lifts_per_side(5) == (3, 2)
    assert lifts_per_side(6) == (3, 3)


def test_last_lifts_and_todays_target() -> None:
    history = [
        practice(weeks_ago(2), steps=(lifts_step(weeks_ago(2), 10, 10),)),
        practice(weeks_ago(1), steps=(lifts_step(weeks_ago(1), 12, 11),)),
    ]
    last = last_lifts(history, "locust", "opposite-lifts")
    assert last is not None
    assert (last.left, last.right) == (12, 11)
    assert lift_target(last, 30) == (13, 12)
    line = progression_line(last, 30)
    assert "Last time 12 left · 11 right" in line
    assert "today 13 · 12" in line
    assert "right side behind" in line
    assert last_lifts(history, "locust", "airplane-arms") is None


def test_the_target_stops_at_the_goal() -> None:
    history = [practice(weeks_ago(1), steps=(lifts_step(weeks_ago(1), 30, 29),))]
    last = last_lifts(history, "locust", "opposite-lifts")
    assert lift_target(last, 30) == (30, 30)
    assert "left side" not in progression_line(last, 30)
    done = [practice(weeks_ago(1), steps=(lifts_step(weeks_ago(1), 30, 30),))]
    assert "reached" in progression_line(last_lifts(done, "locust", "opposite-lifts"), 30)


def test_first_time_has_no_target() -> None:
    assert lift_target(None, 30) is None
    assert "First time" in progression_line(None, 30)


def test_a_practice_best_lifts_per_side_over_its_sets() -> None:
    at = weeks_ago(1)
    steps = (lifts_step(at, 9, 8), lifts_step(at, 7, 9), lifts_step(at, 0, 0))
    (count,) = lift_counts([practice(at, steps=steps)])
    assert (count.left, count.right) == (9, 9)


def test_the_summary_says_when_both_sides_reach_the_goal() -> None:
    timeline = make_timeline((StepKind.HOLD, 6 * 60, Measure.REPS))  # 60 breaths: 30 a side
    clock = FakeClock()
    engine = Engine(timeline, clock)
    record = PracticeRecord()
    for event in engine.start():
        record.handle(event)
    for _ in range(6 * 60 + 1):
        clock.advance(1)
        for event in engine.tick():
            record.handle(event)
    (note,) = goal_reached_line(record, 30)
    assert "30 lifts on each side" in note
    assert goal_reached_line(record, 31) == ()


def test_the_start_screen_line() -> None:
    assert overview_line((), NOW).startswith("No practices yet")
    history = sample_practices(NOW)
    line = overview_line(history, NOW)
    assert line.startswith("Streak ")
    assert "last practice" in line
    assert history[-1].outcome.value in line
    stopped = (*history[:-1], replace(history[-1], outcome=Outcome.STOPPED))
    assert "stopped early" in overview_line(stopped, NOW)


def test_no_streak_says_how_to_start_one() -> None:
    kept = streak([practice(weeks_ago(0))], NOW)
    assert kept.describe() == "no streak yet: 1 more this week to start one"
