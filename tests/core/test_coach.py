"""The progression model over simulated weeks, in fake time: each rule, and odd histories.

Each practice is made the way a runner would do it: the proposal applied to the
plan, laid out as a timeline, every hold done as laid out (unless a test says
otherwise), and logged as the history would log it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.core import coach
from app.core.coach import Proposal, Thresholds, propose
from app.core.models import Library
from app.core.options import limits
from app.core.practice_log import Feeling, LoggedPractice, LoggedStep, Outcome
from app.core.routine import Routine
from app.core.steps import Measure, Step, Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan

START = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def plan(library: Library, plan_id: str) -> Routine:
    return load_builtin_plan(plan_id, library)


StepEdit = Callable[[Step, LoggedStep], LoggedStep | None]


def logged(
    timeline: Timeline,
    at: datetime,
    practice_id: int,
    *,
    feeling: Feeling | None = None,
    pain_pose: str | None = None,
    edit: StepEdit | None = None,
    outcome: Outcome = Outcome.COMPLETE,
) -> LoggedPractice:
    """Every work step of `timeline` done as laid out (or as `edit` says), logged."""
    steps = []
    for step in timeline.steps:
        if not step.is_work:
            continue
        lifts = step.target if step.measure is Measure.REPS else None
        entry = LoggedStep(
            index=step.index,
            ended_at=at,
            section=step.section.value,
            title=step.title,
            subtitle=step.subtitle,
            pose_id=step.pose_id,
            version_id=step.version_id,
            item_id=step.item_id,
            side=step.side.value if step.side else None,
            set_number=step.set_number,
            set_count=step.set_count,
            measure=step.measure.value,
            target=step.target,
            planned_seconds=step.duration,
            ending="completed",
            active_seconds=step.duration,
            breaths=step.target if step.measure is Measure.BREATHS else None,
            lifts_left=lifts,
            lifts_right=lifts,
            pauses=0,
        )
        if edit is not None:
            edited = edit(step, entry)
            if edited is None:
                continue
            entry = edited
        steps.append(entry)
    sets = max((s.set_count or 0 for s in timeline.steps), default=0) or None
    return LoggedPractice(
        started_at=at,
        routine_id=timeline.routine_id,
        routine_name=timeline.name,
        options={},
        planned_seconds=timeline.total,
        set_count=sets,
        library_version="",
        app_version="",
        id=practice_id,
        outcome=outcome,
        active_seconds=sum(s.active_seconds for s in steps),
        steps=tuple(steps),
        feeling=feeling,
        pain_pose=pain_pose,
    )


class Runner:
    """A runner practising what is proposed, twice a week (Monday and Thursday)."""

    def __init__(self, library: Library, thresholds: Thresholds = coach.THRESHOLDS) -> None:
        self.library = library
        self.history: list[LoggedPractice] = []
        self.when = START
        self.thresholds = thresholds

    def next(self, routine: Routine, now: datetime | None = None) -> Proposal:
        return propose(
            routine,
            self.library,
            self.history,
            now or self.when,
            thresholds=self.thresholds,
        )

    def practise(
        self,
        routine: Routine,
        *,
        feeling: Feeling | None = None,
        pain_pose: str | None = None,
        edit: StepEdit | None = None,
        as_written: bool = False,
        days_after: int | None = None,
    ) -> Proposal:
        proposal = self.next(routine)
        practised = routine if as_written else proposal.apply(routine)
        timeline = proposal.annotate(build_timeline(practised, self.library))
        self.history.append(
            logged(
                timeline,
                self.when,
                len(self.history) + 1,
                feeling=feeling,
                pain_pose=pain_pose,
                edit=edit,
            )
        )
        step = days_after if days_after is not None else (3 if self.when.weekday() == 0 else 4)
        self.when += timedelta(days=step)
        return proposal

    def weeks(self, routine: Routine, weeks: int, **kwargs: object) -> list[Proposal]:
        return [self.practise(routine, **kwargs) for _ in range(2 * weeks)]  # type: ignore[arg-type]


def holds(proposal: Proposal, pose: str = "locust") -> float | None:
    block = next(b for b in proposal.blocks if b.pose_id == pose)
    assert block.hold is not None
    return block.hold.seconds


# -- the rules ---------------------------------------------------------------------


def test_no_history_is_the_plan_as_written_and_says_so(library: Library) -> None:
    proposal = Runner(library).next(plan(library, "strength"))
    assert proposal.as_written
    assert proposal.step == "first"
    assert "as written" in proposal.reason
    assert "the first time" in proposal.reason
    assert proposal.apply(plan(library, "strength")) == plan(library, "strength")


def test_holds_go_from_45_to_60_seconds_over_the_weeks(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    seen = [
        holds(p) if not p.as_written else 45.0 for p in runner.weeks(strength, 12, feeling=None)
    ]
    assert seen[0] == 45
    assert seen[2] == 50  # two practices held in full: 5 s more
    assert 60 in seen
    assert max(seen) == 60
    assert seen == sorted(seen)
    last = runner.next(strength)
    assert "5 s more" in runner.practise(strength).reason or holds(last) == 60


def test_holds_stay_until_two_in_a_row_were_held_in_full(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)

    def cut_short(step: Step, entry: LoggedStep) -> LoggedStep:
        return replace(entry, ending="skipped", active_seconds=10.0)

    runner.practise(strength, edit=cut_short)
    proposal = runner.next(strength)
    assert holds(proposal) == 45
    assert proposal.step == "same"


def test_sets_go_from_one_to_three(library: Library) -> None:
    runner = Runner(library)
    quick = plan(library, "quick")
    proposals = runner.weeks(quick, 12)
    sets = [p.sets for p in proposals]
    assert sets[0] == 1
    assert 2 in sets
    assert sets[-1] == 3
    assert sets == sorted(sets)
    assert max(sets) == 3
    assert runner.next(quick).sets == 3
    first_two = sets.index(2)
    assert holds(proposals[first_two]) == 60  # sets rise once the holds are at the top
    assert any("one set more" in p.reason for p in proposals)


def test_reverse_tabletop_gives_way_to_reverse_plank(library: Library) -> None:
    runner = Runner(library)
    quick = plan(library, "quick")

    def tabletop_skipped(proposal: Proposal) -> bool:
        return any(b.skip for b in proposal.blocks if b.pose_id == "reverse-tabletop")

    proposals = [runner.practise(quick) for _ in range(4)]
    assert [tabletop_skipped(p) for p in proposals] == [False, False, False, True]
    practised = proposals[-1].apply(quick)
    assert [b.pose for b in practised.blocks] == ["locust", "bow", "reverse-plank"]
    assert "gives way to Reverse Plank" in " ".join(proposals[-1].notes)


def test_reverse_plank_waits_for_a_steady_tabletop(library: Library) -> None:
    runner = Runner(library)
    quick = plan(library, "quick")

    def plank_given_up(step: Step, entry: LoggedStep) -> LoggedStep:
        if step.pose_id == "reverse-plank":
            return replace(entry, ending="skipped", active_seconds=5.0)
        return entry

    runner.practise(quick, edit=plank_given_up)
    proposal = runner.next(quick)
    plank = next(b for b in proposal.blocks if b.pose_id == "reverse-plank")
    assert plank.skip
    assert "once Reverse Tabletop is steady" in " ".join(proposal.notes)


def bow_versions(proposal: Proposal, routine: Routine, library: Library) -> set[str]:
    timeline = build_timeline(proposal.apply(routine), library)
    return {s.version_id for s in timeline.steps if s.pose_id == "bow" and s.version_id}


def test_full_bow_only_after_no_hands_was_held_well(library: Library) -> None:
    runner = Runner(library)
    quick = plan(library, "quick")  # one set: as written, Bow is No hands

    def no_hands_cut(step: Step, entry: LoggedStep) -> LoggedStep:
        if step.version_id == "no-hands":
            return replace(entry, ending="skipped", active_seconds=8.0)
        return entry

    for _ in range(4):  # No hands never held in full: no Full bow
        proposal = runner.practise(quick, edit=no_hands_cut)
        assert "full-bow" not in bow_versions(proposal, quick, library)
    reached = []
    for _ in range(5):
        proposal = runner.practise(quick)
        reached.append("full-bow" in bow_versions(proposal, quick, library))
    assert reached == [False, False, False, True, True]


def test_strength_leaves_full_bow_out_until_no_hands_is_steady(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")

    def full_bow_swapped(step: Step, entry: LoggedStep) -> LoggedStep:
        if step.version_id == "full-bow":
            return replace(entry, ending="swapped", active_seconds=3.0)
        return entry

    runner.practise(strength, edit=full_bow_swapped)
    for _ in range(6):  # No hands held well many times: still never Full bow after `e`
        proposal = runner.practise(strength)
        assert bow_versions(proposal, strength, library) == {"no-hands"}
    assert "left out since you swapped it" in " ".join(runner.next(strength).notes)


def test_full_bow_never_after_it_hurt(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)
    runner.practise(strength, feeling=Feeling.PAIN, pain_pose="bow")
    for _ in range(6):
        proposal = runner.practise(strength, feeling=Feeling.RIGHT)
        assert "full-bow" not in bow_versions(proposal, strength, library)


def test_lifts_rise_toward_thirty_a_side_naming_the_lagging_side(library: Library) -> None:
    runner = Runner(library)
    full = plan(library, "full")  # lifts traded on every breath

    def right_lags(step: Step, entry: LoggedStep) -> LoggedStep:
        if entry.lifts_left is not None:
            return replace(entry, lifts_right=entry.lifts_left - 1)
        return entry

    runner.practise(full)
    targets = []
    for _ in range(30):
        proposal = runner.practise(full, edit=right_lags)
        locust = next(b for b in proposal.blocks if b.pose_id == "locust")
        targets.append(locust.lifts_per_side)
    written = targets[0]
    assert written is not None
    # One more each time than the better side did last time, never beyond 30.
    assert targets == [min(30, written + n) for n in range(30)]
    locust = next(b for b in runner.next(full).blocks if b.pose_id == "locust")
    assert locust.lagging_side == "right"
    assert "your right side is behind" in " ".join(runner.next(full).notes)
    # The step counts to the target it names.
    timeline = build_timeline(runner.next(full).apply(full), library)
    counted = {s.target for s in timeline.steps if s.measure is Measure.REPS}
    assert counted == {locust.lifts_per_side}


def test_lifts_one_more_than_last_time(library: Library) -> None:
    runner = Runner(library)
    full = plan(library, "full")
    first = runner.practise(full)
    timeline = build_timeline(first.apply(full), library)
    written = next(s.target for s in timeline.steps if s.measure is Measure.REPS)
    locust = next(b for b in runner.next(full).blocks if b.pose_id == "locust")
    assert locust.lifts_per_side == written + 1


def test_a_three_week_gap_steps_back(library: Library) -> None:
    runner = Runner(library)
    quick = plan(library, "quick")
    runner.weeks(quick, 4)
    before = runner.next(quick)
    after_gap = runner.next(quick, runner.when + timedelta(weeks=3))
    assert after_gap.step == "back"
    assert "days since your last practice" in after_gap.reason
    assert (holds(after_gap) or 0) == (holds(before) or 0) - 10 or (holds(after_gap) or 0) < (
        holds(before) or 0
    )


def test_hard_steps_back(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.weeks(strength, 2)
    runner.practise(strength)
    level = holds(runner.history and runner.next(strength)) or 0
    runner.practise(strength, feeling=Feeling.HARD)
    after = runner.next(strength)
    assert after.step == "back"
    assert "felt hard" in after.reason
    assert (holds(after) or 0) < level


def test_pain_brings_the_easier_version_then_skips_the_pose(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)
    runner.practise(strength, feeling=Feeling.PAIN, pain_pose="locust")
    proposal = runner.next(strength)
    locust = next(b for b in proposal.blocks if b.pose_id == "locust")
    assert locust.versions == ("arms-by-sides",)
    assert locust.pain
    timeline = proposal.annotate(build_timeline(proposal.apply(strength), library))
    ready = [s for s in timeline.steps if s.is_get_ready and s.pose_id == "locust"]
    assert ready
    assert all(s.notes[0] == coach.PAIN_ADVICE for s in ready)
    runner.practise(strength, feeling=Feeling.PAIN, pain_pose="locust")
    again = next(b for b in runner.next(strength).blocks if b.pose_id == "locust")
    assert again.skip


def test_flow_has_no_progression_and_changes_no_other_plan(library: Library) -> None:
    runner = Runner(library)
    strength, flow = plan(library, "strength"), plan(library, "flow")
    runner.weeks(strength, 2)
    before = runner.next(strength)
    assert runner.practise(flow).as_written
    assert runner.next(flow).as_written
    assert "no progression" in runner.next(flow).reason
    assert runner.next(strength) == before


def test_feedback_never_given_still_progresses(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)
    runner.practise(strength)
    assert holds(runner.next(strength)) == 50


def test_easy_and_right_both_step_up(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength, feeling=Feeling.EASY)
    runner.practise(strength, feeling=Feeling.RIGHT)
    assert runner.next(strength).reason.startswith(
        "Strength: 2 sets of 50 s holds, 5 s more than last time: the last two felt right"
    )


# -- odd histories --------------------------------------------------------------


def test_months_of_gaps(library: Library) -> None:
    runner = Runner(library)
    quick = plan(library, "quick")
    for _ in range(4):
        runner.practise(quick, days_after=75)
    proposal = runner.next(quick)
    assert proposal.step == "back"
    assert all(b.hold is None or (b.hold.seconds or 0) >= 30 for b in proposal.blocks)


def test_practices_dated_in_the_future(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)
    runner.practise(strength)
    proposal = runner.next(strength, START - timedelta(days=400))  # the clock went back
    assert proposal.step == "up"
    assert holds(proposal) == 50


def test_a_practice_stopped_after_ten_seconds_or_killed(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)
    runner.practise(strength)

    def stopped(step: Step, entry: LoggedStep) -> LoggedStep | None:
        if step.index > 2:
            return None
        return replace(entry, ending="quit", active_seconds=10.0)

    runner.practise(strength, edit=stopped)  # the first hold, stopped at 10 s
    proposal = runner.next(strength)
    assert proposal.step in ("same", "up")
    assert holds(proposal) in (50.0, 55.0)
    runner.practise(strength, edit=lambda step, entry: None)  # killed before any step ended
    assert runner.next(strength).sets >= 1


def test_a_routine_whose_blocks_changed(library: Library) -> None:
    runner = Runner(library)
    strength = plan(library, "strength")
    runner.practise(strength)
    runner.practise(strength)
    mine = replace(strength, id="evening", name="Evening", blocks=strength.blocks[2:])
    proposal = runner.next(mine)
    assert [b.pose_id for b in proposal.blocks] == ["reverse-tabletop", "reverse-plank"]
    assert holds(proposal, "reverse-tabletop") == 50  # keyed by pose, not by routine
    build_timeline(proposal.apply(mine), library)
    older = runner.next(strength)
    shorter = replace(strength, blocks=strength.blocks[:1])
    applied = older.apply(shorter)  # the routine lost blocks since the proposal was made
    assert [b.pose for b in applied.blocks] == ["locust"]


def test_proposals_stay_in_the_article_and_option_ranges(library: Library) -> None:
    runner = Runner(library)
    low_sets, high_sets, _ = limits("sets")
    for plan_id in ("quick", "strength", "full", "after-run"):
        routine = plan(library, plan_id)
        for feeling in (Feeling.EASY, None, Feeling.HARD, Feeling.RIGHT) * 6:
            proposal = runner.practise(routine, feeling=feeling)
            assert low_sets <= proposal.sets <= min(high_sets, 3)
            for block in proposal.blocks:
                if block.hold is not None and block.hold.seconds is not None:
                    assert 30 <= block.hold.seconds <= 60
                if block.lifts_per_side is not None:
                    assert 1 <= block.lifts_per_side <= 30
            build_timeline(proposal.apply(routine), library)


def test_every_rule_is_said_in_words() -> None:
    lines = coach.explain()
    assert len(lines) == len(coach.RULES)
    assert any("60 s" in line for line in lines)
    assert any("14 days" in line for line in lines)
    assert all("{" not in line for line in lines)


def practices_of(proposals: Iterable[Proposal]) -> list[str]:
    return [p.reason for p in proposals]
