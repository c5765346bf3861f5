"""The schema of a routine file: pydantic models that validate it at the edge.

What passes becomes the light types of `app.core.routine` (`Routine.light`),
which the practice uses; a routine read back from the cache never imports this
module. The models keep the names of the light types, so messages name them the
same way. The bounded number types are shared with `settings.toml`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic.fields import FieldInfo

from app.core import routine
from app.core.library_schema import (
    Id,
    Model,
    Name,
    Number,
    Printable,
    WholeNumber,
)
from app.core.models import MAX_STRETCHES, MAX_VERSIONS
from app.core.options import limits


def _bounded(key: str) -> FieldInfo:
    low, high, _ = limits(key)
    info: FieldInfo = Field(ge=low, le=high)
    return info


SetCount = Annotated[WholeNumber, _bounded("sets")]
HoldSeconds = Annotated[Number, _bounded("hold_seconds")]
HoldBreaths = Annotated[WholeNumber, _bounded("hold_breaths")]
BreathSeconds = Annotated[Number, _bounded("breath_seconds")]
RestSeconds = Annotated[Number, _bounded("rest_seconds")]
GetReadySeconds = Annotated[Number, _bounded("get_ready_seconds")]
SwitchSeconds = Annotated[Number, _bounded("switch_seconds")]
LiftsPerSide = Annotated[WholeNumber, _bounded("lifts_per_side")]


class Hold(Model):
    """How long a pose is held: seconds, breaths, or alternating lifts per side."""

    seconds: HoldSeconds | None = None
    breaths: HoldBreaths | None = None
    lifts_per_side: LiftsPerSide | None = None
    """Only for versions whose sides alternate; one breath per lift."""
    lifts: Literal["each-breath", "held"] = "each-breath"
    """Versions whose sides alternate: trade sides on every breath (counted in lifts
    per side), or hold each side for a round of breaths, then trade."""

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        given = [name for name in ("seconds", "breaths") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a hold gives exactly one of 'seconds' or 'breaths'")
        return self


class PoseBlock(Model):
    """A strength pose, one version per set (or every version, for a flow)."""

    kind: Literal["pose"] = "pose"
    pose: Id
    versions: tuple[Id, ...] = Field(default=(), max_length=MAX_VERSIONS)
    """Which versions, in order; empty means all of the pose's versions."""
    each_set: Literal["next", "spread", "all"] = "next"
    """'next': set n takes the n-th version, so each set differs. 'spread': the same, but
    with more versions than sets some sets take two, so the practice reaches every one.
    'all': every version each set."""
    hold: Hold | None = None
    """Overrides the routine's hold for this pose."""


class SettleBlock(Model):
    """Easy jogging or walking to bring the heart rate down after a run."""

    kind: Literal["settle"] = "settle"
    activity: Id
    seconds: Number = Field(ge=30, le=1800)


class FlowBlock(Model):
    """Rounds of a sequence such as a sun salutation, one breath per movement."""

    kind: Literal["flow"] = "flow"
    sequence: Id
    rounds: WholeNumber = Field(ge=1, le=10)


class StretchBlock(Model):
    """Stretches to finish, each held for a time (both sides where it is sided)."""

    kind: Literal["stretch"] = "stretch"
    stretches: tuple[Id, ...] = Field(default=(), max_length=MAX_STRETCHES)
    """Which stretches; empty means all of the library's."""
    seconds: Number = Field(ge=10, le=300)


Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120), Printable]

WarmUpBlock = Annotated[SettleBlock | FlowBlock, Field(discriminator="kind")]


class Timing(Model):
    breath_seconds: BreathSeconds = 6.0
    """One whole breath, in and out."""
    inhale_share: Number = Field(default=0.5, ge=0.3, le=0.7)
    """The part of a breath spent breathing in."""
    rest_seconds: RestSeconds = 30.0
    get_ready_seconds: GetReadySeconds = 10.0
    switch_seconds: SwitchSeconds = 5.0


class Routine(Model):
    """A practice: warm-up, sets of strength poses with rests between, cool-down."""

    id: Id
    name: Name
    description: Description = ""
    """One line under the name; say what the practice is, not its numbers (those change)."""
    sets: SetCount = 1
    hold: Hold = Hold(seconds=45)
    timing: Timing = Timing()
    # Bounded so that no routine takes long to lay out: the longest is refused anyway.
    warm_up: tuple[WarmUpBlock, ...] = Field(default=(), max_length=10)
    blocks: tuple[PoseBlock, ...] = Field(min_length=1, max_length=40)
    cool_down: tuple[StretchBlock, ...] = Field(default=(), max_length=10)

    def light(self) -> routine.Routine:
        """The light routine the practice uses, from what passed the schema."""
        return routine.routine_from_data(self.model_dump(mode="json"))
