"""A routine file as a person writes it: only the poses are needed, the rest has a default.

The built-in plans use the same format and give every key; a user's routine may
be as short as `poses = ["locust", "reverse-plank"]`. The id and name default
to the file's name (`evening.toml`: id "evening", name "Evening"), the hold to
45 seconds, one set. Besides what the models check, a routine must make sense
for the library it is practised with (`check_routine_sides`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from app.core.errors import DataError, describe_validation_error, known_list
from app.core.models import ID_PATTERN, Library, Sides
from app.core.plans import check_length, check_routine
from app.core.routine import PoseBlock, Routine
from app.core.timeline import build_timeline
from app.core.toml_text import did_you_mean, parse_toml

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


def parse_routine_file(text: str, source: str, stem: str) -> Routine:
    """Parse and validate a routine written in `source` (named `stem`, without .toml)."""
    if not text.strip():
        raise DataError(f"{source}: the file is empty; {EMPTY_HINT}")
    raw: dict[str, Any] = parse_toml(text, source)
    known = [*Routine.model_fields, "poses"]
    unknown = [key for key in raw if key not in known]
    if unknown:
        raise DataError(
            "\n".join(
                f"{source}: {key!r} is not a key of a routine{did_you_mean(key, known)}"
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
    routine_id = raw.setdefault("id", routine_id_for(stem))
    if isinstance(routine_id, str):
        raw.setdefault("name", name_for(routine_id))
    try:
        return Routine.model_validate(raw)
    except ValidationError as error:
        raise DataError(describe_validation_error(source, error, Routine)) from None


def check_routine_file(routine: Routine, library: Library, source: str) -> None:
    """Every id must exist in the library, lifts per side need sides that alternate, and
    the practice must fit in three hours."""
    check_routine(routine, library, source)
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
    check_length(build_timeline(routine, library), source)


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
