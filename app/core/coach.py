"""The next practice: what each plan should be next time, from the history and how it felt.

The article is a programme, not one workout: holds of 30 to 60 seconds (five to
eight breaths), one to three sets, Reverse Plank once Reverse Tabletop is steady,
Full bow only when the feet are easy to reach, opposite lifts built up to 30 a
side, and a pose that hurts left out. `propose` reads the history the way a
coach would and proposes the next practice of one plan; `Proposal.apply` turns
the plan into that practice, and the start screen, `backside next` and
`backside run` use it.

The rules and their thresholds are data (`RULES`, `LADDERS`, `EASIER`): the
README and `backside next --explain` print the same words. Progress is keyed by
pose and version, never by the routine, so an edited, renamed or deleted
routine never breaks it; a plan of one breath a pose (`flow`) has none, and its
practices are not evidence for any other plan.

Pure: the caller passes the practices and "now".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from app.core.models import Library, Pose, Sides, Version
from app.core.options import PracticeOptions, limits
from app.core.practice_log import Feeling, LoggedPractice, LoggedStep
from app.core.routine import Hold, PoseBlock, Routine
from app.core.steps import Timeline
from app.core.timeline import versions_for_set

Measure = Literal["seconds", "breaths"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number the rules use, in one place."""

    hold_step_seconds: int = 5
    """A hold in seconds steps up (or back) this much at a time."""
    hold_low_seconds: int = 30
    hold_high_seconds: int = 60
    """The article's range for a hold in seconds."""
    hold_step_breaths: int = 1
    hold_low_breaths: int = 5
    hold_high_breaths: int = 8
    """The article's range for a hold counted in breaths."""
    sets_high: int = 3
    """The article's most sets."""
    well_in_a_row: int = 2
    """Practices in a row held in full, none felt hard, before a step up."""
    ladder_after: int = 3
    """Practices with the first version held in full before the next one is offered."""
    lift_step: int = 1
    """Lifts a side added each time."""
    gap_days: int = 14
    """Days with no practice after which the next one steps back."""
    held_share: float = 0.9
    """A hold counts as held in full from this share of its planned time."""


THRESHOLDS = Thresholds()

#: Plans with no progression: one breath in each version, to weave into a class.
NO_PROGRESSION = ("flow",)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule, in the runner's words (filled in from `THRESHOLDS`)."""

    name: str
    words: str

    def says(self, limits: Thresholds = THRESHOLDS) -> str:
        return self.words.format(t=limits)


RULES: tuple[Rule, ...] = (
    Rule(
        "first time",
        "No practice of a plan's poses in your history: the plan as written, and it says so.",
    ),
    Rule(
        "holds",
        "Holds step up {t.hold_step_seconds} s at a time, from the plan's own hold to"
        " {t.hold_high_seconds} s (or one breath at a time to {t.hold_high_breaths} breaths),"
        " once the last {t.well_in_a_row} practices of the pose were held in full and none"
        " felt hard.",
    ),
    Rule(
        "sets",
        "Sets step up one at a time to {t.sets_high}, once every hold of the plan is at the"
        " top and the last {t.well_in_a_row} practices of the plan were done in full.",
    ),
    Rule(
        "next version",
        "Reverse Plank takes over from Reverse Tabletop, and Full bow joins No hands, once the"
        " first was held in full in {t.ladder_after} practices; Full bow is left out again"
        " after you swapped it away with e or felt pain in Bow.",
    ),
    Rule(
        "lifts",
        "Opposite arm and leg lifts: one more a side than your better side did last time,"
        " up to 30 a side; the side that is behind is named.",
    ),
    Rule(
        "step back",
        "After {t.gap_days} days or more with no practice, or a practice that felt hard, holds"
        " and lifts step back one step instead of up (and sets too, after a gap).",
    ),
    Rule(
        "pain",
        "Pain in a pose: next time only its first version, or, if that is what hurt, the pose"
        " is left out; its get-ready reminds you to roll the inner thighs up and in.",
    ),
    Rule(
        "flow",
        "Flow, one breath in each version, has no progression and changes no other plan.",
    ),
    Rule(
        "yours",
        "Anything you change on the start screen applies to that practice; `backside run PLAN"
        " --as-written` practises the plan as written.",
    ),
)


