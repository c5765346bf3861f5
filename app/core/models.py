"""The pose library as the practice uses it: light, frozen dataclasses.

A library file is validated at the edge by the pydantic models of
`app.core.library_schema`; what passes becomes these types. They hold nothing
the schema did not check, and importing them imports no pydantic, so a library
read back from the cache (`app.store.library_file`) reaches the first frame
without it. `library_from_data` builds them from plain JSON data (the schema's
dump, or the cache's), `library_data` turns them back into it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, TypeVar

from app.core.errors import did_you_mean, known_list

#: Lower-case words joined by hyphens: "locust", "airplane-arms".
ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"

#: Bounds that keep a practice quick to lay out (a pose's versions, the stretches).
MAX_VERSIONS = 12
MAX_STRETCHES = 50

#: Words a sided cue may leave to the timeline: "Lift the {side} leg", "Root the {other} foot".
#: Each side of a hold fills them in, so every cue names the leg at work.
SIDE_WORDS = ("{side}", "{other}")

FIGURE_MAX_ROWS = 8
FIGURE_MAX_COLUMNS = 32


class Sides(StrEnum):
    """How a version treats the two sides of the body."""

    NONE = "none"
    """Both sides at once (Locust with arms along the sides)."""
    SWITCH = "switch"
    """Left, then a switch, then right (Reverse Tabletop with a leg lifted)."""
    ALTERNATE = "alternate"
    """Sides take turns every breath, counted as reps per side (opposite arm and leg lifts)."""


class Muscle(StrEnum):
    """The muscle groups the poses strengthen."""

    FEET = "feet"
    CALVES = "calves"
    HAMSTRINGS = "hamstrings"
    GLUTES = "glutes"
    BACK = "back"
    QUADRICEPS = "quadriceps"
    ARMS = "arms"
    CHEST = "chest"
    HIPS = "hips"
    SHOULDERS = "shoulders"


class Breath(StrEnum):
    INHALE = "inhale"
    EXHALE = "exhale"


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One way of doing a pose; a practice uses a different one each set."""

    id: str
    name: str
    cues: tuple[str, ...]
    """What this version adds to the pose's set-up cues, in the order to do them.

    A sided version's cues may say {side} (the working leg) and {other}."""
    sides: Sides = Sides.NONE
    lead: Literal["left", "right"] = "left"
    """A sided version's first working side ("left": the left leg lifts first)."""
    held_cues: tuple[str, ...] = ()
    """Alternating lifts only: the cues when each side is held for a round of breaths."""
    fallback: str | None = None
    """The version to do instead when this one feels forced (Full bow: no hands)."""
    difficulty: int = 1
    """Relative to the pose's other versions: 1 is the gentlest."""
    figure: tuple[str, ...] = ()
    """Line art, at most 8 rows by 32 columns, to recognise the shape at a glance."""
    notes: tuple[str, ...] = ()
    """Advice for this version only (when to choose it, how to progress)."""
    benefits: tuple[Muscle, ...] = ()
    """Muscles this version works beyond the pose's own `benefits` (Full Bow: the chest)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pose:
    """A strength pose for the back of the body, with its versions."""

    id: str
    name: str
    other_names: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    """Set-up cues shared by every version, done before the version's own."""
    benefits: tuple[Muscle, ...]
    cautions: tuple[str, ...] = ()
    versions: tuple[Version, ...]

    def version(self, version_id: str) -> Version:
        return _find(self.versions, version_id, f"version of {self.id} called")


