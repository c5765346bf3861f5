"""What was done in a practice, collected from the engine's events.

A `PracticeRecord` is an event listener like the sound player: give it every
event and it keeps the steps left behind (`StepEnded`) and the end of the
session. The summary screen shows it; the history is written by a listener of
its own (`app.store.history_log`). No I/O and no UI here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.events import Ending, Event, SessionFinished, StepEnded, StepStarted
from app.core.practice_log import lifts_per_side
from app.core.steps import Section, Side, Step


@dataclass(frozen=True, slots=True)
class DoneStep:
    """One piece of work left behind: a hold, a movement of a flow, a stretch."""

    step: Step
    active_seconds: float
    completed: bool

    @property
    def movements(self) -> int:
        """Breaths (or single lifts) done in a breath hold or alternating lifts."""
        return self.step.movements_done(self.active_seconds, ran_out=self.completed)

    @property
    def amount(self) -> str:
        """'45 s', '6 breaths', '4 lifts each side' (what was actually done).

        Lifts are counted per side as the history keeps them (`lifts_per_side`):
        after `+` added one lift, '5 lifts left, 4 right'.
        """
        step = self.step
        if step.counts_breaths:
            count = self.movements
            return f"{count} breath" + ("" if count == 1 else "s")
        if step.counts_lifts:
            left, right = lifts_per_side(self.movements)
            if left == right:
                return f"{left} lift{'' if left == 1 else 's'} each side"
            return f"{left} lift{'' if left == 1 else 's'} left, {right} right"
        return f"{round(self.active_seconds)} s"


@dataclass
class PracticeRecord:
    """Collects the work of one practice. Feed it every event with `handle`."""

    routine_id: str = ""
    name: str = ""
    steps: list[DoneStep] = field(default_factory=list)
    """Work steps left behind, in order, done or skipped."""
    active_seconds: float = 0.0
    finished: SessionFinished | None = None
    _reached: set[int] = field(default_factory=set)

    def handle(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self._reached.add(event.step.index)
        elif isinstance(event, StepEnded):
            # A version swapped for its fallback is neither done nor skipped: the
            # fallback's own steps say what was done instead.
            if event.step.is_work and event.ending is not Ending.SWAPPED:
                self.steps.append(
                    DoneStep(event.step, event.active_seconds, completed=event.completed)
                )
        elif isinstance(event, SessionFinished):
            self.finished = event
            self.active_seconds = event.active_seconds

    @property
    def done(self) -> list[DoneStep]:
        """Work that ran to its end, or was skipped after most of it (two thirds) was done."""
        return [entry for entry in self.steps if _counts(entry)]

    @property
    def skipped(self) -> list[DoneStep]:
        """Work left before two thirds of it, and not done later (after `r` or going back)."""
        done = {entry.step.index for entry in self.done}
        skipped: dict[int, DoneStep] = {}
        for entry in self.steps:
            if not _counts(entry) and entry.step.index not in done:
                skipped.setdefault(entry.step.index, entry)
        return list(skipped.values())

    @property
    def quit(self) -> bool:
        return self.finished is not None and self.finished.quit

    def sides(self, entries: list[DoneStep]) -> list[Side]:
        return [entry.step.side for entry in entries if entry.step.side is not None]


def _counts(entry: DoneStep) -> bool:
    if entry.completed:
        return True
    duration = entry.step.duration
    return duration > 0 and entry.active_seconds >= duration * 2 / 3


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of the summary: a pose version (sides and sets together), or a flow."""

    title: str
    detail: str
    sets: tuple[int, ...]
    set_count: int | None
    sides: tuple[Side, ...]
    amount: str
    count: int
    """How many steps this line stands for (the movements of a flow)."""


def _each_side(group: list[DoneStep], sides: tuple[Side, ...]) -> str:
    """'45 s each side', or 'left 45 s; right 30 s' when the sides differ."""
    by_side = {
        side: ", ".join(dict.fromkeys(e.amount for e in group if e.step.side is side))
        for side in sides
    }
    if len(set(by_side.values())) == 1:
        return f"{by_side[sides[0]]} each side"
    return "; ".join(f"{side.value} {amount}" for side, amount in by_side.items())


def summary_lines(entries: list[DoneStep]) -> list[SummaryLine]:
    """Entries grouped for reading: each version once, a flow's movements as one line."""
    groups: dict[tuple[str, str], list[DoneStep]] = {}
    for entry in entries:
        step = entry.step
        # A flow's movements make one line a round; every other piece of work its own.
        key = (
            (step.subtitle, "") if step.section is Section.WARM_UP else (step.title, step.subtitle)
        )
        groups.setdefault(key, []).append(entry)
    lines = []
    for (title, detail), group in groups.items():
        first = group[0].step
        sets = tuple(sorted({e.step.set_number for e in group if e.step.set_number is not None}))
        sides = tuple(dict.fromkeys(e.step.side for e in group if e.step.side is not None))
        if first.section is Section.WARM_UP and len(group) > 1:
            amount = f"{sum(1 for e in group if e.step.is_movement)} movements"
        elif len(sides) > 1 and not first.counts_lifts:
            amount = _each_side(group, sides)
        else:
            amount = ", ".join(dict.fromkeys(e.amount for e in group))
        lines.append(
            SummaryLine(
                title=title,
                detail=detail,
                sets=sets,
                set_count=first.set_count,
                sides=sides,
                amount=amount,
                count=len(group),
            )
        )
    return lines
