"""The schema of a pose library file: pydantic models that validate it at the edge.

Every model forbids unknown keys, so a typo in a library file is an error with
a path, not a silently ignored setting. What passes is turned into the light
types of `app.core.models` (`Library.light`), which the practice uses; the
practice never imports this module when the library comes from the cache.
The models keep the names of the light types, so messages and the JSON Schema
name them the same way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from app.core import models
from app.core.models import (
    FIGURE_MAX_COLUMNS,
    FIGURE_MAX_ROWS,
    ID_PATTERN,
    MAX_STRETCHES,
    MAX_VERSIONS,
    SIDE_WORDS,
    Breath,
    Muscle,
    Sides,
)
from app.core.options import limits

#: Characters that move the cursor or reorder text when printed: the
#: right-to-left override (U+202E) and its kin, beside the C0/C1 controls.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u2028\u2029") | frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
    "\x1b": "ESC",
}


def _printable(text: str) -> str:
    """Refuse text that would do something to the terminal when printed."""
    for char in text:
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "").lower()
            label = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
            raise ValueError(f"the control character {label} is not allowed in text")
    return text


#: Text shown on the screen: no control characters.
Printable = AfterValidator(_printable)
Text = Annotated[str, Printable]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=40)]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), Printable
]
#: Read from the mat, a metre or two away: short and imperative.
Cue = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=64), Printable
]
#: A sentence of advice or warning, a little longer than a cue.
Note = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=120), Printable
]

#: Numbers as written in the file: `true` is not 1, "5" is not 5, 5.5 is not a whole number.
WholeNumber = Annotated[int, Strict()]
Number = Annotated[float, Strict()]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")

#: One row of a figure's line art, kept exactly as written: its leading spaces place it.
FigureRow = Annotated[str, StringConstraints(strip_whitespace=False), Printable]


class Model(BaseModel):
    """Base for every library and routine model: immutable, strict about keys."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


def _check_figure(figure: tuple[str, ...]) -> tuple[str, ...]:
    if len(figure) > FIGURE_MAX_ROWS:
        raise ValueError(f"a figure has at most {FIGURE_MAX_ROWS} rows, this one has {len(figure)}")
    for row in figure:
        if len(row) > FIGURE_MAX_COLUMNS:
            raise ValueError(
                f"a figure row has at most {FIGURE_MAX_COLUMNS} columns, {row!r} has {len(row)}"
            )
    return figure


def _check_side_words(cues: tuple[str, ...], sided: bool, where: str) -> None:
    for cue in cues:
        for word in _PLACEHOLDER.findall(cue):
            if word not in SIDE_WORDS:
                known = ", ".join(SIDE_WORDS)
                raise ValueError(f"{where}: {word} in {cue!r} is not one of {known}")
            if not sided:
                raise ValueError(f"{where}: {cue!r} names a side, but nothing here is sided")


class Version(Model):
    """One way of doing a pose; a practice uses a different one each set."""

    id: Id
    name: Name
    cues: tuple[Cue, ...] = Field(min_length=1, max_length=10)
    """What this version adds to the pose's set-up cues, in the order to do them.

    A sided version's cues may say {side} (the working leg) and {other}."""
    sides: Sides = Sides.NONE
    lead: Literal["left", "right"] = "left"
    """A sided version's first working side ("left": the left leg lifts first)."""
    held_cues: tuple[Cue, ...] = Field(default=(), max_length=10)
    """Alternating lifts only: the cues when each side is held for a round of breaths."""
    fallback: Id | None = None
    """The version to do instead when this one feels forced (Full bow: no hands)."""
    difficulty: WholeNumber = Field(default=1, ge=1, le=5)
    """Relative to the pose's other versions: 1 is the gentlest."""
    figure: tuple[FigureRow, ...] = Field(default=(), max_length=FIGURE_MAX_ROWS)
    """Line art, at most 8 rows by 32 columns, to recognise the shape at a glance."""
    notes: tuple[Note, ...] = ()
    """Advice for this version only (when to choose it, how to progress)."""
    benefits: tuple[Muscle, ...] = ()
    """Muscles this version works beyond the pose's own `benefits` (Full Bow: the chest)."""

    @model_validator(mode="after")
    def _figure_fits(self) -> Self:
        _check_figure(self.figure)
        if self.held_cues and self.sides is not Sides.ALTERNATE:
            raise ValueError("held_cues are for versions whose sides alternate")
        _check_side_words(self.cues, self.sides is Sides.SWITCH, f"version {self.id}")
        _check_side_words(self.held_cues, True, f"version {self.id}")
        return self


class Pose(Model):
    """A strength pose for the back of the body, with its versions."""

    id: Id
    name: Name
    other_names: tuple[Name, ...] = ()
    cues: tuple[Cue, ...] = ()
    """Set-up cues shared by every version, done before the version's own."""
    benefits: tuple[Muscle, ...] = Field(min_length=1)
    cautions: tuple[Note, ...] = ()
    versions: tuple[Version, ...] = Field(min_length=1, max_length=MAX_VERSIONS)

    @model_validator(mode="after")
    def _unique_version_ids(self) -> Self:
        _require_unique("version id", [version.id for version in self.versions])
        _check_side_words(self.cues, False, f"pose {self.id}")
        ids = {version.id for version in self.versions}
        for version in self.versions:
            if version.fallback == version.id:
                raise ValueError(f"version {version.id} names itself as its fallback")
            if version.fallback is not None and version.fallback not in ids:
                raise ValueError(
                    f"version {version.id}: fallback {version.fallback!r} is not a version"
                    f" of {self.id} (known: {', '.join(sorted(ids))})"
                )
        return self


