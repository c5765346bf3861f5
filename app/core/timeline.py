"""Expand a routine and the library into a timeline: every step, in order, timed.

This is where the practice rules live: a different version each set, left then
right with a switch for sided versions, one breath per lift for alternating
lifts, half a breath per movement of a flow, rest between sets, a get-ready
before each pose, and where the chimes sound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.models import SIDE_WORDS, Breath, Library, Muscle, Pose, Sides, Version
from app.core.routine import FlowBlock, Hold, PoseBlock, Routine, SettleBlock, StretchBlock
from app.core.sides import other_side, sided_cues
from app.core.steps import (
    Chime,
    ChimePoint,
    Fallback,
    Measure,
    Section,
    Side,
    Step,
    StepKind,
    Timeline,
)

#: Holds shorter than this get no 3-2-1 ticks: the shortest hold a routine allows (5 s)
#: has them. A flow's movements (half a breath) and one-breath holds get none: the
#: breath itself ends them, and three ticks in three seconds would only be noise.
COUNTDOWN_MIN_SECONDS = 5.0

HOLD_START = (ChimePoint(chime=Chime.HOLD_START, seconds=0),)
COUNTDOWN = tuple(
    ChimePoint(chime=Chime.COUNTDOWN, seconds=n, from_end=True, count=n) for n in (3, 2, 1)
)


def describe_seconds(seconds: float) -> str:
    """'45 seconds', '1 minute', '2 minutes 30 seconds': the way a voice would say it."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _naming_side(cues: tuple[str, ...], side: Side) -> tuple[str, ...]:
    """Only the cues that change with the side, filled in: what the next side does."""
    return sided_cues(tuple(cue for cue in cues if any(w in cue for w in SIDE_WORDS)), side)


@dataclass
class _Builder:
    """Accumulates steps, keeping the running start offset and pending set-end chimes."""

    routine: Routine
    steps: list[Step] = field(default_factory=list)
    clock: float = 0.0
    first_index: int = 0
    """The index of this builder's first step (a fallback is laid out at its place)."""
    carry_chimes: list[ChimePoint] = field(default_factory=list)
    """Chimes owed to whatever step comes next (a set ended with no rest after it)."""

    @property
    def breath(self) -> float:
        return self.routine.timing.breath_seconds

    @property
    def inhale(self) -> float:
        return self.routine.timing.breath_seconds * self.routine.timing.inhale_share

    def add(self, **fields: Any) -> Step:
        chimes = tuple(self.carry_chimes) + tuple(fields.pop("chimes", ()))
        self.carry_chimes = []
        step = Step(
            index=self.first_index + len(self.steps),
            start=self.clock,
            breath_seconds=self.breath,
            inhale_seconds=self.inhale,
            chimes=chimes,
            **fields,
        )
        self.steps.append(step)
        self.clock += step.duration
        return step

    def get_ready(
        self,
        section: Section,
        title: str,
        subtitle: str,
        speech: str,
        seconds: float | None = None,
        **extra: object,
    ) -> bool:
        """Add a get-ready step; False when the routine gives no time to get ready."""
        if seconds is None:
            seconds = self.routine.timing.get_ready_seconds
        if seconds <= 0:
            return False
        self.add(
            kind=StepKind.GET_READY,
            section=section,
            duration=seconds,
            title=title,
            subtitle=subtitle,
            target=math.ceil(seconds),
            speech=speech,
            **extra,
        )
        return True

    def switch_sides(self, section: Section, **extra: object) -> bool:
        """Add a switch step; False when the routine gives no time to switch."""
        seconds = self.routine.timing.switch_seconds
        if seconds <= 0:
            return False
        label = str(extra.get("side_label", ""))
        self.add(
            kind=StepKind.SWITCH_SIDES,
            section=section,
            duration=seconds,
            title="Switch sides",
            target=math.ceil(seconds),
            chimes=(ChimePoint(chime=Chime.SWITCH_SIDES, seconds=0),),
            speech=f"Switch sides: {label}" if label else "Switch sides",
            **extra,
        )
        return True


def _hold_chimes(
    duration: float,
    start_chime: Chime = Chime.HOLD_START,
    measure: Measure = Measure.SECONDS,
    target: int = 0,
) -> tuple[ChimePoint, ...]:
    start = (ChimePoint(chime=start_chime, seconds=0),)
    one_breath = measure is Measure.BREATHS and target <= 1
    if duration >= COUNTDOWN_MIN_SECONDS and not one_breath:
        return start + COUNTDOWN
    return start


