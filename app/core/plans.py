"""Parse routine files (TOML) and check them against a library.

The built-in plans are routine files shipped in `data/plans/`; reading them from
disk is the shell's job (`app.store.plan_files`), parsing and checking is done here.
"""

from __future__ import annotations

from pydantic import ValidationError

from app.core.errors import DataError, describe_validation_error
from app.core.models import Library, UnknownIdError
from app.core.routine import FlowBlock, Routine, SettleBlock
from app.core.steps import Timeline
from app.core.timefmt import clock
from app.core.toml_text import parse_toml

#: The longest practice backside times: beyond this a routine is a mistake.
MAX_PRACTICE_SECONDS = 3 * 60 * 60


def parse_routine(text: str, source: str) -> Routine:
    """Parse and validate a routine. `source` names the file in messages."""
    if not text.strip():
        raise DataError(f"{source}: the file is empty; expected a routine in TOML")
    raw = parse_toml(text, source)
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


def check_length(timeline: Timeline, source: str) -> None:
    """A practice of over three hours is a mistake in the routine or the options."""
    if timeline.total > MAX_PRACTICE_SECONDS:
        raise DataError(
            f"{source}: the practice would last {clock(timeline.total)}; backside times "
            f"practices of up to {clock(MAX_PRACTICE_SECONDS)} (fewer sets or shorter holds)"
        )