@dataclass(frozen=True, slots=True)
class Ladder:
    """A next step the article names: `then` once `first` is steady.

    A version of None means the whole pose. `takes_over`: `first` gives way to
    `then` (Reverse Tabletop to Reverse Plank); otherwise both are practised.
    """

    first: tuple[str, str | None]
    then: tuple[str, str | None]
    takes_over: bool


LADDERS: tuple[Ladder, ...] = (
    Ladder(("reverse-tabletop", None), ("reverse-plank", None), takes_over=True),
    Ladder(("bow", "no-hands"), ("bow", "full-bow"), takes_over=False),
)

#: What a pose that hurt is practised as next time: its easiest version.
EASIER: dict[str, str] = {
    "locust": "arms-by-sides",
    "bow": "no-hands",
    "reverse-tabletop": "both-feet-down",
    "reverse-plank": "classic",
}

#: Shown on the get-ready of a pose that hurt last time.
PAIN_ADVICE = (
    "It hurt last time: roll the inner thighs up and in to make room in the low back;"
    " any pain in the low back, skip it."
)


def explain(limits: Thresholds = THRESHOLDS) -> list[str]:
    """The rules, one line each, as `backside next --explain` and the README say them."""
    return [rule.says(limits) for rule in RULES]


# -- what the history says of a pose ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _Session:
    """One practice's holds of one pose."""

    practice: LoggedPractice
    steps: tuple[LoggedStep, ...]

    def held(self, share: float) -> bool:
        return bool(self.steps) and all(_held(step, share) for step in self.steps)


def _held(step: LoggedStep, share: float) -> bool:
    if step.ending != "completed":
        return False
    return step.planned_seconds <= 0 or step.active_seconds >= share * step.planned_seconds


def _counts(practice: LoggedPractice) -> bool:
    """Whether a practice is evidence: not a plan without progression."""
    return practice.routine_id not in NO_PROGRESSION


def _work(step: LoggedStep) -> bool:
    """A strength hold that says something of progress (not one breath, as in a flow)."""
    return step.pose_id is not None and step.section == "strength" and step.target > 1


def _felt_hard(practice: LoggedPractice, pose_id: str) -> bool:
    return practice.feeling == Feeling.HARD or (
        practice.feeling == Feeling.PAIN and practice.pain_pose in (None, pose_id)
    )