def _held_lifts(hold: Hold, version: Version) -> bool:
    """Alternating lifts done as a held round on each side, counted in breaths."""
    return version.sides is Sides.ALTERNATE and hold.lifts == "held"


def _hold_measure(hold: Hold, version: Version, breath: float) -> tuple[Measure, int, float]:
    """(how it is counted, the target count, the duration in seconds) of one hold."""
    if _held_lifts(hold, version):
        breaths = hold.breaths or max(1, round((hold.seconds or 0) / breath))
        return Measure.BREATHS, breaths, breaths * breath
    if version.sides is Sides.ALTERNATE:
        if hold.lifts_per_side is not None:
            lifts = hold.lifts_per_side
        elif hold.breaths is not None:
            lifts = max(1, round(hold.breaths / 2))
        else:
            lifts = max(1, round((hold.seconds or 0) / (2 * breath)))
        return Measure.REPS, lifts, 2 * lifts * breath
    if hold.breaths is not None:
        return Measure.BREATHS, hold.breaths, hold.breaths * breath
    seconds = hold.seconds or 0.0
    return Measure.SECONDS, math.ceil(seconds), seconds


def _describe_hold(measure: Measure, target: int, duration: float, held: bool) -> str:
    if measure is Measure.BREATHS:
        return _plural(target, "breath") + (" each side" if held else "")
    if measure is Measure.REPS:
        return _plural(target, "lift") + " each side"
    return describe_seconds(duration)


def _works(muscles: tuple[Muscle, ...], verb: str = "Works") -> str:
    return f"{verb} the " + ", ".join(m.value for m in muscles)


def _pose_notes(pose: Pose, version: Version) -> tuple[str, ...]:
    """Every caution of the pose and note of the version, to be shown in turn."""
    notes = pose.cautions + version.notes
    return notes or (_works(pose.benefits + version.benefits),)


def versions_for_set(block: PoseBlock, pose: Pose, set_number: int, sets: int) -> list[Version]:
    chosen = [pose.version(v) for v in block.versions] if block.versions else list(pose.versions)
    if block.each_set == "all":
        return chosen
    if block.each_set == "spread" and len(chosen) > sets:
        # Every version once over the practice: the first sets take one more.
        size, extra = divmod(len(chosen), sets)
        before = set_number - 1
        first = before * size + min(before, extra)
        return chosen[first : first + size + (1 if before < extra else 0)]
    # Set n takes the n-th version, so consecutive sets differ.
    return [chosen[(set_number - 1) % len(chosen)]]


def _settle(builder: _Builder, block: SettleBlock, library: Library) -> None:
    activity = library.activity(block.activity)
    builder.add(
        kind=StepKind.HOLD,
        section=Section.SETTLE,
        duration=block.seconds,
        title=activity.name,
        item_id=activity.id,
        target=math.ceil(block.seconds),
        cues=activity.cues,
        notes=library.guidance.after_run[:1],
        chimes=_hold_chimes(block.seconds),
        speech=f"{activity.name}, {describe_seconds(block.seconds)}",
    )


def _flow(builder: _Builder, block: FlowBlock, library: Library) -> None:
    sequence = library.sequence(block.sequence)
    rounds = _plural(block.rounds, "round")
    builder.get_ready(
        Section.WARM_UP,
        sequence.name,
        f"{rounds}: move on each inhale and exhale",
        f"{sequence.name}, {rounds}. Move on each inhale and exhale",
        cues=sequence.cues,
        notes=(sequence.summary,),
    )
    for round_number in range(1, block.rounds + 1):
        subtitle = f"{sequence.name}, round {round_number} of {block.rounds}"
        for position, movement in enumerate(sequence.movements):
            # Each movement rides one half of a breath: in to rise, out to fold.
            inhale = movement.breath is Breath.INHALE
            common: dict[str, object] = {
                "kind": StepKind.HOLD,
                "section": Section.WARM_UP,
                "title": movement.name,
                "item_id": f"{sequence.id}.{movement.id}",
                "measure": Measure.BREATHS,
                "cues": (movement.cue,),
                "notes": (sequence.summary,),
            }
            builder.add(
                duration=builder.inhale if inhale else builder.breath - builder.inhale,
                phase=movement.breath,
                subtitle=subtitle,
                target=1,
                # One bell per round; a bell on every breath would be noise.
                chimes=HOLD_START if position == 0 else (),
                **common,
            )
            if movement.stay_breaths:
                # Staying a few breaths in the shape, as the salutation is taught.
                stay = movement.stay_breaths
                builder.add(
                    duration=stay * builder.breath,
                    subtitle=subtitle,
                    target=stay,
                    **{**common, "cues": (f"Stay {_plural(stay, 'breath')}", movement.cue)},
                )


