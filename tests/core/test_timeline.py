"""The timelines of the built-in plans: steps, sides, sets, rotation, chimes and totals."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest

from app.core.models import Library
from app.core.options import PracticeOptions
from app.core.steps import Chime, Measure, Section, Side, Step, StepKind, Timeline
from app.core.timeline import build_timeline, describe_seconds
from app.store.library_file import load_library
from app.store.plans import builtin_plan_ids, load_builtin_plan


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def timeline(library: Library, plan: str, **options: float) -> Timeline:
    routine = load_builtin_plan(plan, library).with_options(PracticeOptions(**options))
    return build_timeline(routine, library)


def holds(steps: tuple[Step, ...], section: Section = Section.STRENGTH) -> list[Step]:
    return [s for s in steps if s.kind is StepKind.HOLD and s.section is section]


def chimes(step: Step) -> list[str]:
    return [str(p.count) if p.count else p.chime.value for p in step.chimes]


def test_the_built_in_plans() -> None:
    assert builtin_plan_ids() == ("quick", "strength", "full", "flow", "after-run")


@pytest.mark.parametrize("plan", ["quick", "strength", "full", "flow", "after-run"])
def test_steps_are_contiguous_and_end_with_done(library: Library, plan: str) -> None:
    steps = timeline(library, plan).steps
    assert [s.index for s in steps] == list(range(len(steps)))
    for before, after in pairwise(steps):
        assert after.start == pytest.approx(before.end)
    assert steps[-1].kind is StepKind.DONE
    assert steps[-1].duration == 0
    assert chimes(steps[-1]) == ["session-finished"]
    assert sum(1 for s in steps if s.kind is StepKind.DONE) == 1


def test_strength_reaches_every_version_and_does_both_sides(library: Library) -> None:
    line = timeline(library, "strength")
    work = holds(line.steps)
    by_set = {n: [(s.pose_id, s.version_id) for s in work if s.set_number == n] for n in (1, 2)}
    for pose in library.poses:
        first = {v for p, v in by_set[1] if p == pose.id}
        second = {v for p, v in by_set[2] if p == pose.id}
        assert first
        assert second
        assert not first & second, f"{pose.id} repeats a version in set 2"
        assert first | second == {v.id for v in pose.versions}
    assert all(s.duration == 45 for s in work if s.measure is Measure.SECONDS)
    sided = [s for s in work if s.side is not None]
    assert sided
    lefts = Counter((s.pose_id, s.version_id, s.set_number) for s in sided if s.side is Side.LEFT)
    rights = Counter((s.pose_id, s.version_id, s.set_number) for s in sided if s.side is Side.RIGHT)
    assert lefts == rights
    for step in line.steps:
        if step.kind is StepKind.HOLD and step.side is not None:
            before = line.steps[step.index - 1]
            assert before.kind in (StepKind.SWITCH_SIDES, StepKind.GET_READY)
            assert before.side is step.side
    assert line.total == pytest.approx(841)


def test_strength_chime_points(library: Library) -> None:
    steps = timeline(library, "strength").steps
    for step in holds(steps):
        assert chimes(step) == ["hold-start", "3", "2", "1"]
    rests = [s for s in steps if s.kind is StepKind.REST]
    assert len(rests) == 1
    assert chimes(rests[0]) == ["set-finished"]
    assert rests[0].subtitle.startswith("Next: Locust")
    switches = [s for s in steps if s.kind is StepKind.SWITCH_SIDES]
    assert switches
    assert all(chimes(s) == ["switch-sides"] for s in switches)
    countdown = [p for p in holds(steps)[0].chimes if p.chime is Chime.COUNTDOWN]
    assert [p.offset_in(45) for p in countdown] == [42, 43, 44]


def test_a_whole_full_practice_reaches_every_version_of_every_pose(library: Library) -> None:
    line = timeline(library, "full")
    work = holds(line.steps)
    assert {s.set_number for s in work} == {1, 2, 3}
    done = {(s.pose_id, s.version_id) for s in work}
    assert done == {(p.id, v.id) for p in library.poses for v in p.versions}
    for set_number in (1, 2, 3):
        poses = {s.pose_id for s in work if s.set_number == set_number}
        assert poses == {p.id for p in library.poses}, "every set has every pose"
    assert sum(1 for s in line.steps if s.kind is StepKind.REST) == 2
    assert holds(line.steps, Section.WARM_UP)
    assert holds(line.steps, Section.STRETCH)


def test_quick_plan_is_one_set_of_about_seven_minutes(library: Library) -> None:
    line = timeline(library, "quick")
    assert {s.set_number for s in holds(line.steps)} == {1}
    assert 6 * 60 <= line.total <= 8 * 60
    assert line.steps[0].section is Section.WARM_UP
    assert line.steps[-2].section is Section.STRETCH


def test_flow_is_one_breath_in_every_version(library: Library) -> None:
    line = timeline(library, "flow")
    for set_number in (1, 2, 3):
        done = {(s.pose_id, s.version_id) for s in holds(line.steps) if s.set_number == set_number}
        every = {(p.id, v.id) for p in library.poses for v in p.versions}
        assert done == every
    for step in holds(line.steps):
        if step.measure is Measure.BREATHS:
            assert step.target == 1
            assert step.duration == 6
        else:
            assert step.measure is Measure.REPS
            assert step.target == 1  # one lift each side, one breath each


def test_after_run_settles_warms_up_works_and_stretches(library: Library) -> None:
    steps = timeline(library, "after-run").steps
    sections = [s.section for s in steps if s.kind is StepKind.HOLD]
    order = list(dict.fromkeys(sections))
    assert order == [Section.SETTLE, Section.WARM_UP, Section.STRENGTH, Section.STRETCH]
    jog = steps[0]
    assert jog.item_id == library.guidance.settle
    assert jog.duration == 180
    salutation = library.sequence(library.guidance.warm_up)
    stays = sum(1 for m in salutation.movements if m.stay_breaths)
    assert len(holds(steps, Section.WARM_UP)) == 3 * (len(salutation.movements) + stays)


def test_options_reshape_the_plan(library: Library) -> None:
    line = timeline(library, "strength", sets=3, hold_breaths=6, breath_seconds=5, rest_seconds=20)
    work = holds(line.steps)
    assert {s.set_number for s in work} == {1, 2, 3}
    breath_holds = [s for s in work if s.measure is Measure.BREATHS]
    assert breath_holds
    assert all(s.target == 6 and s.duration == 30 for s in breath_holds)
    assert all(s.duration == 20 for s in line.steps if s.kind is StepKind.REST)
    no_ready = timeline(library, "strength", get_ready_seconds=0)
    assert not any(s.kind is StepKind.GET_READY for s in no_ready.steps)
    # The spoken cue moves to the hold when there is no get-ready step.
    assert holds(no_ready.steps)[0].speech.startswith("Locust")


def test_alternating_lifts_are_counted_per_side(library: Library) -> None:
    line = timeline(library, "full", sets=4)
    lifts = [s for s in holds(line.steps) if s.measure is Measure.REPS]
    assert lifts
    for step in lifts:
        assert step.duration == pytest.approx(2 * step.target * step.breath_seconds)
        assert "each side" in (line.steps[step.index - 1].speech)


def test_spoken_cues(library: Library) -> None:
    steps = timeline(library, "strength").steps
    first = library.poses[0]
    assert steps[0].speech == f"{first.name}, {first.versions[0].name}, 45 seconds"
    last_set_first = next(s for s in steps if s.kind is StepKind.GET_READY and s.set_number == 2)
    assert last_set_first.speech.startswith("Last set. Locust")
    rest = next(s for s in steps if s.kind is StepKind.REST)
    assert rest.speech == "Rest, 30 seconds. Next: Locust"
    assert steps[-1].speech.startswith("Practice complete")


def test_describe_seconds() -> None:
    assert describe_seconds(45) == "45 seconds"
    assert describe_seconds(60) == "1 minute"
    assert describe_seconds(150) == "2 minutes 30 seconds"
    assert describe_seconds(1) == "1 second"


def test_each_salutation_movement_rides_its_half_of_a_breath(library: Library) -> None:
    line = timeline(library, "quick", breath_seconds=8)
    warm_up = holds(line.steps, Section.WARM_UP)
    movements = [s for s in warm_up if s.phase is not None]
    salutation = library.sequence(library.guidance.warm_up)
    assert [s.phase for s in movements] == [m.breath for m in salutation.movements] * 2
    assert all(s.duration == 4 for s in movements)  # half of an 8 s breath
    # One bell per round, not one per movement.
    assert sum(1 for s in warm_up if s.chimes) == 2
    # Downward-facing dog is held a few whole breaths, as the salutation is taught.
    stays = [s for s in warm_up if s.phase is None]
    assert [s.title for s in stays] == ["Downward-facing dog"] * 2
    assert all(s.measure is Measure.BREATHS and s.target == 3 for s in stays)
    assert all(s.duration == 3 * 8 for s in stays)
    # A round at an unhurried 6 s breath takes most of a minute, not half of one.
    rounds = timeline(library, "quick")
    first_round = [s for s in holds(rounds.steps, Section.WARM_UP) if "round 1" in s.subtitle]
    assert 45 <= sum(s.duration for s in first_round) <= 90
