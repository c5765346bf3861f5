"""The plans a user can pick from: the built-in ones, their own, and their broken ones.

The start screen lists these in order. A broken routine stays in the list with
its error, so a mistake in one file never hides the others; it cannot be started.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.models import Library
from app.core.routine import Routine


@dataclass(frozen=True, slots=True)
class ListedPlan:
    """One entry of the start screen's list."""

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


def builtin_catalog(plans: dict[str, Routine]) -> list[ListedPlan]:
    return [ListedPlan(id=plan_id, routine=routine) for plan_id, routine in plans.items()]


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
