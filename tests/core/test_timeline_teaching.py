"""What the timeline teaches on the mat: set-up, cautions, sides, fallbacks, lifts, changes."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from app.core.models import Library, Sides
from app.core.options import PracticeOptions
from app.core.plans import parse_routine
from app.core.steps import Chime, Measure, Section, Side, Step, StepKind, Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import builtin_plan_ids, load_builtin_plan


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def timeline(library: Library, plan: str, **options: float) -> Timeline:
    routine = load_builtin_plan(plan, library).with_options(PracticeOptions(**options))
    return build_timeline(routine, library)


def strength_holds(line: Timeline) -> list[Step]:
    return [s for s in line.steps if s.kind is StepKind.HOLD and s.section is Section.STRENGTH]


def test_get_ready_shows_how_to_set_up_and_what_to_mind(library: Library) -> None:
    line = timeline(library, "strength")
    for step in line.steps:
        if step.kind is StepKind.GET_READY and step.pose_id:
            pose = library.pose(step.pose_id)
            assert step.cues == pose.cues, "the pose's set-up cues"
            version = pose.version(step.version_id or "")
            assert step.notes == version.notes + pose.cautions, "the version's own first"
    ready = next(s for s in line.steps if s.kind is StepKind.GET_READY)
    assert ready.cues[0] == "Lie face down, legs long behind you"
    full_bow = next(s for s in line.steps if s.version_id == "full-bow")
    assert full_bow.kind is StepKind.GET_READY
    assert "easy to reach" in full_bow.notes[0]


def test_a_hold_carries_every_caution_of_the_pose_and_note_of_the_version(
    library: Library,
) -> None:
    for plan in builtin_plan_ids():
        for step in strength_holds(timeline(library, plan)):
            pose = library.pose(step.pose_id or "")
            version = pose.version(step.version_id or "")
            if pose.cautions or version.notes:
                assert step.notes == pose.cautions + version.notes
            else:
                assert step.notes
                assert step.notes[0].startswith("Works the")
    plank = next(
        s for s in strength_holds(timeline(library, "full")) if s.pose_id == "reverse-plank"
    )
    assert any("Arches" in note for note in plank.notes), "the fix for cramping arches"
    bow = next(s for s in strength_holds(timeline(library, "full")) if s.pose_id == "bow")
    assert any("inner thighs" in note for note in bow.notes)


def test_every_side_names_its_leg(library: Library) -> None:
    line = timeline(library, "full")
    sided = [s for s in line.steps if s.side is not None and s.section is Section.STRENGTH]
    assert sided
    for step in sided:
        text = " ".join(step.cues)
        assert "{" not in text
        if step.kind is StepKind.HOLD:
            assert re.search(rf"\b{step.side.value} (leg|knee|arm)\b", text), step.cues  # type: ignore[union-attr]
        assert step.side_label.startswith(step.side.value)  # type: ignore[union-attr]
    table = [s for s in sided if s.pose_id == "reverse-tabletop" and s.kind is StepKind.HOLD]
    assert [s.side for s in table] == [Side.RIGHT, Side.LEFT], "the article lifts the right first"
    assert "Raise the right leg toward the ceiling" in table[0].cues
    assert "Set up the table, root the left foot" in table[0].cues
    assert "Raise the left leg toward the ceiling" in table[1].cues
    knee = [s for s in sided if s.version_id == "knee-to-chest" and s.kind is StepKind.HOLD]
    assert "Draw the left knee in toward your chest" in knee[0].cues
    assert "From the plank, root the right leg" in knee[0].cues


def test_the_switch_says_what_the_next_side_does(library: Library) -> None:
    line = timeline(library, "full")
    switches = [s for s in line.steps if s.kind is StepKind.SWITCH_SIDES]
    assert switches
    for switch in switches:
        after = line.steps[switch.index + 1]
        assert switch.side is after.side
        assert switch.side_label == after.side_label
        assert switch.cues, "the next side's cues"
        assert all(cue in after.cues for cue in switch.cues)
        assert switch.speech == f"Switch sides: {after.side_label}"
    table = next(s for s in switches if s.pose_id == "reverse-tabletop")
    assert "Raise the left leg toward the ceiling" in table.cues


def test_no_cue_contradicts_the_timer(library: Library) -> None:
    for plan in builtin_plan_ids():
        for step in timeline(library, plan).steps:
            for cue in step.cues:
                assert not re.search(r"then (change|switch)|\d+ to \d+ breaths", cue), cue


def test_every_piece_of_work_has_time_to_move_into(library: Library) -> None:
    """No 0 s change-overs: every hold follows a get-ready or a switch (flow included)."""
    for plan in builtin_plan_ids():
        line = timeline(library, plan)
        for before, step in pairwise(line.steps):
            if step.kind is StepKind.HOLD and step.section is Section.STRENGTH:
                assert before.kind in (StepKind.GET_READY, StepKind.SWITCH_SIDES), (
                    f"{plan}: {step.title}, {step.subtitle} straight after {before.title}"
                )
    flow = timeline(library, "flow")
    into_full_bow = next(
        s for s in flow.steps if s.kind is StepKind.GET_READY and s.version_id == "full-bow"
    )
    assert into_full_bow.duration == 3  # the flow's switch time: a quick change-over


def test_every_plan_warms_up_and_cools_down_or_says_why_not(library: Library) -> None:
    for plan in builtin_plan_ids():
        routine = load_builtin_plan(plan, library)
        if routine.warm_up and routine.cool_down:
            continue
        assert "no warm-up or stretch" in routine.description.lower(), plan
    warmed = [p for p in builtin_plan_ids() if load_builtin_plan(p, library).cool_down]
    assert warmed == ["quick", "full", "after-run"]


def test_plans_that_rotate_versions_reach_every_version(library: Library) -> None:
    for plan in ("strength", "full"):
        done = {(s.pose_id, s.version_id) for s in strength_holds(timeline(library, plan))}
        assert done == {(p.id, v.id) for p in library.poses for v in p.versions}, plan


def test_spread_with_fewer_versions_than_sets_takes_turns(library: Library) -> None:
    line = timeline(library, "full")
    bow = [s.version_id for s in strength_holds(line) if s.pose_id == "bow"]
    assert bow == ["no-hands", "full-bow", "no-hands"]
    locust = [(s.set_number, s.version_id) for s in strength_holds(line) if s.pose_id == "locust"]
    assert [v for _, v in locust][:2] == ["arms-by-sides", "goal-post-arms"]
    assert {n for n, v in locust if v == "opposite-lifts"} == {3}


def test_alternating_lifts_one_breath_each_show_the_goal(library: Library) -> None:
    lifts = [s for s in strength_holds(timeline(library, "full")) if s.measure is Measure.REPS]
    assert lifts
    assert all(s.lift_goal == library.guidance.lift_goal_per_side == 30 for s in lifts)
    assert all(s.side is None for s in lifts), "sides trade every breath within the step"


def test_alternating_lifts_held_a_round_on_each_side(library: Library) -> None:
    line = timeline(library, "strength")
    lifts = [s for s in line.steps if s.version_id == "opposite-lifts"]
    assert [s.kind for s in lifts] == [
        StepKind.GET_READY,
        StepKind.HOLD,
        StepKind.SWITCH_SIDES,
        StepKind.HOLD,
    ]
    left, right = lifts[1], lifts[3]
    assert (left.side, right.side) == (Side.LEFT, Side.RIGHT)
    assert (left.side_label, right.side_label) == ("left arm", "right arm")
    for step in (left, right):
        assert step.measure is Measure.BREATHS
        assert step.target == 8  # 45 s at a 6 s breath, counted in breaths
        assert step.lift_goal is None
    assert "Raise the left arm and the right leg" in left.cues
    assert "Raise the right arm and the left leg" in right.cues
    assert "Raise the right arm and the left leg" in lifts[2].cues
    assert lifts[0].speech.endswith("8 breaths each side, left arm first")


def test_held_lifts_in_breaths_from_a_routine_file(library: Library) -> None:
    routine = parse_routine(
        'id = "lifts"\nname = "Lifts"\ndescription = "Held lifts."\n'
        'hold = { breaths = 6, lifts = "held" }\n'
        '[[blocks]]\npose = "locust"\nversions = ["opposite-lifts"]\n',
        "lifts.toml",
    )
    line = build_timeline(routine, library)
    holds = [s for s in line.steps if s.kind is StepKind.HOLD]
    assert [(s.side, s.target, s.duration) for s in holds] == [
        (Side.LEFT, 6, 36),
        (Side.RIGHT, 6, 36),
    ]


def test_short_holds_get_their_last_three_ticks(library: Library) -> None:
    line = timeline(library, "strength", hold_seconds=5)
    timed = [s for s in strength_holds(line) if s.measure is not Measure.BREATHS]
    assert len(timed) > 10
    for step in timed:
        ticks = [p.count for p in step.chimes if p.chime is Chime.COUNTDOWN]
        assert ticks == [3, 2, 1], step.title
    line = timeline(library, "strength", hold_seconds=8)
    assert all(
        [p.count for p in s.chimes if p.count] == [3, 2, 1]
        for s in strength_holds(line)
        if s.measure is not Measure.BREATHS
    )


def test_one_breath_holds_and_movements_get_no_ticks(library: Library) -> None:
    flow = timeline(library, "flow")
    one_breath = [s for s in strength_holds(flow) if s.measure is Measure.BREATHS]
    assert one_breath
    assert all(not any(p.chime is Chime.COUNTDOWN for p in s.chimes) for s in one_breath)
    quick = timeline(library, "quick")
    movements = [s for s in quick.steps if s.phase is not None]
    assert all(not any(p.chime is Chime.COUNTDOWN for p in s.chimes) for s in movements)


def test_full_bow_carries_no_hands_ready_to_swap_in(library: Library) -> None:
    line = timeline(library, "full")
    span = [s for s in line.steps if s.version_id == "full-bow"]
    assert [s.kind for s in span] == [StepKind.GET_READY, StepKind.HOLD]
    fallback = span[0].fallback
    assert fallback is not None
    assert all(s.fallback == fallback for s in span)
    assert (fallback.version_id, fallback.name) == ("no-hands", "No hands")
    assert fallback.first == span[0].index
    assert fallback.count == 2
    assert [s.index for s in fallback.steps] == [s.index for s in span]
    assert [s.start for s in fallback.steps] == [s.start for s in span]
    assert all(s.version_id == "no-hands" and s.swapped_from == "full-bow" for s in fallback.steps)
    assert all(s.fallback is None for s in fallback.steps)
    assert fallback.steps[0].speech.startswith("Bow, No hands")
    others = [s for s in line.steps if s.version_id not in ("full-bow", None)]
    assert all(s.fallback is None for s in others)
    assert any(
        library.pose(s.pose_id or "").version(s.version_id or "").sides is Sides.SWITCH
        for s in others
    )
