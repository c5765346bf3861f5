"""Progress pose by pose: bests, the comparison the summary makes, the weeks the charts show."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.core.pose_progress import (
    NO_WEEK,
    UNKNOWN_RANK,
    VersionOrder,
    bars,
    bests,
    compare,
    efforts_of,
    pose_weeks,
    previous_practice,
)
from app.core.practice_log import Outcome
from tests.history_samples import hold_step, lifts_step
from tests.pose_samples import ORDER, bow, practice, twelve_weeks

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_the_first_version_listed_is_the_easiest() -> None:
    assert ORDER.rank("bow", "no-hands") < ORDER.rank("bow", "full-bow")
    assert ORDER.place("bow", "full-bow") == "2 of 2"
    assert ORDER.rank("bow", "a-version-since-removed") == UNKNOWN_RANK
    assert ORDER.place("crow", "classic") == ""


def test_bests_of_one_practice() -> None:
    at = NOW - timedelta(days=1)
    steps = (
        bow(at, "no-hands", 30, 1, 1),
        bow(at, "full-bow", 25, 2, 2),
        replace(bow(at, "full-bow", 12, 3, 3), ending="quit"),
        lifts_step(at, 9, 8),
        lifts_step(at, 7, 10),
    )
    found = bests(efforts_of(practice(1, at, steps)), ORDER)
    assert list(found) == ["bow", "locust"]
    assert found["bow"].hold_seconds == 30
    assert found["bow"].sets == 2  # the third set was stopped
    assert (found["bow"].version_id, found["bow"].version_name) == ("full-bow", "Full bow")
    assert found["locust"].lifts == (9, 8)  # the weaker side decides
    assert found["locust"].hold_seconds is None


def test_a_version_stopped_before_its_end_is_not_reached() -> None:
    at = NOW - timedelta(days=1)
    steps = (bow(at, "no-hands", 30, 1, 1), replace(bow(at, "full-bow", 5, 2, 2), ending="quit"))
    assert bests(efforts_of(practice(1, at, steps)), ORDER)["bow"].version_id == "no-hands"


def test_the_summary_names_what_improved() -> None:
    before_at, at = NOW - timedelta(days=3), NOW
    before = practice(
        1,
        before_at,
        (
            bow(before_at, "no-hands", 30, 1, 1),
            bow(before_at, "no-hands", 30, 2, 2),
            hold_step(before_at, "reverse-plank", "Reverse Plank", 40, 3),
            lifts_step(before_at, 12, 11),
        ),
    )
    done = efforts_of(
        practice(
            2,
            at,
            (
                bow(at, "full-bow", 37.4, 1, 1),
                bow(at, "full-bow", 30, 2, 2),
                bow(at, "full-bow", 30, 3, 3),
                hold_step(at, "reverse-plank", "Reverse Plank", 40.2, 3),
                lifts_step(at, 13, 12),
            ),
        )
    )
    comparison = compare(done, before, ORDER, "Strength")
    assert comparison.heading.startswith("Better than your last Strength practice (")
    assert comparison.lines == (
        "Bow: held 37 s, 7 s longer · 3 sets, 1 more · Full bow, harder than No hands",
        "Locust: 13 left · 12 right lifts, up from 12 · 11",
    )


def test_nothing_better_is_said_plainly() -> None:
    at = NOW - timedelta(days=3)
    before = practice(1, at, (bow(at, "full-bow", 30, 1, 1), lifts_step(at, 12, 11)))
    done = efforts_of(practice(2, NOW, (bow(NOW, "no-hands", 30, 1, 1), lifts_step(NOW, 13, 10))))
    comparison = compare(done, before, ORDER, "Strength")
    assert comparison.heading.startswith("Against your last Strength practice")
    assert comparison.lines == (
        "No longer holds, extra sets, harder versions or extra lifts this time.",
    )


def test_no_previous_practice_says_so() -> None:
    comparison = compare([], None, ORDER, "Strength")
    assert comparison.heading == "Your first Strength practice in the history"


def test_the_previous_practice_is_the_last_of_the_same_plan() -> None:
    history = twelve_weeks(NOW)
    other = practice(99, NOW - timedelta(hours=1), history[-1].steps, routine="quick")
    empty = replace(history[-1], id=100, started_at=NOW - timedelta(minutes=5), steps=())
    found = previous_practice((*history, other, empty), "strength", NOW)
    assert found is history[-1]
    assert previous_practice(history, "evening", NOW) is None
    assert previous_practice((), "strength", NOW) is None


def test_a_practice_dated_in_the_future_is_the_last_resort() -> None:
    history = twelve_weeks(NOW)
    future = replace(history[0], id=50, started_at=NOW + timedelta(days=400))
    assert previous_practice((*history, future), "strength", NOW) is history[-1]
    assert previous_practice((future,), "strength", NOW) is future


def test_twelve_weeks_pose_by_pose() -> None:
    history = twelve_weeks(NOW)
    poses = pose_weeks(history, ORDER, NOW)
    assert [p.best.pose_id for p in poses] == ["locust", "bow", "reverse-plank"]
    locust, bow_, plank = poses
    assert len(plank.weeks) == 12
    assert plank.best.hold_seconds == 75  # week 0: 20 + 5 * 11
    holds = plank.holds
    assert holds[6] is None  # the week away
    assert [h for h in holds if h is not None] == sorted(h for h in holds if h is not None)
    assert bow_.best.version_name == "Full bow"
    assert bow_.best.sets == 3
    assert [None if b is None else b.version_id for b in bow_.week_bests][4:7] == [
        "no-hands",
        "full-bow",
        None,
    ]
    lifts = [v for v in locust.fewer_side_lifts if v is not None]
    assert lifts == sorted(lifts)
    assert lifts[-1] == min(locust.best.lifts or (0, 0))


def test_months_away_and_the_future_leave_the_chart_empty_not_broken() -> None:
    long_ago = NOW - timedelta(weeks=30)
    old = practice(1, long_ago, (bow(long_ago, "full-bow", 40, 1, 1),))
    future = practice(2, NOW + timedelta(weeks=3), (bow(NOW, "no-hands", 50, 1, 1),))
    (bow_,) = pose_weeks((old, future), ORDER, NOW)
    assert bow_.week_bests == (None,) * 12
    assert bow_.best.hold_seconds == 50  # all time: a wrong clock does not lose a practice
    assert bow_.best.version_name == "Full bow"
    assert bars(bow_.holds) == NO_WEEK * 12


def test_a_partial_practice_and_one_stopped_at_once() -> None:
    at = NOW - timedelta(days=1)
    stopped = replace(
        practice(1, at, (replace(bow(at, "no-hands", 10, 1, 1), ending="quit"),)),
        outcome=Outcome.STOPPED,
        active_seconds=10,
    )
    partial = replace(practice(2, at, ()), outcome=Outcome.PARTIAL, active_seconds=0)
    (bow_,) = pose_weeks((stopped, partial), ORDER, NOW)
    assert bow_.best.hold_seconds == 10
    assert bow_.best.sets == 0
    assert bow_.best.version_id is None
    assert pose_weeks((), ORDER, NOW) == []


def test_an_older_history_without_pose_ids_or_known_versions() -> None:
    at = NOW - timedelta(days=1)
    no_pose = replace(hold_step(at, "bow", "Bow", 30, 1), pose_id=None)
    gone = replace(hold_step(at, "bow", "Bow", 30, 2), version_id=None, subtitle="Old bow")
    (bow_,) = pose_weeks((practice(1, at, (no_pose, gone)),), VersionOrder(), NOW)
    assert bow_.best.version_name == "Old bow"
    assert bow_.best.version_rank == UNKNOWN_RANK


def test_bars_start_from_zero() -> None:
    assert bars([10, None, 20, 0]) == f"▄{NO_WEEK}█▁"
    assert bars([0, 0]) == "▁▁"
    assert bars([]) == ""