class Movement(Model):
    """One movement of a flowing sequence, done on a single inhale or exhale."""

    id: Id
    name: Name
    cue: Cue
    breath: Breath
    stay_breaths: WholeNumber = Field(default=0, ge=0, le=10)
    """Whole breaths to stay in the shape once there (Downward-facing dog: a few)."""


class Sequence(Model):
    """A warm-up flow such as a sun salutation: movements, one breath each."""

    id: Id
    name: Name
    summary: Note
    cues: tuple[Cue, ...] = Field(default=(), max_length=10)
    """How to stand before the first movement."""
    movements: tuple[Movement, ...] = Field(min_length=2, max_length=40)


class Stretch(Model):
    """A stretch for the back of the legs and hips, to finish a practice.

    A sided stretch's cues may say {side} (the leg being stretched) and {other}."""

    id: Id
    name: Name
    cues: tuple[Cue, ...] = Field(min_length=1)
    sides: Sides = Sides.NONE
    targets: tuple[Muscle, ...] = Field(min_length=1)
    figure: tuple[FigureRow, ...] = Field(default=(), max_length=FIGURE_MAX_ROWS)

    @model_validator(mode="after")
    def _figure_fits(self) -> Self:
        if self.sides is Sides.ALTERNATE:
            raise ValueError("a stretch is held on one side at a time: use 'none' or 'switch'")
        _check_figure(self.figure)
        _check_side_words(self.cues, self.sides is Sides.SWITCH, f"stretch {self.id}")
        return self


class Activity(Model):
    """Something done on your feet rather than the mat: the easy jog after a run."""

    id: Id
    name: Name
    cues: tuple[Cue, ...] = Field(min_length=1)


class _Range(Model):
    """Whole numbers from `low` to `high`; subclasses bound them."""

    low: WholeNumber
    high: WholeNumber

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


def _bounded(key: str) -> object:
    """The same bounds a routine or the command line allows for `key` (app.core.options)."""
    low, high, _ = limits(key)
    return Field(ge=int(low), le=int(high))


class SecondsRange(_Range):
    low: Annotated[WholeNumber, _bounded("hold_seconds")]
    high: Annotated[WholeNumber, _bounded("hold_seconds")]


class BreathRange(_Range):
    low: Annotated[WholeNumber, _bounded("hold_breaths")]
    high: Annotated[WholeNumber, _bounded("hold_breaths")]


class SetRange(_Range):
    low: Annotated[WholeNumber, _bounded("sets")]
    high: Annotated[WholeNumber, _bounded("sets")]


class Guidance(Model):
    """How to practise the poses: holds, sets, warming up, and the after-run routine."""

    hold_seconds: SecondsRange
    hold_breaths: BreathRange
    sets: SetRange
    vary_versions: bool
    """Use a different version of each pose every set."""
    warm_up: Id
    """The sequence (sun salutation) to warm up with, from the library's `sequences`."""
    settle: Id
    """The activity that brings the heart rate down after a run, from `activities`."""
    lift_goal_per_side: WholeNumber = Field(ge=1, le=100)
    """Alternating lifts: the number of lifts per side to work up to."""
    when: tuple[Note, ...] = Field(min_length=1)
    """When in a training day to practise."""
    after_run: tuple[Note, ...] = Field(min_length=1)
    """The order of things when practising straight after a run."""
    why: tuple[Note, ...] = ()
    """What a strong back body does for a runner."""


class Library(Model):
    """Everything backside knows about the practice, loaded from `data/poses.json`."""

    model_config = ConfigDict(populate_by_name=True)

    schema_url: Text | None = Field(default=None, alias="$schema")
    """Where an editor finds the JSON Schema of this file."""
    guidance: Guidance
    poses: tuple[Pose, ...] = Field(min_length=1)
    sequences: tuple[Sequence, ...] = ()
    stretches: tuple[Stretch, ...] = Field(default=(), max_length=MAX_STRETCHES)
    activities: tuple[Activity, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        _require_unique(
            "id",
            [p.id for p in self.poses]
            + [s.id for s in self.sequences]
            + [s.id for s in self.stretches]
            + [a.id for a in self.activities],
        )
        for sequence in self.sequences:
            _require_unique(f"movement id in {sequence.id}", [m.id for m in sequence.movements])
        if self.guidance.warm_up not in {s.id for s in self.sequences}:
            raise ValueError(
                f"guidance.warm_up names {self.guidance.warm_up!r}, which is not in sequences"
            )
        if self.guidance.settle not in {a.id for a in self.activities}:
            raise ValueError(
                f"guidance.settle names {self.guidance.settle!r}, which is not in activities"
            )
        return self

    def light(self) -> models.Library:
        """The light library the practice uses, from what passed the schema."""
        return models.library_from_data(self.model_dump(mode="json", by_alias=True))


def _require_unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate {what} {item_id!r}")
        seen.add(item_id)