@dataclass(frozen=True, slots=True)
class BlockProposal:
    """What one pose block of the plan will be next time."""

    pose_id: str
    hold: Hold | None
    """The block's hold next time (None: as written)."""
    versions: tuple[str, ...] | None = None
    """The versions next time (None: as written)."""
    skip: bool = False
    lifts_per_side: int | None = None
    lagging_side: str | None = None
    """'left' or 'right': the side whose lifts are behind."""
    pain: bool = False
    """It hurt last time: the advice goes on its get-ready."""
    notes: tuple[str, ...] = ()
    """Why, for this pose, in a line each."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """The next practice of one plan, and why, in one line."""

    plan_id: str
    plan_name: str
    as_written: bool
    """Nothing to change: no history, or a plan without progression."""
    reason: str
    """One line: 'Strength: 2 sets of 50 s holds, 5 s more than last time: ...'."""
    sets: int
    blocks: tuple[BlockProposal, ...] = ()
    notes: tuple[str, ...] = ()
    step: Literal["up", "same", "back", "first", "none"] = "none"

    def apply(self, routine: Routine) -> Routine:
        """`routine` made into this practice (as written when there is nothing to change).

        The proposal never stops a practice: a routine whose blocks no longer
        match is returned with what still fits.
        """
        if self.as_written:
            return routine
        blocks: list[PoseBlock] = []
        for block, proposed in zip(routine.blocks, self.blocks, strict=False):
            if proposed.pose_id != block.pose:
                blocks.append(block)
                continue
            if proposed.skip:
                continue
            if proposed.hold is not None:
                block = replace(block, hold=proposed.hold)
            if proposed.versions is not None:
                block = replace(block, versions=proposed.versions)
            blocks.append(block)
        blocks.extend(routine.blocks[len(self.blocks) :])
        if not blocks:
            blocks = list(routine.blocks)
        return replace(routine, sets=self.sets, blocks=tuple(blocks))

    def annotate(self, timeline: Timeline) -> Timeline:
        """The pain advice on the get-ready of each pose that hurt last time."""
        hurt = {block.pose_id for block in self.blocks if block.pain}
        if not hurt:
            return timeline
        steps = tuple(
            replace(step, notes=(PAIN_ADVICE, *step.notes))
            if step.pose_id in hurt and (step.is_get_ready or step.is_work)
            else step
            for step in timeline.steps
        )
        return replace(timeline, steps=steps)

    def to_json(self) -> dict[str, object]:
        return {
            "plan": self.plan_id,
            "name": self.plan_name,
            "as_written": self.as_written,
            "step": self.step,
            "reason": self.reason,
            "sets": self.sets,
            "poses": [
                {
                    "pose": block.pose_id,
                    "hold": None
                    if block.hold is None
                    else {
                        key: value
                        for key, value in (
                            ("seconds", block.hold.seconds),
                            ("breaths", block.hold.breaths),
                        )
                        if value is not None
                    },
                    "versions": None if block.versions is None else list(block.versions),
                    "skip": block.skip,
                    "lifts_per_side": block.lifts_per_side,
                    "lagging_side": block.lagging_side,
                    "pain_last_time": block.pain,
                    "notes": list(block.notes),
                }
                for block in self.blocks
            ],
            "notes": list(self.notes),
        }


# -- the model ------------------------------------------------------------------------


@dataclass
class _Plan:
    """Working state while one plan is proposed."""

    routine: Routine
    library: Library
    practices: list[LoggedPractice]
    now: datetime
    t: Thresholds
    gap: bool = False
    hard_last: bool = False
    steps: list[str] = field(default_factory=list)
    """The direction each hold took: "up", "same", "back"."""

    def sessions(self, pose_id: str) -> list[_Session]:
        found = []
        for practice in self.practices:
            steps = tuple(s for s in practice.steps if s.pose_id == pose_id and _work(s))
            if steps:
                found.append(_Session(practice, steps))
        return found


def _measure(hold: Hold) -> Measure:
    return "seconds" if hold.seconds is not None else "breaths"


def _range(measure: Measure, plan_value: float, t: Thresholds) -> tuple[float, float, float]:
    """(floor, top, step) for a hold measured so: the article's range, within the options'."""
    field_name = "hold_seconds" if measure == "seconds" else "hold_breaths"
    low, high, _ = limits(field_name)
    if measure == "seconds":
        article_low, top, step = t.hold_low_seconds, t.hold_high_seconds, t.hold_step_seconds
    else:
        article_low, top, step = t.hold_low_breaths, t.hold_high_breaths, t.hold_step_breaths
    floor = max(low, min(plan_value, article_low))
    return floor, min(high, max(top, plan_value)), step


def _hold_value(session: _Session, measure: Measure, pose: Pose) -> float | None:
    """The hold practised in a session, in `measure` (None: none of that kind)."""
    values = []
    for step in session.steps:
        version = _version(pose, step.version_id)
        if version is not None and version.sides is Sides.ALTERNATE:
            continue  # lifts go their own way
        if measure == "seconds" and step.measure == "seconds":
            values.append(step.planned_seconds)
        elif measure == "breaths" and step.measure == "breaths":
            values.append(float(step.target))
    return max(values) if values else None


def _version(pose: Pose, version_id: str | None) -> Version | None:
    for version in pose.versions:
        if version.id == version_id:
            return version
    return None


def _propose_hold(plan: _Plan, block: PoseBlock, pose: Pose) -> tuple[Hold | None, str]:
    """The block's hold next time, and why, in a few words."""
    written = block.hold or plan.routine.hold
    measure = _measure(written)
    plan_value = float(written.seconds if written.seconds is not None else written.breaths or 1)
    floor, top, step = _range(measure, plan_value, plan.t)
    history = [
        (session, value)
        for session in plan.sessions(pose.id)
        if (value := _hold_value(session, measure, pose)) is not None
    ]
    if not history:
        return None, "first"
    session, base = history[-1]
    if plan.gap or _felt_hard(session.practice, pose.id):
        value, how = base - step, "back"
    else:
        recent = history[-plan.t.well_in_a_row :]
        steady = len(recent) == plan.t.well_in_a_row and all(
            s.held(plan.t.held_share) and not _felt_hard(s.practice, pose.id) and v >= base
            for s, v in recent
        )
        value, how = (base + step, "up") if steady and base < top else (base, "same")
    value = max(floor, min(top, value))
    if how == "up" and value <= base:
        how = "same"
    whole = round(value) if measure == "breaths" or float(value).is_integer() else value
    hold = replace(
        written,
        seconds=whole if measure == "seconds" else None,
        breaths=int(whole) if measure == "breaths" else None,
    )
    return hold, how