def _version_steps(
    builder: _Builder,
    pose: Pose,
    version: Version,
    hold: Hold,
    set_fields: dict[str, object],
    *,
    get_ready: float | None,
    prefix: str,
    goal: int,
) -> None:
    """One version of a pose in one set: its get-ready, then each side's hold."""
    measure, target, duration = _hold_measure(hold, version, builder.breath)
    held = _held_lifts(hold, version)
    sided = version.sides is Sides.SWITCH or held
    body_part = "arm" if held else "leg"
    sides: list[Side | None] = [None]
    if sided:
        lead = Side(version.lead)
        sides = [lead, other_side(lead)]
    cues = version.held_cues if held and version.held_cues else version.cues
    what = f"{prefix}{pose.name}, {version.name}, {_describe_hold(measure, target, duration, held)}"
    if sides[0] is not None:
        what += f", {sides[0].value} {body_part} first"
    common: dict[str, object] = {
        "pose_id": pose.id,
        "version_id": version.id,
        "figure": version.figure,
        "notes": _pose_notes(pose, version),
        **set_fields,
    }

    def label(side: Side | None) -> str:
        return f"{side.value} {body_part}" if side is not None else ""

    speech = what
    readied = builder.get_ready(
        Section.STRENGTH,
        pose.name,
        version.name,
        what,
        seconds=get_ready,
        side=sides[0],
        side_label=label(sides[0]),
        # How to get into it: the pose's set-up, else the version's own first cues.
        cues=pose.cues or sided_cues(cues[:2], sides[0] or Side.LEFT),
        # In the few seconds of getting ready, what is special to this version comes first.
        **{**common, "notes": version.notes + pose.cautions or common["notes"]},
    )
    if readied:
        speech = ""
    for side in sides:
        start_chime = Chime.HOLD_START
        if (
            side is not None
            and side is not sides[0]
            and not builder.switch_sides(
                Section.STRENGTH,
                subtitle=version.name,
                side=side,
                side_label=label(side),
                cues=_naming_side(cues, side),
                **common,
            )
        ):
            start_chime = Chime.SWITCH_SIDES
        builder.add(
            kind=StepKind.HOLD,
            section=Section.STRENGTH,
            duration=duration,
            title=pose.name,
            subtitle=version.name,
            side=side,
            side_label=label(side),
            measure=measure,
            target=target,
            cues=_hold_cues(pose, sided_cues(cues, side) if side is not None else cues, readied),
            lift_goal=goal if measure is Measure.REPS else None,
            chimes=_hold_chimes(duration, start_chime, measure, target),
            speech=speech if side is sides[0] else "",
            **common,
        )


def _hold_cues(pose: Pose, version_cues: tuple[str, ...], readied: bool) -> tuple[str, ...]:
    """A hold's cues: after a get-ready has set the pose up, the version's own come first."""
    return version_cues + pose.cues if readied else pose.cues + version_cues


def _pose_block(
    builder: _Builder, block: PoseBlock, library: Library, set_number: int, last_set: bool
) -> None:
    routine = builder.routine
    pose = library.pose(block.pose)
    hold = block.hold or routine.hold
    set_fields: dict[str, object] = {"set_number": set_number, "set_count": routine.sets}
    goal = library.guidance.lift_goal_per_side
    for position, version in enumerate(versions_for_set(block, pose, set_number, routine.sets)):
        first_of_set = not builder.steps or builder.steps[-1].set_number != set_number
        prefix = "Last set. " if last_set and routine.sets > 1 and first_of_set else ""
        # Changing to the next version of the same pose is as quick as changing sides.
        get_ready = routine.timing.switch_seconds if position and block.each_set == "all" else None
        arguments: dict[str, Any] = {"get_ready": get_ready, "prefix": prefix, "goal": goal}
        first = len(builder.steps)
        fallback: Fallback | None = None
        if version.fallback is not None:
            instead = pose.version(version.fallback)
            # Laid out where the planned version stands, ready for the engine to swap in.
            spare = _Builder(routine, clock=builder.clock, first_index=builder.first_index + first)
            _version_steps(spare, pose, instead, hold, set_fields, **arguments)
            steps = tuple(replace(s, swapped_from=version.id) for s in spare.steps)
            fallback = Fallback(
                version_id=instead.id, name=instead.name, first=first, count=1, steps=steps
            )
        _version_steps(builder, pose, version, hold, set_fields, **arguments)
        if fallback is not None:
            fallback = replace(fallback, count=len(builder.steps) - first)
            builder.steps[first:] = [replace(s, fallback=fallback) for s in builder.steps[first:]]


