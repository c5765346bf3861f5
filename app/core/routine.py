"""Routines: what to practise, in what order, for how long, as light frozen dataclasses.

Built-in plans are routine files in `data/plans/`; a user's own routines use the
same format. A file is validated at the edge by `app.core.routine_schema`
(pydantic); what passes becomes these types, which import no pydantic, so a
routine read back from the cache reaches the first frame without it.
`PracticeOptions` (app.core.options) are the user's overrides from the command
line or the start screen, applied with `Routine.with_options`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from app.core.options import PracticeOptions


@dataclass(frozen=True, slots=True, kw_only=True)
class Hold:
    """How long a pose is held: seconds, breaths, or alternating lifts per side."""

    seconds: float | None = None
    breaths: int | None = None
    lifts_per_side: int | None = None
    """Only for versions whose sides alternate; one breath per lift."""
    lifts: Literal["each-breath", "held"] = "each-breath"
    """Versions whose sides alternate: trade sides on every breath (counted in lifts
    per side), or hold each side for a round of breaths, then trade."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PoseBlock:
    """A strength pose, one version per set (or every version, for a flow)."""

    kind: Literal["pose"] = "pose"
    pose: str
    versions: tuple[str, ...] = ()
    """Which versions, in order; empty means all of the pose's versions."""
    each_set: Literal["next", "spread", "all"] = "next"
    """'next': set n takes the n-th version, so each set differs. 'spread': the same, but
    with more versions than sets some sets take two, so the practice reaches every one.
    'all': every version each set."""
    hold: Hold | None = None
    """Overrides the routine's hold for this pose."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SettleBlock:
    """Easy jogging or walking to bring the heart rate down after a run."""

    kind: Literal["settle"] = "settle"
    activity: str
    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowBlock:
    """Rounds of a sequence such as a sun salutation, one breath per movement."""

    kind: Literal["flow"] = "flow"
    sequence: str
    rounds: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StretchBlock:
    """Stretches to finish, each held for a time (both sides where it is sided)."""

    kind: Literal["stretch"] = "stretch"
    stretches: tuple[str, ...] = ()
    """Which stretches; empty means all of the library's."""
    seconds: float


WarmUpBlock = SettleBlock | FlowBlock


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    breath_seconds: float = 6.0
    """One whole breath, in and out."""
    inhale_share: float = 0.5
    """The part of a breath spent breathing in."""
    rest_seconds: float = 30.0
    get_ready_seconds: float = 10.0
    switch_seconds: float = 5.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Routine:
    """A practice: warm-up, sets of strength poses with rests between, cool-down."""

    id: str
    name: str
    description: str = ""
    """One line under the name; say what the practice is, not its numbers (those change)."""
    sets: int = 1
    hold: Hold = Hold(seconds=45)
    timing: Timing = Timing()
    warm_up: tuple[WarmUpBlock, ...] = ()
    blocks: tuple[PoseBlock, ...]
    cool_down: tuple[StretchBlock, ...] = ()

    def with_options(self, options: PracticeOptions) -> Routine:
        """This routine with the user's overrides applied."""
        routine = self
        if options.sets is not None:
            routine = dataclasses.replace(routine, sets=options.sets)
        if options.hold_seconds is not None or options.hold_breaths is not None:
            hold = Hold(
                seconds=options.hold_seconds,
                breaths=options.hold_breaths,
                lifts_per_side=self.hold.lifts_per_side,
                lifts=self.hold.lifts,
            )
            # A hold given by the user wins over the plan's per-pose holds.
            blocks = tuple(dataclasses.replace(b, hold=None) for b in self.blocks)
            routine = dataclasses.replace(routine, hold=hold, blocks=blocks)
        timing = {
            key: value
            for key in ("breath_seconds", "rest_seconds", "get_ready_seconds")
            if (value := getattr(options, key)) is not None
        }
        if timing:
            routine = dataclasses.replace(
                routine, timing=dataclasses.replace(self.timing, **timing)
            )
        return routine


# From plain data: every key given, as the schema's dump gives them all. A
# missing key or a wrong value raises (KeyError, TypeError, ValueError): the
# cache treats that as a cache to rebuild.

Data = Mapping[str, Any]


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def _optional_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _whole(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _optional_whole(value: Any) -> int | None:
    return None if value is None else _whole(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _texts(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise TypeError(f"expected a list, got {type(values).__name__}")
    return tuple(_text(value) for value in values)


def _one_of(value: Any, words: tuple[str, ...]) -> Any:
    if value not in words:
        raise ValueError(f"{value!r} is not one of {words}")
    return value


def _hold(data: Data) -> Hold:
    return Hold(
        seconds=_optional_number(data["seconds"]),
        breaths=_optional_whole(data["breaths"]),
        lifts_per_side=_optional_whole(data["lifts_per_side"]),
        lifts=_one_of(data["lifts"], ("each-breath", "held")),
    )


def _pose_block(data: Data) -> PoseBlock:
    _one_of(data["kind"], ("pose",))
    hold = data["hold"]
    return PoseBlock(
        pose=_text(data["pose"]),
        versions=_texts(data["versions"]),
        each_set=_one_of(data["each_set"], ("next", "spread", "all")),
        hold=None if hold is None else _hold(hold),
    )


def _warm_up(data: Data) -> WarmUpBlock:
    if data["kind"] == "settle":
        return SettleBlock(activity=_text(data["activity"]), seconds=_number(data["seconds"]))
    _one_of(data["kind"], ("flow",))
    return FlowBlock(sequence=_text(data["sequence"]), rounds=_whole(data["rounds"]))


def _stretch_block(data: Data) -> StretchBlock:
    _one_of(data["kind"], ("stretch",))
    return StretchBlock(stretches=_texts(data["stretches"]), seconds=_number(data["seconds"]))


def routine_from_data(data: Data) -> Routine:
    """The routine from plain data with every key given (`routine_data`'s shape)."""
    timing = data["timing"]
    return Routine(
        id=_text(data["id"]),
        name=_text(data["name"]),
        description=_text(data["description"]),
        sets=_whole(data["sets"]),
        hold=_hold(data["hold"]),
        timing=Timing(
            breath_seconds=_number(timing["breath_seconds"]),
            inhale_share=_number(timing["inhale_share"]),
            rest_seconds=_number(timing["rest_seconds"]),
            get_ready_seconds=_number(timing["get_ready_seconds"]),
            switch_seconds=_number(timing["switch_seconds"]),
        ),
        warm_up=tuple(_warm_up(block) for block in data["warm_up"]),
        blocks=tuple(_pose_block(block) for block in data["blocks"]),
        cool_down=tuple(_stretch_block(block) for block in data["cool_down"]),
    )


def routine_data(routine: Routine) -> dict[str, Any]:
    """The routine as plain JSON data: what `routine_from_data` builds it back from."""
    data: dict[str, Any] = _plain(routine)
    return data


def _plain(item: object) -> Any:
    if isinstance(item, tuple):
        return [_plain(value) for value in item]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {field.name: _plain(getattr(item, field.name)) for field in dataclasses.fields(item)}
    return item