def _lifts(plan: _Plan, pose: Pose, goal: int) -> dict[str, tuple[int, str | None, str]]:
    """Alternating versions: (lifts a side, the side behind, why) from the last practice."""
    found: dict[str, tuple[int, str | None, str]] = {}
    for version in pose.versions:
        if version.sides is not Sides.ALTERNATE:
            continue
        last: tuple[int, int] | None = None
        hard = False
        for practice in plan.practices:
            counts = [
                (s.lifts_left, s.lifts_right)
                for s in practice.steps
                if s.pose_id == pose.id
                and s.version_id == version.id
                and _work(s)
                and s.lifts_left is not None
                and s.lifts_right is not None
                and s.lifts_left + s.lifts_right > 0
            ]
            if counts:
                last = (max(c[0] or 0 for c in counts), max(c[1] or 0 for c in counts))
                hard = _felt_hard(practice, pose.id)
        if last is None:
            continue
        left, right = last
        best = max(left, right)
        if plan.gap or hard:
            target, how = max(1, best - plan.t.lift_step), "back"
        else:
            target, how = min(goal, best + plan.t.lift_step), "up"
        _, most, _ = limits("lifts_per_side")
        target = int(max(1, min(target, most)))
        behind = None if left == right else ("right" if right < left else "left")
        found[version.id] = (target, behind, how)
    return found


def _ladder_state(plan: _Plan, ladder: Ladder) -> Literal["none", "not yet", "ready", "blocked"]:
    """Where the history stands on a ladder (`none`: too little history to say)."""
    first_pose, first_version = ladder.first
    then_pose, then_version = ladder.then
    steady = 0
    then_held = False
    blocked = False
    for practice in plan.practices:
        firsts = [
            s
            for s in practice.steps
            if s.pose_id == first_pose
            and _work(s)
            and (first_version is None or s.version_id == first_version)
        ]
        thens = [
            s
            for s in practice.steps
            if s.pose_id == then_pose
            and _work(s)
            and (then_version is None or s.version_id == then_version)
        ]
        swapped = any(s.ending == "swapped" for s in thens)
        hurt = bool(thens) and practice.feeling == Feeling.PAIN and practice.pain_pose == then_pose
        if swapped or hurt:
            blocked, steady, then_held = True, 0, False
            continue
        if thens and all(_held(s, plan.t.held_share) for s in thens):
            then_held = True
            blocked = False
        held = firsts and all(_held(s, plan.t.held_share) for s in firsts)
        if held and not _felt_hard(practice, first_pose):
            steady += 1
    if blocked:
        return "blocked"
    if steady >= plan.t.ladder_after:
        return "ready"
    if then_held or not plan.practices:
        return "none"
    return "not yet"


