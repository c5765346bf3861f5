"""Parse routine files (TOML) and check them against a library.

The built-in plans are routine files shipped in `data/plans/`; reading them from
disk is the shell's job (`app.store.plan_files`), parsing and checking is done here.
"""

from __future__ import annotations

import tomllib

from pydantic import ValidationError

from app.core.errors import (
    DataError,
    check_size,
    describe_validation_error,
    known_list,
    number_too_long,
)
from app.core.models import Library, Sides, UnknownIdError
from app.core.routine import FlowBlock, Routine, SettleBlock
from app.core.steps import Timeline
from app.core.timefmt import clock

#: The longest practice backside times: beyond this a routine is a mistake.
MAX_PRACTICE_SECONDS = 3 * 60 * 60


def parse_routine(text: str, source: str) -> Routine:
    """Parse and validate a routine. `source` names the file in messages."""
    if not text.strip():
        raise DataError(f"{source}: the file is empty; expected a routine in TOML")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"{source}: not valid TOML: {error}") from None
    except RecursionError:
        # tomllib recurses once per nested array or inline table.
        raise DataError(f"{source}: nested too deeply to be a routine") from None
    except ValueError:
        # int() refuses numbers of over 4,300 digits before tomllib can say where.
        raise number_too_long(source, text) from None
    check_size(raw, source)
    try:
        return Routine.model_validate(raw)
    except ValidationError as error:
        raise DataError(describe_validation_error(source, error, Routine)) from None


def check_routine(routine: Routine, library: Library, source: str) -> None:
    """Every pose, version, sequence, stretch and activity the routine names must exist."""
    try:
        for block in routine.blocks:
            pose = library.pose(block.pose)
            for version_id in block.versions:
                pose.version(version_id)
        for warm_up in routine.warm_up:
            if isinstance(warm_up, SettleBlock):
                library.activity(warm_up.activity)
            elif isinstance(warm_up, FlowBlock):
                library.sequence(warm_up.sequence)
        for cool_down in routine.cool_down:
            for stretch_id in cool_down.stretches:
                library.stretch(stretch_id)
            if not cool_down.stretches and not library.stretches:
                raise UnknownIdError(
                    "the cool-down asks for all stretches, but the library has none"
                )
    except UnknownIdError as error:
        raise DataError(f"{source}: {error}") from None
    _check_lifts(routine, library, source)


def _check_lifts(routine: Routine, library: Library, source: str) -> None:
    """`lifts_per_side` only counts on versions whose sides alternate: say so where none do."""
    alternating = [
        f"{pose.id}/{version.id}"
        for pose in library.poses
        for version in pose.versions
        if version.sides is Sides.ALTERNATE
    ]
    takers = (
        f"the versions that take it: {known_list(alternating)}"
        if alternating
        else "no version in the library alternates"
    )
    routine_hold_used = False
    routine_hold_counts = False
    for index, block in enumerate(routine.blocks):
        pose = library.pose(block.pose)
        versions = [pose.version(v) for v in block.versions] or list(pose.versions)
        alternates = any(version.sides is Sides.ALTERNATE for version in versions)
        if block.hold is None:
            routine_hold_used = True
            routine_hold_counts = routine_hold_counts or alternates
        elif block.hold.lifts_per_side is not None and not alternates:
            raise DataError(
                f"{source}: blocks[{index}].hold.lifts_per_side: the versions of {pose.id} "
                f"used here do not alternate sides, so there are no lifts to count; {takers}"
            )
    if routine.hold.lifts_per_side is not None and routine_hold_used and not routine_hold_counts:
        raise DataError(
            f"{source}: hold.lifts_per_side: no version in this routine alternates sides, "
            f"so there are no lifts to count; {takers}"
        )


def check_length(timeline: Timeline, source: str) -> None:
    """A practice of over three hours is a mistake in the routine or the options."""
    if timeline.total > MAX_PRACTICE_SECONDS:
        raise DataError(
            f"{source}: the practice would last {clock(timeline.total)}; backside times "
            f"practices of up to {clock(MAX_PRACTICE_SECONDS)} (fewer sets or shorter holds)"
        )
