"""Routine files: the one parser for the built-in plans and the user's routines, their
checks against a library, and the entry a plan has in a list of them.

A routine as a person writes it needs only its poses; the rest has a default. The
built-in plans in `data/plans/` use the same format and give every key; a user's
routine may be as short as `poses = ["locust", "reverse-plank"]`. The id and name
default to the file's name (`evening.toml`: id "evening", name "Evening"), the hold
to 45 seconds, one set. Besides what the models check, a routine must make sense
for the library it is practised with (`check_routine`) and fit in three hours;
`routine_from_text` does all of it.

Finding and reading the files is the shell's job (`app.store.plans`); parsing,
checking and describing them is done here.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from app.core.errors import DataError, describe_validation_error, did_you_mean, known_list
from app.core.models import ID_PATTERN, Library, Sides, UnknownIdError
from app.core.routine import FlowBlock, PoseBlock, Routine, SettleBlock
from app.core.steps import Timeline
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.core.toml_text import parse_toml

#: The longest practice backside times: beyond this a routine is a mistake.
MAX_PRACTICE_SECONDS = 3 * 60 * 60

#: The keys of a routine file besides `poses`: the fields of a routine.
ROUTINE_KEYS = tuple(field.name for field in dataclasses.fields(Routine))

#: How a routine with nothing to practise is told what to add.
EMPTY_HINT = 'a routine needs at least one pose, e.g. poses = ["locust", "reverse-plank"]'


def routine_id_for(stem: str) -> str:
    """An id from a file name: 'Evening Run' -> 'evening-run'."""
    words = re.findall(r"[a-z0-9]+", stem.lower())
    slug = "-".join(words)[:40].strip("-")
    if not slug or not re.match(ID_PATTERN, slug):
        slug = "routine-" + slug if slug else "routine"
    return slug


def name_for(routine_id: str) -> str:
    """A name from an id: 'after-run' -> 'After run'."""
    return routine_id.replace("-", " ").capitalize()


def parse_routine(text: str, source: str, stem: str | None = None) -> Routine:
    """Parse and validate a routine written in `source`.

    `stem` is the file's name without .toml, for the default id and name; by
    default it is taken from `source`.
    """
    if not text.strip():
        raise DataError(f"{source}: the file is empty; {EMPTY_HINT}")
    raw: dict[str, Any] = parse_toml(text, source)
    known = [*ROUTINE_KEYS, "poses"]
    unknown = [key for key in raw if key not in known]
    if unknown:
        raise DataError(
            "\n".join(
                f"{source}: {key!r} is not a key of a routine"
                f"{did_you_mean(key, known, quoted=True)}"
                for key in unknown
            )
            + f"\n  (the keys: {', '.join(known)})"
        )
    if "poses" in raw:
        poses = raw.pop("poses")
        if not isinstance(poses, list) or not all(isinstance(pose, str) for pose in poses):
            raise DataError(f'{source}: poses: a list of pose ids, e.g. ["locust", "bow"]')
        if "blocks" in raw:
            raise DataError(
                f"{source}: give either poses = [...] or [[blocks]], not both"
                " ([[blocks]] can also choose versions and holds)"
            )
        raw["blocks"] = [{"pose": pose} for pose in poses]
    if not raw.get("blocks"):
        raise DataError(f"{source}: no poses to practise; {EMPTY_HINT}")
    routine_id = raw.setdefault(
        "id", routine_id_for(PurePath(source).stem if stem is None else stem)
    )
    if isinstance(routine_id, str):
        raw.setdefault("name", name_for(routine_id))
    from pydantic import ValidationError  # only to validate a file: not on a cached start

    from app.core import routine_schema as schema

    try:
        return schema.Routine.model_validate(raw).light()
    except ValidationError as error:
        raise DataError(describe_validation_error(source, error, schema.Routine)) from None


def routine_from_text(text: str, source: str, library: Library, stem: str | None = None) -> Routine:
    """The one way a routine file becomes a routine: parsed, checked against the library,
    and no longer than backside times (see `parse_routine` for `stem`)."""
    return checked_routine(parse_routine(text, source, stem), library, source)


def checked_routine(routine: Routine, library: Library, source: str) -> Routine:
    """`routine`, once it is known to fit `library` and to last at most three hours.

    The half of `routine_from_text` that a routine read back from the cache of
    validated files goes through again, so a changed library is always checked."""
    check_routine(routine, library, source)
    check_length(build_timeline(routine, library), source)
    return routine


def check_routine(routine: Routine, library: Library, source: str) -> None:
    """Every id must exist in the library, and lifts per side need sides that alternate."""
    _check_ids(routine, library, source)
    alternating_anywhere = False
    for number, block in enumerate(routine.blocks):
        alternates = _alternates(block, library)
        alternating_anywhere = alternating_anywhere or alternates
        if block.hold is not None and block.hold.lifts_per_side is not None and not alternates:
            raise DataError(
                f"{source}: blocks[{number}].hold.lifts_per_side: {_sides_text(block, library)}"
            )
    if routine.hold.lifts_per_side is not None and not alternating_anywhere:
        raise DataError(
            f"{source}: hold.lifts_per_side: none of the routine's versions alternate sides;"
            f" lifts per side are for versions such as {_alternating_examples(library)}"
        )


def check_length(timeline: Timeline, source: str) -> None:
    """A practice of over three hours is a mistake in the routine or the options."""
    if timeline.total > MAX_PRACTICE_SECONDS:
        raise DataError(
            f"{source}: the practice would last {clock(timeline.total)}; backside times "
            f"practices of up to {clock(MAX_PRACTICE_SECONDS)} (fewer sets or shorter holds)"
        )


def _check_ids(routine: Routine, library: Library, source: str) -> None:
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


def _versions(block: PoseBlock, library: Library) -> list[str]:
    pose = library.pose(block.pose)
    return list(block.versions) or [version.id for version in pose.versions]


def _alternates(block: PoseBlock, library: Library) -> bool:
    pose = library.pose(block.pose)
    return any(pose.version(v).sides is Sides.ALTERNATE for v in _versions(block, library))


def _sides_text(block: PoseBlock, library: Library) -> str:
    chosen = ", ".join(_versions(block, library))
    return (
        f"{block.pose} ({chosen}) has no sides that alternate; lifts per side are for"
        f" versions such as {_alternating_examples(library)}"
    )


def _alternating_examples(library: Library) -> str:
    found = [
        f"{pose.id} {version.id}"
        for pose in library.poses
        for version in pose.versions
        if version.sides is Sides.ALTERNATE
    ]
    return known_list(found) if found else "(none in this library)"


# -- the list to pick from ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListedPlan:
    """One plan a user can pick: built-in, their own, or their own with a mistake.

    `backside plans` and the start screen list these in order. A broken routine
    stays in the list with its error, so a mistake in one file never hides the
    others; it cannot be started.
    """

    id: str
    routine: Routine | None
    """None when the file has a mistake: `error` says which."""
    mine: bool = False
    """One of the user's routines, not a built-in plan."""
    where: str = ""
    """The file it comes from, for the user's routines."""
    error: str = ""
    """One line: why it cannot be practised."""

    @property
    def name(self) -> str:
        return self.routine.name if self.routine is not None else self.id


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def routine_facts(routine: Routine, library: Library) -> str:
    """The numbers of a routine as it will be practised: poses, sets, holds, rest, extras."""
    parts = [_count(len(routine.blocks), "pose"), _count(routine.sets, "set")]
    hold = routine.hold
    if any(block.hold is not None for block in routine.blocks):
        parts.append("holds as each pose says")
    elif hold.seconds is not None:
        parts.append(f"{hold.seconds:g} s holds")
    elif hold.breaths is not None:
        parts.append(f"{_count(hold.breaths, 'breath')} a hold")
    if routine.sets > 1:
        rest = routine.timing.rest_seconds
        parts.append(f"{rest:g} s rest" if rest else "no rest")
    extras = []
    if routine.warm_up:
        extras.append("a warm-up")
    if routine.cool_down:
        extras.append("stretches")
    if extras:
        parts.append(" and ".join(extras))
    names = ", ".join(library.pose(block.pose).name for block in routine.blocks[:4])
    return " · ".join(parts) + f"\n{names}{', …' if len(routine.blocks) > 4 else ''}"