def _stretches(builder: _Builder, block: StretchBlock, library: Library) -> None:
    chosen = (
        [library.stretch(s) for s in block.stretches]
        if block.stretches
        else list(library.stretches)
    )
    for stretch in chosen:
        sided = stretch.sides is Sides.SWITCH
        speech = f"Stretch: {stretch.name}, {describe_seconds(block.seconds)}"
        first = Side.LEFT if sided else None
        common: dict[str, Any] = {
            "item_id": stretch.id,
            "figure": stretch.figure,
            "notes": (_works(stretch.targets, "Stretches"),),
        }
        on_hold = not builder.get_ready(
            Section.STRETCH,
            stretch.name,
            "stretch" + (", left leg first" if sided else ""),
            speech + (", left leg first" if sided else ""),
            side=first,
            side_label="left leg" if sided else "",
            cues=sided_cues(stretch.cues, first or Side.LEFT),
            **common,
        )
        for side in [Side.LEFT, Side.RIGHT] if sided else [None]:
            start_chime = Chime.HOLD_START
            label = f"{side.value} leg" if side is not None else ""
            if side is Side.RIGHT and not builder.switch_sides(
                Section.STRETCH,
                subtitle="stretch",
                side=side,
                side_label=label,
                cues=_naming_side(stretch.cues, side),
                **common,
            ):
                start_chime = Chime.SWITCH_SIDES
            builder.add(
                kind=StepKind.HOLD,
                section=Section.STRETCH,
                duration=block.seconds,
                title=stretch.name,
                subtitle="stretch",
                side=side,
                side_label=label,
                target=math.ceil(block.seconds),
                cues=sided_cues(stretch.cues, side) if side is not None else stretch.cues,
                chimes=_hold_chimes(block.seconds, start_chime),
                speech=speech if on_hold and side is not Side.RIGHT else "",
                **common,
            )


def build_timeline(routine: Routine, library: Library) -> Timeline:
    """Lay a routine out in time. The routine must have passed `check_routine`."""
    builder = _Builder(routine)
    for warm_up in routine.warm_up:
        if isinstance(warm_up, SettleBlock):
            _settle(builder, warm_up, library)
        else:
            _flow(builder, warm_up, library)

    set_end = ChimePoint(chime=Chime.SET_FINISHED, seconds=0)
    for set_number in range(1, routine.sets + 1):
        last_set = set_number == routine.sets
        for block in routine.blocks:
            _pose_block(builder, block, library, set_number, last_set)
        if last_set:
            builder.carry_chimes.append(set_end)
        elif routine.timing.rest_seconds > 0:
            next_pose = library.pose(routine.blocks[0].pose).name
            seconds = routine.timing.rest_seconds
            builder.add(
                kind=StepKind.REST,
                section=Section.STRENGTH,
                duration=seconds,
                title="Rest",
                subtitle=f"Next: {next_pose}, set {set_number + 1} of {routine.sets}",
                target=math.ceil(seconds),
                set_number=set_number,
                set_count=routine.sets,
                chimes=(set_end,),
                speech=f"Rest, {describe_seconds(seconds)}. Next: {next_pose}",
            )
        else:
            builder.carry_chimes.append(set_end)

    for cool_down in routine.cool_down:
        _stretches(builder, cool_down, library)

    # The session bell replaces a set-end chime owed to the end marker.
    builder.carry_chimes = []
    builder.add(
        kind=StepKind.DONE,
        section=Section.STRETCH if routine.cool_down else Section.STRENGTH,
        duration=0.0,
        title="Practice complete",
        chimes=(ChimePoint(chime=Chime.SESSION_FINISHED, seconds=0),),
        speech="Practice complete. Well done.",
    )
    return Timeline(routine_id=routine.id, name=routine.name, steps=tuple(builder.steps))