@dataclass(frozen=True, slots=True, kw_only=True)
class Movement:
    """One movement of a flowing sequence, done on a single inhale or exhale."""

    id: str
    name: str
    cue: str
    breath: Breath
    stay_breaths: int = 0
    """Whole breaths to stay in the shape once there (Downward-facing dog: a few)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sequence:
    """A warm-up flow such as a sun salutation: movements, one breath each."""

    id: str
    name: str
    summary: str
    cues: tuple[str, ...] = ()
    """How to stand before the first movement."""
    movements: tuple[Movement, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Stretch:
    """A stretch for the back of the legs and hips, to finish a practice.

    A sided stretch's cues may say {side} (the leg being stretched) and {other}."""

    id: str
    name: str
    cues: tuple[str, ...]
    sides: Sides = Sides.NONE
    targets: tuple[Muscle, ...]
    figure: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """Something done on your feet rather than the mat: the easy jog after a run."""

    id: str
    name: str
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Range:
    """Whole numbers from `low` to `high`."""

    low: int
    high: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Guidance:
    """How to practise the poses: holds, sets, warming up, and the after-run routine."""

    hold_seconds: Range
    hold_breaths: Range
    sets: Range
    vary_versions: bool
    """Use a different version of each pose every set."""
    warm_up: str
    """The sequence (sun salutation) to warm up with, from the library's `sequences`."""
    settle: str
    """The activity that brings the heart rate down after a run, from `activities`."""
    lift_goal_per_side: int
    """Alternating lifts: the number of lifts per side to work up to."""
    when: tuple[str, ...]
    """When in a training day to practise."""
    after_run: tuple[str, ...]
    """The order of things when practising straight after a run."""
    why: tuple[str, ...] = ()
    """What a strong back body does for a runner."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Library:
    """Everything backside knows about the practice, loaded from `data/poses.json`."""

    schema_url: str | None = None
    """Where an editor finds the JSON Schema of this file (its `$schema`)."""
    guidance: Guidance
    poses: tuple[Pose, ...]
    sequences: tuple[Sequence, ...] = ()
    stretches: tuple[Stretch, ...] = ()
    activities: tuple[Activity, ...] = ()

    def pose(self, pose_id: str) -> Pose:
        return _find(self.poses, pose_id, "pose")

    def sequence(self, sequence_id: str) -> Sequence:
        return _find(self.sequences, sequence_id, "sequence")

    def stretch(self, stretch_id: str) -> Stretch:
        return _find(self.stretches, stretch_id, "stretch")

    def activity(self, activity_id: str) -> Activity:
        return _find(self.activities, activity_id, "activity")


class UnknownIdError(LookupError):
    """An id that names nothing in the library; the message lists the known ids."""


_Item = TypeVar("_Item", Pose, Sequence, Stretch, Activity, Version)


def _find(items: tuple[_Item, ...], item_id: str, what: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    known = [i.id for i in items]
    hint = did_you_mean(item_id, known)
    raise UnknownIdError(f"no {what} {item_id!r}{hint} (known: {known_list(known)})")


# From plain data: every key is given, as the schema's dump gives them all. A
# missing key or a wrong value raises (KeyError, TypeError, ValueError): the
# cache treats that as a cache to rebuild.

Data = Mapping[str, Any]


def _texts(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise TypeError(f"expected a list of text, got {type(values).__name__}")
    return tuple(values)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _whole(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _muscles(values: Any) -> tuple[Muscle, ...]:
    return tuple(Muscle(value) for value in _texts(values))


def _version(data: Data) -> Version:
    lead = data["lead"]
    if lead not in ("left", "right"):
        raise ValueError(f"lead: {lead!r}")
    fallback = data["fallback"]
    return Version(
        id=_text(data["id"]),
        name=_text(data["name"]),
        cues=_texts(data["cues"]),
        sides=Sides(data["sides"]),
        lead=lead,
        held_cues=_texts(data["held_cues"]),
        fallback=None if fallback is None else _text(fallback),
        difficulty=_whole(data["difficulty"]),
        figure=_texts(data["figure"]),
        notes=_texts(data["notes"]),
        benefits=_muscles(data["benefits"]),
    )


def _pose(data: Data) -> Pose:
    return Pose(
        id=_text(data["id"]),
        name=_text(data["name"]),
        other_names=_texts(data["other_names"]),
        cues=_texts(data["cues"]),
        benefits=_muscles(data["benefits"]),
        cautions=_texts(data["cautions"]),
        versions=tuple(_version(version) for version in data["versions"]),
    )


def _sequence(data: Data) -> Sequence:
    return Sequence(
        id=_text(data["id"]),
        name=_text(data["name"]),
        summary=_text(data["summary"]),
        cues=_texts(data["cues"]),
        movements=tuple(
            Movement(
                id=_text(movement["id"]),
                name=_text(movement["name"]),
                cue=_text(movement["cue"]),
                breath=Breath(movement["breath"]),
                stay_breaths=_whole(movement["stay_breaths"]),
            )
            for movement in data["movements"]
        ),
    )


def _stretch(data: Data) -> Stretch:
    return Stretch(
        id=_text(data["id"]),
        name=_text(data["name"]),
        cues=_texts(data["cues"]),
        sides=Sides(data["sides"]),
        targets=_muscles(data["targets"]),
        figure=_texts(data["figure"]),
    )


def _range(data: Data) -> Range:
    return Range(low=_whole(data["low"]), high=_whole(data["high"]))


def _guidance(data: Data) -> Guidance:
    vary = data["vary_versions"]
    if not isinstance(vary, bool):
        raise TypeError("vary_versions: expected true or false")
    return Guidance(
        hold_seconds=_range(data["hold_seconds"]),
        hold_breaths=_range(data["hold_breaths"]),
        sets=_range(data["sets"]),
        vary_versions=vary,
        warm_up=_text(data["warm_up"]),
        settle=_text(data["settle"]),
        lift_goal_per_side=_whole(data["lift_goal_per_side"]),
        when=_texts(data["when"]),
        after_run=_texts(data["after_run"]),
        why=_texts(data["why"]),
    )


def library_from_data(data: Data) -> Library:
    """The library from plain data with every key given (`library_data`'s shape)."""
    schema_url = data["$schema"]
    return Library(
        schema_url=None if schema_url is None else _text(schema_url),
        guidance=_guidance(data["guidance"]),
        poses=tuple(_pose(pose) for pose in data["poses"]),
        sequences=tuple(_sequence(sequence) for sequence in data["sequences"]),
        stretches=tuple(_stretch(stretch) for stretch in data["stretches"]),
        activities=tuple(
            Activity(id=_text(a["id"]), name=_text(a["name"]), cues=_texts(a["cues"]))
            for a in data["activities"]
        ),
    )


def to_data(item: object) -> Any:
    """Any of the light types as plain JSON data, every field given, in declaration order."""
    if isinstance(item, Library):
        data = {"$schema": item.schema_url}
        data.update((name, to_data(getattr(item, name))) for name in _fields(Library)[1:])
        return data
    if isinstance(item, StrEnum):
        return item.value
    if isinstance(item, tuple):
        return [to_data(value) for value in item]
    fields = _fields(type(item))
    if fields:
        return {name: to_data(getattr(item, name)) for name in fields}
    return item


def library_data(library: Library) -> dict[str, Any]:
    """The library as plain JSON data: what `library_from_data` builds it back from."""
    data: dict[str, Any] = to_data(library)
    return data


def _fields(kind: type) -> tuple[str, ...]:
    """A dataclass's field names in declaration order; none for anything else."""
    return tuple(getattr(kind, "__dataclass_fields__", ()))
