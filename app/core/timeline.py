"""Expand a routine and the library into a timeline: every step, in order, timed.

This is where the practice rules live: a different version each set, left then
right with a switch for sided versions, one breath per lift for alternating
lifts, half a breath per movement of a flow, rest between sets, a get-ready
before each pose, and where the chimes sound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.core.models import Breath, Library, Pose, Sides, Version
from app.core.routine import FlowBlock, Hold, PoseBlock, Routine, SettleBlock, StretchBlock
from app.core.steps import Chime, ChimePoint, Measure, Section, Side, Step, StepKind, Timeline

#: Holds shorter than this get no 3-2-1 ticks: in a one-breath flow they would be noise.
COUNTDOWN_MIN_SECONDS = 10.0

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


@dataclass
class _Builder:
    """Accumulates steps, keeping the running start offset and pending set-end chimes."""

    routine: Routine
    steps: list[Step] = field(default_factory=list)
    clock: float = 0.0
    carry_chimes: list[ChimePoint] = field(default_factory=list)
    """Chimes owed to whatever step comes next (a set ended with no rest after it)."""

    @property
    def breath(self) -> float:
        return self.routine.timing.breath_seconds

    @property
    def inhale(self) -> float:
        return self.routine.timing.breath_seconds * self.routine.timing.inhale_share

    def add(self, **fields: object) -> Step:
        chimes = tuple(self.carry_chimes) + tuple(fields.pop("chimes", ()))  # type: ignore[arg-type]
        self.carry_chimes = []
        step = Step(
            index=len(self.steps),
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
        self, section: Section, title: str, subtitle: str, speech: str, **extra: object
    ) -> bool:
        """Add a get-ready step; False when the routine gives no time to get ready."""
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
        self.add(
            kind=StepKind.SWITCH_SIDES,
            section=section,
            duration=seconds,
            title="Switch sides",
            target=math.ceil(seconds),
            chimes=(ChimePoint(chime=Chime.SWITCH_SIDES, seconds=0),),
            speech="Switch sides",
            **extra,
        )
        return True


def _hold_chimes(duration: float, start_chime: Chime = Chime.HOLD_START) -> tuple[ChimePoint, ...]:
    start = (ChimePoint(chime=start_chime, seconds=0),)
    return start + COUNTDOWN if duration >= COUNTDOWN_MIN_SECONDS else start


def _hold_measure(hold: Hold, version: Version, breath: float) -> tuple[Measure, int, float]:
    """(how it is counted, the target count, the duration in seconds) of one hold."""
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


def _describe_hold(measure: Measure, target: int, duration: float) -> str:
    if measure is Measure.BREATHS:
        return f"{target} breath{'s' if target != 1 else ''}"
    if measure is Measure.REPS:
        return f"{target} lift{'s' if target != 1 else ''} each side"
    return describe_seconds(duration)


def _pose_note(pose: Pose) -> str:
    if pose.cautions:
        return pose.cautions[0]
    return "Works the " + ", ".join(m.value for m in pose.benefits)


def _versions_for_set(block: PoseBlock, pose: Pose, set_number: int) -> list[Version]:
    chosen = [pose.version(v) for v in block.versions] if block.versions else list(pose.versions)
    if block.each_set == "all":
        return chosen
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
        chimes=_hold_chimes(block.seconds),
        speech=f"{activity.name}, {describe_seconds(block.seconds)}",
    )


def _flow(builder: _Builder, block: FlowBlock, library: Library) -> None:
    sequence = library.sequence(block.sequence)
    builder.get_ready(
        Section.WARM_UP,
        sequence.name,
        f"{block.rounds} round{'s' if block.rounds != 1 else ''}: move on each inhale and exhale",
        f"{sequence.name}, {block.rounds} round{'s' if block.rounds != 1 else ''}."
        " Move on each inhale and exhale",
    )
    for round_number in range(1, block.rounds + 1):
        for position, movement in enumerate(sequence.movements):
            # Each movement rides one half of a breath: in to rise, out to fold.
            inhale = movement.breath is Breath.INHALE
            builder.add(
                kind=StepKind.HOLD,
                section=Section.WARM_UP,
                duration=builder.inhale if inhale else builder.breath - builder.inhale,
                phase=movement.breath,
                title=movement.name,
                subtitle=f"{sequence.name}, round {round_number} of {block.rounds}",
                item_id=f"{sequence.id}.{movement.id}",
                measure=Measure.BREATHS,
                target=1,
                cues=(movement.cue,),
                note=sequence.summary,
                # One bell per round; a bell on every breath would be noise.
                chimes=HOLD_START if position == 0 else (),
            )


def _pose_block(
    builder: _Builder, block: PoseBlock, library: Library, set_number: int, last_set: bool
) -> None:
    routine = builder.routine
    pose = library.pose(block.pose)
    hold = block.hold or routine.hold
    set_fields: dict[str, object] = {"set_number": set_number, "set_count": routine.sets}
    for position, version in enumerate(_versions_for_set(block, pose, set_number)):
        measure, target, duration = _hold_measure(hold, version, builder.breath)
        what = f"{pose.name}, {version.name}, {_describe_hold(measure, target, duration)}"
        if version.sides is Sides.SWITCH:
            what += ", left side first"
        first_of_set = not builder.steps or builder.steps[-1].set_number != set_number
        if last_set and routine.sets > 1 and first_of_set:
            what = f"Last set. {what}"
        common: dict[str, object] = {
            "section": Section.STRENGTH,
            "pose_id": pose.id,
            "version_id": version.id,
            "cues": pose.cues + version.cues,
            "figure": version.figure,
            "note": _pose_note(pose),
            **set_fields,
        }
        sides = [Side.LEFT, Side.RIGHT] if version.sides is Sides.SWITCH else [None]
        speech = what
        if (position == 0 or block.each_set == "next") and builder.get_ready(
            Section.STRENGTH,
            pose.name,
            version.name,
            what,
            pose_id=pose.id,
            version_id=version.id,
            side=sides[0],
            figure=version.figure,
            **set_fields,
        ):
            speech = ""
        for side in sides:
            start_chime = Chime.HOLD_START
            if side is Side.RIGHT and not builder.switch_sides(Section.STRENGTH, **set_fields):
                start_chime = Chime.SWITCH_SIDES
            builder.add(
                kind=StepKind.HOLD,
                duration=duration,
                title=pose.name,
                subtitle=version.name,
                side=side,
                measure=measure,
                target=target,
                chimes=_hold_chimes(duration, start_chime),
                speech=speech if side is not Side.RIGHT else "",
                **common,
            )


def _stretches(builder: _Builder, block: StretchBlock, library: Library) -> None:
    chosen = (
        [library.stretch(s) for s in block.stretches]
        if block.stretches
        else list(library.stretches)
    )
    for stretch in chosen:
        sided = stretch.sides is Sides.SWITCH
        speech = f"Stretch: {stretch.name}, {describe_seconds(block.seconds)}"
        on_hold = not builder.get_ready(
            Section.STRETCH,
            stretch.name,
            "stretch" + (", left side first" if sided else ""),
            speech + (", left side first" if sided else ""),
            item_id=stretch.id,
            side=Side.LEFT if sided else None,
            figure=stretch.figure,
        )
        for side in [Side.LEFT, Side.RIGHT] if sided else [None]:
            start_chime = Chime.HOLD_START
            if side is Side.RIGHT and not builder.switch_sides(Section.STRETCH):
                start_chime = Chime.SWITCH_SIDES
            builder.add(
                kind=StepKind.HOLD,
                section=Section.STRETCH,
                duration=block.seconds,
                title=stretch.name,
                subtitle="stretch",
                item_id=stretch.id,
                side=side,
                target=math.ceil(block.seconds),
                cues=stretch.cues,
                figure=stretch.figure,
                note="Stretches the " + ", ".join(m.value for m in stretch.targets),
                chimes=_hold_chimes(block.seconds, start_chime),
                speech=speech if on_hold and side is not Side.RIGHT else "",
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