def _chosen_versions(block: PoseBlock, pose: Pose) -> tuple[str, ...]:
    return block.versions or tuple(v.id for v in pose.versions)


def _reached(block: PoseBlock, pose: Pose, sets: int) -> set[str]:
    """The versions a block reaches over `sets` sets (as the timeline lays them out)."""
    return {v.id for n in range(1, sets + 1) for v in versions_for_set(block, pose, n, sets)}


def propose(
    routine: Routine,
    library: Library,
    practices: Sequence[LoggedPractice],
    now: datetime,
    *,
    thresholds: Thresholds = THRESHOLDS,
) -> Proposal:
    """The next practice of `routine`, from every practice so far (oldest first)."""
    t = thresholds
    name = routine.name
    if routine.id in NO_PROGRESSION or _one_breath(routine):
        return Proposal(
            routine.id,
            name,
            True,
            f"{name}: as written, one breath in each version (no progression)",
            routine.sets,
        )
    poses = {block.pose for block in routine.blocks}
    evidence = [
        p for p in practices if _counts(p) and any(s.pose_id in poses and _work(s) for s in p.steps)
    ]
    if not evidence:
        return Proposal(
            routine.id,
            name,
            True,
            f"{name}: as written, the first time (no history of its poses yet)",
            routine.sets,
            step="first",
        )
    last = max(p.started_at for p in evidence)
    days = (now - last).days  # a practice dated in the future (a changed clock) is no gap
    plan = _Plan(routine, library, evidence, now, t)
    plan.gap = days >= t.gap_days
    plan.hard_last = evidence[-1].feeling in (Feeling.HARD, Feeling.PAIN)
    goal = library.guidance.lift_goal_per_side

    ladders = {ladder: _ladder_state(plan, ladder) for ladder in LADDERS}
    blocks: list[BlockProposal] = []
    hows: list[str] = []
    holds: list[Hold] = []
    notes: list[str] = []
    for block in routine.blocks:
        try:
            pose = library.pose(block.pose)
        except Exception:  # a routine that no longer fits the library: as written
            blocks.append(BlockProposal(block.pose, None))
            continue
        hold, how = _propose_hold(plan, block, pose)
        versions: tuple[str, ...] | None = None
        skip = False
        pose_notes: list[str] = []
        chosen = _chosen_versions(block, pose)
        for ladder, state in ladders.items():
            then_pose, then_version = ladder.then
            first_pose, first_version = ladder.first
            if then_pose == pose.id and then_version is not None and then_version in chosen:
                if state in ("not yet", "blocked"):
                    kept = tuple(v for v in (versions or chosen) if v != then_version)
                    if kept:
                        versions = kept
                        why = (
                            "left out since you swapped it or it hurt"
                            if state == "blocked"
                            else f"once {_name(pose, first_version)} is steady"
                        )
                        pose_notes.append(f"{pose.name}: {_name(pose, then_version)} {why}")
                elif state == "ready" and then_version not in _reached(
                    replace(block, versions=versions or chosen), pose, routine.sets
                ):
                    versions = (then_version, *(v for v in versions or chosen if v != then_version))
                    pose_notes.append(
                        f"{pose.name}: {_name(pose, then_version)} now,"
                        f" {_name(pose, first_version)} was steady"
                    )
            if (
                state == "ready"
                and ladder.takes_over
                and first_pose == pose.id
                and first_version is None
                and any(b.pose == then_pose for b in routine.blocks)
            ):
                skip = True
                pose_notes.append(
                    f"{pose.name} gives way to {library.pose(then_pose).name}: it was steady"
                )
            if (
                state == "not yet"
                and ladder.takes_over
                and then_pose == pose.id
                and then_version is None
                and any(b.pose == first_pose for b in routine.blocks)
            ):
                skip = True
                pose_notes.append(f"{pose.name} once {library.pose(first_pose).name} is steady")
        pain = _hurt_last(plan, pose.id)
        if pain is not None:
            easiest = EASIER.get(pose.id, pose.versions[0].id)
            if set(pain) <= {easiest}:
                skip = True
                pose_notes.append(f"{pose.name} left out: it hurt last time")
            else:
                versions = (easiest,)
                skip = False
                pose_notes.append(f"{pose.name}: only {_name(pose, easiest)}, it hurt last time")
        lifts = _lifts(plan, pose, goal)
        lifts_per_side = behind = None
        if lifts and not skip:
            kept = versions or chosen
            for version_id, (target, lagging, _how) in lifts.items():
                if version_id not in kept:
                    continue
                lifts_per_side, behind = target, lagging
                line = f"{pose.name}, {_name(pose, version_id)}: {target} lifts a side"
                if lagging:
                    line += f", your {lagging} side is behind"
                pose_notes.append(line)
            if lifts_per_side is not None and not _held_lifts(block, routine):
                base = hold or (block.hold or routine.hold)
                hold = replace(base, lifts_per_side=lifts_per_side)
            else:
                lifts_per_side = behind = None
        if hold is not None and not skip:
            holds.append(hold)
            hows.append(how)
        blocks.append(
            BlockProposal(
                pose.id,
                hold,
                versions,
                skip,
                lifts_per_side,
                behind,
                pain is not None and not skip,
                tuple(pose_notes),
            )
        )
        notes.extend(pose_notes)
    if all(b.skip for b in blocks):  # never nothing to practise
        blocks = [replace(b, skip=False) for b in blocks]

    sets, sets_how = _propose_sets(plan, holds, hows)
    step: Literal["up", "same", "back"] = (
        "back" if "back" in hows or sets_how == "back" else "up" if "up" in hows else "same"
    )
    if sets_how == "up":
        step = "up"
    reason = _reason(plan, sets, holds, hows, sets_how, days, step)
    return Proposal(routine.id, name, False, reason, sets, tuple(blocks), tuple(notes), step)


