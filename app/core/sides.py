"""Left and right: which leg works, and cues that name it."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


def other_side(side: Side) -> Side:
    return Side.RIGHT if side is Side.LEFT else Side.LEFT


def sided_cues(cues: tuple[str, ...], side: Side) -> tuple[str, ...]:
    """The cues with {side} and {other} filled in for `side`: every cue names its leg."""
    return tuple(
        cue.replace("{side}", side.value).replace("{other}", other_side(side).value) for cue in cues
    )