def _held_lifts(block: PoseBlock, routine: Routine) -> bool:
    return (block.hold or routine.hold).lifts == "held"


def _one_breath(routine: Routine) -> bool:
    holds = [routine.hold, *(b.hold for b in routine.blocks if b.hold is not None)]
    return all(h.breaths == 1 for h in holds)


def _name(pose: Pose, version_id: str | None) -> str:
    if version_id is None:
        return pose.name
    for version in pose.versions:
        if version.id == version_id:
            return version.name
    return version_id


def _hurt_last(plan: _Plan, pose_id: str) -> set[str] | None:
    """The versions practised when the pose last hurt, if the last practice of it hurt."""
    sessions = plan.sessions(pose_id)
    if not sessions:
        return None
    practice = sessions[-1].practice
    if practice.feeling != Feeling.PAIN or practice.pain_pose != pose_id:
        return None
    return {s.version_id for s in sessions[-1].steps if s.version_id is not None}


def _propose_sets(plan: _Plan, holds: list[Hold], hows: list[str]) -> tuple[int, str]:
    routine, t = plan.routine, plan.t
    own = [p for p in plan.practices if p.routine_id == routine.id and p.set_count]
    low, high, _ = limits("sets")
    top = int(min(high, max(t.sets_high, routine.sets)))
    if not own:
        return routine.sets, "same"
    base = own[-1].set_count or routine.sets
    if plan.gap:
        return int(max(low, base - 1)), "back" if base > low else "same"
    if plan.hard_last:
        return int(max(low, min(top, base))), "same"
    recent = own[-t.well_in_a_row :]
    at_top = (
        bool(holds)
        and all(
            _at_top(hold, routine, t) for hold, how in zip(holds, hows, strict=True) if how != "up"
        )
        and "up" not in hows
    )
    done = len(recent) == t.well_in_a_row and all(
        p.set_count == base
        and p.sets_done >= base
        and p.feeling not in (Feeling.HARD, Feeling.PAIN)
        for p in recent
    )
    if at_top and done and base < top:
        return base + 1, "up"
    return int(max(low, min(top, base))), "same"


def _at_top(hold: Hold, routine: Routine, t: Thresholds) -> bool:
    if hold.seconds is not None:
        return hold.seconds >= t.hold_high_seconds
    return (hold.breaths or 0) >= t.hold_high_breaths


def _reason(
    plan: _Plan,
    sets: int,
    holds: list[Hold],
    hows: list[str],
    sets_how: str,
    days: int,
    step: str,
) -> str:
    """'Strength: 2 sets of 50 s holds, 5 s more than last time: the last two felt right'."""
    name = plan.routine.name
    what = f"{sets} set{'' if sets == 1 else 's'}"
    if holds:
        hold = max(holds, key=lambda h: h.seconds or h.breaths or 0)
        size = f"{hold.seconds:g} s" if hold.seconds is not None else f"{hold.breaths} breath"
        what += f" of {size} holds"
    t = plan.t
    well = "the last two felt right" if t.well_in_a_row == 2 else "the last ones felt right"
    if step == "back":
        why = f"{days} days since your last practice" if plan.gap else "last time felt hard"
        return f"{name}: {what}, a step back: {why}"
    if sets_how == "up":
        return f"{name}: {what}, one set more: every hold at the top and {well}"
    if step == "up":
        unit = f"{t.hold_step_seconds} s" if holds and holds[0].seconds else "a breath"
        return f"{name}: {what}, {unit} more than last time: {well}"
    if holds and all(_at_top(h, plan.routine, t) for h in holds) and sets >= t.sets_high:
        return f"{name}: {what}, as last time: the top of the article's ranges"
    return f"{name}: {what}, as last time: one more like it, then a step up"


def lift_line(last: tuple[int, int] | None, target: int, goal: int) -> str:
    """The lifts step's note: 'Last time 12 left · 11 right → today 13 a side, right behind'."""
    if last is None:
        return f"First time in your history: today {target} a side; work up to {goal} over weeks"
    left, right = last
    if left >= goal and right >= goal:
        return f"Last time {left} left · {right} right: the goal of {goal} a side, reached"
    line = f"Last time {left} left · {right} right → today {target} a side"
    if left != right:
        line += f", {'right' if right < left else 'left'} side behind"
    return line + " (+ adds a lift each side)"


def gap_days(practices: Sequence[LoggedPractice], now: datetime) -> int | None:
    """Whole days since the last practice that counts (None: none)."""
    dated = [p.started_at for p in practices if _counts(p)]
    if not dated:
        return None
    return max(0, (now - max(dated)) // timedelta(days=1))


def practice_timeline(
    routine: Routine,
    options: PracticeOptions,
    library: Library,
    practices: Sequence[LoggedPractice],
    now: datetime,
) -> Timeline:
    """What Enter on the start screen practises: the proposal for `routine`, with the
    options the user changed on top. A proposal that cannot be made never stops a
    practice: the plan as written is practised instead."""
    from app.core.errors import DataError
    from app.core.timeline import build_timeline

    try:
        proposal: Proposal | None = propose(routine, library, practices, now)
    except (DataError, ValueError):
        proposal = None
    if proposal is None:
        return build_timeline(routine.with_options(options), library)
    chosen = proposal.apply(routine).with_options(options)
    return proposal.annotate(build_timeline(chosen, library))
